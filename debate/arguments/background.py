"""A debate's background brief and glossary: the brief sanitised for display, glossary terms marked in page text.

The brief is stored as the moderator wrote it (so the form and the API give back their own words) and
sanitised every time it is shown, with a strict allow-list: paragraphs, line breaks, bold, italic,
lists and http(s)/mailto links. Blank lines make paragraphs, so plain text needs no tags at all.

Glossary marking runs on the server. Plain text is split on one regular expression (an alternation
of every term, longest first, whole words, case-insensitive), each piece escaped on its own, so an
entity such as ``&amp;`` can never be matched and the work is linear in the text. The sanitised
brief is walked as HTML: only text nodes outside links are marked, never a tag, attribute or URL.
Only the first use of each term on a page is marked, so one ``GlossaryMarker`` serves a whole page.
"""

import re
from html import escape
from html.parser import HTMLParser

import nh3
from django.utils.safestring import mark_safe
from django.utils.text import slugify

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
BLOCK_START = re.compile(r"\s*<(p|ul|ol)[\s>]", re.IGNORECASE)
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


def sanitised_background(text):
    """The brief as safe HTML: plain paragraphs wrapped in <p>, everything outside the allow-list removed."""
    if not text.strip():
        return mark_safe("")
    blocks = []
    for block in PARAGRAPH_BREAK.split(text.strip()):
        if BLOCK_START.match(block):
            blocks.append(block)
        else:
            blocks.append("<p>" + block.strip().replace("\n", "<br>\n") + "</p>")
    cleaned = nh3.clean(
        "\n".join(blocks),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned)


def term_anchor(term):
    return "glossary-" + (slugify(term) or "term")


class GlossaryMarker:
    """Marks the first use of each glossary term on one page; create one per rendered page."""

    def __init__(self, entries, glossary_url):
        self.definitions = {entry["term"].lower(): entry for entry in entries if entry.get("term")}
        self.glossary_url = glossary_url
        self.used = set()
        terms = sorted(self.definitions, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(term) for term in terms) + r")(?!\w)", re.IGNORECASE)
            if terms
            else None
        )

    def _mark(self, word):
        """The HTML for one matched word: marked if it is the term's first use on the page, else escaped."""
        key = word.lower()
        entry = self.definitions.get(key)
        if entry is None or key in self.used:
            return escape(word, quote=False)
        self.used.add(key)
        number = len(self.used)
        anchor = term_anchor(entry["term"])
        return (
            f'<span class="gloss"><a class="gloss-term" href="{escape(self.glossary_url)}#{anchor}" '
            f'aria-describedby="gloss-tip-{number}">{escape(word, quote=False)}</a>'
            f'<span class="gloss-tip" role="tooltip" id="gloss-tip-{number}">'
            f"<strong>{escape(entry['term'], quote=False)}</strong>: "
            f"{escape(entry['definition'], quote=False)}</span></span>"
        )

    def mark_text(self, text):
        """Plain text as HTML with its terms' first uses marked."""
        if self.pattern is None or len(self.used) == len(self.definitions):
            return mark_safe(escape(str(text), quote=False))
        pieces = self.pattern.split(str(text))
        # split() with one group alternates: text, term, text, term, ..., text
        html = [escape(piece, quote=False) if i % 2 == 0 else self._mark(piece) for i, piece in enumerate(pieces)]
        return mark_safe("".join(html))

    def mark_html(self, html):
        """Sanitised HTML with its terms marked in text nodes outside links only."""
        if self.pattern is None:
            return html
        rebuilder = _TextNodeMarker(self)
        rebuilder.feed(str(html))
        rebuilder.close()
        return mark_safe("".join(rebuilder.out))


class _TextNodeMarker(HTMLParser):
    """Re-serialises HTML, marking glossary terms in its text nodes (never inside a link: no nested links)."""

    def __init__(self, marker):
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.out = []
        self.link_depth = 0

    def _tag(self, tag, attrs, closing=""):
        rendered = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
        self.out.append(f"<{tag}{rendered}{closing}>")

    def handle_starttag(self, tag, attrs):
        self.link_depth += tag == "a"
        self._tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "a":
            self.link_depth = max(0, self.link_depth - 1)
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(self.marker.mark_text(data) if not self.link_depth else escape(data, quote=False))
