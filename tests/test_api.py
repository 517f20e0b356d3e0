import pytest

from debate.arguments.models import Argument
from debate.core.models import Status

from .factories import make_argument, make_evidence, make_speaker

pytestmark = pytest.mark.django_db

FIELDS = {
    "speakers": {"id", "name", "slug", "role", "affiliation", "is_anonymous", "html_url"},
    "sources": {"id", "slug", "title", "publication", "text", "html_url"},
    "evidence": {"id", "source", "speaker", "start", "end", "quote", "kind", "html_url"},
    "positions": {"id", "debate", "slug", "title", "summary", "html_url"},
    "arguments": {"id", "position", "parent", "stance", "position_stance", "text", "evidence", "html_url"},
    "debates": {"id", "slug", "motion", "html_url"},
}


@pytest.mark.parametrize("endpoint", sorted(FIELDS))
def test_it_lists_and_details_every_kind(client, seeded, endpoint):
    response = client.get(f"/api/v1/{endpoint}/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] > 0
    first = body["results"][0]
    assert FIELDS[endpoint] <= set(first)
    assert first["html_url"].startswith("http://testserver/")
    detail = client.get(f"/api/v1/{endpoint}/{first['id']}/")
    assert detail.status_code == 200 and detail.json()["id"] == first["id"]


def test_it_links_evidence_to_its_anchor_on_the_source_page(client):
    evidence = make_evidence()
    body = client.get(f"/api/v1/evidence/{evidence.pk}/").json()
    assert body["html_url"] == f"http://testserver/sources/{evidence.source.slug}/#evidence-{evidence.pk}"


def test_it_gives_stance_relative_to_the_parent_and_the_position(client):
    top = make_argument(stance="against")
    reply = make_argument(parent=top, stance="against")
    body = client.get(f"/api/v1/arguments/{reply.pk}/").json()
    assert (body["parent"], body["stance"], body["position_stance"]) == (top.pk, "against", "for")


def test_it_hides_unpublished_content(client):
    draft = make_argument(status=Status.DRAFT)
    make_speaker("Hidden person", status=Status.DRAFT)
    assert client.get(f"/api/v1/arguments/{draft.pk}/").status_code == 404
    assert "Hidden person" not in client.get("/api/v1/speakers/").content.decode()


def test_it_answers_404_for_unknown_ids(client):
    assert client.get("/api/v1/arguments/999999/").status_code == 404


def test_it_refuses_anonymous_writes(client):
    argument = make_argument()
    assert client.post("/api/v1/arguments/", {"text": "x"}).status_code in (401, 403)
    assert client.delete(f"/api/v1/arguments/{argument.pk}/").status_code in (401, 403, 405)
    assert Argument.objects.filter(pk=argument.pk).exists()


def test_it_keeps_the_argument_list_query_count_flat(client, django_assert_max_num_queries):
    evidence = make_evidence()
    for _ in range(30):
        make_argument(evidence=[evidence])
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/arguments/").status_code == 200
