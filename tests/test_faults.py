"""Faults an operator meets: Redis down, gone mid-run or silent; a database that cannot be reached."""

import logging
import socket
import threading
import time
import uuid

import pytest
from django.core.cache import cache
from django.db import OperationalError, connections
from django.test import override_settings

from debate.core.cache import FailFastRedisCache
from debate.settings import cache_from_url

from .conftest import PASSWORD
from .factories import make_argument, make_evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_port():
    """A local port nothing listens on: connections are refused at once, as when Redis is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_redis():
    """A server that accepts connections and never answers, like a Redis that hangs.

    It hangs up after a few seconds, so that a client without timeouts fails instead of waiting forever.
    """
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.1)
    stop = threading.Event()
    accepted = []

    def serve():
        while not stop.is_set():
            try:
                accepted.append((server.accept()[0], time.monotonic()))
            except TimeoutError:
                pass
            for connection, since in list(accepted):
                if time.monotonic() - since > 3:
                    connection.close()
                    accepted.remove((connection, since))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection, _ in accepted:
        connection.close()
    server.close()


def redis_at(url):
    """Settings whose cache is Redis at ``url``, configured exactly as REDIS_URL configures it."""
    # A key prefix of its own: a real Redis may be shared with other test runs.
    return override_settings(CACHES={"default": {**cache_from_url(url), "KEY_PREFIX": uuid.uuid4().hex}})


@pytest.fixture
def pages():
    argument = make_argument(evidence=[make_evidence()])
    position = argument.position
    return [
        "/",
        position.debate.get_absolute_url(),
        position.get_absolute_url(),
        argument.get_absolute_url(),
        f"/debates/{position.debate.slug}/positions/{position.slug}/map/",
        argument.evidence.get().source.get_absolute_url(),
        "/search/?q=accept",
        "/api/v1/arguments/",
    ]


def log_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def assert_site_works(client, pages, bob):
    for url in pages:
        assert client.get(url).status_code == 200, url
    assert log_in(client, "bob", "wrong password").status_code == 200  # the form again, with its error
    assert log_in(client, "bob").status_code == 302
    assert client.get("/me/contributions/").context["user"] == bob
    client.logout()


def test_it_renders_every_page_and_logs_in_with_redis_down_from_the_start(client, pages, bob, closed_port):
    with redis_at(f"redis://127.0.0.1:{closed_port}/0"):
        assert_site_works(client, pages, bob)


def test_it_keeps_working_when_redis_goes_away_mid_run(client, pages, bob, closed_port):
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            pass
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    with redis_at("redis://127.0.0.1:6379/15"):
        assert_site_works(client, pages, bob)
        assert client.get(pages[2]).status_code == 200
        assert cache.get("no-such-key", "missing") == "missing", "Redis answers"
    with redis_at(f"redis://127.0.0.1:{closed_port}/0"):  # the same site, its Redis gone
        assert_site_works(client, pages, bob)


def test_it_waits_only_a_fraction_of_a_second_on_a_redis_that_never_answers(
    client, pages, bob, silent_redis, monkeypatch
):
    # The time spent waiting on the cache, per request: rendering on a loaded machine may be slow,
    # but that is not what this measures.
    waited = [0.0]

    def timed(method):
        def call(self, *args, **kwargs):
            started = time.monotonic()
            try:
                return method(self, *args, **kwargs)
            finally:
                waited[0] += time.monotonic() - started

        return call

    for name in ("get", "set", "add", "delete", "incr", "get_many", "set_many", "has_key", "touch"):
        monkeypatch.setattr(FailFastRedisCache, name, timed(getattr(FailFastRedisCache, name)))
    per_request = []
    with redis_at(f"redis://127.0.0.1:{silent_redis}/0"):
        for url in pages * 3:
            waited[0] = 0.0
            assert client.get(url).status_code == 200, url
            per_request.append(waited[0])
        waited[0] = 0.0
        assert log_in(client, "bob").status_code == 302
        per_request.append(waited[0])
    # One cache call waits for its 0.2 s timeout; after that the site stops asking for a while.
    assert max(per_request) < 0.5, per_request
    assert sum(per_request) < 1.0, per_request


def test_it_warns_once_per_outage_without_the_redis_password(client, pages, closed_port, caplog):
    with redis_at(f"redis://:s3cret-redis-password@127.0.0.1:{closed_port}/0"), caplog.at_level(logging.WARNING):
        for url in pages:
            client.get(url)
    warnings = [record for record in caplog.records if record.name == "debate.cache"]
    assert [record.getMessage() for record in warnings] == ["cache_unavailable"]
    assert warnings[0].error == "ConnectionError"
    assert "s3cret" not in caplog.text


def test_it_answers_liveness_over_plain_http_to_any_host_in_production_mode(
    client, settings, django_assert_num_queries
):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["debate.example.org"]
    assert client.get("/baseline/", HTTP_HOST="debate.example.org").status_code == 301  # everything else redirects
    with django_assert_num_queries(0):
        response = client.get("/healthz/", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert client.head("/healthz/", HTTP_HOST="10.0.0.7").status_code == 200


def test_it_answers_readiness_with_each_dependency(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["debate.example.org"]
    response = client.get("/readyz/", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert client.post("/readyz/").status_code == 405


def test_it_stays_ready_without_redis_and_says_so(client, closed_port):
    with redis_at(f"redis://127.0.0.1:{closed_port}/0"):
        response = client.get("/readyz/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "unavailable"}


def test_it_is_not_ready_when_the_database_is_unreachable_and_tells_no_secret(client, monkeypatch):
    def unreachable():
        raise OperationalError(
            'connection to server at "db-primary" (10.0.0.9), port 5432 failed: '
            'password authentication failed for user "debate" password=hunter2'
        )

    monkeypatch.setattr(connections["default"], "cursor", unreachable)
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "cache": "ok"}
    for secret in ("db-primary", "10.0.0.9", "hunter2", "debate", "5432"):
        assert secret not in response.content.decode()
