import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "debate.settings")
# A web request's queries give up well before gunicorn's 30 s timeout would kill the worker, so a
# runaway query cannot hold locks that other saves wait on. Management commands (backup, migrate,
# generate_debate) do not load this module and run without the limit.
os.environ.setdefault("DJANGO_STATEMENT_TIMEOUT", "20s")
application = get_wsgi_application()
