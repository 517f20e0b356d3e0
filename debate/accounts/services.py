"""Accounts: demo users for trying the site locally, and API tokens."""

import secrets

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from .models import ApiToken
from .roles import MODERATORS_GROUP
from .tokens import password_fingerprint

DEMO_USERS = {"moderator": True, "student": False}


def create_demo_users():
    """Create the demo moderator and student when missing.

    Returns ``{username: password}``, with ``None`` for an account that already
    existed: its password is left as it is.
    """
    credentials = {}
    for username, moderates in DEMO_USERS.items():
        user, created = User.objects.get_or_create(username=username)
        password = None
        if created:
            password = f"{username}-{secrets.token_urlsafe(9)}"
            user.set_password(password)
            user.save()
        if moderates:
            user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
        credentials[username] = password
    return credentials


def issue_api_token(*, user):
    """A new API token for ``user``: returns ``(token, key)``; only the key's digest is stored, so
    the key is shown once. Expired tokens are deleted, and the user's oldest live tokens beyond
    ``API_TOKENS_PER_USER``."""
    ApiToken.objects.filter(expiry__lt=timezone.now()).delete()
    with transaction.atomic():
        token, key = ApiToken.objects.create(user=user, password_fingerprint=password_fingerprint(user))
        kept = ApiToken.objects.filter(user=user).order_by("-created", "-pk")[: settings.API_TOKENS_PER_USER]
        ApiToken.objects.filter(user=user).exclude(pk__in=list(kept.values_list("pk", flat=True))).delete()
    return token, key


def revoke_api_token(*, token):
    ApiToken.objects.filter(pk=token.pk).delete()


def revoke_api_tokens(*, user):
    """Log out every API client of ``user``."""
    ApiToken.objects.filter(user=user).delete()
