import re

import pytest
from django.core.management import call_command

from debate.arguments.models import Argument, Debate, Position
from debate.core.models import Status
from debate.sources.models import Evidence, EvidenceKind, Source, Speaker

pytestmark = pytest.mark.django_db

# Every direct quotation of three or more words in the seed article, with its speaker (by slug).
SEED_QUOTATIONS = {
    "believes it’s necessary to take some kind of military action against these killers.": "trump-adviser",
    "You have to go back and think of a new strategy,": "carolyn-gallaher",
    "And going and killing capos is not only not a new strategy": "carolyn-gallaher",
    "entirely a movie.": "claudia-sheinbaum",
    "I think that it’s not beyond the possibility": "former-green-beret-cia",
    "I think that’s the only way that you can start to defeat the cartels.": "former-green-beret-cia",
    "That sounds a whole lot like what we did in Afghanistan": "former-marine-officer",
    "Who doesn’t want to throw a satchel charge": "former-marine-officer",
    "That’s super-sexy stuff that we sign up to do.": "former-marine-officer",
    "Directing American special operations forces against the cartels": "brandan-p-buck",
    "Such a move would not just force the American military": "brandan-p-buck",
    "Let me make this abundantly clear,": "all-source-news",
    "Cartel members are not even near peers to the Mexican military.": "all-source-news",
    "The cartels will make money wherever they can,": "all-source-news",
    "For example, in Michoacán, the cartels are fighting over like avocados and limes.": "all-source-news",
    "there is cooperation": "marco-rubio",
    "If it’s to kill the cartel, how do you know when you’ve accomplished the mission?": "former-marine-officer",
    "What’s the metric that these people are going to use": "former-marine-officer",
}


def test_it_captures_all_eighteen_quotations_with_their_speakers(seeded):
    source = Source.objects.get()
    marked = [m.group(1) for m in re.finditer(r"“([^”]+)”", source.text) if len(m.group(1).split()) >= 3]
    assert len(marked) == len(SEED_QUOTATIONS) == 18
    for opening, speaker_slug in SEED_QUOTATIONS.items():
        evidence = Evidence.objects.get(kind=EvidenceKind.QUOTE, quote__startswith=opening)
        assert evidence.speaker.slug == speaker_slug, opening
        assert evidence.quote in marked
        assert evidence.arguments.filter(status=Status.PUBLISHED).exists(), f"no argument cites {opening!r}"


def test_it_keeps_every_seeded_excerpt_verbatim(seeded):
    for evidence in Evidence.objects.select_related("source"):
        assert evidence.source.text[evidence.start : evidence.end] == evidence.quote


def test_it_seeds_at_least_three_positions_with_arguments_both_ways(seeded):
    positions = Position.objects.all()
    assert positions.count() >= 3
    for position in positions:
        stances = set(position.arguments.filter(parent=None).values_list("stance", flat=True))
        assert stances == {"for", "against"}, position.slug
    assert Argument.objects.filter(depth__gte=2).exists()
    assert not Argument.objects.filter(evidence=None).exists()


def test_it_includes_paraphrases_and_anonymous_speakers(seeded):
    assert Evidence.objects.filter(kind=EvidenceKind.PARAPHRASE, speaker__slug="former-tier-one-operator").exists()
    marine = Speaker.objects.get(slug="former-marine-officer")
    assert marine.is_anonymous and "Afghanistan" in marine.name


def test_it_leaves_unknown_metadata_empty(seeded):
    source = Source.objects.get()
    assert source.byline == "" and source.published_on is None and source.url == ""
    assert not source.text.startswith("Here’s What")


def test_it_changes_nothing_when_run_twice_and_keeps_moderator_edits(seeded):
    argument = Argument.objects.order_by("id").first()
    argument.text = "A moderator rewrote this claim."
    argument.save()
    counts = [m.objects.count() for m in (Source, Speaker, Evidence, Position, Argument)]
    call_command("seed", verbosity=0)
    assert [m.objects.count() for m in (Source, Speaker, Evidence, Position, Argument)] == counts
    argument.refresh_from_db()
    assert argument.text == "A moderator rewrote this claim."


def test_it_gives_the_seeded_debate_a_background_and_a_glossary_of_the_articles_terms(seeded):
    debate = Debate.objects.get()
    assert "soft invasion" in debate.background
    terms = {entry["term"] for entry in debate.glossary}
    assert {"sicarios", "HVTs", "capos", "Plan Colombia", "near-peer"} <= terms
    assert 8 <= len(terms) <= 15
    article = Source.objects.get().text.lower()
    assert all(term.lower() in article for term in terms)  # every term is one the article uses


def test_it_adds_the_background_to_a_debate_seeded_before_it_existed_but_not_to_an_edited_one(seeded):
    Debate.objects.update(background="", glossary=[])
    call_command("seed", verbosity=0)
    debate = Debate.objects.get()
    assert debate.background and debate.glossary
    debate.background, debate.glossary = "", []
    debate.save()  # a moderator cleared them on purpose
    call_command("seed", verbosity=0)
    debate.refresh_from_db()
    assert debate.background == "" and debate.glossary == []
