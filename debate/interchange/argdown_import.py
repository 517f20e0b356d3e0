"""Reading an Argdown outline (this site's export, or one written by hand) into a new draft debate.

What it reads, line by line (the part of Argdown that the export writes, and what a teacher types):

- ``[Motion]: text`` is the motion; without it, the first ``# heading`` is.
- Every other unindented ``[Title]: text`` is a position, in the order they come. A position may say
  ``+> [Motion]`` (or ``-> [Motion]``, "against the motion") on the line below; positions may also be
  written as ``+ [Title]: text`` indented under the motion.
- Indented ``+`` (supports) and ``-`` (attacks) lines are arguments answering the line they are
  indented under: ``+ <Title>: claim``, ``- [Title]: claim`` or just ``+ claim`` (``<+``, ``<-`` and
  ``_`` for an undercut are read too). How deep a line is indented, not by how much, sets its parent.
- An unindented reference, ``<Title>`` or ``[Title]``, continues what was defined earlier: lines
  indented under it answer it. The export writes replies deeper than its ``MAX_NESTING`` levels
  this way, so the real nesting is restored.
- After a claim come ``(argued by Name)`` and its quotes, ``— Name: “quote”`` (or straight quotes),
  with ``the reporter`` for the article's own narration; ``#tags`` are read as speakers' slugs.
  Backslash escapes are read back as the plain character; ``//`` and ``/* … */`` are comments.

Quotes are never invented: each is looked up in the sources already on the site, forgiving quote
marks, apostrophes, dashes and spacing, and the evidence points at the source's own characters. An
excerpt the site already has is reused; a quote found nowhere is listed in the report and left out.
A speaker named but not on the site is created as a draft. Everything else is refused with the
line it is on, before anything is written. Positions and arguments are published inside a debate
that is a draft: nobody but moderators sees any of it until a moderator publishes the debate.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from debate.arguments.models import Argument, Debate, Position, Stance
from debate.core.models import ARGUMENT_MAX_LENGTH, QUOTE_MAX_LENGTH, Status
from debate.sources.models import Evidence, EvidenceKind, Source, Speaker
from debate.sources.passages import find_in_folded, fold

from .aif_import import MAX_CLAIMS, TITLE_LENGTH, ImportReport, _fit, _short
from .argdown import MOTION_TITLE
from .content import InterchangeError
from .duplicates import new_debate_slug

MAX_ARGUMENTS = MAX_CLAIMS  # saving each argument with its history takes milliseconds, as for AIF
REPORTER = "the reporter"
UNATTRIBUTED = "Unattributed"  # what a readers' export names a speaker they may not see
AGAINST_THE_MOTION = "Against the motion."

HEADING = re.compile(r"#{1,6}\s+(\S.*)")
RELATION = re.compile(r"(<\+|<-|<_|\+>|->|_>|\+|-|_)\s+(\S.*)")
OUTGOING = {"+>": Stance.FOR, "->": Stance.AGAINST, "_>": Stance.AGAINST}
INCOMING = {"+": Stance.FOR, "<+": Stance.FOR, "-": Stance.AGAINST, "<-": Stance.AGAINST, "_": Stance.AGAINST}
ITEM = re.compile(r"(?:\[(?P<statement>[^\[\]]+)\]|<(?P<argument>[^<>]+)>)(?::\s*(?P<text>.*))?")
TAG = re.compile(r"(?:^|(?<=\s))#(?:\((?P<long>[^)]*)\)|(?P<short>[\w-]+))")
ARGUED_BY = " (argued by "
QUOTE_START = re.compile(r"(?P<who>[^“”\"]+?):\s[“\"](?P<body>.*)", re.S)
QUOTE_SEPARATOR = " — "
ESCAPED = re.compile(r"\\(.)")
SURROGATE = re.compile("[\ud800-\udfff]")


def _error(line, message):
    return InterchangeError(f"Line {line}: {message}")


def _unescape(text):
    return ESCAPED.sub(r"\1", text).strip()


@dataclass
class _Statement:
    """The motion or a position."""

    title: str
    line: int
    text: str = ""
    against_motion: bool = False


@dataclass
class _Claim:
    """An argument to be: what it answers, and what it says."""

    line: int
    title: str | None
    parent: object  # _Statement (a position) or _Claim
    stance: str
    text: str
    arguer: str | None = None
    quotes: list = field(default_factory=list)  # (speaker name, quote)
    tags: list = field(default_factory=list)


def _read_claim(text, line):
    """``(claim, arguer, [(speaker, quote)], tags)`` of an argument's text as the export writes it."""
    tags = [match["long"] or match["short"] for match in TAG.finditer(text)]
    text = TAG.sub("", text).strip()
    pieces = text.split(QUOTE_SEPARATOR)
    claim, quotes = pieces[0], []
    for piece in pieces[1:]:
        start = QUOTE_START.fullmatch(piece)
        if start and (not quotes or quotes[-1][1].endswith(("”", '"'))):
            quotes.append([start["who"], start["body"]])
        elif quotes:  # a quote that holds " — " itself
            quotes[-1][1] += QUOTE_SEPARATOR + piece
        else:
            claim += QUOTE_SEPARATOR + piece
    for who, body in quotes:
        if not body.endswith(("”", '"')):
            raise _error(line, f"the quote of {_short(_unescape(who))} has no closing quotation mark.")
    arguer = None
    argued = claim.rfind(ARGUED_BY) if claim.endswith(")") else -1
    if argued >= 0:
        claim, arguer = claim[:argued], _unescape(claim[argued + len(ARGUED_BY) : -1])
    quotes = [(_unescape(who), _unescape(body[:-1])) for who, body in quotes]
    return _unescape(claim), arguer, [(who, quote) for who, quote in quotes if quote], tags


class _Outline:
    """The validated tree of an Argdown document; nothing is written while it is read."""

    def __init__(self, text, report):
        self.report = report
        self.statements = {}  # title → _Statement, in the order they are defined
        self.claims = []  # in document order: every parent comes before its replies
        self.titled = {}  # title → _Claim
        self.motion = None
        self.heading = None
        self._read(text)
        if self.motion is None or not self.motion.text:
            if self.heading is None:
                raise _error(1, f"the outline names no motion: start it with “[{MOTION_TITLE}]: …”.")
            self.motion = _Statement(MOTION_TITLE, self.heading[0], self.heading[1])
        for statement in self.positions:
            if not statement.text:
                raise _error(statement.line, f"the position [{statement.title}] is never given a text.")
        if not self.positions:
            raise _error(1, "the outline has no positions: add at least one “[Title]: text” after the motion.")

    @property
    def positions(self):
        return [statement for statement in self.statements.values() if statement is not self.motion]

    def _read(self, text):
        stack = []  # (indent, what lines indented under it answer: a _Statement, a _Claim, or None to skip)
        in_comment = False
        for number, raw in enumerate(text.split("\n"), 1):
            line = raw.expandtabs(4).rstrip()
            stripped = line.strip()
            if in_comment:
                in_comment = "*/" not in stripped
                continue
            if stripped.startswith("/*"):
                in_comment = "*/" not in stripped[2:]
                continue
            if not stripped or stripped.startswith("//"):
                continue
            indent = len(line) - len(line.lstrip())
            heading = HEADING.fullmatch(stripped) if indent == 0 else None
            if heading:
                if self.heading is None:
                    self.heading = (number, _unescape(heading[1]))
                stack = []
                continue
            relation = RELATION.fullmatch(stripped)
            if relation is None:
                if indent:
                    raise _error(number, "an indented line must start with “+” (supports) or “-” (attacks).")
                stack = [(0, self._top_level(stripped, number))]
                continue
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if not stack:
                raise _error(number, "“+” and “-” answer what they are indented under; there is nothing above.")
            stack.append((indent, self._relation(stack[-1][1], relation[1], relation[2], number)))

    def _top_level(self, content, number):
        item = ITEM.fullmatch(content)
        if item is None:
            raise _error(
                number,
                "expected a statement (“[Title]: text”), a reference (“[Title]” or “<Title>”) "
                "or a “+”/“-” line indented under one.",
            )
        if item["argument"] is not None:
            title = " ".join(item["argument"].split())
            if item["text"] is not None:
                raise _error(number, f"the argument <{title}> answers nothing: indent it under a position.")
            if title not in self.titled:
                raise _error(number, f"<{title}> is not defined above.")
            return self.titled[title]
        title = " ".join(item["statement"].split())
        statement = self.statements.get(title)
        if item["text"] is None:
            if statement is None:
                raise _error(number, f"[{title}] is not defined above.")
            return statement
        return self._define_statement(title, _unescape(item["text"]), number)

    def _define_statement(self, title, text, number):
        if not text:
            raise _error(number, f"[{title}] has no text.")
        statement = self.statements.get(title)
        if statement is None:
            statement = self.statements[title] = _Statement(title, number)
        elif statement.text and statement.text != text:
            raise _error(number, f"[{title}] is already defined on line {statement.line} with another text.")
        statement.text = text
        if title.casefold() == MOTION_TITLE.casefold():
            self.motion = statement
        return statement

    def _relation(self, parent, symbol, content, number):
        if parent is None:  # under a line that was left out
            return None
        item = ITEM.fullmatch(content)
        if symbol in OUTGOING:
            target = " ".join(item["statement"].split()) if item and item["statement"] else None
            if isinstance(parent, _Statement) and parent is not self.motion and target and self._is_motion(target):
                parent.against_motion = OUTGOING[symbol] == Stance.AGAINST
            else:
                self.report.notes.append(
                    f"Line {number}: “{symbol} {content}” was left out: an argument here answers only "
                    "what it is indented under."
                )
            return None
        stance = INCOMING[symbol]
        if parent is self.motion:
            return self._position_under_motion(item, content, stance, number)
        if item is not None and item["text"] is None:
            title = " ".join((item["argument"] or item["statement"]).split())
            existing = self.titled.get(title)
            if existing is None:
                raise _error(number, f"{content} is not defined above.")
            self.report.notes.append(
                f"Line {number}: {content} already answers something above; an argument here has one parent, "
                "so this second link was left out."
            )
            return existing
        return self._define_claim(parent, stance, item, content, number)

    def _is_motion(self, title):
        return title.casefold() == MOTION_TITLE.casefold() or (self.motion is not None and title == self.motion.title)

    def _position_under_motion(self, item, content, stance, number):
        if item is not None and item["statement"] is not None:
            title = " ".join(item["statement"].split())
            statement = (
                self._define_statement(title, _unescape(item["text"]), number)
                if item["text"] is not None
                else self.statements.setdefault(title, _Statement(title, number))
            )
        else:
            text = _unescape(item["text"] if item is not None and item["text"] is not None else content)
            statement = self._define_statement(f"line {number}", text, number)
        statement.against_motion = stance == Stance.AGAINST
        return statement

    def _define_claim(self, parent, stance, item, content, number):
        title = None
        if item is not None:
            title = " ".join((item["argument"] or item["statement"]).split())
            content = item["text"]
            if title in self.titled:
                raise _error(number, f"the title “{title}” is already used on line {self.titled[title].line}.")
        text, arguer, quotes, tags = _read_claim(content, number)
        if not text:
            raise _error(number, "the argument has no claim.")
        if len(text) > ARGUMENT_MAX_LENGTH:
            limit = ARGUMENT_MAX_LENGTH
            raise _error(number, f"the claim has {len(text):,} characters; an argument holds at most {limit:,}.")
        if len(self.claims) >= MAX_ARGUMENTS:
            raise _error(number, f"an import takes at most {MAX_ARGUMENTS:,} arguments. Split the outline.")
        claim = _Claim(number, title, parent, stance, text, arguer, quotes, tags)
        self.claims.append(claim)
        if title is not None:
            self.titled[title] = claim
        return claim


def _decode(data):
    if isinstance(data, str):
        surrogate = SURROGATE.search(data)
        if surrogate:
            line = data.count("\n", 0, surrogate.start()) + 1
            raise _error(line, "the outline holds a lone surrogate, which is not a character.")
        data = data.encode("utf-8")
    if len(data) > settings.IMPORT_MAX_BYTES:
        limit = settings.IMPORT_MAX_BYTES
        raise InterchangeError(
            f"The outline is {len(data):,} bytes; "
            f"an import takes at most {limit // (1024 * 1024)} MB ({limit:,} bytes)."
        )
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InterchangeError(f"The outline is not UTF-8 text ({error.reason} at byte {error.start}).") from error
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise _error(text.count("\n", 0, text.index("\x00")) + 1, "the outline holds a NUL character.")
    return text


def import_argdown(data, *, copy=False):
    """A new draft debate built from an Argdown outline; its ``import_report`` lists unmatched quotes.

    An outline already on the site raises ``AlreadyOnSite``; with ``copy`` it becomes a draft copy.
    """
    report = ImportReport()
    outline = _Outline(_decode(data), report)
    try:
        with transaction.atomic():
            slug = new_debate_slug(_fit(outline.motion.text), [claim.text for claim in outline.claims], copy=copy)
            debate = _Builder(outline, report).create(slug)
    except ValidationError as error:
        raise InterchangeError("The outline cannot be stored: " + "; ".join(error.messages)) from error
    except DatabaseError as error:
        raise InterchangeError(f"The outline cannot be stored: {error}") from error
    debate.import_report = report
    return debate


class _Builder:
    def __init__(self, outline, report):
        self.outline = outline
        self.report = report
        self.speakers = {}  # name → Speaker
        self.sources = None  # the site's sources, loaded at the first quote the excerpts do not hold
        self.cited_sources = set()

    def create(self, slug):
        motion = self.outline.motion.text
        summary = motion if len(motion) > TITLE_LENGTH else ""
        debate = Debate(motion=_fit(motion), summary=summary, slug=slug or "", status=Status.DRAFT)
        debate.save()
        self.report.count(Debate)
        positions = {}
        for order, statement in enumerate(self.outline.positions):
            summary = statement.text if len(statement.text) > TITLE_LENGTH else ""
            if statement.against_motion:
                summary = summary or AGAINST_THE_MOTION
            position = Position(
                debate=debate, title=_fit(statement.text), summary=summary, order=order, status=Status.PUBLISHED
            )
            position.save()
            self.report.count(Position)
            positions[id(statement)] = position
        arguments = {}
        for claim in self.outline.claims:
            parent = arguments.get(id(claim.parent))
            argument = Argument(
                position=parent.position if parent else positions[id(claim.parent)],
                parent=parent,
                stance=claim.stance,
                text=claim.text,
                speaker=self._speaker(claim.arguer, claim.tags) if claim.arguer else None,
                status=Status.PUBLISHED,
            )
            argument.save()
            self.report.count(Argument)
            arguments[id(claim)] = argument
            cited = [self._evidence(who, quote, claim) for who, quote in claim.quotes]
            cited = [evidence for evidence in cited if evidence is not None]
            if cited:
                argument.evidence.add(*cited)
        return debate

    # -- speakers ----------------------------------------------------------

    def _speaker(self, name, tags):
        """The site's speaker of that name (the one tagged, when several are), or a new draft one."""
        if name in self.speakers:
            return self.speakers[name]
        named = Speaker._base_manager.filter(name=name).order_by("id")
        speaker = named.filter(slug__in=tags).first() or named.first()
        if speaker is None:
            speaker = Speaker(name=_fit(name), status=Status.DRAFT)
            speaker.save()
            self.report.count(Speaker)
            self.report.notes.append(f"The speaker {_short(name)} is new to the site and was created as a draft.")
        self.speakers[name] = speaker
        return speaker

    @staticmethod
    def _said_by(evidence, who):
        if who == REPORTER:
            return evidence.speaker_id is None
        return who == UNATTRIBUTED or (evidence.speaker_id is not None and evidence.speaker.name == who)

    # -- evidence ----------------------------------------------------------

    def _evidence(self, who, quote, claim):
        """The site's excerpt of ``quote`` (made from a source's own text when none exists yet), or None."""
        where = f"Line {claim.line}: the quote {_short(quote)} ({who})"
        if len(quote) > QUOTE_MAX_LENGTH:
            self.report.notes.append(f"{where} is longer than an excerpt may be; it was left out.")
            return None
        known = list(
            Evidence._base_manager.filter(quote=quote)
            .exclude(source__status=Status.RETIRED)
            .select_related("speaker")
            .order_by("id")
        )
        spans = []
        if not known:
            spans = self._find(quote)
            if not spans:
                self.report.notes.append(f"{where} is not in any source on the site; it was left out.")
                return None
            known = self._existing_at(spans)
        if known:
            # The same words may be excerpted twice (an article repeating itself): prefer the excerpt by
            # the person named, then the one an argument with the same claim already cites.
            same_claim = (
                set(
                    Argument.evidence.through.objects.filter(evidence__in=known, argument__text=claim.text).values_list(
                        "evidence_id", flat=True
                    )
                )
                if len(known) > 1
                else set()
            )
            evidence = min(
                known,
                key=lambda e: (
                    not self._said_by(e, who),
                    e.pk not in same_claim,
                    e.source_id not in self.cited_sources,
                    e.pk,
                ),
            )
            if not self._said_by(evidence, who):
                attribution = evidence.speaker.name if evidence.speaker_id else REPORTER
                self.report.notes.append(f"{where} is attributed on the site to {attribution}; that was kept.")
            self.cited_sources.add(evidence.source_id)
            return evidence
        if who == UNATTRIBUTED:
            self.report.notes.append(f"{where} names no speaker and the site has no such excerpt; it was left out.")
            return None
        source, start, end = min(spans, key=lambda span: span[0].pk not in self.cited_sources)
        occurrences = sum(1 for span in spans if span[0] == source)
        if occurrences > 1:
            self.report.notes.append(
                f"{where} occurs {occurrences} times in {_short(source.title)}; the first is cited."
            )
        speaker = None if who == REPORTER else self._speaker(who, claim.tags)
        evidence = Evidence(
            source=source, start=start, end=end, quote=source.text[start:end], speaker=speaker, kind=EvidenceKind.QUOTE
        )
        evidence.save()  # the model checks it is the source's own text
        self.report.count(Evidence)
        self.cited_sources.add(source.pk)
        return evidence

    def _find(self, quote):
        """``[(source, start, end)]`` wherever the site's sources hold ``quote``, sources by id."""
        if self.sources is None:  # each source is folded once per import
            sources = Source._base_manager.exclude(status=Status.RETIRED).order_by("id")
            self.sources = [(source, fold(source.text)) for source in sources]
        return [(source, start, end) for source, folded in self.sources for start, end in find_in_folded(folded, quote)]

    @staticmethod
    def _existing_at(spans):
        existing = []
        for source, start, end in spans:
            evidence = Evidence._base_manager.filter(source=source, start=start, end=end).select_related("speaker")
            existing.extend(evidence)
        return existing
