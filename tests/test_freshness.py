import uuid

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from debate.core.freshness import content_changed
from debate.core.models import ContentStamp, Status
from debate.seed.generator import generate_debate

from .factories import make_argument, make_debate, make_evidence, make_speaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def argument():
    evidence = make_evidence(speaker=make_speaker("Governor Ana Ruiz"))
    return make_argument(evidence=[evidence], text="Mexico would refuse the plan.")


def reader_urls(argument):
    return [
        "/",
        argument.position.debate.get_absolute_url(),
        argument.position.get_absolute_url(),
        argument.get_absolute_url(),
        "/speakers/",
        argument.evidence.get().speaker.get_absolute_url(),
        argument.evidence.get().source.get_absolute_url(),
        "/search/?q=refuse",
        "/api/v1/arguments/",
        "/api/v1/evidence/",
    ]


def test_it_answers_a_repeat_request_with_304_by_etag_or_date(client, argument):
    for url in reader_urls(argument):
        first = client.get(url)
        assert first.status_code == 200, url
        assert "no-cache" in first["Cache-Control"], url
        assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304, url
        assert client.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304, url


def test_it_decides_304_with_a_single_query(client, argument, django_assert_num_queries):
    url = argument.position.get_absolute_url()
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(1):
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_it_serves_fresh_content_after_an_edit(client, argument):
    url = argument.position.get_absolute_url()
    first = client.get(url)
    argument.text = "Mexico would welcome the plan."
    argument.save()
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert "Mexico would welcome the plan." in again.content.decode()
    assert again["ETag"] != first["ETag"]


def test_it_serves_fresh_content_after_a_delete_or_a_change_of_citations(client, argument):
    url = argument.position.get_absolute_url()
    reply = make_argument(parent=argument, text="Refusal would not last.")
    etag = client.get(url)["ETag"]
    reply.delete()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200 and "Refusal would not last." not in response.content.decode()
    argument.evidence.clear()
    assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 200


def test_it_serves_the_position_page_from_the_cache_until_content_changes(client, argument, django_assert_num_queries):
    url = argument.position.get_absolute_url()
    first = client.get(url).content
    with django_assert_num_queries(1):  # the content stamp, and nothing else
        assert client.get(url).content == first
    argument.status = Status.RETIRED
    argument.save()
    assert "Mexico would refuse the plan." not in client.get(url).content.decode()


def test_it_always_renders_afresh_for_a_signed_in_user(client, argument):
    url = argument.position.get_absolute_url()
    etag = client.get(url)["ETag"]  # and the anonymous page is now in the cache
    client.force_login(User.objects.create_user("moderator", password="a-Strong-passw0rd!"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert not response.has_header("ETag")
    assert len(queries) > 3  # rendered, not served from the anonymous readers' cache


def test_it_never_answers_304_to_a_stale_date(client, argument):
    url = argument.get_absolute_url()
    long_ago = http_date(ContentStamp.objects.get().changed_at.timestamp() - 3600)
    assert client.get(url, headers={"If-Modified-Since": long_ago}).status_code == 200


def test_it_counts_bulk_writes_as_changes(client, argument):
    before = ContentStamp.objects.get().counter
    generate_debate(arguments=5, depth=2, speakers=2, sources=1, seed=1)
    assert ContentStamp.objects.get().counter > before
    ContentStamp.objects.all().delete()
    content_changed()
    assert ContentStamp.objects.get().counter == 1


# A 304 only for a page that would be a 200 ------------------------------------------------


def test_it_never_answers_304_for_a_page_that_does_not_exist_or_is_hidden(client, argument):
    position = argument.position
    draft = make_argument(position, status=Status.DRAFT, text="A draft claim.")
    retired = make_argument(position, status=Status.RETIRED, text="A retired claim.")
    draft_debate = make_debate(status=Status.DRAFT)
    etag = client.get("/")["ETag"]  # the same tag as any page without query parameters, at this stamp
    last_modified = client.get("/")["Last-Modified"]
    answers = {
        "/debates/no-such-slug/": 404,
        draft_debate.get_absolute_url(): 404,
        f"{position.debate.get_absolute_url()}positions/no-such-slug/": 404,
        f"{position.debate.get_absolute_url()}positions/no-such-slug/map/": 404,
        draft.get_absolute_url(): 404,
        retired.get_absolute_url(): 410,
        "/arguments/999999/": 404,
        "/speakers/no-such-slug/": 404,
        "/sources/no-such-slug/": 404,
        f"{draft_debate.get_absolute_url()}export/aif/": 404,
    }
    for url, status in answers.items():
        assert client.get(url, headers={"If-None-Match": etag}).status_code == status, url
        assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == status, url


def test_it_never_answers_304_for_an_api_address_that_would_fail(client, argument):
    draft = make_argument(argument.position, status=Status.DRAFT)
    etag = client.get("/api/v1/arguments/")["ETag"]
    assert client.get(f"/api/v1/arguments/{draft.pk}/", headers={"If-None-Match": etag}).status_code == 404
    assert client.get("/api/v1/arguments/999999/", headers={"If-None-Match": etag}).status_code == 404
    assert client.get("/api/v1/arguments/?colour=red", headers={"If-None-Match": etag}).status_code == 400
    assert client.get(f"/api/v1/arguments/{argument.pk}/", headers={"If-None-Match": etag}).status_code == 304


# The page cache keys on the parameters a page reads ----------------------------------------


def test_it_serves_the_cached_page_whatever_unknown_parameters_are_added(client, argument, django_assert_num_queries):
    url = argument.position.get_absolute_url()
    first = client.get(f"{url}?x={uuid.uuid4().hex}")
    with django_assert_num_queries(1):  # the content stamp: the page comes from the cache
        second = client.get(f"{url}?x={uuid.uuid4().hex}&utm_source=mail")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_it_keys_the_cached_page_on_the_parameters_it_reads(client, argument):
    url = argument.position.get_absolute_url()
    for n in range(16):
        make_argument(argument.position, text=f"Supporting claim {n}.")
    first_page = client.get(url).content.decode()
    second_page = client.get(f"{url}?for=2").content.decode()
    assert "Supporting claim 14." in second_page and "Supporting claim 14." not in first_page
    assert client.get(f"{url}?for=2")["ETag"] != client.get(url)["ETag"]


# Cache-Control and Vary ----------------------------------------------------------------------


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def vary(response):
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def test_it_lets_anonymous_readers_revalidate_a_shared_page(client, argument):
    for url in (argument.position.get_absolute_url(), "/api/v1/arguments/"):
        response = client.get(url)
        assert "no-cache" in cache_control(response) and "private" not in cache_control(response), url
        assert "cookie" in vary(response), url
    api = client.get("/api/v1/arguments/")
    assert {"accept", "authorization"} <= vary(api)


def test_it_marks_a_signed_in_users_responses_private(client, argument, bob):
    client.force_login(bob)
    for url in (argument.position.get_absolute_url(), "/api/v1/arguments/", "/me/contributions/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-cache"} <= cache_control(response), url
        assert "cookie" in vary(response), url
    assert {"accept", "authorization", "cookie"} <= vary(client.get("/api/v1/arguments/"))


def test_it_marks_a_token_clients_responses_private(client, argument):
    token = {"Authorization": "Token 0123456789abcdef"}
    for url in (argument.position.get_absolute_url(), "/api/v1/arguments/", f"/api/v1/arguments/{argument.pk}/"):
        response = client.get(url, headers=token)
        assert {"private", "no-cache"} <= cache_control(response), url
        assert not response.has_header("ETag"), url
    assert {"accept", "authorization"} <= vary(client.get("/api/v1/arguments/", headers=token))
