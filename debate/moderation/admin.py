from django.contrib import admin

from .models import Flag, Proposal


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "author", "state", "created_at"]
    list_filter = ["state", "kind", "position"]
    search_fields = ["text", "quote", "author__username"]
    raw_id_fields = ["parent", "result", "source", "speaker", "position"]
    filter_horizontal = ["cited_evidence"]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["__str__", "reason", "author", "state", "created_at"]
    list_filter = ["state", "reason"]
    search_fields = ["comment", "author__username"]
    raw_id_fields = ["argument", "evidence"]
