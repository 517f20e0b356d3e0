"""One person, one proposed speaker: the ways an article names the same person again.

Small made-up articles, written before the coreference rules were tuned and
kept apart from the examples in the code. Each lists, in reading order, the
speaker every quotation should be given; the same label on each means the
review page shows the person once.
"""

from dataclasses import dataclass

import pytest

from debate.extraction.extractor import propose_quotes


@pytest.fixture(autouse=True)
def _plain_http():
    """Shadows the Django-only autouse fixture of tests/conftest.py: the extractor needs no Django."""


ALIASES = {
    "title and surname, then full name": (
        "The county board voted 4-1 on Tuesday to close the Mill Road landfill by 2027.\n"
        "“We have waited twenty years for this vote,” said Supervisor Elena Ruiz, who wrote the motion.\n"
        "Neighbours packed the hearing room. “The trucks will stop before my grandchildren start school,” Ruiz said.\n"
        "Elena Ruiz later told reporters that “the cleanup money is already in the budget.”"
    ),
    "full name, then title and full name": (
        "Elena Ruiz grew up two streets from the landfill.\n"
        "“I have smelled it every summer of my life,” Ruiz said on Tuesday.\n"
        "“This board finally listened,” said Supervisor Elena Ruiz after the vote."
    ),
    "definite appositive, then the description": (
        "Sen. Mark Warner, the Virginia Democrat, introduced the bill on Thursday.\n"
        "“Every agency should know who is on its networks,” Warner said.\n"
        "“We cannot wait for the next breach to act,” the Virginia Democrat added."
    ),
    "surname with an indefinite appositive, then the description": (
        "Sen. Mark Warner has pushed for the rules since the spring.\n"
        "“This is overdue,” said Warner, a Virginia Democrat, in an interview.\n"
        "“The companies have had years to fix this themselves,” the Democrat said."
    ),
    "appositive in a speech clause, then a shorter description": (
        "“The data shows the program is working,” Sen. Mark Warner, the Virginia Democrat, said on Monday.\n"
        "“It deserves another five years of funding,” the senator said."
    ),
    "an official, then the official": (
        "A White House official said the president would sign the order on Friday.\n"
        "“The text is final and the lawyers have signed off,” the official said.\n"
        "“Nobody expects a delay,” the official added."
    ),
    "the source the article ties to the official": (
        "“The talks are closer than they have been in months,” a White House official told CNN on Wednesday.\n"
        "“Both sides want this done before the summit,” the CNN source said."
    ),
    "the source after an anonymous official": (
        "A senior State Department official, who asked not to be named, said the envoy would travel on Monday.\n"
        "“He will carry a written offer,” the source said."
    ),
    "a headline preview, then the official introduced in the text": (
        "• “A deal is within reach,” official says\n"
        "A senior State Department official said on Tuesday that negotiators had settled the hardest points.\n"
        "“A deal is within reach,” the official said. “We expect a signing within weeks.”"
    ),
}

EXPECTED = {
    "title and surname, then full name": ["Elena Ruiz"] * 3,
    "full name, then title and full name": ["Elena Ruiz"] * 2,
    "definite appositive, then the description": ["Mark Warner"] * 2,
    "surname with an indefinite appositive, then the description": ["Mark Warner"] * 2,
    "appositive in a speech clause, then a shorter description": ["Mark Warner"] * 2,
    "an official, then the official": ["A White House official"] * 2,
    "the source the article ties to the official": ["a White House official"] * 2,
    "the source after an anonymous official": ["A senior State Department official"],
    "a headline preview, then the official introduced in the text": ["A senior State Department official"] * 3,
}

# Different people who share words must stay apart.
DISTINCT = {
    "two officials from different places": (
        (
            "A White House official said the order was ready. A Pentagon official said the troops were not.\n"
            "“The order goes out Friday,” the White House official said.\n"
            "“We need another month,” the Pentagon official said."
        ),
        ["A White House official", "A Pentagon official"],
    ),
    "two senators, each with their own description": (
        (
            "Sen. Mark Warner, the Virginia Democrat, and Sen. John Cornyn, the Texas Republican, wrote the bill.\n"
            "“It protects every network,” the Virginia Democrat said.\n"
            "“It spends less than the last one,” the Texas Republican said."
        ),
        ["Mark Warner", "John Cornyn"],
    ),
    "two people sharing a surname": (
        (
            "Supervisor Elena Ruiz voted for the closure. Her brother, Tomas Ruiz, runs a hauling firm.\n"
            "“The vote costs us our biggest contract,” Tomas Ruiz said.\n"
            "“I understand his worry,” Elena Ruiz said."
        ),
        ["Tomas Ruiz", "Elena Ruiz"],
    ),
    "a second official is someone else": (
        (
            "“The plan is sound,” an official at the Treasury said.\n"
            "“The plan is a gamble,” a White House official said."
        ),
        ["an official at the Treasury", "a White House official"],
    ),
}


@pytest.mark.parametrize("case", list(ALIASES))
def test_it_proposes_one_speaker_for_every_way_an_article_names_them(case):
    proposals = propose_quotes(ALIASES[case])
    assert [p.speaker for p in proposals] == EXPECTED[case]


@pytest.mark.parametrize("case", list(DISTINCT))
def test_it_keeps_different_people_apart(case):
    text, expected = DISTINCT[case]
    assert [p.speaker for p in propose_quotes(text)] == expected


def test_it_keeps_the_title_as_the_role_of_the_one_speaker():
    proposals = propose_quotes(ALIASES["title and surname, then full name"])
    assert {p.role for p in proposals} == {"Supervisor"}


def test_it_keeps_the_description_as_the_role_of_the_named_speaker():
    proposals = propose_quotes(ALIASES["definite appositive, then the description"])
    assert {p.role for p in proposals} == {"Virginia Democrat"}
    assert not any(p.is_anonymous for p in proposals)


def test_it_reads_a_title_it_does_not_know_as_part_of_the_role():
    text = (
        "“We will reopen the pool in June,” said Parkskeeper Nadia Obi.\n"
        "Nadia Obi added that “the repairs are paid for.”"
    )
    proposals = propose_quotes(text)
    assert [(p.speaker, p.role) for p in proposals] == [("Nadia Obi", "Parkskeeper")] * 2


@dataclass
class KnownSpeaker:
    name: str
    role: str = ""


VOTE = "“The vote is long overdue,”"
RUIZ_BY_SURNAME = (
    "The board met on Tuesday. Ruiz, the county supervisor who wrote the motion, spoke first.\n"
    "“We have waited twenty years for this vote,” Ruiz said."
)


@pytest.mark.parametrize(
    "text, site, expected",
    [
        (f"{VOTE} said Supervisor Elena Ruiz.", [KnownSpeaker("Elena Ruiz")], "Elena Ruiz"),
        (f"{VOTE} said Elena Ruiz.", [KnownSpeaker("Supervisor Elena Ruiz")], "Supervisor Elena Ruiz"),
        (f"{VOTE} said Elena Ruíz.", [KnownSpeaker("elena  ruiz")], "elena  ruiz"),
        (
            RUIZ_BY_SURNAME,
            [KnownSpeaker("Tomas Ruiz", "owner of a hauling firm"), KnownSpeaker("Elena Ruiz", "county supervisor")],
            "Elena Ruiz",
        ),
        (RUIZ_BY_SURNAME, [KnownSpeaker("Tomas Ruiz", "owner"), KnownSpeaker("Elena Ruiz", "lawyer")], None),
        (f"{VOTE} said Elena Ruiz.", [KnownSpeaker("Tomas Ruiz")], None),
    ],
    ids=["title dropped", "title on the site", "accents and case", "surname and role", "surname only", "other"],
)
def test_it_proposes_a_speaker_already_on_the_site_by_name_or_surname_and_role(text, site, expected):
    proposals = propose_quotes(text, site)
    assert [p.matched_speaker for p in proposals] == [expected]
