"""System checks of the deployment settings Django's own ``check --deploy`` does not know about."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if settings.SECRET_KEY_IS_DEVELOPMENT_KEY:
        return [
            Error(
                "DJANGO_SECRET_KEY is not set: the site would sign sessions, CSRF tokens and password reset "
                "links with the development key, which is in the repository.",
                hint="Set DJANGO_SECRET_KEY to a long random value, the same on every machine. "
                "Without it the site refuses to serve in production mode.",
                id="debate.E001",
            )
        ]
    return []
