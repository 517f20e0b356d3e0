import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """Tests speak plain HTTP to the test client; production redirects to HTTPS."""
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()  # login failure counters and page caches must not leak between tests


@pytest.fixture
def seeded(db):
    call_command("seed", verbosity=0)
