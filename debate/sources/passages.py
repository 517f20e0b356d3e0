"""Finding a pasted passage in an article, whatever its quote marks, dashes and spacing.

Students copy from the site, from a PDF or from their own notes, and type quote marks, apostrophes
and dashes as their keyboard makes them: a straight ' for the article's ’, a hyphen or two for its
em dash, two spaces or a line break where the article has one space. Both texts are folded to one
spelling of each (every quote mark one character, every dash one hyphen with no space around it,
every run of white space one space), and the folded article keeps, for each of its characters,
the span of the article's own characters it stands for. A match in the folded text therefore maps
back to offsets into the article itself, so ``text[start:end]`` is always the article's own words.
One pass over each text: linear time, whatever the article's length.
"""

from dataclasses import dataclass

DOUBLE_QUOTES = '"“”„‟«»″〝〞＂'
SINGLE_QUOTES = "'‘’‚‛‹›′`´＇"
DASHES = "-‐‑‒–—―−⁃﹘﹣－"
# Invisible characters a copy from a web page or a PDF may carry or drop.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

_FOLD = {
    **dict.fromkeys(DOUBLE_QUOTES, '"'),
    **dict.fromkeys(SINGLE_QUOTES, "'"),
    **dict.fromkeys(DASHES, "-"),
}


@dataclass(frozen=True)
class FoldedText:
    """A text folded for matching: ``starts[i]``/``ends[i]`` is the original span of ``text[i]``."""

    text: str
    starts: list
    ends: list


def fold(text):
    """``text`` with one spelling of each quote mark, dash and run of spaces, mapped back to ``text``."""
    folded, starts, ends = [], [], []
    for index, char in enumerate(text):
        if char in INVISIBLE:
            continue
        if char.isspace():
            if folded and folded[-1] not in " -":
                folded.append(" ")
                starts.append(index)
                ends.append(index + 1)
            continue
        char = _FOLD.get(char, char)
        if char == "-":
            if folded and folded[-1] == " ":  # "word - word" reads as "word—word"
                folded.pop(), starts.pop(), ends.pop()
            if folded and folded[-1] == "-":  # "--" stands for one dash
                ends[-1] = index + 1
                continue
        folded.append(char)
        starts.append(index)
        ends.append(index + 1)
    if folded and folded[-1] == " ":
        folded.pop(), starts.pop(), ends.pop()
    return FoldedText("".join(folded), starts, ends)


def find_passage(text, passage):
    """Every ``(start, end)`` in ``text`` whose words are ``passage``, forgiving quote marks, dashes and spacing.

    The spans are offsets into ``text`` (code points, end exclusive), in the order they occur; an
    occurrence may overlap the one before. Each span's length is its own: one occurrence may hold
    two spaces where another holds one.
    """
    return find_in_folded(fold(text), passage)


def find_in_folded(folded, passage):
    """``find_passage`` in a text already ``fold``-ed: for looking up many passages in one article."""
    needle = fold(passage).text
    if not needle:
        return []
    spans, found = [], folded.text.find(needle)
    while found >= 0:
        spans.append((folded.starts[found], folded.ends[found + len(needle) - 1]))
        found = folded.text.find(needle, found + 1)
    return spans
