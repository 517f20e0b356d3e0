from django.contrib import admin

from .models import ExtractionProposal


@admin.register(ExtractionProposal)
class ExtractionProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker_name", "speaker", "kind", "decision", "decided_by", "updated_at", "source"]
    list_filter = ["decision", "kind"]
    search_fields = ["quote", "speaker_name"]
    list_select_related = ["speaker", "source", "decided_by"]
    raw_id_fields = ["source", "speaker", "evidence", "decided_by"]
