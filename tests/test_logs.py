"""Structured logs: one JSON line per request and per security event, with no secret in any of them."""

import io
import json
import logging

import pytest
from django.test import Client

from .conftest import PASSWORD
from .factories import make_argument

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the site writes to its log (the console handler of settings.LOGGING), as parsed JSON lines."""
    (console,) = [handler for handler in logging.getLogger().handlers if handler.get_name() == "console"]
    output = io.StringIO()
    previous = console.setStream(output)

    def lines():
        return [json.loads(line) for line in output.getvalue().splitlines()]

    yield lines
    console.setStream(previous)


def request_lines(lines):
    return [line for line in lines if line["logger"] == "debate.requests"]


def test_it_logs_one_json_line_per_request_with_its_id_and_cost(client, bob, log_lines):
    argument = make_argument()
    client.force_login(bob)
    response = client.get(argument.get_absolute_url() + "?q=private-words")
    (line,) = request_lines(log_lines())
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["method"] == "GET"
    assert line["path"] == argument.get_absolute_url()  # no query string
    assert line["status"] == 200
    assert line["user_id"] == bob.pk
    assert line["db_queries"] > 0
    assert 0 < line["duration_ms"] < 10_000
    assert line["level"] == "INFO" and "timestamp" in line


def test_it_keeps_a_sane_incoming_request_id_and_replaces_any_other(client, log_lines):
    assert client.get("/baseline/", HTTP_X_REQUEST_ID="lb-7f3a.21")["X-Request-ID"] == "lb-7f3a.21"
    hostile = client.get("/baseline/", HTTP_X_REQUEST_ID='x" \\n{"user_id": 1}')["X-Request-ID"]
    assert len(hostile) == 32 and hostile.isalnum()
    assert [line["request_id"] for line in request_lines(log_lines())] == ["lb-7f3a.21", hostile]


def test_it_never_logs_a_password_token_or_cookie(client, bob, log_lines):
    client.post("/accounts/login/", {"username": "bob", "password": "wrong-Secret-passw0rd"})
    client.post("/accounts/login/", {"username": "bob", "password": PASSWORD})
    client.get("/api/v1/arguments/", HTTP_AUTHORIZATION="Token 0123456789abcdef-api-token")
    client.get("/accounts/password/reset/MQ/c4l9xz-0123456789abcdef0123456789abcdef/")
    client.get("/search/?q=x&api_key=query-secret-value")
    output = json.dumps(log_lines())
    session = client.cookies["sessionid"].value
    for secret in (
        "wrong-Secret-passw0rd",
        PASSWORD,
        "0123456789abcdef-api-token",
        "c4l9xz-0123456789abcdef0123456789abcdef",
        "query-secret-value",
        session,
    ):
        assert secret not in output
    paths = [line["path"] for line in request_lines(log_lines())]
    assert "/accounts/password/reset/MQ/<token>/" in paths


def test_it_logs_a_refusal_as_a_security_event_with_the_request_id(client, bob, log_lines):
    client.force_login(bob)
    page = client.get("/moderate/queue/")
    api = client.post("/api/v1/debates/", {"motion": "x"}, content_type="application/json")
    assert (page.status_code, api.status_code) == (403, 403)
    events = [line for line in log_lines() if line["logger"] == "debate.security"]
    assert [(event["event"], event["user_id"], event["path"]) for event in events] == [
        ("permission_denied", bob.pk, "/moderate/queue/"),
        ("permission_denied", bob.pk, "/api/v1/debates/"),
    ]
    assert [event["request_id"] for event in events] == [page["X-Request-ID"], api["X-Request-ID"]]
    assert all(event["level"] == "WARNING" for event in events)


def test_it_logs_a_csrf_failure_and_explains_it(bob, log_lines):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/accounts/login/", {"username": "bob", "password": PASSWORD})
    assert response.status_code == 403
    assert "Form expired" in response.content.decode()
    (event,) = [line for line in log_lines() if line["logger"] == "debate.security"]
    assert event["event"] == "csrf_failure"
    assert event["request_id"] == response["X-Request-ID"]
    assert PASSWORD not in json.dumps(log_lines())
