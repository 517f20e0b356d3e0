"""Evidence cards as policy debaters keep them in Verbatim, in Word and in plain text.

Structure (both formats), Verbatim's four heading levels:

- **Pocket**: the debate's motion.
- **Hat**: a position.
- **Block**: a top-level argument, "For: <claim>" or "Against: <claim>" (its whole claim), then
  one "AT: <short claim>" block ("answers to") for each argument that has rebuttals, holding
  them; blocks come depth first, so an argument's answers follow it. A reply that supports
  what it answers extends it: its cards sit in the same block.
- **Tag**: one card per excerpt, tagged with the short claim of the argument citing it
  (``short_claim``). An answer with no evidence is an analytic, as Verbatim files them: its
  whole claim as a Tag, with no cite under it.

A card is the tag, the cite and the card text. The cite is the short cite (the speaker's last
name, or an unnamed speaker's description shortened; the two-digit year or "n.d."; in the
Cite style) then, in brackets, the full name or description and qualifications, the
publication, title, date, address and the date accessed (the day the source was added: only
stored metadata, read through ``debate.sources.citations``). The card text is the excerpt in
the Underline style, with the tag's words in it in Emphasis (as Verbatim's auto-underline
picks them), inside the rest of its paragraph in the source (at most about 400 characters
either side, cut at a sentence) in normal text.

Plain text keeps the same order: ``#`` Pocket, ``##`` Hat, ``###`` Block, ``####`` Tag, the
cite line with the short cite in ``**bold**``, and the card text with the underlined words
``[[in double brackets]]``, exactly as stored (no Emphasis marks, so each quote reads whole).

Stored text may hold characters XML cannot (control characters, U+FFFE): the Word document
turns a vertical tab (Word's own line break) and a form feed into line breaks and leaves the
others out; the plain text keeps the text as stored.
"""

import io
import re
from dataclasses import dataclass

from debate.arguments.models import Stance
from debate.sources.citations import byline_authors, csl_item, punctuation_in_quote

from .content import debate_content
from .verbatim import verbatim_document

UNDERLINE_OPEN, UNDERLINE_CLOSE = "[[", "]]"
WORD_LINE_BREAKS = re.compile("[\x0b\x0c]")
# Not allowed in XML 1.0: control characters but tab, newline and carriage return; surrogates; U+FFFE, U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# A tag is the claim's first sentence, or its first clause (before ";", ":" or a dash) when that
# has at least CLAUSE_WORDS words. Past TAG_WORDS it ends before the last ", and …" (", but",
# ", so", ", which" …) within TAG_MAX_WORDS words; past TAG_MAX_WORDS without one, before the
# last comma within them, or else after TAG_WORDS words and "…".
TAG_WORDS, TAG_MAX_WORDS, CLAUSE_WORDS = 15, 25, 4
SENTENCE_BREAK = re.compile(r"[.?!][\"”’)]*(?=\s+[\"“‘(]?[A-Z])")
CLAUSE_BREAK = re.compile(r"\s*[;:]\s+|\s+[—–]\s+")
CONJUNCTION_BREAK = re.compile(r",\s+(?=(?:and|but|so|or|yet|while|which|because|whereas)\b)")
# A full stop that ends an abbreviation ("Rep. Mike Waltz", "Brandan P. Buck", "the U.S. Army"), not a sentence.
ABBREVIATION = re.compile(
    r"(?:^|\s)(?:Mr|Mrs|Ms|Dr|Prof|Rep|Sen|Gov|Gen|Col|Lt|Sgt|Capt|Adm|St|Jr|Sr|[A-Z]|(?:[A-Z]\.)+[A-Z])\.$"
)

# Emphasis marks the excerpt's words that are also in the tag, but not these common ones.
WORD = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*")
EMPHASIS_MIN_LETTERS = 4
COMMON_WORDS = frozenset(
    """about above after again against also among around because been before being below between
    both could does doing down during each even from further have having here into itself just
    less like many more most much must only other ours over same should since some such than
    that their theirs them then there these they this those through under until upon very were
    what when where which while will with within without would your""".split()
)

CONTEXT_CHARACTERS = 400  # of the excerpt's paragraph on each side, at most
SENTENCE_END = re.compile(r"[.?!][\"”’)]*(?=\s)")
SENTENCE_START = re.compile(r"[.?!][\"”’)]*\s+")
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
DESCRIPTION_WORDS = 6  # of an unnamed speaker's description, in the short cite
DESCRIPTION_END = re.compile(r",|\s(?:who|whom|whose|that|which|with)\s")
ARTICLES = frozenset({"a", "an", "the"})


def word_text(text):
    """``text`` as a Word run can hold it; python-docx turns each newline into a line break."""
    return NOT_XML.sub("", WORD_LINE_BREAKS.sub("\n", text))


def _words(text):
    return text.split()


def _first_sentence(text):
    for match in SENTENCE_BREAK.finditer(text):
        sentence = text[: match.end()]
        if len(_words(sentence)) >= CLAUSE_WORDS and not ABBREVIATION.search(sentence):
            return sentence
    return text


def short_claim(claim):
    """A tag for ``claim``: its first sentence or clause, cut short (see TAG_WORDS)."""
    tag = _first_sentence(" ".join(claim.split()))
    clause = CLAUSE_BREAK.split(tag, maxsplit=1)[0]
    if len(_words(clause)) >= CLAUSE_WORDS:
        tag = clause
    if len(_words(tag)) > TAG_WORDS:
        breaks = [m.start() for m in CONJUNCTION_BREAK.finditer(tag) if len(_words(tag[: m.start()])) <= TAG_MAX_WORDS]
        if not breaks and len(_words(tag)) > TAG_MAX_WORDS:
            breaks = [m.start() for m in re.finditer(",", tag) if len(_words(tag[: m.start()])) <= TAG_MAX_WORDS]
        if breaks:
            tag = tag[: breaks[-1]]
        elif len(_words(tag)) > TAG_MAX_WORDS:
            tag = " ".join(_words(tag)[:TAG_WORDS]) + "…"
    return tag.rstrip(" ,;:—–")


def _key_words(tag):
    return {word.lower() for word in WORD.findall(tag) if len(word) >= EMPHASIS_MIN_LETTERS} - COMMON_WORDS


def emphasis_parts(quote, tag):
    """``quote`` in order as ``[(text, emphasised)]``: the tag's key words (and the spaces
    between two of them) are emphasised."""
    key_words = _key_words(tag)
    spans = []
    for match in WORD.finditer(quote):
        if match.group().lower() in key_words:
            if spans and quote[spans[-1][1] : match.start()].isspace():
                spans[-1][1] = match.end()
            else:
                spans.append([match.start(), match.end()])
    parts, position = [], 0
    for start, end in spans:
        parts += [(quote[position:start], False), (quote[start:end], True)]
        position = end
    parts.append((quote[position:], False))
    return [part for part in parts if part[0]]


def context_around(text, start, end):
    """The excerpt ``text[start:end]`` with the rest of its paragraph (line), cut at sentences
    to about CONTEXT_CHARACTERS each side: ``(before, quote, after)``."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last < 0 else last
    if start - first > CONTEXT_CHARACTERS:
        window = start - CONTEXT_CHARACTERS
        sentence = SENTENCE_START.search(text, window, start)
        space = text.find(" ", window, start)
        first = sentence.end() if sentence else (space + 1 if space >= 0 else window)
    if last - end > CONTEXT_CHARACTERS:
        window = end + CONTEXT_CHARACTERS
        sentences = list(SENTENCE_END.finditer(text, end, window))
        space = text.rfind(" ", end, window)
        last = sentences[-1].end() if sentences else (space if space >= 0 else window)
    return text[first:start], text[start:end], text[end:last]


# -- Cites -------------------------------------------------------------------------


def _last_name(name):
    words = [word for word in _words(name) if word.lower() not in NAME_SUFFIXES]
    return words[-1].rstrip(",") if words else name


def _short_description(description):
    """ "a former Marine officer who worked with …" → "Former Marine officer"."""
    words = _words(DESCRIPTION_END.split(f" {description.strip()} ", maxsplit=1)[0])
    if len(words) > 1 and words[0].lower() in ARTICLES:
        words = words[1:]
    short = " ".join(words[:DESCRIPTION_WORDS])
    return short[:1].upper() + short[1:]


def _byline_names(source):
    authors = byline_authors(source.byline)
    names = [author.get("family") or author["literal"] for author in authors]
    if not names:
        return source.publication or "Unattributed"
    if len(names) == 1:
        return names[0]
    return f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} et al."


def cited_name(evidence):
    """Who a card cites in its short cite: a last name, a short description, or the byline."""
    speaker = evidence.speaker
    if speaker is None:
        return _byline_names(evidence.source)
    if speaker.is_anonymous:
        return speaker.role or _short_description(speaker.name)
    return _last_name(speaker.name)


def short_cite(evidence):
    published = evidence.source.published_on
    return f"{cited_name(evidence)} {published.strftime('%y') if published else 'n.d.'}"


def _date(csl_date):
    year, month, day = csl_date["date-parts"][0]
    return f"{month}-{day}-{year}"


def qualifications(evidence):
    """The full name or description, then role and affiliation: who the cited person is."""
    speaker, source = evidence.speaker, evidence.source
    if speaker is None:
        return [source.byline] if source.byline.strip() else []
    credentials = [part for part in (speaker.role, speaker.affiliation) if part]
    if speaker.is_anonymous:  # the description says most of it already
        credentials = [part for part in credentials if part.lower() not in speaker.name.lower()]
    return [speaker.name, *credentials]


def full_cite(evidence):
    """``[Name, qualifications, Publication, “Title,” date, address, accessed date]``."""
    item = csl_item(evidence.source)
    where = [
        item.get("container-title"),
        f"“{item['title']}”",
        _date(item["issued"]) if "issued" in item else None,
        item.get("URL"),
        f"accessed {_date(item['accessed'])}" if "accessed" in item else None,
    ]
    return "[" + punctuation_in_quote(", ".join(part for part in qualifications(evidence) + where if part)) + "]"


# -- Outline -----------------------------------------------------------------------


@dataclass
class Card:
    tag: str
    short_cite: str
    full_cite: str
    before: str
    quote: str
    after: str

    @property
    def quote_parts(self):
        return emphasis_parts(self.quote, self.tag)


def card_for(argument, evidence):
    before, quote, after = context_around(evidence.source.text, evidence.start, evidence.end)
    return Card(short_claim(argument.text), short_cite(evidence), full_cite(evidence), before, quote, after)


def _blocks(position_content):
    """``(heading, members)`` in reading order; members are thread entries, each block's first
    the argument it is about (a top-level argument) or one of the answers it holds."""
    replies = {}
    for entry in position_content.entries:
        replies.setdefault(entry.argument.parent_id, []).append(entry)

    def with_supporters(entry):
        members, stack = [], [entry]
        while stack:
            member = stack.pop()
            members.append(member)
            stack += reversed([r for r in replies.get(member.argument.pk, []) if r.argument.stance == Stance.FOR])
        return members

    def rebuttals(entry):
        return [r for r in replies.get(entry.argument.pk, []) if r.argument.stance == Stance.AGAINST]

    roots = sorted(replies.get(None, []), key=lambda entry: entry.argument.stance != Stance.FOR)
    stack = [(f"{Stance(root.argument.stance).label}: {root.argument.text}", with_supporters(root)) for root in roots]
    stack.reverse()
    while stack:
        heading, members = stack.pop()
        yield heading, members
        answered = [member for member in members if rebuttals(member)]
        stack += reversed(
            [
                (f"AT: {short_claim(m.argument.text)}", [s for r in rebuttals(m) for s in with_supporters(r)])
                for m in answered
            ]
        )


def card_outline(debate, *, positions=None, include_unpublished=False):
    """``(level, text)`` headings (level 4: an analytic) and cards, in reading order."""
    content = debate_content(debate, positions=positions, include_unpublished=include_unpublished)
    outline = [(1, debate.motion)]
    for position_content in content.positions:
        outline.append((2, position_content.position.title))
        for heading, members in _blocks(position_content):
            outline.append((3, heading))
            for entry in members:
                if entry.evidence:
                    outline += [card_for(entry.argument, evidence) for evidence in entry.evidence]
                elif entry.argument.parent_id:
                    outline.append((4, entry.argument.text))
    return outline


# -- Formats -----------------------------------------------------------------------


def cards_text(debate, **options):
    """The cards as plain text (UTF-8, Markdown-like; see the module's docstring)."""
    lines = []
    for item in card_outline(debate, **options):
        if isinstance(item, Card):
            lines += [
                f"#### {item.tag}",
                f"**{item.short_cite}** {item.full_cite}",
                f"{item.before}{UNDERLINE_OPEN}{item.quote}{UNDERLINE_CLOSE}{item.after}",
                "",
            ]
        else:
            level, text = item
            lines += ["#" * level + f" {text}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def cards_docx(debate, **options):
    """The cards as a Word document (bytes) in Verbatim's styles."""
    document, styles = verbatim_document()
    document.core_properties.title = " ".join(word_text(debate.motion).split())

    def add_runs(paragraph, parts):
        for text, style in parts:
            if text := word_text(text):
                paragraph.add_run(text, style=style)

    for item in card_outline(debate, **options):
        if isinstance(item, Card):
            document.add_paragraph(word_text(item.tag), style=styles.headings[4])
            add_runs(document.add_paragraph(), [(item.short_cite, styles.cite), (f" {item.full_cite}", None)])
            quoted = [
                (text, styles.emphasis if emphasised else styles.underline) for text, emphasised in item.quote_parts
            ]
            add_runs(document.add_paragraph(), [(item.before, None), *quoted, (item.after, None)])
        else:
            level, text = item
            document.add_paragraph(word_text(text), style=styles.headings[level])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
