import pytest
from django.contrib.auth.models import Group, User
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
    # A deliberately slow password hash protects real accounts; in tests it only costs time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # page caches must not leak between tests


@pytest.fixture
def seeded(db):
    call_command("seed", verbosity=0)


PASSWORD = "a-Strong-passw0rd!"


@pytest.fixture
def alice(db):
    """A moderator."""
    user = User.objects.create_user("alice", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name="moderators")[0])
    return user


@pytest.fixture
def bob(db):
    """A student."""
    return User.objects.create_user("bob", password=PASSWORD)


@pytest.fixture
def charlie(db):
    """Another student."""
    return User.objects.create_user("charlie", password=PASSWORD)
