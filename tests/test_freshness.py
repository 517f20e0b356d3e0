import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from debate.core.freshness import content_changed
from debate.core.models import ContentStamp, Status
from debate.seed.generator import generate_debate

from .factories import make_argument, make_evidence, make_speaker

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
