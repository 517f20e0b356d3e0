"""OpenAPI post-processing: the error answers every operation can give, and which need no account."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object

ERROR_SCHEMA = {
    "type": "object",
    "description": "A message per field, or `detail` for the whole request.",
    "additionalProperties": True,
}

ERRORS = {
    "400": "Invalid input: a message per field",
    "401": "Not logged in",
    "403": "Not allowed for this user",
    "404": "No such object, or not published",
    "405": "Method not allowed",
    "406": "Not acceptable",
    "409": "Conflict: the object changed, was merged or deleted, or was already reviewed the other way; "
    "`current` holds it as it is now (null when it is gone, with `merged_into` when it was merged)",
    "415": "Unsupported media type",
    "429": "Too many failed login attempts",
}


class TokenScheme(OpenApiAuthenticationExtension):
    """The API's knox tokens, sent as `Authorization: Token <key>`."""

    target_class = "debate.accounts.tokens.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")


# Readers need no account: these operations accept anonymous requests.
PUBLIC_PREFIXES = ("/api/v1/auth/token/",)
PRIVATE_PREFIXES = ("/api/v1/proposals/", "/api/v1/flags/")


def document_errors(result, generator, request, public):
    for route, path in result.get("paths", {}).items():
        for method, operation in path.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            is_public_read = method in ("get", "head") and not route.startswith(PRIVATE_PREFIXES)
            if (is_public_read or route.startswith(PUBLIC_PREFIXES)) and {} not in operation.get("security", [{}]):
                operation.setdefault("security", []).append({})
            for code, description in ERRORS.items():
                operation["responses"].setdefault(
                    code,
                    {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}},
                )
    return result
