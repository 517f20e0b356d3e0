"""Paragraph and sentence boundaries, computed as offsets into the original text.

The extractor never rewrites the text it is given (no normalisation, no
stripping), because proposals must point at verbatim spans; every helper here
therefore returns indices rather than substrings.
"""

import re
from dataclasses import dataclass

from .lexicon import ABBREVIATIONS

CLOSING_MARKS = "”’\"'»)]"
OPENING_MARKS = "“‘\"'«([„"
# No sentence of news copy is this long: looking further for its end or start only
# makes a paste without full stops quadratic.
MAX_SENTENCE = 2000
MAX_ABBREVIATION = 20  # "U.S.", "Sen.", "Calif.": dotted words are short


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int


def split_paragraphs(text: str) -> list[Paragraph]:
    """One paragraph per non-blank line: news copy marks paragraphs with line breaks."""
    paragraphs = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            paragraphs.append(Paragraph(len(paragraphs), start, end))
    return paragraphs


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at `dot` belongs to a word like "Sen.", "P." or "U.S."."""
    start, floor = dot, max(0, dot - MAX_ABBREVIATION)
    while start > floor and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot]
    if not word:
        return False
    if len(word) == 1 and word.isupper():
        return True  # an initial, as in "Brandan P. Buck"
    if "." in word:
        return True  # a dotted acronym such as "U.S" or "U.N"
    return word.lower() in ABBREVIATIONS


def is_sentence_end(text: str, i: int, limit: int) -> bool:
    """Whether the terminator at `i` ends a sentence.

    A sentence ends at . ! or ? (optionally followed by closing marks) when the
    next word starts with a capital, a digit or an opening mark; a lower-case
    continuation ('"Why?" he asked') keeps the sentence going.
    """
    if text[i] not in ".!?":
        return False
    if text[i] == "." and _is_abbreviation(text, i):
        return False
    j = i + 1
    while j < limit and text[j] in CLOSING_MARKS:
        j += 1
    if j >= limit:
        return True
    if not text[j].isspace():
        return False
    while j < limit and text[j].isspace():
        j += 1
    return j >= limit or text[j].isupper() or text[j].isdigit() or text[j] in OPENING_MARKS


def sentence_end_after(text: str, pos: int, limit: int) -> int:
    """Offset just past the sentence that contains `pos` (closing marks included), at most MAX_SENTENCE on."""
    limit = min(limit, pos + MAX_SENTENCE)
    for i in range(pos, limit):
        if is_sentence_end(text, i, limit):
            j = i + 1
            while j < limit and text[j] in CLOSING_MARKS:
                j += 1
            return j
    return limit


def sentence_start_before(text: str, pos: int, floor: int) -> int:
    """Offset where the sentence containing `pos` starts (never before `floor`, at most MAX_SENTENCE back)."""
    floor = max(floor, pos - MAX_SENTENCE)
    for i in range(pos - 1, floor - 1, -1):
        if text[i] in ".!?" and is_sentence_end(text, i, pos + 1):
            j = i + 1
            while j < pos and (text[j] in CLOSING_MARKS or text[j].isspace()):
                j += 1
            return j
    return floor


def word_count(s: str) -> int:
    return sum(1 for token in s.split() if any(ch.isalnum() for ch in token))
