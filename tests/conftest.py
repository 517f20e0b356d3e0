import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test.utils import override_settings


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test in a file rather than in memory.

    The live server hands every thread the one connection of an in-memory database, so concurrent
    requests would interleave inside one transaction; with a file each has its own connection and
    waits for the write lock, as in production.
    """
    database = connections["default"].settings_dict
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["TEST"]["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")
        # A test database need not survive a power cut.
        database["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF"


@pytest.fixture(scope="session")
def _no_https_redirect_at_start():
    """Turn off the HTTPS redirect while the live server starts.

    The autouse fixture below turns it off for each test, but the server reads it into its
    middleware once, when it starts, before that test's settings apply.
    """
    starting = override_settings(SECURE_SSL_REDIRECT=False)
    starting.enable()
    return starting


@pytest.fixture(scope="session")
def live_server(_no_https_redirect_at_start, live_server):
    _no_https_redirect_at_start.disable()  # started: the rest of the session keeps its own settings
    return live_server


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
