from rest_framework.permissions import SAFE_METHODS, BasePermission

from debate.accounts.roles import is_moderator


class IsModeratorOrReadOnly(BasePermission):
    """Everyone reads (published content); only moderators write — the same rule as the pages."""

    message = "Only moderators can change content."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or is_moderator(request.user)


class IsAuthenticatedStudent(BasePermission):
    """Proposals and flags: any signed-in user may send them; reviewing is checked per action."""

    message = "Log in to propose or flag."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated)
