import pytest

from debate.arguments.models import Argument
from debate.core.models import Status

from .conftest import PASSWORD
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


def test_it_refuses_anonymous_writes_to_the_read_list(client):
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


# Writes -------------------------------------------------------------------


@pytest.fixture
def moderator_client(alice):
    from rest_framework.test import APIClient

    client = APIClient()
    credentials = {"username": "alice", "password": PASSWORD}
    token = client.post("/api/v1/auth/token/", credentials, format="json").json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def student_client(bob):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(bob)
    return client


def test_it_lets_a_moderator_create_and_publish_an_argument(moderator_client):
    top = make_argument()
    response = moderator_client.post(
        "/api/v1/arguments/",
        {"position": top.position_id, "parent": top.pk, "stance": "against", "text": "A rebuttal.", "status": "draft"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["position_stance"] == "against" and body["version"] == 1
    published = moderator_client.patch(
        f"/api/v1/arguments/{body['id']}/", {"status": "published", "version": 1}, format="json"
    )
    assert published.status_code == 200 and published.json()["version"] == 2


def test_it_answers_a_misquote_with_400_naming_the_field(moderator_client):
    evidence = make_evidence()
    response = moderator_client.post(
        "/api/v1/evidence/",
        {"source": evidence.source_id, "start": 0, "end": 12, "quote": "Not the text", "kind": "quote"},
        format="json",
    )
    assert response.status_code == 400
    assert "Not verbatim" in response.json()["quote"][0]


def test_it_answers_400_per_field_for_invalid_writes(moderator_client):
    response = moderator_client.post("/api/v1/arguments/", {"stance": "sideways", "text": ""}, format="json")
    assert response.status_code == 400
    assert {"position", "stance", "text"} <= set(response.json())


def test_it_refuses_a_cycle_with_400(moderator_client):
    top = make_argument()
    reply = make_argument(parent=top)
    response = moderator_client.patch(
        f"/api/v1/arguments/{top.pk}/", {"parent": reply.pk, "version": top.version}, format="json"
    )
    assert response.status_code == 400 and "parent" in response.json()


def test_it_answers_a_stale_edit_with_409_and_the_current_object(moderator_client):
    argument = make_argument(text="Original claim.")
    url = f"/api/v1/arguments/{argument.pk}/"
    assert moderator_client.patch(url, {"text": "First edit.", "version": 1}, format="json").status_code == 200
    stale = moderator_client.patch(url, {"text": "Second edit.", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["text"] == "First edit." and stale.json()["current"]["version"] == 2


def test_it_requires_the_version_for_edits(moderator_client):
    argument = make_argument()
    response = moderator_client.patch(f"/api/v1/arguments/{argument.pk}/", {"text": "x"}, format="json")
    assert response.status_code == 400 and "version" in response.json()


def test_it_refuses_writes_from_students_and_anonymous_users(student_client, client):
    argument = make_argument()
    for api in (student_client, client):
        assert api.patch(f"/api/v1/arguments/{argument.pk}/", {"text": "x", "version": 1}).status_code in (401, 403)
        assert api.delete(f"/api/v1/arguments/{argument.pk}/").status_code in (401, 403)
        assert api.post("/api/v1/speakers/", {"name": "Someone"}).status_code in (401, 403)
    argument.refresh_from_db()
    assert argument.version == 1


def test_it_shows_drafts_to_moderators_only(moderator_client, client):
    draft = make_argument(status=Status.DRAFT)
    assert moderator_client.get(f"/api/v1/arguments/{draft.pk}/").status_code == 200
    assert client.get(f"/api/v1/arguments/{draft.pk}/").status_code == 404


def test_it_filters_orders_and_searches(client):
    speaker = make_speaker("Ana Ruiz")
    top = make_argument(stance="for", speaker=speaker, text="Raids on cartel leaders work.")
    make_argument(parent=top, stance="against", text="Raids breed rival factions and cartel wars.")
    make_argument(stance="against", text="Unrelated claim about trade.")
    ids = [a["id"] for a in client.get(f"/api/v1/arguments/?speaker={speaker.pk}").json()["results"]]
    assert ids == [top.pk]
    against = client.get(f"/api/v1/arguments/?position={top.position_id}&stance=against").json()
    assert [a["text"] for a in against["results"]] == ["Raids breed rival factions and cartel wars."]
    ordered = client.get("/api/v1/arguments/?ordering=-id").json()["results"]
    assert ordered == sorted(ordered, key=lambda a: -a["id"])
    ranked = client.get("/api/v1/arguments/?q=cartel raids").json()["results"]
    assert {a["id"] for a in ranked} == {top.pk, top.pk + 1}


def test_it_takes_proposals_and_flags_from_students(student_client, moderator_client, client):
    top = make_argument()
    evidence = make_evidence()
    proposal = student_client.post(
        "/api/v1/proposals/",
        {
            "kind": "argument",
            "parent": top.pk,
            "stance": "against",
            "text": "A student's rebuttal.",
            "source": evidence.source_id,
            "quote": "Analysts doubt the numbers add up.",
        },
        format="json",
    )
    assert proposal.status_code == 201, proposal.json()
    assert proposal.json()["start"] == evidence.source.text.index("Analysts")
    flag = student_client.post(
        "/api/v1/flags/",
        {"evidence": evidence.pk, "reason": "misattributed", "comment": "Wrong speaker."},
        format="json",
    )
    assert flag.status_code == 201
    assert student_client.post(f"/api/v1/proposals/{proposal.json()['id']}/approve/").status_code == 403
    approved = moderator_client.post(f"/api/v1/proposals/{proposal.json()['id']}/approve/")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    texts = [a["text"] for a in client.get(f"/api/v1/arguments/?parent={top.pk}").json()["results"]]
    assert texts == ["A student's rebuttal."]
    rejected = moderator_client.post(f"/api/v1/flags/{flag.json()['id']}/reject/", {"reason": ""}, format="json")
    assert rejected.status_code == 400


def test_it_lists_only_a_students_own_proposals(student_client, alice):
    from debate.moderation.models import Proposal

    position = make_argument().position
    Proposal.objects.create(kind="argument", author=alice, position=position, stance="for", text="Not yours.")
    assert student_client.get("/api/v1/proposals/").json()["count"] == 0


def test_it_rate_limits_token_logins(client, alice, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post("/api/v1/auth/token/", {"username": "alice", "password": "wrong"}, content_type="application/json")
    response = client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 429


def test_it_publishes_an_openapi_schema_and_its_docs_without_a_cdn(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200 and "/api/v1/arguments/" in schema.content.decode()
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower() and "//unpkg" not in docs


def test_it_answers_bad_filter_values_with_400(client):
    for query in [
        "arguments/?debate=abc",
        "arguments/?parent=1.5",
        "speakers/?is_anonymous=maybe",
        "arguments/?position=99999999999999999999",
    ]:
        assert client.get(f"/api/v1/{query}").status_code == 400, query


def test_it_hides_draft_sources_from_students_proposals(student_client):
    from debate.sources.models import Source

    draft = Source.objects.create(title="Draft", text="TOP SECRET draft text.", status=Status.DRAFT)
    top = make_argument()
    response = student_client.post(
        "/api/v1/proposals/",
        {"kind": "evidence", "parent": top.pk, "source": draft.pk, "start": 0, "end": 3, "quote": "x"},
        format="json",
    )
    assert response.status_code == 400 and "TOP SECRET" not in response.content.decode()


def test_it_measures_text_length_before_trimming(moderator_client):
    response = moderator_client.post("/api/v1/speakers/", {"name": "\u000b" + "x" * 300}, format="json")
    assert response.status_code == 400 and "name" in response.json()


def test_it_finds_a_proposals_passage_typed_with_straight_quotes(student_client):
    top = make_argument()
    source = make_evidence().source
    response = student_client.post(
        "/api/v1/proposals/",
        {"kind": "evidence", "parent": top.pk, "source": source.pk, "quote": '"We will not accept it,"'},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["quote"] == "“We will not accept it,”"
