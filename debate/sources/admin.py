from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .forms import EvidenceForm, SourceForm, SpeakerForm
from .models import Evidence, Source, Speaker


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    form = SourceForm
    list_display = ["title", "publication", "published_on", "status", "updated_at"]
    list_filter = ["status", "publication"]
    search_fields = ["title", "publication", "byline", "text"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin):
    form = SpeakerForm
    list_display = ["name", "role", "affiliation", "is_anonymous", "status"]
    list_filter = ["status", "is_anonymous"]
    search_fields = ["name", "role", "affiliation"]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    form = EvidenceForm
    list_display = ["quote", "speaker", "kind", "source", "start", "end"]
    list_filter = ["kind", "source"]
    search_fields = ["quote", "speaker__name"]
    list_select_related = ["speaker", "source"]
    raw_id_fields = ["speaker", "source"]
