"""Site-wide middleware: the request log line and the security headers Django does not set itself."""

import logging
import re
import time
import uuid
from contextlib import ExitStack

from csp.middleware import CSPMiddleware
from django.db import connections
from django.utils.functional import empty

from . import logs
from .security_log import security_event

logger = logging.getLogger("debate.requests")

# An id from the proxy in front is kept so its log and ours join up; anything else gets a fresh one.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


class RequestLogMiddleware:
    """One line per request: id, method, path, status, duration, database queries, user id.

    The path is logged without its query string (a query may carry a secret or a pasted text) and
    with secret URL parts replaced; nothing from the body, cookies or Authorization is ever read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        context = logs.request_id.set(request.request_id)
        queries = QueryCounter()
        started = time.perf_counter()
        try:
            with ExitStack() as stack:
                for connection in connections.all():
                    stack.enter_context(connection.execute_wrapper(queries))
                response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request.request_id
            if response.status_code in (403, 429) and not getattr(request, "security_event_logged", False):
                # Refusals that did not say why themselves: DRF's permission and throttle answers, views' 403s.
                security_event("throttled" if response.status_code == 429 else "permission_denied", request)
            path = logs.loggable_path(request)
            logger.info(
                f"{request.method} {path} {response.status_code} {duration_ms}ms",
                extra={
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "db_queries": queries.count,
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            logs.request_id.reset(context)


class QueryCounter:
    """A database execute wrapper (cheap, works with DEBUG off) that counts the queries of a request."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _user_id(request):
    """The signed-in user's id, if the request looked at who is signed in; never a lookup of its own."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


class PermissionsPolicyMiddleware:
    """The site uses no camera, microphone, location or other device: no page (or anything it embeds) may."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY), strict on every page of ours.

    The API's browsable pages and its Swagger UI are third-party templates with inline styles and
    inline images (``data:``): under ``/api/`` those two are allowed, and scripts stay files only.
    """

    API_RELAXATIONS = {"style-src": ["'unsafe-inline'"], "img-src": ["data:"]}

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith("/api/") and parts.update is None:
            parts.update = self.API_RELAXATIONS
        return parts
