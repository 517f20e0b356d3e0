"""A debate in Argdown, the plain-text argument mapping language (https://argdown.org).

The motion and each position are statements (``[Title]: text``); each position
supports the motion (``+> [Motion]``). Arguments are ``<Title>: claim`` nested
under what they answer: ``+`` supports it, ``-`` attacks it. After each claim
come its quotes ("Speaker: “quote”"), and every speaker is a ``#tag`` (the
speaker's slug), so Argdown's tools can colour and filter by speaker.

User text never reaches Argdown's syntax unescaped: titles are made from the
words of the text and the item's id (so they are unique and hold no control
characters), and text is flattened to one line with every character that could
open a token (brackets, angle brackets, #, *, _, /, @, braces, a backslash, and a
"." or ":" that would open ``.name.`` or ``:name:``) escaped with a backslash, which Argdown reads
back as the plain character. Control characters are left out.

Deep threads: nesting stops at ``MAX_NESTING`` levels, so the document grows in
step with the number of arguments, not with their depth squared. A reply deeper
than that starts a new block under a reference to its parent (``<A12 ...>`` alone
on a line, then the reply indented under it), which Argdown reads as the same
relation.
"""

import re

from debate.arguments.models import Stance

from .content import debate_content

ALWAYS_ESCAPED = frozenset("\\@#*_[]<>/{}")
SPECIAL_MARKS = frozenset(".:")  # ".name." and ":name:" are Argdown's special characters
TITLE_WORDS = 8
MOTION_TITLE = "Motion"
INDENT = "  "
MAX_NESTING = 8
# Control characters (whitespace among them becomes a space), surrogates, U+FFFE and U+FFFF.
UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def escape(text):
    """``text`` on one line, safe anywhere Argdown expects free text."""
    flat = " ".join(UNPRINTABLE.sub("", text).split())
    escaped = []
    for index, char in enumerate(flat):
        if char in ALWAYS_ESCAPED or (char in SPECIAL_MARKS and _opens_special(flat, index)):
            escaped.append("\\")
        escaped.append(char)
    return "".join(escaped)


def _opens_special(text, index):
    """Whether the "." or ":" at ``index`` would start Argdown's ``.name.`` or ``:name:`` (as in "U.S.")."""
    end = text.find(" ", index + 1)
    return text.find(text[index], index + 2, len(text) if end < 0 else end) >= 0


def title(prefix, pk, text):
    """A unique title of plain words: ``A12 Cartels are not near peers``."""
    words = re.sub(r"[^\w\s'’-]|_", " ", text).split()[:TITLE_WORDS]
    return " ".join([f"{prefix}{pk}", *words])


def _claim(entry):
    """The argument's text: its claim, each quote with its speaker, and the speakers as tags."""
    argument = entry.argument
    parts = [escape(argument.text)]
    tags = []
    if argument.speaker is not None:
        parts.append(f"(argued by {escape(argument.speaker.name)})")
        tags.append(argument.speaker.slug)
    for evidence in entry.evidence:
        who = evidence.speaker.name if evidence.speaker is not None else "the reporter"
        parts.append(f"— {escape(who)}: {escape('“' + evidence.quote + '”')}")
        if evidence.speaker is not None:
            tags.append(evidence.speaker.slug)
    parts.extend(f"#{slug}" for slug in dict.fromkeys(tags))
    return " ".join(parts)


def export_argdown(debate, *, include_unpublished=False):
    """``debate`` as an Argdown document (a string)."""
    content = debate_content(debate, include_unpublished=include_unpublished)
    lines = [
        f"// Argdown export of the debate “{debate.slug}”. Quotes follow each claim; speakers are #tags.",
        "",
        f"# {escape(debate.motion)}",
        "",
        f"[{MOTION_TITLE}]: {escape(debate.motion)}",
    ]
    for position_content in content.positions:
        position = position_content.position
        lines += [
            "",
            f"## {escape(position.title)}",
            "",
            f"[{title('P', position.pk, position.title)}]: {escape(position.title)}",
            f"{INDENT}+> [{MOTION_TITLE}]",
        ]
        lines += _thread(position_content)
    return "\n".join(lines) + "\n"


def _thread(position_content):
    """The position's arguments, nested at most MAX_NESTING deep; deeper replies start a block under their parent."""
    lines = []
    names = {}
    base, anchor = 0, None  # the level of the current block's first entry, and the parent it hangs from
    for entry in position_content.entries:
        argument = entry.argument
        nested = entry.level - base
        if nested < 0 or nested >= MAX_NESTING or (nested == 0 and argument.parent_id != anchor):
            base, anchor, nested = entry.level, argument.parent_id, 0
            position = position_content.position
            parent = f"<{names[anchor]}>" if anchor else f"[{title('P', position.pk, position.title)}]"
            lines += ["", parent]
        relation = "+" if argument.stance == Stance.FOR else "-"
        names[argument.pk] = title("A", argument.pk, argument.text)
        lines.append(f"{INDENT * (nested + 1)}{relation} <{names[argument.pk]}>: {_claim(entry)}")
    return lines
