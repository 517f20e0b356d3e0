"""Structured logs: one JSON object per line on stdout, each tagged with the request it belongs to.

``RequestLogMiddleware`` (debate/core/middleware.py) sets the request id for the duration of a
request; ``RequestIdFilter`` copies it onto every record logged meanwhile, by any logger, so a
request's line, its security events and its errors can be found together.
"""

import contextvars
import logging

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

request_id = contextvars.ContextVar("request_id", default=None)

# URL parts that are secrets (a password reset link's token) are written as their name.
SECRET_URL_PARTS = {"token"}


def loggable_path(request):
    """The path without its query string (which may carry a secret or a pasted text), secret parts hidden."""
    path = request.path[:500]
    match = request.resolver_match
    for name, value in match.kwargs.items() if match else ():
        if name in SECRET_URL_PARTS and value:
            path = path.replace(str(value), f"<{name}>")
    return path


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id.get()
        return True


class JsonFormatter(BaseJsonFormatter):
    """Time, level, logger, message and the record's own fields.

    Django attaches the request object to some records (``django.request``, ``django.security``):
    its text holds the query string, which may carry secrets, so it is never written.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(
            "%(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "name": "logger"},
            reserved_attrs=[*RESERVED_ATTRS, "taskName", "request"],
            timestamp=True,
        )
