"""Tests of the rule-based quotation extractor (no Django needed).

The snippets below are short made-up sentences exercising one rule each; the
parametrised test at the end measures recall and attribution on the real
articles in tests/extraction_articles/ against their hand-made lists.
"""

import json
import time
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

import pytest

from debate.extraction.evaluation import article_names, best_match, score_article
from debate.extraction.extractor import Proposal, propose_quotes

ARTICLES = Path(__file__).parent / "extraction_articles"


@pytest.fixture(autouse=True)
def _plain_http():
    """Shadows the Django-only autouse fixture of tests/conftest.py: the extractor needs no Django,
    so these tests also run with `-p no:django` before the settings are ready."""


@dataclass
class Speaker:
    name: str
    aliases: list[str] = field(default_factory=list)


def only(text: str, **known) -> Proposal:
    proposals = propose_quotes(text, **known)
    assert len(proposals) == 1, proposals
    return proposals[0]


def speakers(text: str) -> list[str | None]:
    return [p.speaker for p in propose_quotes(text)]


def test_it_returns_nothing_for_empty_text():
    assert propose_quotes("") == []
    assert propose_quotes("  \n\n ") == []


def test_it_returns_nothing_when_there_is_no_quotation():
    assert propose_quotes("The council met on Tuesday and adjourned at noon.") == []


def test_it_keeps_offsets_verbatim_after_non_ascii_text():
    text = (
        "Zoë Ångström 🚲, who runs a café in Tromsø, was blunt.\n"
        "“Prices have doubled since the spring — ça suffit,” Ångström said."
    )
    p = only(text)
    assert text[p.start : p.end] == p.quote == "Prices have doubled since the spring — ça suffit,"
    assert p.speaker == "Zoë Ångström"


def test_it_reads_straight_and_curly_quotes_alike():
    straight = only('"We will reopen the school next week," the principal said.')
    curly = only("“We will reopen the school next week,” the principal said.")
    assert straight.quote == curly.quote == "We will reopen the school next week,"
    assert straight.speaker == curly.speaker == "the principal"


def test_it_splits_a_quotation_around_its_attribution():
    text = "Marta Lindqvist runs the ferry. “The crossing is safe,” she said. “We check the hull every month.”"
    first, second = propose_quotes(text)
    assert (first.quote, second.quote) == ("The crossing is safe,", "We check the hull every month.")
    assert first.speaker == second.speaker == "Marta Lindqvist"
    assert first.cue == "said"


def test_it_proposes_each_paragraph_of_a_multi_paragraph_quotation():
    text = (
        "“The harvest came in late this year,” said Owen Pryce, a grower in the valley. "
        "“Rain in June set us back weeks.\n"
        "“Next year we plant earlier, whatever the forecast says.”"
    )
    proposals = propose_quotes(text)
    assert [p.quote for p in proposals] == [
        "The harvest came in late this year,",
        "Rain in June set us back weeks.",
        "Next year we plant earlier, whatever the forecast says.",
    ]
    assert {p.speaker for p in proposals} == {"Owen Pryce"}
    assert all(text[p.start : p.end] == p.quote for p in proposals)


def test_it_gives_an_uncued_follow_on_paragraph_to_the_previous_speaker():
    text = (
        '"The pier needs new pilings," harbor master Ines Duarte said.\n'
        '"Without them we close the north dock by winter."'
    )
    assert speakers(text) == ["Ines Duarte", "Ines Duarte"]


def test_it_keeps_a_nested_quotation_inside_the_outer_one():
    p = only("“He looked at me and said, ‘Leave the keys on the table,’ and then he left,” the tenant said.")
    assert p.quote == "He looked at me and said, ‘Leave the keys on the table,’ and then he left,"
    assert p.speaker == "the tenant"


def test_it_skips_scare_quotes_and_quoted_names():
    text = (
        "Critics call the levy a “stealth tax” and the plan a “disaster.” "
        "The so-called “Harbour Renewal Plan” passed anyway. "
        "Mayor Dana Whitfield said the city would “not back down on this.”"
    )
    p = only(text)
    assert p.quote == "not back down on this."
    assert p.speaker == "Dana Whitfield"


def test_it_resolves_pronouns_to_the_last_speaker_of_matching_gender():
    text = (
        "Priya Natarajan, a nurse at the county clinic, said the wait had grown. "
        "Her supervisor, Tom Becker, disagreed.\n"
        "“The queue is shorter than last winter,” he said.\n"
        "“Ask anyone who waited in January,” she said."
    )
    assert speakers(text) == ["Tom Becker", "Priya Natarajan"]


def test_it_reads_according_to():
    p = only("The dam will be inspected weekly, “starting with the spillway gates,” according to Leon Marsh.")
    assert (p.speaker, p.cue) == ("Leon Marsh", "according to")


def test_it_links_surnames_and_titles_to_the_full_name():
    text = (
        "Sen. Harriet Vance of Ohio opened the hearing.\n"
        "“We are here to get answers, not speeches,” Vance said.\n"
        "“I will keep asking until I get them,” said Sen. Vance."
    )
    assert speakers(text) == ["Harriet Vance", "Harriet Vance"]


def test_it_resolves_a_title_noun_to_the_titled_person():
    text = "Sen. Harriet Vance chaired the session.\n“We need the figures by Friday,” the senator said."
    assert speakers(text) == ["Harriet Vance"]


def test_it_resolves_an_organisation_noun_to_the_named_organisation():
    text = "The Foreign Ministry summoned the envoy. “The incursion is unacceptable,” the ministry said."
    p = only(text)
    assert p.speaker == "The Foreign Ministry"
    assert not p.is_anonymous


def test_it_picks_the_most_recent_person_sharing_a_surname():
    text = (
        "Anna Kowalski founded the bakery in 1990. Her son, Piotr Kowalski, told reporters it would close.\n"
        "“We could not find anyone to take over,” Kowalski said."
    )
    assert speakers(text) == ["Piotr Kowalski"]


def test_it_resolves_a_role_noun_to_an_earlier_description():
    text = (
        "A firefighter who spent two days on the ridge says the wind turned without warning.\n"
        "“We had maybe four minutes to get out,” the firefighter says."
    )
    p = only(text)
    assert p.speaker == "A firefighter who spent two days on the ridge"
    assert p.is_anonymous


def test_it_describes_an_anonymous_source():
    p = only("“The talks are stalled over the border question,” said an official who spoke on condition of anonymity.")
    assert p.speaker == "an official who spoke on condition of anonymity"
    assert p.is_anonymous and p.cue == "said"


def test_it_takes_role_and_affiliation_from_an_appositive():
    p = only(
        "“Tariffs rarely protect the jobs they promise to,” "
        "said Nadia Rahman, a senior fellow at the Lowell Trade Institute."
    )
    assert (p.speaker, p.role, p.affiliation) == ("Nadia Rahman", "senior fellow", "Lowell Trade Institute")
    assert not p.is_anonymous


def test_it_takes_the_role_from_a_title_before_the_name():
    p = only("Finnish Foreign Minister Aino Laaksonen called the proposal “a step in the right direction.”")
    assert (p.speaker, p.role, p.cue) == ("Aino Laaksonen", "Finnish Foreign Minister", "called")


def test_it_reads_a_cue_with_a_colon_before_the_quotation():
    p = only("Coach Ray Molina replied: “We lost because we stopped running.”")
    assert (p.speaker, p.cue) == ("Ray Molina", "replied")


def test_it_reads_an_organisation_as_the_speaker():
    p = only("“The reservoir is at a safe level,” the water authority said in a statement.")
    assert p.speaker == "the water authority"
    assert not p.is_anonymous


def test_it_leaves_the_speaker_empty_when_nothing_attributes_the_quote():
    p = only("The sign on the gate read “No entry after dark, by order of the owners.”")
    assert p.speaker is None


def test_it_matches_known_speakers_by_name_alias_surname_or_description():
    text = (
        "Greta Holm, who chairs the board, spoke first. “We will vote in May,” Holm said.\n"
        "“The budget is not ready,” said a retired teacher who attends every meeting."
    )
    known = [Speaker("Greta M. Holm", aliases=["Greta Holm"]), Speaker("retired teacher")]
    first, second = propose_quotes(text, known_speakers=known)
    assert first.matched_speaker == "Greta M. Holm"
    assert second.matched_speaker == "retired teacher"
    by_surname = propose_quotes(text, known_speakers=[Speaker("Greta Holm")])[0]
    assert by_surname.matched_speaker == "Greta Holm"
    assert propose_quotes(text, known_speakers=[Speaker("Ola Berg")])[0].matched_speaker is None


def test_it_serialises_a_proposal():
    data = only("“The vote is tomorrow,” said Ines Ortega.").as_dict()
    assert data["quote"] == "The vote is tomorrow,"
    assert data["speaker"] == "Ines Ortega"
    assert {"start", "end", "cue", "role", "affiliation", "is_anonymous", "matched_speaker", "kind"} <= data.keys()
    json.dumps(data)


def test_it_scores_a_proposal_that_covers_most_of_a_quotation():
    text = "He said “one two three four five six seven eight nine ten” and left."
    start = text.index("one")
    covering = Proposal(
        "one two three four five six seven eight nine", start, start + 44, None, None, "", "", False, None
    )
    assert covering.quote == text[covering.start : covering.end]
    assert best_match(text, "one two three four five six seven eight nine ten", [covering]) is covering
    too_short = Proposal("one two", start, start + 7, None, None, "", "", False, None)
    assert best_match(text, "one two three four five six seven eight nine ten", [too_short]) is None


@pytest.mark.parametrize("name", article_names(ARTICLES))
def test_it_finds_and_attributes_the_quotations_of_a_real_article(name):
    meta = json.loads((ARTICLES / f"{name}.meta.json").read_text(encoding="utf-8"))
    assert meta["title"] and meta["publication"]
    score = score_article(ARTICLES, name)
    assert score.recall >= 0.95, f"missed: {score.misses}"
    assert score.attribution >= 0.90, f"wrong speakers: {score.wrong}"
    assert not score.split, f"one person proposed under several names: {score.split}"


def test_it_has_several_test_articles():
    assert len(article_names(ARTICLES)) >= 3


def _seconds_to_extract(text: str) -> float:
    """The fastest of two runs, in processor time: what other processes on the machine do counts less."""
    times = []
    for _ in range(2):
        started = time.process_time()
        propose_quotes(text)
        times.append(time.process_time() - started)
    return min(times)


def test_it_extracts_a_long_paste_in_time_proportional_to_its_length():
    # The worst shapes for attribution: line breaks lost (one paragraph), and many different people quoted.
    article = (ARTICLES / "seed_article.txt").read_text(encoding="utf-8").replace("\n", " ")
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vi"]
    names = [f"{a.title()}{b} {c.title()}{d}{e}" for a, b, c, d, e in product(syllables, repeat=5)]

    def paste(parts):
        quotes = [f"{names[i]}, a researcher, said “the plan cannot work at all.”" for i in range(parts * 20)]
        return " ".join([article] * parts + quotes)

    small, large = paste(3), paste(24)
    assert len(propose_quotes(large)) == 8 * len(propose_quotes(small))
    # Eight times the text: about eight times the time; a quadratic step would take about 64 times as long.
    assert _seconds_to_extract(large) < 20 * _seconds_to_extract(small)
