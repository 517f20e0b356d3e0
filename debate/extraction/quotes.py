"""Locating quoted spans.

Only double quotation marks open a top-level quotation: single marks double as
apostrophes ("don’t", "Villalobos’") and, in American and most British news
copy, only mark quotes inside quotes, which stay part of the outer span.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .text import Paragraph

CURLY_OPEN = "“„«"
CURLY_CLOSE = "”»"
STRAIGHT = '"'
_OPENING_CONTEXT = "([{—–-/‘'"
_CLOSING_FOLLOWERS = ".,;:!?)]}—–-’'"


@dataclass(frozen=True)
class QuoteSpan:
    """Text between one pair of marks; `start`/`end` exclude the marks."""

    open_at: int
    start: int
    end: int
    close_at: int | None  # None when the paragraph ended before a closing mark
    paragraph: int
    continues: bool  # opens a paragraph while the previous paragraph's quote was left open

    @property
    def after(self) -> int:
        """Offset just past the closing mark (or the end of the span if unclosed)."""
        return self.close_at + 1 if self.close_at is not None else self.end


class QuoteBounds:
    """The quoted stretches of one paragraph, ``open_at`` to ``after``, looked up by bisection.

    A paragraph's spans are in reading order and never overlap, so both ends are
    sorted: every lookup is a logarithmic search, not a walk over the paragraph's
    quotations (which made long pastes quadratic).
    """

    def __init__(self, spans: list[QuoteSpan]):
        self.opens = [span.open_at for span in spans]
        self.afters = [span.after for span in spans]

    def __bool__(self) -> bool:
        return bool(self.opens)

    def contains(self, pos: int) -> bool:
        """Whether ``pos`` lies inside a quotation (its marks included)."""
        index = bisect_right(self.opens, pos) - 1
        return index >= 0 and pos < self.afters[index]

    def last_end_before(self, pos: int, default: int) -> int:
        """The end of the last quotation that ends at or before ``pos``, or ``default``."""
        index = bisect_right(self.afters, pos) - 1
        return self.afters[index] if index >= 0 else default

    def first_open_from(self, pos: int, default: int) -> int:
        """The opening mark of the first quotation that opens at or after ``pos``, or ``default``."""
        index = bisect_left(self.opens, pos)
        return self.opens[index] if index < len(self.opens) else default


def _role(text: str, i: int, para: Paragraph) -> str:
    """Classify a mark as 'open', 'close' or 'either' from the characters around it.

    Curly marks are trusted unless their surroundings contradict them, which
    catches sites that use ” for both ends; straight marks only have context.
    """
    prev = text[i - 1] if i > para.start else None
    nxt = text[i + 1] if i + 1 < para.end else None
    left_open = prev is None or prev.isspace() or prev in _OPENING_CONTEXT
    right_open = nxt is not None and not nxt.isspace()
    right_closed = nxt is None or nxt.isspace() or nxt in _CLOSING_FOLLOWERS
    mark = text[i]
    if mark in CURLY_OPEN:
        return "close" if not left_open and right_closed else "open"
    if mark in CURLY_CLOSE:
        return "open" if left_open and right_open else "close"
    if left_open and right_open:
        return "open"
    if not left_open and right_closed:
        return "close"
    return "either"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quote_spans(text: str, paragraphs: list[Paragraph]) -> list[QuoteSpan]:
    """All double-quoted spans, one per paragraph part of a multi-paragraph quote."""
    spans: list[QuoteSpan] = []
    left_open = False  # previous paragraph ended inside a quotation
    for para in paragraphs:
        opened_at: int | None = None
        opener_is_straight = False
        continues = False
        for i in range(para.start, para.end):
            mark = text[i]
            if mark not in CURLY_OPEN and mark not in CURLY_CLOSE and mark != STRAIGHT:
                continue
            is_straight = mark == STRAIGHT
            if opened_at is not None and is_straight != opener_is_straight:
                continue  # the other style of mark nested inside this quotation
            role = _role(text, i, para)
            if opened_at is None:
                if role == "close":
                    continue  # stray closing mark, e.g. inches in 12"
                opened_at, opener_is_straight = i, is_straight
                continues = left_open and i == para.start
                continue
            if role == "open" and not is_straight:
                # A second opening mark: the first quotation was never closed.
                start, end = _trimmed(text, opened_at + 1, i)
                if start < end:
                    spans.append(QuoteSpan(opened_at, start, end, None, para.index, continues))
                opened_at, continues = i, False
                continue
            start, end = _trimmed(text, opened_at + 1, i)
            if start < end:
                spans.append(QuoteSpan(opened_at, start, end, i, para.index, continues))
            opened_at, continues = None, False
        left_open = opened_at is not None
        if opened_at is not None:
            start, end = _trimmed(text, opened_at + 1, para.end)
            if start < end:
                spans.append(QuoteSpan(opened_at, start, end, None, para.index, continues))
    return spans
