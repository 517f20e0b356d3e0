from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from . import services
from .models import Flag, Proposal


class ReviewedAdmin(admin.ModelAdmin):
    """Reviews go through the same services as the queue and the API; the admin only looks and acts.

    Editing here would write back the whole row as it was loaded, over a review made meanwhile, so
    the admin cannot change these items: it approves (or resolves) with an action, and rejecting,
    which needs a reason for the student, is done in the review queue.
    """

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def _review_each(self, request, queryset, review, done):
        count = 0
        for item in queryset:
            try:
                review(item, request.user)
            except (services.AlreadyReviewed, ValidationError) as error:
                self.message_user(
                    request, f"“{item}”: {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR
                )
            else:
                count += 1
        self.message_user(request, f"{count} {done}.")


@admin.register(Proposal)
class ProposalAdmin(ReviewedAdmin):
    list_display = ["__str__", "kind", "author", "state", "created_at"]
    list_filter = ["state", "kind", "position"]
    search_fields = ["text", "quote", "author__username"]
    raw_id_fields = ["parent", "result", "source", "speaker", "position"]
    filter_horizontal = ["cited_evidence"]
    actions = ["approve"]

    @admin.action(description="Approve and publish the selected proposals")
    def approve(self, request, queryset):
        self._review_each(
            request,
            queryset,
            lambda proposal, moderator: services.proposal_approve(proposal=proposal, moderator=moderator),
            "approved and published",
        )


@admin.register(Flag)
class FlagAdmin(ReviewedAdmin):
    list_display = ["__str__", "reason", "author", "state", "created_at"]
    list_filter = ["state", "reason"]
    search_fields = ["comment", "author__username"]
    raw_id_fields = ["argument", "evidence"]
    actions = ["resolve"]

    @admin.action(description="Resolve the selected flags")
    def resolve(self, request, queryset):
        self._review_each(
            request, queryset, lambda flag, moderator: services.flag_resolve(flag=flag, moderator=moderator), "resolved"
        )
