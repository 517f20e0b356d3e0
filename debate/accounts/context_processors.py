from .roles import is_moderator as _is_moderator


def roles(request):
    return {"is_moderator": _is_moderator(request.user) if hasattr(request, "user") else False}
