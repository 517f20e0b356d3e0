from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .forms import ArgumentForm, DebateForm, PositionForm
from .models import Argument, Debate, Position


@admin.register(Debate)
class DebateAdmin(SimpleHistoryAdmin):
    form = DebateForm
    list_display = ["motion", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["motion", "summary"]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    form = PositionForm
    list_display = ["title", "debate", "status", "order"]
    list_filter = ["status", "debate"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["holders"]


@admin.register(Argument)
class ArgumentAdmin(SimpleHistoryAdmin):
    form = ArgumentForm
    list_display = ["text", "position", "stance", "position_stance", "depth", "speaker", "status"]
    list_filter = ["status", "stance", "position_stance", "position__debate", "position"]
    search_fields = ["text", "speaker__name"]
    list_select_related = ["position", "speaker"]
    raw_id_fields = ["speaker"]
