"""A brief to take away: one side's case (or both) as claims and evidence with full citations.

The brief lists the arguments of each side in the same thread order as the side's page on the
site (``debate.arguments.services.side_case``), numbered, each saying what it answers: "answers 3"
when the argument it replies to is in the brief, or that argument's words when it is not. Every
excerpt names its speaker and the numbered source it comes from; the sources follow with their
full citations (``debate.sources.citations``) and the address where the site shows the article.
It holds only what readers see: visible arguments, published sources, published speakers.

The same brief is an HTML page for printing and a Word document. A side with more than
``MAX_ARGUMENTS`` arguments (a generated debate, not a class's) keeps its first ones and says so.
"""

import io
from dataclasses import dataclass, field

from django.db.models import Prefetch
from docx import Document
from docx.shared import Pt

from debate.arguments.models import Argument, Stance
from debate.arguments.services import side_case
from debate.sources.citations import STYLE_NAMES, STYLES, source_citations
from debate.sources.models import Evidence

from .cards import word_text

MAX_ARGUMENTS = 200
ANSWERED_WORDS = 12
REPEATED_WORDS = 6
SIDE_TITLES = {Stance.FOR: "The case for", Stance.AGAINST: "The case against"}


@dataclass
class BriefEvidence:
    quote: str
    is_quote: bool
    kind: str  # "Paraphrase" or "Fact"; empty for a direct quote, which its quotation marks show
    attribution: str  # "Name, role, affiliation" where the speaker first appears, then the name
    source: int  # the number of its entry among the brief's sources
    full_under: int | None = None  # quoted in full under an earlier argument: shortened here

    @property
    def text(self):
        """The excerpt as the brief prints it, in quotation marks when it is a direct quote."""
        text = f"“{self.quote}”" if self.is_quote else self.quote
        return f"{text} (in full under {self.full_under})" if self.full_under else text

    @property
    def citation(self):
        """Who said it and where: "Jane Ruiz, Governor. Paraphrase. [1]"."""
        return " ".join(
            part for part in (f"{self.attribution}.", f"{self.kind}." if self.kind else "", f"[{self.source}]") if part
        )


@dataclass
class BriefArgument:
    number: int
    claim: str
    speaker: str
    relation: str  # what it answers or supports
    evidence: list = field(default_factory=list)


@dataclass
class BriefSide:
    side: str
    title: str
    total: int
    arguments: list

    @property
    def summary(self):
        noun = "argument" if self.total == 1 else "arguments"
        summary = f"{self.total} {noun} {self.side} the position, at any depth, in thread order."
        if self.total > len(self.arguments):
            summary += f" This brief holds the first {len(self.arguments)}; the site lists them all."
        return summary


@dataclass
class BriefSource:
    number: int
    citation: str
    address: str  # where the site shows the article, absolute


@dataclass
class Brief:
    motion: str
    position: str
    sides: list
    sources: list
    style: str

    @property
    def title(self):
        if len(self.sides) == 1:
            return f"{self.sides[0].title}: {self.position}"
        return f"The case for and against: {self.position}"

    @property
    def style_name(self):
        return STYLE_NAMES[self.style]


def _shorten(text, words=ANSWERED_WORDS):
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _credited(person):
    return ", ".join(part for part in (person.name, person.credentials) if part)


def build_brief(position, sides, *, style="mla", absolute_url=str):
    """The brief of ``position`` for ``sides`` (a list of stances), citing in ``style``.

    ``absolute_url(path)`` makes the site's addresses absolute. Four queries, whatever the
    number of arguments: the tree's shape, the arguments shown, and their evidence.
    """
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}")
    rows = list(position.arguments.visible().values_list("id", "parent_id", "position_stance"))
    cases = {side: side_case(rows, side)[:MAX_ARGUMENTS] for side in sides}
    totals = {side: sum(1 for row in rows if row[2] == side) for side in sides}
    chosen = [entry.pk for side in sides for entry in cases[side]]
    evidence = Evidence.objects.visible().with_people().order_by("start", "id")
    arguments = Argument.objects.filter(pk__in=chosen).select_related("speaker", "parent")
    arguments = {
        argument.pk: argument for argument in arguments.prefetch_related(Prefetch("evidence", queryset=evidence))
    }
    writer = _BriefWriter({pk: number for number, pk in enumerate(chosen, start=1)}, style, absolute_url)
    brief_sides = [
        BriefSide(
            side, SIDE_TITLES[side], totals[side], [writer.argument(arguments[entry.pk]) for entry in cases[side]]
        )
        for side in sides
    ]
    return Brief(position.debate.motion, position.title, brief_sides, writer.sources, style)


class _BriefWriter:
    """Numbers the sources as they are first cited, and says each thing once: a speaker's
    credentials where they first appear, an excerpt in full where it is first cited."""

    def __init__(self, numbers, style, absolute_url):
        self.numbers = numbers  # argument id → its number in the brief
        self.style = style
        self.absolute_url = absolute_url
        self.sources = []
        self.source_numbers = {}
        self.introduced = set()  # speakers whose credentials have been given
        self.cited = {}  # excerpt id → the number of the argument that quoted it in full

    def argument(self, argument):
        verb = "Supports" if argument.stance == Stance.FOR else "Answers"
        if argument.parent_id is None:
            relation = f"{verb} the position itself."
        elif argument.parent_id in self.numbers:
            relation = f"{verb} {self.numbers[argument.parent_id]}."
        else:
            relation = f"{verb}: “{_shorten(argument.parent.text)}”"
        speaker = argument.reader_speaker
        number = self.numbers[argument.pk]
        item = BriefArgument(number, argument.text, speaker.name if speaker else "", relation)
        item.evidence = [self.excerpt(excerpt, number) for excerpt in argument.evidence.all()]
        return item

    def excerpt(self, excerpt, number):
        source = excerpt.source
        if source.pk not in self.source_numbers:
            self.source_numbers[source.pk] = len(self.sources) + 1
            citation = source_citations(source)[self.style]
            self.sources.append(
                BriefSource(len(self.sources) + 1, citation, self.absolute_url(source.get_absolute_url()))
            )
        full_under = self.cited.setdefault(excerpt.pk, number)
        quote = excerpt.quote if full_under == number else _shorten(excerpt.quote, REPEATED_WORDS)
        said_by = excerpt.reader_speaker
        if said_by is None:
            attribution = excerpt.reader_attribution
        elif said_by.pk in self.introduced:
            attribution = said_by.name
        else:
            self.introduced.add(said_by.pk)
            attribution = _credited(said_by)
        return BriefEvidence(
            quote=quote,
            is_quote=excerpt.kind == "quote",
            kind="" if excerpt.kind == "quote" else excerpt.get_kind_display(),
            attribution=attribution,
            source=self.source_numbers[source.pk],
            full_under=None if full_under == number else full_under,
        )


def brief_docx(brief):
    """The brief as a Word document (bytes)."""
    document = Document()
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = word_text(brief.title)
    document.add_heading(word_text(brief.title), level=0)
    document.add_paragraph(word_text(f"Motion: {brief.motion}"))
    for side in brief.sides:
        document.add_heading(side.title, level=1)
        document.add_paragraph().add_run(side.summary).italic = True
        for argument in side.arguments:
            claim = document.add_paragraph()
            claim.add_run(f"{argument.number}. ").bold = True
            claim.add_run(word_text(argument.claim)).bold = True
            if argument.speaker:
                claim.add_run(word_text(f" — {argument.speaker}"))
            document.add_paragraph().add_run(word_text(argument.relation)).italic = True
            for excerpt in argument.evidence:
                paragraph = document.add_paragraph(style="Quote")
                paragraph.add_run(word_text(excerpt.text))
                paragraph.add_run(word_text(f" — {excerpt.citation}"))
    document.add_heading(f"Sources ({brief.style_name})", level=1)
    for source in brief.sources:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"[{source.number}] ").bold = True
        paragraph.add_run(word_text(source.citation))
        paragraph.add_run(word_text(f" On the debate site: {source.address}"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
