"""Reporting clauses ("Gallaher tells me", "said Turk", "according to X") and
which of them a quotation belongs to.

Every speech verb outside quotation marks is read as a possible reporting
clause, whether or not a quotation is nearby: the subjects of "X says ..."
sentences are the people a later "he says" points back to.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .lexicon import (
    CUE_OBJECTS,
    INVERTIBLE_VERBS,
    LABEL_VERBS,
    NOUN_MARKERS,
    PREPOSITIONS,
    RELATIVE_PRONOUNS,
    SPEECH_VERBS,
    STATEMENT_VERBS,
    SUBORDINATORS,
    VERB_MODIFIERS,
)
from .quotes import QuoteBounds, QuoteSpan
from .speakers import Document, SpeakerRef, first_token, parse_inverted, parse_subject, tokenize
from .text import Paragraph, sentence_end_after, sentence_start_before

_WORD = re.compile(r"(?<![\w’'-])[A-Za-z]+(?![\w’'-])")
_ACCORDING_TO = re.compile(r"(?<![\w’'-])[Aa]ccording to(?![\w’'-])")
_TERMINAL = ".!?…"
# Words that may follow "Smith said" when the clause stands alone after a
# quotation that ended with a full stop ('..."  Paul said on Sunday.').
_BARE_TAIL = frozenset(
    """on in at during when while after before with without from to of as by
    about through via earlier later yesterday today tonight recently again then
    monday tuesday wednesday thursday friday saturday sunday me us reporters
    journalists him her them""".split()
)


@dataclass
class Clause:
    verb_start: int
    verb_end: int
    cue: str  # as written, e.g. "tells me", "according to"
    ref: SpeakerRef
    inverted: bool  # the speaker follows the verb
    embedded: bool = False  # inside what another clause of the sentence reports
    audience: str = ""  # whom the speaker told, when named: "CNN" in "told CNN"

    @property
    def lead(self) -> int:
        """Where the clause starts in the text."""
        return self.verb_start if self.inverted else self.ref.start


class ParagraphClauses:
    """The reporting clauses of one paragraph, in reading order, found by bisection on their verbs."""

    def __init__(self, clauses: list[Clause]):
        self.clauses = clauses
        self.verb_starts = [clause.verb_start for clause in clauses]
        self.verb_ends = [clause.verb_end for clause in clauses]

    def first_from(self, start: int, end: int) -> Clause | None:
        """The first clause whose verb starts in ``[start, end)``."""
        index = bisect_left(self.verb_starts, start)
        return self.clauses[index] if index < len(self.clauses) and self.verb_starts[index] < end else None

    def last_within(self, start: int, end: int) -> Clause | None:
        """The last clause that starts at or after ``start`` and whose verb ends by ``end``."""
        index = bisect_right(self.verb_ends, end)
        # A clause starts at or before its verb, so once a verb starts before `start` no earlier clause can qualify.
        while index > 0 and self.verb_starts[index - 1] >= start:
            index -= 1
            if self.clauses[index].lead >= start:
                return self.clauses[index]
        return None


def _left_limit(text: str, pos: int, para: Paragraph, bounds: QuoteBounds, floor: int) -> int:
    """Start of the stretch before `pos` that can hold the verb's subject."""
    limit = max(sentence_start_before(text, pos, max(para.start, floor)), floor)
    return max(limit, bounds.last_end_before(pos, limit))


def _right_limit(text: str, pos: int, para: Paragraph, bounds: QuoteBounds) -> int:
    limit = sentence_end_after(text, pos, para.end)
    return min(limit, bounds.first_open_from(pos, limit))


def _trim_subject_end(text: str, start: int, end: int) -> tuple[int, int, bool]:
    """The subject region before a verb, without auxiliaries and adverbs.

    Anything before a complementiser belongs to another clause ("told
    reporters that an acquaintance told him").  The flag says whether a
    comma separates the subject from the verb, as in both "Smith, a lawyer,
    said" and the inversion "..., said Smith".
    """
    tokens = tokenize(text, start, end)
    while tokens and tokens[-1].lower in VERB_MODIFIERS:
        tokens.pop()
    if not tokens:
        return start, start, False
    comma = "," in text[tokens[-1].end : end]
    end = tokens[-1].end
    relative = next((i for i, t in enumerate(tokens) if i > 0 and t.lower in RELATIVE_PRONOUNS - {"that"}), len(tokens))
    for t in reversed(tokens[:relative]):
        if t.lower in SUBORDINATORS and t.text.islower():
            return t.end, end, comma
    return start, end, comma


def scan_clauses(text: str, paragraphs: list[Paragraph], bounds_of: list[QuoteBounds], doc: Document) -> list[Clause]:
    """Every reporting clause in the text, in reading order; ``bounds_of[i]``: the quotations of paragraph i."""
    clauses = []
    for para in paragraphs:
        bounds = bounds_of[para.index]
        previous_verb_end = para.start
        previous_sentence = -1
        cues = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, para.start, para.end)]
        cues += [(m.start(), m.end(), m.group(0)) for m in _ACCORDING_TO.finditer(text, para.start, para.end)]
        for v_start, v_end, word in sorted(cues):
            if bounds.contains(v_start):
                continue
            clause = _clause_at(text, para, bounds, doc, v_start, v_end, word, previous_verb_end)
            if clause is not None:
                sentence = sentence_start_before(text, v_start, para.start)
                clause.embedded = sentence == previous_sentence and not clause.inverted
                clauses.append(clause)
                previous_verb_end, previous_sentence = v_end, sentence
    return clauses


def _clause_at(text, para, bounds, doc, v_start, v_end, word, previous_verb_end) -> Clause | None:
    """The reporting clause built on the word at v_start, if it is a speech verb with a speaker.

    The speaker is looked for first before the verb ("Smith said"), then after
    it ('"...," said Smith'), because the subject-first order is far more
    common outside quotations.
    """
    according = word.lower() == "according to"
    if word in STATEMENT_VERBS:
        if "statement" not in text[v_end : v_end + 25]:
            return None
    elif not according and word not in SPEECH_VERBS and word not in LABEL_VERBS:
        return None
    preceding = tokenize(text, max(para.start, v_start - 12), v_start)
    if preceding and preceding[-1].end == v_start - 1:
        if preceding[-1].lower in NOUN_MARKERS:
            return None  # "his call", "the report": a noun, not a verb
        if preceding[-1].lower in RELATIVE_PRONOUNS:
            return None  # "an engineer who asked not to be named": part of the subject
        if preceding[-1].lower == "to":
            return None  # "declined to comment": an infinitive reports nothing
    right_limit = _right_limit(text, v_end, para, bounds)
    if word in LABEL_VERBS and bounds.first_open_from(v_end, right_limit + 1) > right_limit:
        return None  # "a group called Hamas": a label verb needs its quotation
    cue_end = v_end
    following = first_token(text, v_end, right_limit)
    audience = ""
    if word.startswith(("tell", "told")) and following:
        if following.lower in CUE_OBJECTS:
            cue_end = following.end
        elif following.is_capitalised:
            audience = following.bare  # "told CNN": a later "the CNN source" is this speaker
    cue = text[v_start:cue_end]
    if according:
        ref = parse_inverted(text, cue_end, right_limit, doc)
        return Clause(v_start, cue_end, cue, ref, True) if ref else None
    left = _left_limit(text, v_start, para, bounds, previous_verb_end)
    s_start, s_end, comma = _trim_subject_end(text, left, v_start)
    if text[s_start:s_end].strip():
        ref = parse_subject(text, s_start, s_end, doc, closed=comma)
        if ref is not None:
            return Clause(v_start, cue_end, cue, ref, False, audience=audience)
    if word in INVERTIBLE_VERBS:
        ref = parse_inverted(text, cue_end, right_limit, doc)
        if ref is not None:
            return Clause(v_start, cue_end, cue, ref, True)
    return None


# ------------------------------------------------------------- cue choice


def _ends_sentence(quote: str) -> bool:
    return quote.rstrip("’'”\")]").endswith(tuple(_TERMINAL))


def _ends_open(quote: str) -> bool:
    """The quotation ends mid-sentence (',', '?', '!', a dash), so a cue may follow."""
    return quote.rstrip("’'”\")]")[-1:] in ",?!—–-…:"


def _bare_tail(text: str, clause: Clause, end: int) -> bool:
    """'Paul said on Sunday.' rather than 'Jones said the plan would work.'"""
    tail = tokenize(text, clause.ref.end if clause.inverted else clause.verb_end, end)
    return not tail or tail[0].lower in _BARE_TAIL or tail[0].lower in PREPOSITIONS


def choose_clause(
    text: str, span: QuoteSpan, para: Paragraph, bounds: QuoteBounds, para_clauses: ParagraphClauses
) -> Clause | None:
    """The reporting clause a quotation belongs to, or None if it has none.

    In order: a clause right after the closing mark ('"...," he said'); the
    nearest clause earlier in the sentence ('Danon replied: "..."', 'calls the
    idea "..."'); a clause later in the same sentence when the quotation is
    only part of it ('"..." corroborated it, the official said').
    """
    quote = text[span.start : span.end]

    sentence_end = sentence_end_after(text, span.after, para.end)
    after_end = min(sentence_end, bounds.first_open_from(span.open_at + 1, sentence_end))
    after = para_clauses.first_from(span.after, after_end)
    if span.close_at is not None and after is not None:
        gap = text[span.after : after.lead]
        if not gap.strip(" ,—–-") and (
            _ends_open(quote) or not _ends_sentence(quote) or _bare_tail(text, after, after_end)
        ):
            return after

    sentence_start = sentence_start_before(text, span.open_at, para.start)
    before_start = max(sentence_start, bounds.last_end_before(span.open_at, sentence_start))
    before = para_clauses.last_within(before_start, span.open_at)
    if before is not None:
        return before

    if span.close_at is not None and after is not None and not _ends_sentence(quote):
        return after
    return None
