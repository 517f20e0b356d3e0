"""Who may do what: readers, students (any signed-in user) and moderators."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

MODERATORS_GROUP = "moderators"


def is_moderator(user):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # Cached on the user object: templates and views ask several times per request.
    if not hasattr(user, "_is_moderator"):
        user._is_moderator = user.groups.filter(name=MODERATORS_GROUP).exists()
    return user._is_moderator


def moderator_required(view):
    """Anonymous users are sent to log in; signed-in users who are not moderators get a 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_moderator(request.user):
            raise PermissionDenied("Only moderators can do that.")
        return view(request, *args, **kwargs)

    return wrapper


def student_required(view):
    """Any signed-in user: students propose and flag; moderators may too."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
