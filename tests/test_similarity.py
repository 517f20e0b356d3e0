"""Similar arguments: what a student is shown while writing, the review queue's likely duplicates, the API."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from debate.arguments.models import Argument
from debate.arguments.similarity import similar_arguments
from debate.core.models import Status
from debate.moderation.models import Proposal

from .factories import make_argument, make_position

pytestmark = pytest.mark.django_db

PARAPHRASES = json.loads((Path(__file__).parent / "data" / "similar_paraphrases.json").read_text())["paraphrases"]
SIMILAR = "/api/v1/arguments/similar/"


def ranks_of_the_originals():
    """For each paraphrase, where its original comes in the ranking (None when it is not listed)."""
    ranks = []
    for item in PARAPHRASES:
        original = Argument.objects.get(slug=item["original"])
        found = [
            match.argument.pk for match in similar_arguments(debate_id=original.position.debate_id, text=item["text"])
        ]
        ranks.append(found.index(original.pk) + 1 if original.pk in found else None)
    return ranks


def test_it_finds_the_original_of_most_paraphrases_first_and_nearly_all_in_the_top_three(seeded):
    ranks = ranks_of_the_originals()
    first, top_three = ranks.count(1), sum(1 for rank in ranks if rank and rank <= 3)
    print(f"similar arguments: the original first for {first}/20, in the top three for {top_three}/20")
    assert len(ranks) == 20
    assert first >= 18
    assert top_three == 20


@pytest.fixture
def raids():
    position = make_position()
    return {
        "raid": make_argument(
            position, text="Helicopter raids can capture cartel leaders within seconds, as commandos did in Iraq."
        ),
        "other": make_argument(position, text="Plan Colombia reduced drug production with economic assistance."),
        "draft": make_argument(
            position,
            status=Status.DRAFT,
            text="Helicopter raids capture cartel leaders in seconds, like the commandos in Iraq.",
        ),
    }


def test_it_answers_a_ranked_list_with_scores(client, raids):
    position = raids["raid"].position
    response = client.get(
        SIMILAR, {"position": position.pk, "text": "Commandos in helicopters could seize the cartel leaders quickly"}
    )
    assert response.status_code == 200
    matches = response.json()
    assert [match["argument"]["id"] for match in matches] == [raids["raid"].pk]
    first = matches[0]
    assert 0 < first["score"] <= 1
    assert first["argument"]["text"] == raids["raid"].text
    assert first["argument"]["position_stance"] == "for"
    assert first["argument"]["html_url"] == "http://testserver" + raids["raid"].get_absolute_url()


def test_it_never_suggests_a_draft_or_another_debate_s_argument(client, raids):
    elsewhere = make_argument(text="Helicopter raids can capture cartel leaders within seconds, as in Iraq.")
    response = client.get(SIMILAR, {"position": raids["raid"].position.pk, "text": raids["draft"].text})
    ids = [match["argument"]["id"] for match in response.json()]
    assert raids["raid"].pk in ids
    assert raids["draft"].pk not in ids and elsewhere.pk not in ids


def test_it_orders_the_closest_first(client, raids):
    position = raids["raid"].position
    close = make_argument(position, text="Plan Colombia cut drug production through economic assistance and aid.")
    response = client.get(
        SIMILAR, {"position": position.pk, "text": "Plan Colombia reduced drug production with economic help."}
    )
    scores = [match["score"] for match in response.json()]
    assert [match["argument"]["id"] for match in response.json()][:2] == [raids["other"].pk, close.pk]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    "query",
    [
        {"text": "helicopter raids on cartel leaders"},
        {"position": "", "text": "helicopter raids on cartel leaders"},
        {"position": "abc", "text": "helicopter raids on cartel leaders"},
        {"position": "٣", "text": "helicopter raids on cartel leaders"},
        {"position": "99999999999999999999999", "text": "helicopter raids"},
        {"position": "{position}"},
        {"position": "{position}", "text": ""},
        {"position": "{position}", "text": "x" * 2001},
        {"position": "{draft_position}", "text": "helicopter raids on cartel leaders"},
        {"position": "{position}", "text": "helicopter raids", "q": "raids"},
    ],
)
def test_it_answers_missing_or_bad_parameters_with_a_400(client, raids, query):
    draft_position = make_position(status=Status.DRAFT)
    ids = {"{position}": str(raids["raid"].position.pk), "{draft_position}": str(draft_position.pk)}
    response = client.get(SIMILAR, {name: ids.get(value, value) for name, value in query.items()})
    assert response.status_code == 400
    assert response.json()


def test_it_documents_the_endpoint_in_the_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"][SIMILAR]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"position", "text"}
    assert "200" in operation["responses"] and "400" in operation["responses"]


def test_it_shows_a_student_arguments_like_theirs_before_storing_anything(client, bob, raids):
    position = raids["raid"].position
    client.force_login(bob)
    typed = {
        "stance": "for",
        "text": "Commandos in helicopters could capture the cartel leaders within seconds, like in Iraq.",
    }
    response = client.post(f"/propose/positions/{position.pk}/", typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "These arguments look like yours" in html
    assert raids["raid"].text in html and raids["other"].text not in html and raids["draft"].text not in html
    assert reverse("moderation:propose_evidence", args=[raids["raid"].pk]) in html
    assert "Add your evidence to this one instead" in html
    assert typed["text"] in html  # what they wrote is still in the form
    assert not Proposal.objects.exists()

    # Sending it again as it is shows the same step; ticking "send mine anyway" stores it.
    client.post(f"/propose/positions/{position.pk}/", typed)
    assert not Proposal.objects.exists()
    response = client.post(f"/propose/positions/{position.pk}/", {**typed, "confirmed": "on"})
    assert response.status_code == 302
    assert Proposal.objects.get().text == typed["text"]


def test_it_sends_an_argument_unlike_any_other_at_once(client, bob, raids):
    client.force_login(bob)
    text = "Sanctions on money laundering banks would hurt the cartels more than soldiers."
    response = client.post(
        reverse("moderation:propose_reply", args=[raids["raid"].pk]), {"stance": "against", "text": text}
    )
    assert "These arguments look like yours" not in response.content.decode()
    assert response.status_code == 302
    assert Proposal.objects.get().text == text


def test_it_shows_the_review_queue_each_proposal_s_likely_duplicates(
    client, alice, bob, raids, django_assert_max_num_queries
):
    position = raids["raid"].position
    duplicate = Proposal.objects.create(
        kind="argument", author=bob, position=position, stance="for",
        text="Helicopter commandos could capture cartel leaders in seconds, as they did in Iraq.",
    )  # fmt: skip
    for number in range(20):
        Proposal.objects.create(
            kind="argument", author=bob, position=position, stance="against",
            text=f"Something entirely new, idea number {number}, about bananas and weather.",
        )  # fmt: skip
    client.force_login(alice)
    with django_assert_max_num_queries(12):
        html = client.get("/moderate/queue/").content.decode()
    assert html.count("Likely duplicates") == 1
    assert raids["raid"].text in html and raids["raid"].get_absolute_url() in html
    review = client.get(duplicate.get_absolute_url()).content.decode()
    assert "Likely duplicates" in review and raids["raid"].text in review


@pytest.mark.parametrize(
    "text", ['raids" AND( cartel NEAR leaders', "raids' | !cartel & leaders:*", "٣ raids — cartel leaders"]
)
def test_it_reads_query_syntax_as_plain_words(client, raids, text):
    response = client.get(SIMILAR, {"position": raids["raid"].position.pk, "text": text})
    assert response.status_code == 200
    assert [match["argument"]["id"] for match in response.json()][:1] == [raids["raid"].pk]
