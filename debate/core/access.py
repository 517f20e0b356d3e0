"""Who may see what is not published yet: the one place that decides it.

Readers (anonymous users and students) see published content only; a draft's address is a 404
for them. Moderators may open drafts at the addresses readers will use, to check the page before
publishing it. Every reader page asks here rather than checking a role itself.
"""

from debate.accounts.roles import is_moderator

from .models import Status


def can_preview_drafts(user):
    return user is not None and is_moderator(user)


def shown_statuses(user):
    """The statuses of content a user's pages list: drafts too for those who may preview them."""
    return (Status.PUBLISHED, Status.DRAFT) if can_preview_drafts(user) else (Status.PUBLISHED,)


def openable_by(queryset, user, field="status"):
    """What ``user`` may open at its own address: retired items too (they answer 410 with a notice)."""
    return queryset if can_preview_drafts(user) else queryset.exclude(**{field: Status.DRAFT})


def shown_to(queryset, user, field="status"):
    """What ``user`` sees listed on a page: published items, and drafts for those who may preview them."""
    return queryset.filter(**{f"{field}__in": shown_statuses(user)})
