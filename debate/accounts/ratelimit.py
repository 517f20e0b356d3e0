"""Login rate limiting, enforced inside authentication so it covers every way to log in:
the site's login form, the admin, the API's token and basic authentication."""

import hashlib

from django.conf import settings
from django.contrib.auth.backends import ModelBackend, UserModel
from django.core.cache import cache
from django.core.exceptions import PermissionDenied


def _keys(request, username):
    address = request.META.get("REMOTE_ADDR", "unknown") if request is not None else "unknown"
    # Hashed: a user name may hold any character, and cache keys may not.
    name = hashlib.sha256(str(username or "").strip().lower().encode()).hexdigest()
    return [f"login-failures:user:{name}", f"login-failures:ip:{address}"]


# One address may be a whole school behind one router: it gets ten times an account's allowance.
ADDRESS_ALLOWANCE = 10


def is_locked_out(request, username):
    user_key, address_key = _keys(request, username)
    limit = settings.LOGIN_FAILURE_LIMIT
    return cache.get(user_key, 0) >= limit or cache.get(address_key, 0) >= limit * ADDRESS_ALLOWANCE


def record_failure(request, username):
    for key in _keys(request, username):
        cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


def clear_failures(request, username):
    cache.delete(_keys(request, username)[0])


class RateLimitedModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(UserModel.USERNAME_FIELD)
        if is_locked_out(request, username):
            # PermissionDenied stops Django trying any other backend.
            raise PermissionDenied("Too many failed login attempts.")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            record_failure(request, username)
        else:
            clear_failures(request, username)
        return user
