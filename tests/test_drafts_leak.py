"""Nothing of a draft reaches readers: not on a page, not in the API, not in an export.

One published debate holds pieces that are not published: a draft speaker who made a published
argument and said a published excerpt, a retired speaker, a draft source cited by a published
argument, a draft position, a draft argument citing published evidence, and a draft speaker
holding a published position. Every page, API endpoint and export is read as an anonymous reader
and as a student; none of the hidden names, roles, titles or claims may appear.
"""

import io
import zipfile

import pytest
from django.core.management import call_command

from debate.core.models import Status
from debate.interchange.services import EXPORTS

from .factories import make_argument, make_debate, make_evidence, make_position, make_source, make_speaker

pytestmark = pytest.mark.django_db

PUBLIC_ARTICLE = "Mayor Lopez said: the plan is sound. Critics answered: the plan is doomed to fail."
DRAFT_ARTICLE = "An unpublished memo argued the budget is classified and enormous."

SECRETS = (
    "Hidden Speaker Name",
    "hidden-speaker-name",
    "Secret Role",
    "Secret Bureau",
    "Retired Speaker Name",
    "retired-speaker-name",
    "Holder In Waiting",
    "holder-in-waiting",
    "Secret Source Title",
    "Secret Gazette",
    "secret-source-title",
    "budget is classified",
    "Secret position title",
    "Secret draft claim",
)


@pytest.fixture
def site():
    debate = make_debate(motion="The city should adopt the plan")
    position = make_position(debate, title="Adopt the plan")
    make_position(debate, title="Secret position title", status=Status.DRAFT)
    public = make_source(PUBLIC_ARTICLE, title="City Hall Report", publication="Daily Ledger")
    hidden_source = make_source(
        DRAFT_ARTICLE, title="Secret Source Title", publication="Secret Gazette", status=Status.DRAFT
    )
    draft_speaker = make_speaker(
        "Hidden Speaker Name", role="Secret Role", affiliation="Secret Bureau", status=Status.DRAFT
    )
    retired_speaker = make_speaker("Retired Speaker Name", status=Status.RETIRED)
    mayor = make_speaker("Mayor Lopez")
    draft_holder = make_speaker("Holder In Waiting", status=Status.DRAFT)
    position.holders.add(mayor, draft_holder)
    sound = make_evidence(public, "the plan is sound", speaker=draft_speaker)
    doomed = make_evidence(public, "the plan is doomed to fail", speaker=retired_speaker)
    memo = make_evidence(hidden_source, "budget is classified and enormous", speaker=mayor)
    claim = make_argument(position, text="The plan pays for itself.", speaker=draft_speaker, evidence=[sound, memo])
    rebuttal = make_argument(
        parent=claim, stance="against", text="The plan will fail.", speaker=retired_speaker, evidence=[doomed]
    )
    reply = make_argument(parent=rebuttal, stance="against", text="Failure is not certain.")
    draft_claim = make_argument(position, text="Secret draft claim about money.", status=Status.DRAFT, evidence=[sound])
    return {
        "debate": debate,
        "position": position,
        "claim": claim,
        "rebuttal": rebuttal,
        "reply": reply,
        "draft_claim": draft_claim,
        "draft_speaker": draft_speaker,
        "draft_holder": draft_holder,
        "mayor": mayor,
        "public": public,
        "hidden_source": hidden_source,
        "sound": sound,
        "memo": memo,
    }


@pytest.fixture(params=["anonymous", "bob"])
def reader(request, client):
    if request.param == "bob":
        client.force_login(request.getfixturevalue("bob"))
    return client


def assert_no_secrets(text, where):
    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked, f"{where} shows {leaked}"


def pages(site):
    position = site["position"]
    return [
        "/",
        site["debate"].get_absolute_url(),
        position.get_absolute_url(),
        f"{position.get_absolute_url()}map/",
        site["claim"].get_absolute_url(),
        site["rebuttal"].get_absolute_url(),
        site["reply"].get_absolute_url(),
        "/speakers/",
        site["mayor"].get_absolute_url(),
        site["public"].get_absolute_url(),
        "/search/?q=plan",
        "/search/?q=sound",
        "/search/?q=doomed",
    ]


def test_it_shows_readers_no_draft_speaker_source_or_position_on_any_page(reader, site):
    for url in pages(site):
        response = reader.get(url)
        assert response.status_code == 200, url
        assert_no_secrets(response.content.decode(), url)


def test_it_offers_students_excerpts_to_cite_without_draft_speakers(client, bob, site):
    client.force_login(bob)
    response = client.get(f"/propose/positions/{site['position'].pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "the plan is sound" in page
    assert_no_secrets(page, "the proposal form")


def test_it_shows_a_draft_speakers_published_excerpt_unattributed(reader, site):
    page = reader.get(site["claim"].get_absolute_url()).content.decode()
    assert "the plan is sound" in page
    assert "Unattributed" in page
    assert "The reporter" not in page  # the words are someone's, not the reporter's


def test_it_counts_no_evidence_from_draft_sources(reader, site):
    page = reader.get("/speakers/").content.decode()
    assert "0 pieces of evidence" in page  # the mayor's only excerpt is in the draft source
    body = reader.get(f"/api/v1/arguments/{site['claim'].pk}/").json()
    assert body["evidence"] == [site["sound"].pk]


def api_urls(site):
    claim = site["claim"]
    return [
        "/api/v1/debates/",
        f"/api/v1/debates/{site['debate'].pk}/",
        "/api/v1/positions/",
        f"/api/v1/positions/{site['position'].pk}/",
        "/api/v1/arguments/",
        f"/api/v1/arguments/{claim.pk}/",
        f"/api/v1/arguments/{site['rebuttal'].pk}/",
        "/api/v1/arguments/?q=plan",
        "/api/v1/speakers/",
        "/api/v1/sources/",
        "/api/v1/evidence/",
        f"/api/v1/evidence/{site['sound'].pk}/",
        "/api/v1/evidence/?q=sound",
    ]


def test_it_gives_readers_no_draft_metadata_in_the_api(reader, site):
    for url in api_urls(site):
        response = reader.get(url, headers={"Accept": "application/json"})
        assert response.status_code == 200, url
        assert_no_secrets(response.content.decode(), url)


def test_it_names_no_draft_or_retired_speaker_in_the_api(reader, site):
    claim = reader.get(f"/api/v1/arguments/{site['claim'].pk}/").json()
    rebuttal = reader.get(f"/api/v1/arguments/{site['rebuttal'].pk}/").json()
    sound = reader.get(f"/api/v1/evidence/{site['sound'].pk}/").json()
    position = reader.get(f"/api/v1/positions/{site['position'].pk}/").json()
    assert (claim["speaker"], rebuttal["speaker"], sound["speaker"]) == (None, None, None)
    assert position["holders"] == [site["mayor"].pk]


NOWHERE = 10**9


@pytest.mark.parametrize(
    ("endpoint", "param", "hidden"),
    [
        ("evidence", "argument", "draft_claim"),
        ("evidence", "speaker", "draft_speaker"),
        ("evidence", "source", "hidden_source"),
        ("arguments", "speaker", "draft_speaker"),
        ("arguments", "parent", "draft_claim"),
        ("arguments", "position", "draft_position"),
        ("arguments", "debate", "draft_debate"),
        ("positions", "speaker", "draft_holder"),
        ("positions", "debate", "draft_debate"),
    ],
)
def test_it_answers_a_filter_on_a_hidden_item_as_on_one_that_does_not_exist(reader, site, endpoint, param, hidden):
    site["draft_position"] = make_position(site["debate"], title="Another draft", status=Status.DRAFT)
    site["draft_debate"] = make_debate(status=Status.DRAFT)
    make_argument(make_position(site["draft_debate"]), text="In a draft debate.")
    make_argument(site["draft_position"], text="In a draft position.")
    make_argument(parent=site["draft_claim"], text="Under a draft claim.")
    hidden_answer = reader.get(f"/api/v1/{endpoint}/?{param}={site[hidden].pk}")
    missing_answer = reader.get(f"/api/v1/{endpoint}/?{param}={NOWHERE}")
    assert (hidden_answer.status_code, hidden_answer.json()) == (missing_answer.status_code, missing_answer.json())


def export_text(response):
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
            return "".join(docx.read(name).decode() for name in docx.namelist() if name.endswith(".xml"))
    return response.content.decode()


def test_it_exports_no_draft_metadata(reader, site):
    debate, position = site["debate"], site["position"]
    urls = [f"{debate.get_absolute_url()}export/{name}/" for name in EXPORTS]
    urls += [f"{position.get_absolute_url()}export/{name}/" for name in ("cards-docx", "cards-txt")]
    for url in urls:
        response = reader.get(url)
        assert response.status_code == 200, url
        text = export_text(response)
        assert "the plan is sound" in text, url  # the excerpt itself is published
        assert_no_secrets(text, url)


# Moderators still see everything ---------------------------------------------


def test_it_shows_moderators_draft_speakers_and_sources_in_the_api(client, alice, site):
    client.force_login(alice)
    claim = client.get(f"/api/v1/arguments/{site['claim'].pk}/").json()
    assert claim["speaker"] == site["draft_speaker"].pk
    assert sorted(claim["evidence"]) == sorted([site["sound"].pk, site["memo"].pk])
    found = client.get(f"/api/v1/evidence/?argument={site['draft_claim'].pk}").json()
    assert [item["id"] for item in found["results"]] == [site["sound"].pk]


def test_it_gives_moderators_everything_in_an_unpublished_export(site, tmp_path):
    out = tmp_path / "debate.argdown"
    call_command("export_debate", site["debate"].slug, "--format", "argdown", "--include-unpublished", "-o", str(out))
    text = out.read_text()
    assert "Hidden Speaker Name" in text and "Secret draft claim" in text
