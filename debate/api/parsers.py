"""The API's one way in for request bodies: bounded in size, depth and characters."""

import codecs

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils.json import strict_constant

from debate.core.hostile_input import HostileJSON, loads_json


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def body_limit(view):
    """The most bytes a view takes in one body: ``max_body_bytes`` on the view, else API_MAX_BODY_BYTES."""
    return getattr(view, "max_body_bytes", None) or settings.API_MAX_BODY_BYTES


class StrictJSONParser(JSONParser):
    """JSON as DRF parses it, refusing before parsing a body over the size limit (413), and after it
    JSON nested too deeply or holding a NUL or a lone surrogate (400).

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE guards only its own form parsing, not this stream.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = body_limit(parser_context.get("view"))
        body = stream.read(limit + 1)  # one byte past the limit says it is too large, whatever the headers claim
        if len(body) > limit:
            raise RequestTooLarge(
                f"The request body is larger than this endpoint accepts ({limit:,} bytes). Nothing was saved."
            )
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(body, encoding)
            return loads_json(text, parse_constant=strict_constant if self.strict else None)
        except HostileJSON as error:
            raise ParseError(f"{error} Nothing was saved.") from error
        except ValueError as error:  # invalid JSON, invalid UTF-8, NaN, a number of thousands of digits
            raise ParseError(f"JSON parse error - {error}") from error
