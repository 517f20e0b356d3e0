import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "debate.settings")
# A web request's queries give up well before gunicorn's 30 s timeout would kill the worker, so a
# runaway query cannot hold locks that other saves wait on. Management commands (backup, migrate,
# generate_debate) do not load this module and run without the limit.
os.environ.setdefault("DJANGO_STATEMENT_TIMEOUT", "20s")
# Serving in production mode on the repository's development key would let anyone forge sessions.
if not settings.DEBUG and settings.SECRET_KEY_IS_DEVELOPMENT_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is not set: refusing to serve in production mode (DJANGO_DEBUG off).")
application = get_wsgi_application()
