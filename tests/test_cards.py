"""Evidence cards in Verbatim's conventions: styles Verbatim's macros find, short tags, full cites."""

import datetime
import io

import pytest
from docx import Document

from debate.arguments.models import Argument, Position
from debate.core.models import Status
from debate.interchange.cards import TAG_MAX_WORDS, short_claim
from debate.sources.models import Evidence, Source

from .factories import make_argument, make_debate, make_evidence, make_position, make_source, make_speaker

pytestmark = pytest.mark.django_db

SEED_SLUG = "us-military-force-against-mexican-cartels"
TITLE = "Here’s What Trump’s Mexico Invasion Plan Could Look Like"
KINGPIN = "Taking out a kingpin does not end the violence"
HEADING_OF = {"Pocket": "Heading 1", "Hat": "Heading 2", "Block": "Heading 3", "Tag": "Heading 4"}


def aliases(style):
    """Verbatim's names for a style: Word shows them after its own ("Heading 4,Tag")."""
    return [alias for value in style.element.xpath("w:aliases/@w:val") for alias in value.split(",")]


def verbatim_name(style):
    return (aliases(style) or [style.name])[0]


def download_docx(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return Document(io.BytesIO(response.content))


def cards_of(document):
    """``[(tag, cite paragraph, card paragraph)]`` for every Tag followed by a cite."""
    paragraphs = document.paragraphs
    return [
        (paragraph.text, paragraphs[i + 1], paragraphs[i + 2])
        for i, paragraph in enumerate(paragraphs[:-2])
        if verbatim_name(paragraph.style) == "Tag" and verbatim_name(paragraphs[i + 1].style) == "Normal/Card"
    ]


def read_words(card):
    """What is underlined (Underline and Emphasis runs), as one string."""
    return "".join(run.text for run in card.runs if verbatim_name(run.style) in {"Underline", "Emphasis"})


def accessed(source):
    day = source.created_at.date()
    return f"accessed {day.month}-{day.day}-{day.year}"


def test_it_defines_verbatims_styles_as_verbatim_does(seeded, client):
    document = download_docx(client, f"/debates/{SEED_SLUG}/export/cards-docx/")
    styles = document.styles
    for alias, heading in HEADING_OF.items():
        style = styles[heading]
        level = int(heading[-1])
        assert (style.style_id, aliases(style)) == (f"Heading{level}", [alias])  # Word's heading, renamed
        assert style.element.xpath("w:pPr/w:outlineLvl/@w:val") == [str(level - 1)]  # so the navigation pane shows it
    assert (styles["Style 13 pt Bold"].style_id, aliases(styles["Style 13 pt Bold"])) == ("Style13ptBold", ["Cite"])
    assert (styles["Style Underline"].style_id, aliases(styles["Style Underline"])) == ("StyleUnderline", ["Underline"])
    emphasis = styles["Emphasis"]
    assert emphasis.builtin and emphasis.font.bold and emphasis.font.underline and not emphasis.font.italic
    assert aliases(styles["Normal"]) == ["Normal/Card"]
    # Styles, not direct formatting: no paragraph or run sets bold or underline itself.
    body = document.element.body
    assert not body.xpath(".//w:r/w:rPr/w:b") and not body.xpath(".//w:r/w:rPr/w:u")


def test_it_files_the_seed_as_pocket_hats_blocks_and_cards(seeded, client):
    document = download_docx(client, f"/debates/{SEED_SLUG}/export/cards-docx/")
    headings = [(verbatim_name(p.style), p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    positions = Position.objects.filter(debate__slug=SEED_SLUG).order_by("order", "id")
    assert headings[0] == ("Pocket", "The United States should use military force against Mexican drug cartels.")
    assert [text for name, text in headings if name == "Hat"] == [position.title for position in positions]
    blocks = [text for name, text in headings if name == "Block"]
    top_level = Argument.objects.filter(position__in=positions, parent=None)
    assert sum(block.startswith(("For: ", "Against: ")) for block in blocks) == top_level.count()
    # "Answers to" blocks: the rebuttals of an argument come under "AT: <its tag>".
    at_kingpin = headings.index(("Block", f"AT: {KINGPIN}"))
    assert headings[at_kingpin + 1] == ("Tag", "The first raid is only the start")

    cards = cards_of(document)
    cited = Argument.evidence.through.objects.filter(argument__position__in=positions)
    assert len(cards) == cited.count()  # one card per excerpt an argument cites
    assert {read_words(card) for _, _, card in cards} == set(
        Evidence.objects.filter(arguments__position__in=positions).values_list("quote", flat=True)
    )
    assert all(len(tag.split()) <= TAG_MAX_WORDS for tag, _, _ in cards)


def test_it_gives_each_card_a_short_tag_a_full_cite_and_the_excerpt_underlined(seeded, client):
    document = download_docx(client, f"/debates/{SEED_SLUG}/export/cards-docx/")
    quote = (
        "She researched cooperation between U.S. and Mexican law enforcement in the mid-2000s and says "
        "one takeaway from the Mexicans was that it was a mistake to target cartel leaders."
    )
    tag, cite, card = next(card for card in cards_of(document) if read_words(card[2]) == quote)
    assert tag == KINGPIN  # the first clause of the claim, not all of it:
    assert Argument.objects.get(text__startswith=KINGPIN).text.startswith(f"{KINGPIN}; Mexican officials learned")
    assert [(verbatim_name(run.style), run.text) for run in cite.runs] == [
        ("Cite", "Gallaher n.d."),  # the seed's article has no date
        (
            "Default Paragraph Font",
            " [Carolyn Gallaher, Professor studying guerrilla and paramilitary violence, American University’s "
            f"School of International Service, Rolling Stone, “{TITLE},” {accessed(Source.objects.get())}]",
        ),
    ]
    runs = [(verbatim_name(run.style), run.text) for run in card.runs]
    # The sentence before the excerpt is context in normal text; the excerpt (which has none of
    # the tag's words to emphasise) is one Underline run.
    assert runs[0][0] == "Default Paragraph Font" and runs[0][1].startswith("But Carolyn Gallaher")
    assert runs[1:] == [("Underline", quote)]


def test_it_emphasises_the_tags_words_inside_the_underlined_excerpt(db, client):
    debate = make_debate()
    source = make_source("Before it. Raids on cartel leaders split the cartels into warring factions. After it.")
    evidence = make_evidence(source, quote="Raids on cartel leaders split the cartels into warring factions.")
    make_argument(make_position(debate), text="Raids split the cartels apart; the rest is detail.", evidence=[evidence])
    document = download_docx(client, f"/debates/{debate.slug}/export/cards-docx/")
    [(tag, _, card)] = cards_of(document)
    assert tag == "Raids split the cartels apart"
    assert [(verbatim_name(run.style), run.text) for run in card.runs] == [
        ("Default Paragraph Font", "Before it. "),
        ("Emphasis", "Raids"),
        ("Underline", " on cartel leaders "),
        ("Emphasis", "split"),
        ("Underline", " the "),
        ("Emphasis", "cartels"),
        ("Underline", " into warring factions."),
        ("Default Paragraph Font", " After it."),
    ]


def test_it_cites_unnamed_draft_and_bylined_people_as_debaters_would(db, client):
    debate = make_debate()
    position = make_position(debate)
    text = "One said: we went in. Another said: we left. The reporter noted: nobody won. A draft said: hush."
    source = make_source(
        text,
        title="Who Won",
        publication="The Daily",
        byline="Jane Smith and John Doe",
        published_on=datetime.date(2024, 5, 14),
        url="https://example.com/a",
    )
    unnamed = make_speaker("a former Marine officer who worked with special operations", is_anonymous=True)
    draft = make_speaker("Secret Person", role="Spy", status=Status.DRAFT)
    quotes = {
        "we went in.": unnamed,
        "we left.": make_speaker("Dr. Ann B. Lee Jr.", role="Analyst"),
        "nobody won.": None,
    }
    quotes["hush."] = draft
    evidence = [make_evidence(source, quote=quote, speaker=speaker) for quote, speaker in quotes.items()]
    make_argument(position, text="Nobody won the raids.", evidence=evidence)
    document = download_docx(client, f"/debates/{debate.slug}/export/cards-docx/")
    cites = {read_words(card): cite.runs for _, cite, card in cards_of(document)}
    where = f"The Daily, “Who Won,” 5-14-2024, https://example.com/a, {accessed(source)}]"
    assert [run.text for run in cites["we went in."]] == [
        "Former Marine officer 24",
        f" [a former Marine officer who worked with special operations, {where}",
    ]
    assert [run.text for run in cites["we left."]][0] == "Lee 24"
    assert [run.text for run in cites["nobody won."]] == ["Smith and Doe 24", f" [Jane Smith and John Doe, {where}"]
    assert [run.text for run in cites["hush."]][0] == "Unattributed 24"
    body = "".join(paragraph.text for paragraph in document.paragraphs)
    assert "Secret Person" not in body and "Spy" not in body


def test_it_writes_the_same_structure_in_plain_text(seeded, client):
    response = client.get(f"/debates/{SEED_SLUG}/export/cards-txt/")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "# The United States should use military force against Mexican drug cartels."
    assert lines[2] == f"## {Position.objects.filter(debate__slug=SEED_SLUG).order_by('order', 'id')[0].title}"
    assert lines[4].startswith("### For: ")
    for quote in Evidence.objects.filter(arguments__isnull=False).values_list("quote", flat=True):
        assert f"[[{quote}]]" in text
    card = lines.index(f"#### {KINGPIN}")
    assert lines[card + 1].startswith(
        "**Gallaher n.d.** [Carolyn Gallaher, Professor studying guerrilla and paramilitary violence, "
    )
    assert lines[card + 1].endswith(f"Rolling Stone, “{TITLE},” {accessed(Source.objects.get())}]")
    assert lines[card + 2].startswith("But Carolyn Gallaher") and lines[card + 2].endswith("cartel leaders.]]")
    assert f"### AT: {KINGPIN}" in lines


def test_it_files_an_unevidenced_answer_as_an_analytic_tag(db, client):
    debate = make_debate()
    claim = make_argument(make_position(debate), text="Raids work.")
    make_argument(parent=claim, stance="against", text="They did not work in Iraq; violence rose after every raid.")
    text = client.get(f"/debates/{debate.slug}/export/cards-txt/").content.decode()
    assert "### For: Raids work.\n\n### AT: Raids work.\n\n#### They did not work in Iraq; violence rose" in text


@pytest.mark.parametrize(
    ("claim", "tag"),
    [
        ("Taking out a kingpin does not end the violence; rivals fight over the spoils.", KINGPIN),
        (
            "Much of the appeal is Hollywood glamour. Raids turn into gunfights.",
            "Much of the appeal is Hollywood glamour.",
        ),
        (
            "Rep. Mike Waltz and Sen. Ted Budd want a war footing against the cartels, and they say so often.",
            "Rep. Mike Waltz and Sen. Ted Budd want a war footing against the cartels",
        ),
        (
            "one two three four five six seven eight nine ten " * 3,
            "one two three four five six seven eight nine ten one two three four five…",
        ),
    ],
)
def test_it_shortens_a_claim_to_a_tag(claim, tag):
    assert short_claim(claim) == tag
