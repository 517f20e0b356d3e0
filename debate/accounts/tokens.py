"""API token authentication: django-rest-knox's, plus revocation by a password change.

Each token records a fingerprint of the password hash it was issued under. A password change
gives the user a new hash, whatever the path (the password change form, a reset, the admin,
``set_password`` in a shell or a command, even SQL), so checking the fingerprint where tokens
are authenticated cannot be bypassed by a path that forgets a hook. Django's sessions are tied
to the password the same way.
"""

import re

from django.utils.crypto import constant_time_compare, salted_hmac
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.settings import knox_settings
from rest_framework import exceptions

# What knox issues: the prefix, then 64 hexadecimal digits (crypto.create_token_string).
TOKEN_PATTERN = re.compile(rb"[0-9a-f]{%d}" % knox_settings.AUTH_TOKEN_CHARACTER_LENGTH)


def password_fingerprint(user):
    return salted_hmac("debate.accounts.tokens", user.password, algorithm="sha256").hexdigest()


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate_credentials(self, token):
        # Anything but a token of ours is refused before it reaches the database (a NUL byte or
        # bytes that are not UTF-8 would otherwise be a server error).
        prefix = knox_settings.TOKEN_PREFIX.encode()
        if not (token.startswith(prefix) and TOKEN_PATTERN.fullmatch(token[len(prefix) :])):
            raise exceptions.AuthenticationFailed("Invalid token.")
        return super().authenticate_credentials(token)

    def validate_user(self, auth_token):
        if not constant_time_compare(auth_token.password_fingerprint, password_fingerprint(auth_token.user)):
            auth_token.delete()
            raise exceptions.AuthenticationFailed("Token revoked: the password has changed since it was issued.")
        return super().validate_user(auth_token)
