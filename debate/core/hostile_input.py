"""Input no honest client sends, refused with a clear 400 before it reaches a view or the database.

No text on the site may hold a NUL character (PostgreSQL cannot store one) or a lone surrogate
(it is not a character; UTF-8 cannot encode it). A number in a request is ASCII digits: ``"²"``
passes ``str.isdigit()`` but ``int()`` refuses it, and ``"٣"`` is a digit ``int()`` reads as 3,
so both are refused alike rather than one crashing and the other quietly accepted.
"""

import json
import re

from django.http import JsonResponse

from debate.core.views import _error_page

FORBIDDEN_CHARACTERS = re.compile(r"[\x00\ud800-\udfff]")
JSON_MAX_DEPTH = 32  # far beyond any request body of this API, far below Python's recursion limit


def forbidden_character(value):
    """What is wrong with a string, in words, or None."""
    found = FORBIDDEN_CHARACTERS.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return "a NUL character (U+0000)"
    return f"a lone surrogate (U+{ord(found.group()):04X}), which is not a character"


def is_whole_number(value):
    """True for a string of ASCII digits: what a number in a query string or form may be."""
    return isinstance(value, str) and value.isascii() and value.isdigit()


def page_number(value):
    """A requested page number for ``Paginator.get_page``; anything but ASCII digits means the first page."""
    return value if is_whole_number(value) else None


class HostileJSON(ValueError):
    """JSON that parses, or would exhaust the parser, but that no text on the site may hold."""


def _where(path):
    return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path).lstrip(".") or "the body"


def check_json(data):
    """Refuse a parsed JSON document nested deeper than JSON_MAX_DEPTH or holding a forbidden character.

    The walk uses its own stack, so it cannot itself run out of recursion.
    """
    pending = [(data, (), 0)]
    while pending:
        value, path, depth = pending.pop()
        if isinstance(value, str):
            problem = forbidden_character(value)
            if problem:
                raise HostileJSON(f"The JSON holds {problem} in {_where(path)}; no text here may contain one.")
        elif isinstance(value, (dict, list)):
            if depth >= JSON_MAX_DEPTH:
                raise HostileJSON(f"The JSON is nested more than {JSON_MAX_DEPTH} levels deep.")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    problem = forbidden_character(key)
                    if problem:
                        raise HostileJSON(f"The JSON holds {problem} in a key of {_where(path)}.")
                pending.append((item, (*path, key), depth + 1))


def loads_json(text, **kwargs):
    """``json.loads`` that answers HostileJSON, never RecursionError, for what the site refuses."""
    try:
        data = json.loads(text, **kwargs)
    except RecursionError as error:
        raise HostileJSON(f"The JSON is nested more than {JSON_MAX_DEPTH} levels deep.") from error
    check_json(data)
    return data


def _pairs(query_dict):
    return ((name, value) for name, values in query_dict.lists() for value in values)


class RefuseHostileInputMiddleware:
    """A forbidden character in any query parameter, form field or cookie (names included) answers 400.

    Django decodes ``%00`` in a query string or form, and the ``\\000`` escape in a quoted cookie;
    gunicorn refuses a raw NUL in a header itself. Uploaded files are left to their forms, which
    explain what is wrong with a file in their own words; JSON bodies are checked by the API's parser.
    """

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = [("query parameter", _pairs(request.GET)), ("cookie", request.COOKIES.items())]
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            sent.append(("form field", _pairs(request.POST)))
        for what, pairs in sent:
            for name, value in pairs:
                problem = forbidden_character(name) or forbidden_character(value)
                if problem:
                    shown = FORBIDDEN_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", name)[:40]
                    return self._refuse(
                        request, f"The {what} “{shown}” holds {problem}, which no text on this site may contain."
                    )
        return self.get_response(request)

    @staticmethod
    def _refuse(request, problem):
        message = f"{problem} Nothing was saved."
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return _error_page(request, 400, "Bad request", message)
