"""Writes that race: real concurrent requests against the live server, each with its own connection.

A helper thread holds the rows a decision depends on while the requests arrive, so each request has
read what it needs before any of them may write: the interleaving that loses data, every time. Once
the requests wait (PostgreSQL shows them waiting on a lock; SQLite gives no such sign, so a short
pause there), the helper lets go and the requests run in whatever order the database grants.
"""

import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from debate.arguments.models import MAX_THREAD_DEPTH, Argument
from debate.core.models import MergeRecord, ObjectGone
from debate.moderation import services
from debate.moderation.models import Proposal, ReviewState

from .factories import make_argument, make_chain, make_position

ROOT = Path(__file__).resolve().parent.parent

# The live server's requests commit, so these tests run outside a test transaction; the database is
# emptied after each (groups that migrations created included: tests create the groups they need).
live = pytest.mark.django_db(transaction=True)


class SignedIn:
    """A user's own HTTP session with the live server: session cookie and CSRF token, no test client."""

    def __init__(self, live_server, user):
        client = Client()
        client.force_login(user)
        token = get_random_string(32)
        self.http = requests.Session()
        self.http.cookies.set("sessionid", client.cookies["sessionid"].value)
        self.http.cookies.set("csrftoken", token)
        self.http.headers["X-CSRFToken"] = token
        self.base = live_server.url

    def post(self, path, data):
        return self.http.post(self.base + path, data=data, allow_redirects=False, timeout=60)

    def api(self, method, path, json):
        return self.http.request(method, self.base + path, json=json, allow_redirects=False, timeout=60)


def wait_until_requests_wait(count):
    """Return once ``count`` requests are waiting for a lock (PostgreSQL), or after a pause (SQLite)."""
    if connection.vendor != "postgresql":
        time.sleep(0.5)
        return
    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0] >= count:
                return
            time.sleep(0.02)


@contextmanager
def in_another_transaction(work):
    """Run ``work()`` in a transaction of another connection, left open until the block ends, then commit."""
    done, release, failure = threading.Event(), threading.Event(), []

    def run():
        try:
            with transaction.atomic():
                work()
                done.set()
                release.wait(30)
        except Exception as error:  # reported in the test's own thread
            failure.append(error)
            done.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    done.wait(30)
    try:
        if failure:
            raise failure[0]
        yield
    finally:
        release.set()
        thread.join(30)


def while_rows_are_held(queryset, *requests_to_send):
    """Send the requests at once while another transaction holds the rows, then let it go; their responses."""
    with ThreadPoolExecutor(len(requests_to_send)) as pool:
        # A write that changes nothing locks the rows on PostgreSQL and the whole database on SQLite.
        with in_another_transaction(lambda: queryset.update(id=F("id"))):
            futures = [pool.submit(send) for send in requests_to_send]
            wait_until_requests_wait(len(requests_to_send))
        return [future.result() for future in futures]


@pytest.fixture
def proposal(db, bob):
    position = make_position()
    return Proposal.objects.create(
        kind="argument", author=bob, position=position, stance="for", text="Schools should open earlier."
    )


APPROVE = {"action": "approve", "stance": "for", "text": "Schools should open earlier.", "evidence_kind": "quote"}


@live
def test_it_publishes_a_proposal_once_when_it_is_approved_twice_at_once(live_server, alice, proposal):
    first, second = SignedIn(live_server, alice), SignedIn(live_server, alice)
    url = f"/moderate/proposals/{proposal.pk}/"
    responses = while_rows_are_held(
        Proposal.objects.filter(pk=proposal.pk), lambda: first.post(url, APPROVE), lambda: second.post(url, APPROVE)
    )

    published = Argument.objects.filter(text="Schools should open earlier.")
    assert [response.status_code for response in responses] == [302, 302]
    assert published.count() == 1
    proposal.refresh_from_db()
    assert proposal.state == ReviewState.APPROVED and proposal.result == published.get()
    assert {response.headers["Location"] for response in responses} == {
        f"{published.get().get_absolute_url()}#argument-{published.get().pk}"
    }


@live
def test_it_keeps_what_is_published_in_step_when_approve_races_reject(live_server, alice, proposal):
    approving, rejecting = SignedIn(live_server, alice), SignedIn(live_server, alice)
    url = f"/moderate/proposals/{proposal.pk}/"
    api_url = f"/api/v1/proposals/{proposal.pk}/reject/"
    responses = while_rows_are_held(
        Proposal.objects.filter(pk=proposal.pk),
        lambda: approving.post(url, APPROVE),
        lambda: rejecting.api("POST", api_url, {"reason": "Not in the article."}),
    )

    proposal.refresh_from_db()
    published = Argument.objects.filter(text="Schools should open earlier.")
    approve, reject = responses
    if proposal.state == ReviewState.APPROVED:
        assert published.count() == 1 and proposal.result == published.get()
        assert reject.status_code == 409 and reject.json()["current"]["state"] == "approved"
    else:
        assert proposal.state == ReviewState.REJECTED and proposal.review_reason == "Not in the article."
        assert not published.exists() and proposal.result is None
        assert approve.status_code == 302 and approve.headers["Location"] == url


@live
def test_it_approves_once_when_the_api_is_asked_twice_at_once(live_server, alice, proposal):
    first, second = SignedIn(live_server, alice), SignedIn(live_server, alice)
    url = f"/api/v1/proposals/{proposal.pk}/approve/"
    responses = while_rows_are_held(
        Proposal.objects.filter(pk=proposal.pk),
        lambda: first.api("POST", url, {"reason": "Well argued."}),
        lambda: second.api("POST", url, {"reason": "Well argued."}),
    )

    assert [response.status_code for response in responses] == [200, 200]
    assert {response.json()["state"] for response in responses} == {"approved"}
    assert Argument.objects.filter(text="Schools should open earlier.").count() == 1


@pytest.fixture
def duplicates(db):
    position = make_position()
    keep = make_argument(position, text="Earlier starts cut traffic.")
    duplicate = make_argument(position, text="Starting earlier reduces traffic.")
    return keep, duplicate


@live
def test_it_never_brings_back_an_argument_merged_while_an_api_edit_was_in_flight(live_server, alice, duplicates):
    keep, duplicate = duplicates
    editor = SignedIn(live_server, alice)
    with ThreadPoolExecutor(1) as pool:
        with in_another_transaction(lambda: services.merge_arguments(survivor=keep, duplicate=duplicate)):
            edit = pool.submit(
                editor.api,
                "PATCH",
                f"/api/v1/arguments/{duplicate.pk}/",
                {"version": duplicate.version, "text": "Starting earlier reduces traffic a lot."},
            )
            wait_until_requests_wait(1)
        response = edit.result()

    assert not Argument.objects.filter(pk=duplicate.pk).exists()
    assert response.status_code == 409  # 404 if the edit only arrived after the merge
    if response.status_code == 409:
        assert response.json()["merged_into"]["id"] == keep.pk
        assert "merged into" in response.json()["detail"]


@live
def test_it_shows_where_an_argument_went_when_it_was_merged_during_an_edit(live_server, alice, duplicates):
    keep, duplicate = duplicates
    editor = SignedIn(live_server, alice)
    form = {
        "position": duplicate.position_id,
        "stance": "for",
        "text": "Earlier, less traffic.",
        "status": "published",
        "version": duplicate.version,
    }
    with ThreadPoolExecutor(1) as pool:
        with in_another_transaction(lambda: services.merge_arguments(survivor=keep, duplicate=duplicate)):
            edit = pool.submit(editor.post, f"/moderate/arguments/{duplicate.pk}/edit/", form)
            wait_until_requests_wait(1)
        response = edit.result()

    assert not Argument.objects.filter(pk=duplicate.pk).exists()
    assert response.status_code == 409
    if response.status_code == 409:
        assert "was merged into" in response.text
        assert f'href="/moderate/arguments/{keep.pk}/edit/"' in response.text


def test_it_refuses_to_save_a_stale_copy_of_a_merged_argument(alice, duplicates):
    keep, duplicate = duplicates
    stale = Argument.objects.get(pk=duplicate.pk)
    services.merge_arguments(survivor=keep, duplicate=duplicate)
    stale.text = "Starting earlier reduces traffic a lot."
    with pytest.raises(ObjectGone) as gone:
        stale.save()
    assert gone.value.merged_into == keep
    assert not Argument.objects.filter(pk=duplicate.pk).exists()


def test_it_follows_a_merge_of_a_merge_to_the_argument_kept(duplicates):
    keep, duplicate = duplicates
    first = make_argument(keep.position)
    services.merge_arguments(survivor=duplicate, duplicate=first)
    services.merge_arguments(survivor=keep, duplicate=duplicate)
    assert MergeRecord.kept_for(Argument, first.pk) == keep


@live
def test_it_never_lets_two_opposite_moves_make_a_cycle(live_server, alice):
    position = make_position()
    x, y = make_argument(position, text="Argument X."), make_argument(position, text="Argument Y.")
    first, second = SignedIn(live_server, alice), SignedIn(live_server, alice)
    responses = while_rows_are_held(
        Argument.objects.filter(pk__in=[x.pk, y.pk]),
        lambda: first.post(f"/moderate/arguments/{x.pk}/move/", {"parent": y.pk, "version": x.version}),
        lambda: second.post(f"/moderate/arguments/{y.pk}/move/", {"parent": x.pk, "version": y.version}),
    )

    x.refresh_from_db()
    y.refresh_from_db()
    assert not (x.parent_id == y.pk and y.parent_id == x.pk)
    assert sorted(response.status_code for response in responses) == [200, 302]
    refused = next(response for response in responses if response.status_code == 200)
    assert "cannot move under itself" in refused.text
    moved, top = (x, y) if x.parent_id else (y, x)
    assert (moved.parent_id, moved.depth, top.parent_id, top.depth) == (top.pk, 1, None, 0)


@contextmanager
def queries_cut_off_after(seconds):
    """Make a query that runs longer than ``seconds`` fail, instead of letting the test hang."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
        return
    connection.ensure_connection()
    timer = threading.Timer(seconds, connection.connection.interrupt)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def test_it_answers_pages_and_saves_even_when_the_database_holds_a_cycle(client, alice):
    position = make_position()
    top, middle, bottom = make_chain(position, 3)
    Argument.objects.filter(pk=top.pk).update(parent=bottom)  # written straight into the database
    client.force_login(alice)

    with queries_cut_off_after(5):
        assert set(Argument.objects.ancestors_of(middle).values_list("pk", flat=True)) == {top.pk, middle.pk, bottom.pk}
        assert set(top.descendant_ids()) == {top.pk, middle.pk, bottom.pk}
        assert client.get(middle.get_absolute_url()).status_code == 200
        assert client.get(position.get_absolute_url()).status_code == 200
        assert (
            client.get(reverse("arguments:position_map", args=[position.debate.slug, position.slug])).status_code == 200
        )
        middle.text = "Edited while the thread loops."
        with pytest.raises(ValidationError, match="its own replies"):
            middle.save()
        # A moderator mends it by moving one of the loop to the top level.
        top.refresh_from_db()
        services.move_argument(argument=top, new_position=position, version=top.version)

    top.refresh_from_db()
    bottom.refresh_from_db()
    assert (top.parent_id, top.depth, bottom.depth) == (None, 0, 2)


def test_it_refuses_a_reply_deeper_than_the_thread_limit(db):
    deep = make_argument(make_position())
    Argument.objects.filter(pk=deep.pk).update(depth=MAX_THREAD_DEPTH - 1)
    deep.refresh_from_db()
    with pytest.raises(ValidationError, match=f"at most {MAX_THREAD_DEPTH} replies deep"):
        make_argument(parent=deep)
    assert not deep.replies.exists()


def test_it_refuses_a_move_that_would_push_replies_past_the_thread_limit(db):
    position = make_position()
    deep, (top, reply) = make_argument(position), make_chain(position, 2)
    Argument.objects.filter(pk=deep.pk).update(depth=MAX_THREAD_DEPTH - 2)
    with pytest.raises(ValidationError, match="replies deep"):
        services.move_argument(argument=top, new_parent=Argument.objects.get(pk=deep.pk), version=top.version)
    top.refresh_from_db()
    reply.refresh_from_db()
    assert (top.parent_id, reply.depth) == (None, 1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
def test_it_cuts_off_slow_queries_in_web_workers_but_not_in_commands(db):
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    show = "from django.db import connection; c = connection.cursor(); c.execute('SHOW statement_timeout'); "
    show += "print(c.fetchone()[0])"
    as_command = "import django; django.setup(); "  # what manage.py does: no debate.wsgi
    environment = {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "debate.settings",
        "DJANGO_SECRET_KEY": "a-test-key-so-debate-wsgi-agrees-to-serve",
        "PATH": "/usr/bin:/bin",
    }

    def run(code):
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert run("import debate.wsgi; " + show) == "20s"
    assert run(as_command + show) == "0"
