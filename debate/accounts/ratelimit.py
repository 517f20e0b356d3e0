"""Login rate limiting, enforced inside authentication so it covers every way to log in:
the site's login form, the admin, the API's token endpoint.

Attempts are counted per account name *and* client address together: LOGIN_FAILURE_LIMIT
failures lock that name from that address only, so a pupil guessing names from the school's
address locks out nobody else, and a guesser elsewhere does not lock the real user out. A much
higher LOGIN_ACCOUNT_FAILURE_LIMIT counts one name's failures from every address: it stops
guessing spread over many networks, and since a locked (name, address) pair counts no more,
locking someone out that way takes LOGIN_ACCOUNT_FAILURE_LIMIT / LOGIN_FAILURE_LIMIT networks.

Password reset requests and sign-ups are throttled here too, with the same database counters.
"""

import unicodedata

from django.conf import settings
from django.contrib.auth.backends import ModelBackend, UserModel
from django.core.exceptions import PermissionDenied

from debate.core.addresses import address_group, client_address
from debate.core.security_log import security_event

from . import throttle

PAIR = "login"
ACCOUNT = "login-account"


def _name(username):
    # The same account name however it is typed: Django looks names up after NFKC, and case
    # variants should not buy an attacker more guesses.
    return unicodedata.normalize("NFKC", str(username or "")).strip().casefold()


def _counters(request, username):
    name = _name(username)
    address = address_group(client_address(request)) if request is not None else "unknown"
    return {
        (PAIR, throttle.counter_key(name, address)): settings.LOGIN_FAILURE_LIMIT,
        (ACCOUNT, throttle.counter_key(name)): settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
    }


def _log_lockout(request, username):
    security_event(
        "login_locked_out",
        request,
        username_hash=throttle.counter_key(_name(username))[:16],
        address=client_address(request) if request is not None else None,
    )


def is_locked_out(request, username):
    """Whether a login as ``username`` from this request's address would be refused now; a refusal
    is logged. Forms and the API ask first so they can say why."""
    locked = throttle.reached(_counters(request, username))
    if locked:
        _log_lockout(request, username)
    return locked


class RateLimitedModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(UserModel.USERNAME_FIELD)
        if username is None or password is None:
            return None  # not a password login: nothing to count
        counters = _counters(request, username)
        # The attempt is counted before the password is checked, so requests racing each other
        # cannot all slip under the limit; a successful login gives its count back.
        claims = [(scope, key, limit, settings.LOGIN_LOCKOUT_SECONDS) for (scope, key), limit in counters.items()]
        if not throttle.claim_all(claims):
            _log_lockout(request, username)
            # PermissionDenied stops Django trying any other backend.
            raise PermissionDenied("Too many failed login attempts.")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            pair, account = counters
            throttle.forget(*pair)
            throttle.release(*account)
        return user


def allow_password_reset(request, email):
    """Count a password reset request for ``email`` from this address; False (logged) when either
    has made too many this hour, and then no mail may be sent."""
    address = client_address(request)
    email_key = throttle.counter_key(_name(email))
    window = settings.THROTTLE_WINDOW_SECONDS
    allowed = throttle.claim_all(
        [
            (
                "reset-address",
                throttle.counter_key(address_group(address)),
                settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
                window,
            ),
            ("reset-email", email_key, settings.PASSWORD_RESET_LIMIT_PER_EMAIL, window),
        ]
    )
    if not allowed:
        security_event("password_reset_throttled", request, email_hash=email_key[:16], address=address)
    return allowed


def allow_signup(request):
    """Count a sign-up from this address; False (logged) when it has made too many this hour."""
    address = client_address(request)
    key = throttle.counter_key(address_group(address))
    allowed = throttle.claim(
        "signup-address", key, limit=settings.SIGNUP_LIMIT_PER_ADDRESS, seconds=settings.THROTTLE_WINDOW_SECONDS
    )
    if not allowed:
        security_event("signup_throttled", request, address=address)
    return allowed
