"""The debate builder: an outline of positions and arguments saved as drafts, then published together."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from debate.arguments.models import Argument, Debate, Position
from debate.core.models import Status
from debate.moderation.builder import ArgumentRow, Outline, Passage, PositionRow, builder_save, debate_publish
from debate.sources.models import Evidence

from .factories import make_evidence, make_source, make_speaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    source = make_source(status=Status.DRAFT)
    governor = make_speaker("The governor", status=Status.DRAFT)
    return source, make_evidence(source, "We will not accept it,", speaker=governor), make_evidence(source, "Never.")


def outline_of(article, rows, positions=("Adopt the plan", "Reject the plan")):
    return Outline(
        motion="This house would adopt the plan",
        positions=[PositionRow(title=title) for title in positions],
        rows=rows,
        article=article,
    )


def test_it_saves_an_outline_with_replies_and_sides_as_drafts(alice, article):
    source, refusal, never = article
    rows = [
        ArgumentRow(key="a", text="The plan pays for itself.", position=0, side="for", evidence=[never.pk]),
        ArgumentRow(key="b", text="The governor will block it.", position=0, side="against", parent="a"),
        ArgumentRow(key="c", text="Blocking it costs him votes.", position=0, side="for", parent="b"),
        ArgumentRow(key="d", text="Nobody wants it.", position=1, side="for", evidence=[refusal.pk]),
    ]
    debate = builder_save(moderator=alice, debate=None, outline=outline_of(source, rows))

    assert debate.status == Status.DRAFT and debate.slug == "this-house-would-adopt-the-plan"
    assert [p.title for p in debate.positions.order_by("order")] == ["Adopt the plan", "Reject the plan"]
    saved = {a.text: a for a in Argument.objects.filter(position__debate=debate)}
    blocks, votes = saved["The governor will block it."], saved["Blocking it costs him votes."]
    assert blocks.parent == saved["The plan pays for itself."] and blocks.stance == "against"
    # A side is toward the position: "for" under an argument against it answers that argument.
    assert votes.parent == blocks and votes.stance == "against" and votes.position_stance == "for"
    assert list(saved["Nobody wants it."].evidence.all()) == [refusal]
    assert saved["Nobody wants it."].position.title == "Reject the plan"
    assert all(a.status == Status.DRAFT for a in saved.values())


def test_it_updates_a_saved_outline_and_quotes_a_selected_passage(alice, article):
    source, refusal, _ = article
    rows = [ArgumentRow(key="a", text="The plan pays.", position=0)]
    debate = builder_save(moderator=alice, debate=None, outline=outline_of(source, rows))
    first = Argument.objects.get(position__debate=debate)
    start = source.text.index("Analysts doubt")
    outline = outline_of(source, [])
    outline.positions = [PositionRow(title=p.title, slug=p.slug, id=p.pk) for p in debate.positions.all()]
    outline.slug = "the-plan"
    outline.rows = [
        ArgumentRow(key="x", text="The plan pays for itself.", position=1, id=first.pk, version=first.version),
        ArgumentRow(
            key="y",
            text="The numbers are doubtful.",
            position=1,
            parent="x",
            side="against",
            passages=[Passage(quote="Analysts doubt the numbers", start=start, end=start + 26)],
        ),
    ]
    builder_save(moderator=alice, debate=debate, outline=outline)

    first.refresh_from_db()
    assert first.text == "The plan pays for itself." and first.position.title == "Reject the plan"
    assert Debate.objects.get(pk=debate.pk).slug == "the-plan"
    reply = Argument.objects.get(parent=first)
    assert [e.quote for e in reply.evidence.all()] == ["Analysts doubt the numbers"]


@pytest.mark.parametrize(
    "rows, message",
    [
        (
            [
                ArgumentRow(key="a", text="A reply above its parent.", position=0, parent="b"),
                ArgumentRow(key="b", text="The parent.", position=0),
            ],
            "Argument 1 answers a row that is not above it",
        ),
        (
            [ArgumentRow(key="a", text="Cites a stranger.", position=0, evidence=[999999])],
            "not in this debate's sources",
        ),
        ([ArgumentRow(key="a", text="   ", position=0)], "Argument 1 needs its claim (the text is empty)"),
        (
            [ArgumentRow(key="a", text="Misquotes.", position=0, passages=[Passage("words not in it")])],
            "does not occur",
        ),
    ],
)
def test_it_refuses_a_bad_outline_with_a_clear_error_and_stores_nothing(alice, article, rows, message):
    source = article[0]
    with pytest.raises(ValidationError) as error:
        builder_save(moderator=alice, debate=None, outline=outline_of(source, rows))
    assert message in " ".join(error.value.messages)
    assert not Debate.objects.exists() and not Position.objects.exists() and not Argument.objects.exists()
    assert Evidence.objects.count() == 2


def test_it_refuses_evidence_from_another_debates_article(alice, article):
    elsewhere = make_evidence(make_source(title="Another article"), "Analysts doubt")
    rows = [ArgumentRow(key="a", text="Cites another article.", position=0, evidence=[elsewhere.pk])]
    with pytest.raises(ValidationError, match="not in this debate's sources"):
        builder_save(moderator=alice, debate=None, outline=outline_of(article[0], rows))
    assert not Debate.objects.exists()


def test_it_publishes_only_what_is_ticked_together_with_the_source_and_speaker(alice, article):
    source, refusal, never = article
    rows = [
        ArgumentRow(key="a", text="Nobody wants it.", position=0, evidence=[refusal.pk]),
        ArgumentRow(key="b", text="Not ready yet.", position=1, evidence=[never.pk]),
    ]
    debate = builder_save(moderator=alice, debate=None, outline=outline_of(source, rows))
    ready = Argument.objects.get(text="Nobody wants it.")
    first = debate.positions.get(order=0)
    items = [("debate", debate.pk), ("position", first.pk), ("argument", ready.pk), ("source", source.pk)]
    items.append(("speaker", refusal.speaker_id))
    debate_publish(moderator=alice, debate=debate, items=items, article=source)

    assert Argument.objects.readable().get() == ready
    assert Debate.objects.published().get() == debate
    assert refusal.speaker.__class__.objects.get(pk=refusal.speaker_id).is_published
    assert debate.positions.get(order=1).status == Status.DRAFT
    assert Argument.objects.get(text="Not ready yet.").status == Status.DRAFT


def test_it_publishes_nothing_when_an_item_is_not_the_debates(alice, article):
    source = article[0]
    debate = builder_save(
        moderator=alice, debate=None, outline=outline_of(source, [ArgumentRow(key="a", text="A.", position=0)])
    )
    stranger = builder_save(
        moderator=alice, debate=None, outline=outline_of(source, [ArgumentRow(key="a", text="B.", position=0)])
    )
    foreign = Argument.objects.get(position__debate=stranger)
    with pytest.raises(ValidationError, match="Not part of this debate"):
        debate_publish(moderator=alice, debate=debate, items=[("debate", debate.pk), ("argument", foreign.pk)])
    assert not Debate.objects.published().exists()


def form_data(source, rows, positions=("Adopt the plan", "Reject the plan"), **extra):
    data = {
        "motion": "This house would adopt the plan",
        "slug": "",
        "article": str(source.pk),
        "positions-TOTAL_FORMS": str(len(positions)),
        "positions-INITIAL_FORMS": "0",
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": "0",
        **extra,
    }
    for index, title in enumerate(positions):
        data[f"positions-{index}-title"] = title
    for index, row in enumerate(rows):
        for name, value in {"key": f"n{index}", "position": "0", "side": "for", **row}.items():
            data[f"rows-{index}-{name}"] = value
    return data


def test_it_builds_and_publishes_a_debate_without_javascript(client, alice, article):
    source, refusal, never = article
    client.force_login(alice)
    page = client.get(reverse("builder:new") + f"?source={source.pk}")
    assert page.status_code == 200 and "Claim of argument 4" in page.content.decode()

    # "Add an argument" gives one more row and keeps what was typed.
    rows = [{"text": "Nobody wants it.", "evidence": [str(refusal.pk)]}]
    more = client.post(reverse("builder:new"), form_data(source, rows, add_row="1"))
    assert "Claim of argument 2" in more.content.decode() and "Nobody wants it." in more.content.decode()
    assert not Debate.objects.exists()

    rows.append({"text": "It will never pass.", "position": "1", "side": "against", "evidence": [str(never.pk)]})
    saved = client.post(reverse("builder:new"), form_data(source, rows, save="1"))
    debate = Debate.objects.get()
    assert saved.status_code == 302 and saved["Location"].startswith(reverse("builder:build", args=[debate.pk]))
    publish_page = client.get(saved["Location"]).content.decode()
    assert "Publish the debate" in publish_page and 'value="argument-' in publish_page

    ticked = [f"{kind}-{pk}" for kind, pk in [("debate", debate.pk), ("source", source.pk)]]
    ticked += [f"position-{p.pk}" for p in debate.positions.all()]
    ticked += [f"argument-{a.pk}" for a in Argument.objects.all()]
    ticked += [f"speaker-{refusal.speaker_id}"]
    published = client.post(reverse("builder:publish", args=[debate.pk]), {"publish": ticked, "article": source.pk})
    assert published["Location"] == debate.get_absolute_url()
    reader = client.get(debate.get_absolute_url())
    assert reader.status_code == 200 and Argument.objects.readable().count() == 2


def test_it_shows_an_outlines_errors_and_keeps_what_was_typed(client, alice, article):
    source = article[0]
    client.force_login(alice)
    rows = [{"text": "A reply to nothing above.", "parent": "n1"}, {"text": "The parent."}]
    response = client.post(reverse("builder:new"), form_data(source, rows, save="1"))
    assert response.status_code == 400
    assert "Argument 1 answers a row that is not above it" in response.content.decode()
    assert "A reply to nothing above." in response.content.decode()
    assert not Debate.objects.exists()


def test_it_lets_no_student_build_or_publish(client, bob, article):
    source = article[0]
    debate = builder_save(
        moderator=None, debate=None, outline=outline_of(source, [ArgumentRow(key="a", text="A.", position=0)])
    )
    client.force_login(bob)
    assert client.get(reverse("builder:new")).status_code == 403
    assert client.post(reverse("builder:new"), form_data(source, [{"text": "Mine."}], save="1")).status_code == 403
    assert client.get(reverse("builder:build", args=[debate.pk])).status_code == 403
    assert (
        client.post(reverse("builder:publish", args=[debate.pk]), {"publish": [f"debate-{debate.pk}"]}).status_code
        == 403
    )
    assert not Debate.objects.published().exists() and Debate.objects.count() == 1


def test_it_links_the_builder_from_a_reviewed_article_and_from_a_debates_edit_page(client, alice, article):
    source = article[0]
    client.force_login(alice)
    review = client.get(reverse("extraction:review", args=[source.pk])).content.decode()
    assert f"{reverse('builder:new')}?source={source.pk}" in review
    debate = builder_save(
        moderator=alice, debate=None, outline=outline_of(source, [ArgumentRow(key="a", text="A.", position=0)])
    )
    edit = client.get(reverse("moderation:edit", args=["debates", debate.pk])).content.decode()
    assert reverse("builder:build", args=[debate.pk]) in edit
    outline = client.get(reverse("builder:build", args=[debate.pk])).content.decode()
    assert "A." in outline and "Publish the debate" in outline
