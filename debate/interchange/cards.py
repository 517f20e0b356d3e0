"""Evidence cards in the Verbatim layout policy debaters file their evidence in.

Headings follow Verbatim's levels: the position (Heading 1, a "pocket"), then
"Arguments for" and "Arguments against" (Heading 2, "hats"), then a block per
argument (Heading 3). Each card under it is:

- the tag: the argument's claim (Heading 4, bold, as Verbatim's "Tag" style);
- the cite: the speaker's last name, or an unnamed speaker's description, and the
  date ("n.d." when the source has none), in bold; then the speaker's full name
  and credentials (role, affiliation), the publication, the title and the address;
- the card: the paragraph of the source that holds the excerpt, verbatim, with the
  quoted words bold and underlined.

The Word document opens with the motion as its title. The plain-text version
keeps the same order with Markdown-style headings (``#`` the motion, ``##`` the
position, ``###`` for/against, ``####`` the argument), the tag and the short cite
in ``**bold**``, and the quoted words inside ``[[double brackets]]``.

Stored text may hold characters XML cannot (control characters, U+FFFE): the
Word document turns a vertical tab (Word's own line break) and a form feed into
line breaks and leaves the others out; the plain text keeps the text as stored.
"""

import io
import re
from dataclasses import dataclass

from docx import Document

from debate.arguments.models import Stance

from .content import debate_content

STANCE_HEADINGS = ((Stance.FOR, "Arguments for"), (Stance.AGAINST, "Arguments against"))
BLOCK_WORDS = 10
EMPHASIS_OPEN, EMPHASIS_CLOSE = "[[", "]]"
WORD_LINE_BREAKS = re.compile("[\x0b\x0c]")
# Not allowed in XML 1.0: control characters but tab, newline and carriage return; surrogates; U+FFFE, U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def word_text(text):
    """``text`` as a Word run can hold it; python-docx turns each newline into a line break."""
    return NOT_XML.sub("", WORD_LINE_BREAKS.sub("\n", text))


@dataclass
class Card:
    tag: str
    short_cite: str
    full_cite: str
    before: str
    quote: str
    after: str


def short_cite(evidence):
    speaker, source = evidence.speaker, evidence.source
    if speaker is None:
        who = source.byline.split()[-1] if source.byline.strip() else (source.publication or "Unattributed")
    elif speaker.is_anonymous or " " not in speaker.name.strip():
        who = speaker.name
    else:
        who = speaker.name.split()[-1]
    return f"{who} {source.date_label}"


def full_cite(evidence):
    speaker, source = evidence.speaker, evidence.source
    who = []
    if speaker is not None:
        who = [speaker.name] if not speaker.is_anonymous else []
        who += [part for part in (speaker.role, speaker.affiliation) if part]
    elif source.byline:
        who = [source.byline]
    where = [part for part in (source.publication, f"“{source.title}”", source.date_label, source.url) if part]
    return "; ".join(part for part in (", ".join(who), ", ".join(where)) if part)


def paragraph_around(text, start, end):
    """The source's paragraph (its lines) holding ``text[start:end]``, split around the excerpt."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last < 0 else last
    return text[first:start], text[start:end], text[end:last]


def card_for(argument, evidence):
    before, quote, after = paragraph_around(evidence.source.text, evidence.start, evidence.end)
    return Card(argument.text, short_cite(evidence), full_cite(evidence), before, quote, after)


def block_heading(entry):
    words = entry.argument.text.split()
    heading = " ".join(words[:BLOCK_WORDS]) + ("…" if len(words) > BLOCK_WORDS else "")
    if entry.argument.parent_id:
        parent = entry.argument.parent.text.split()
        verb = "supports" if entry.argument.stance == Stance.FOR else "answers"
        heading += f" — {verb} “" + " ".join(parent[:BLOCK_WORDS]) + ("…”" if len(parent) > BLOCK_WORDS else "”")
    return heading


def card_outline(debate, *, positions=None, include_unpublished=False):
    """``(level, text)`` headings and cards (level None) in reading order."""
    content = debate_content(debate, positions=positions, include_unpublished=include_unpublished)
    outline = []
    for position_content in content.positions:
        outline.append((1, position_content.position.title))
        for stance, label in STANCE_HEADINGS:
            entries = position_content.entries_by_stance(stance)
            outline.append((2, label))
            if not entries:
                outline.append((None, "No arguments."))
            for entry in entries:
                outline.append((3, block_heading(entry)))
                if not entry.evidence:
                    outline += [(4, entry.argument.text), (None, "No evidence cited.")]
                outline += [(None, card_for(entry.argument, evidence)) for evidence in entry.evidence]
    return outline


def cards_text(debate, **options):
    """The cards as plain text (UTF-8 Markdown-style; see the module's docstring)."""
    lines = [f"# {debate.motion}", ""]
    for level, item in card_outline(debate, **options):
        if isinstance(item, Card):
            lines += [
                f"**{item.tag}**",
                f"**{item.short_cite}** — {item.full_cite}",
                f"{item.before}{EMPHASIS_OPEN}{item.quote}{EMPHASIS_CLOSE}{item.after}",
                "",
            ]
        elif level == 4:
            lines.append(f"**{item}**")
        elif level is None:
            lines += [item, ""]
        else:
            lines += ["#" * (level + 1) + f" {item}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def cards_docx(debate, **options):
    """The cards as a Word document (bytes)."""
    document = Document()
    document.core_properties.title = " ".join(word_text(debate.motion).split())
    document.add_heading(word_text(debate.motion), level=0)
    for level, item in card_outline(debate, **options):
        if isinstance(item, Card):
            document.add_heading(word_text(item.tag), level=4)
            cite = document.add_paragraph()
            cite.add_run(word_text(item.short_cite)).bold = True
            cite.add_run(word_text(f" — {item.full_cite}"))
            card = document.add_paragraph()
            card.add_run(word_text(item.before))
            quoted = card.add_run(word_text(item.quote))
            quoted.bold = quoted.underline = True
            card.add_run(word_text(item.after))
        elif level is None:
            document.add_paragraph().add_run(word_text(item)).italic = True
        else:
            document.add_heading(word_text(item), level=level)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
