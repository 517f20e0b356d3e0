"""An argument's author (the site user who wrote it) is not the quoted speaker of its evidence."""

import pytest

from debate.arguments.models import Argument
from debate.moderation.models import Proposal

from .factories import make_argument, make_evidence, make_position, make_source, make_speaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(client, alice, bob):
    """Bob's argument citing a Green Beret's quote, approved by Alice through the review page."""
    source = make_source()
    green_beret = make_speaker("A Green Beret turned CIA operator")
    position = make_position()
    client.force_login(bob)
    client.post(
        f"/propose/positions/{position.pk}/",
        {"stance": "against", "text": "The refusal ends the plan.", "source": source.pk, "quote": "Never."},
    )
    proposal = Proposal.objects.get(text="The refusal ends the plan.")
    client.force_login(alice)
    client.post(
        f"/moderate/proposals/{proposal.pk}/",
        {
            "action": "approve",
            "stance": "against",
            "text": "The refusal ends the plan.",
            "speaker": green_beret.pk,  # who said the quoted words
            "evidence_kind": "quote",
        },
    )
    client.logout()
    argument = Argument.objects.get(text="The refusal ends the plan.")
    return {"argument": argument, "green_beret": green_beret, "position": position}


def test_it_never_makes_the_quoted_person_the_author_of_a_students_argument(approved, bob):
    argument = approved["argument"]
    assert argument.speaker is None
    assert argument.author == bob
    assert [item.speaker for item in argument.evidence.all()] == [approved["green_beret"]]


def test_it_shows_readers_a_students_argument_as_proposed_by_a_student(client, approved):
    for url in (approved["position"].get_absolute_url(), approved["argument"].get_absolute_url()):
        html = client.get(url).content.decode()
        assert "proposed by a student" in html
        assert "Argued by" not in html and "bob" not in html


def test_it_shows_moderators_the_students_username(client, alice, approved):
    client.force_login(alice)
    html = client.get(approved["argument"].get_absolute_url()).content.decode()
    assert "proposed by bob" in html


def test_it_gives_the_api_a_speaker_only_for_a_quoted_persons_own_claim(client, alice, approved):
    governor = make_speaker("Governor Ana Ruiz")
    curated = make_argument(approved["position"], speaker=governor)
    student = client.get(f"/api/v1/arguments/{approved['argument'].pk}/").json()
    assert student["speaker"] is None and student["author"] is None
    assert client.get(f"/api/v1/arguments/{curated.pk}/").json()["speaker"] == governor.pk
    client.force_login(alice)
    as_moderator = client.get(f"/api/v1/arguments/{approved['argument'].pk}/").json()
    assert as_moderator["author"] == "bob" and as_moderator["speaker"] is None
    assert client.get(f"/api/v1/arguments/{curated.pk}/").json()["author"] is None


@pytest.mark.parametrize("export", ["aif", "argdown", "cards-txt"])
def test_it_exports_no_usernames(client, approved, export):
    debate = approved["position"].debate
    response = client.get(f"/debates/{debate.slug}/export/{export}/")
    assert response.status_code == 200
    body = b"".join(response) if response.streaming else response.content
    assert b"The refusal ends the plan." in body and b"bob" not in body


def test_it_keeps_a_curated_arguments_speaker_and_no_author(approved):
    quote = make_evidence(speaker=approved["green_beret"])
    curated = make_argument(approved["position"], speaker=approved["green_beret"], evidence=[quote])
    assert curated.author is None and curated.speaker == approved["green_beret"]
