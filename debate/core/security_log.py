"""Security events (lockouts, refusals, throttling) as one structured log line each.

Every such event goes through ``security_event`` so operators can alert on one logger,
``debate.security``, and no caller can forget to leave out what must never be logged
(passwords, tokens): only the fields named here are written. Refusals that no code reports
itself (a 403 or 429 answer) are reported by ``RequestLogMiddleware``.
"""

import logging

from .logs import loggable_path

logger = logging.getLogger("debate.security")


def security_event(event, request=None, **fields):
    """Log ``event`` (a short snake_case name such as ``login_locked_out``) with ``fields``."""
    if request is not None:
        user = getattr(request, "user", None)
        fields.setdefault("path", loggable_path(request))
        fields.setdefault("user_id", user.pk if user is not None and user.is_authenticated else None)
        fields.setdefault("request_id", getattr(request, "request_id", None))
        # Marked on Django's own request even when given DRF's wrapper, for RequestLogMiddleware to see.
        getattr(request, "_request", request).security_event_logged = True
    logger.warning(event, extra={"event": event, **fields})
