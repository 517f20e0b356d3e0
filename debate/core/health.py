"""Health checks for a load balancer: ``/healthz/`` (liveness) and ``/readyz/`` (readiness).

They are answered by ``HealthCheckMiddleware``, first in the stack, so neither the HTTPS redirect
nor the host check applies: a balancer checks each machine over plain HTTP by its address.
They say only "ok" or "unavailable" per dependency: no versions, no error texts (a database
error may quote host names or credentials).
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import HttpResponseNotAllowed, JsonResponse

logger = logging.getLogger("debate.health")

HEALTH_PATHS = {"/healthz/", "/readyz/"}


def liveness():
    """The process answers requests; nothing else is looked at, so a database outage restarts nothing."""
    return JsonResponse({"status": "ok"})


def readiness():
    """Can this machine serve pages? 503 when a database is unreachable.

    The cache is reported but does not fail the check: the site runs without it (uncached), and
    taking every machine out of the balancer because Redis is down would turn a slowdown into an outage.
    """
    checks = {}
    for alias in connections:
        checks["database" if alias == "default" else f"database_{alias}"] = _database_state(alias)
    checks["cache"] = _cache_state()
    ready = all(state == "ok" for name, state in checks.items() if name.startswith("database"))
    return JsonResponse(checks, status=200 if ready else 503)


def _database_state(alias):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure means "not ready", never a 500 from the check itself
        logger.warning("readiness_failed", extra={"dependency": alias, "error": type(error).__name__})
        return "unavailable"
    return "ok"


def _cache_state():
    # The cache ignores its own failures (debate/core/cache.py), so only a read-back tells.
    key, token = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, token, 5)
    return "ok" if cache.get(key) == token else "unavailable"


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers the health checks before any other middleware sees them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in HEALTH_PATHS:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        response = liveness() if request.path == "/healthz/" else readiness()
        response["Cache-Control"] = "no-store"
        return response
