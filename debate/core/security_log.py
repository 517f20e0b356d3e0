"""Security events (lockouts, refusals, throttling) as one structured log line each.

Every such event goes through ``security_event`` so operators can alert on one logger,
``debate.security``, and no caller can forget to leave out what must never be logged
(passwords, tokens): only the fields named here are written.
"""

import logging

logger = logging.getLogger("debate.security")


def security_event(event, request=None, **fields):
    """Log ``event`` (a short snake_case name such as ``login_locked_out``) with ``fields``."""
    if request is not None:
        user = getattr(request, "user", None)
        fields.setdefault("path", request.path)
        fields.setdefault("user_id", user.pk if user is not None and user.is_authenticated else None)
        fields.setdefault("request_id", getattr(request, "request_id", None))
    logger.warning(event, extra={"event": event, **fields})
