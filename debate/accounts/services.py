"""Demo accounts for trying the site locally."""

import secrets

from django.contrib.auth.models import Group, User

from .roles import MODERATORS_GROUP

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
