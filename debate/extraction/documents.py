"""Turning what a moderator brings (a plain-text file, a saved web page) into an article's text.

Every refusal is an ``UnreadableArticle`` whose message says what is wrong
and what to do, for the import form and the ``propose_evidence`` command alike.
"""

import codecs
import re
from dataclasses import dataclass

from django.conf import settings

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# A page's own declaration: <meta charset="..."> or <meta http-equiv="Content-Type" content="...; charset=...">.
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# Browsers read these labels as windows-1252 (WHATWG Encoding Standard), and so do pages that use them.
WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"}
# When a page has no article, trafilatura falls back to whatever text it holds ("Home", a copyright
# line, a few headlines); a news article worth citing runs to more words than that.
MIN_MAIN_TEXT_WORDS = 30


class UnreadableArticle(ValueError):
    """The input cannot become an article's text; the message is meant for the moderator."""


@dataclass(frozen=True)
class PageText:
    """The main text of a web page, with what the page says about itself ("" where it says nothing)."""

    text: str
    title: str
    byline: str
    publication: str
    url: str


def max_bytes():
    return settings.IMPORT_MAX_BYTES


def size_label():
    return f"{max_bytes() // (1024 * 1024)} MB"


def check_size(size, what="The file"):
    if size > max_bytes():
        raise UnreadableArticle(
            f"{what} is {size / (1024 * 1024):.1f} MB; an article may be at most {size_label()}. "
            "Import a shorter article."
        )


def check_not_empty(text, what="The file"):
    if not text.strip():
        raise UnreadableArticle(f"{what} is empty: there is no article text to import.")


def _refuse_binary(data, what):
    if data.startswith(UTF16_BOMS):
        raise UnreadableArticle(f"{what} is UTF-16 text, not UTF-8. Save it as UTF-8 and try again.")
    if b"\x00" in data:
        raise UnreadableArticle(f"{what} is not a text file: it contains binary data (NUL bytes).")


def _utf8_error(data, error, what):
    return UnreadableArticle(
        f"{what} is not UTF-8 text: byte 0x{data[error.start]:02x} at position {error.start} is not valid UTF-8. "
        "Save it as UTF-8 and try again."
    )


def decode_utf8(data, what="The file", *, keep_bom=False):
    """Text from UTF-8 bytes, refusing binary data and other encodings.

    ``keep_bom`` keeps a leading byte-order mark as a character, as Python's
    ``open(..., encoding="utf-8")`` does, so offsets match the file as read.
    """
    _refuse_binary(data, what)
    try:
        return data.decode("utf-8" if keep_bom else "utf-8-sig")
    except UnicodeDecodeError as error:
        raise _utf8_error(data, error, what) from error


def declared_charset(data):
    """The character set a page declares in its first few kilobytes, lower-cased, or None."""
    match = META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def decode_html(data, what="The page"):
    """Text of a saved page: UTF-8 when it is valid UTF-8, else the character set the page declares."""
    _refuse_binary(data, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        charset = declared_charset(data)
        if charset is None:
            raise UnreadableArticle(
                f"{what} is not UTF-8 and does not say which character set it uses "
                f"(byte 0x{data[error.start]:02x} at position {error.start}). Save it as UTF-8 and try again."
            ) from error
        if charset in WINDOWS_1252_LABELS:
            charset = "cp1252"
        try:
            codec = codecs.lookup(charset)
        except LookupError:
            raise UnreadableArticle(
                f"{what} says its character set is “{charset}”, which this site does not know. "
                "Save it as UTF-8 and try again."
            ) from error
        if codec.name == "utf-8":
            raise _utf8_error(data, error, what) from error
        try:
            return data.decode(codec.name)
        except UnicodeDecodeError as wrong:
            raise UnreadableArticle(
                f"{what} says its character set is “{charset}”, but byte 0x{data[wrong.start]:02x} at position "
                f"{wrong.start} is not valid in it. Save it as UTF-8 and try again."
            ) from wrong


def _squeezed(value):
    return " ".join((value or "").split()).casefold()


def html_main_text(html, title=""):
    """The article in a saved page, without its navigation, advertisements, comments or footer.

    trafilatura was measured against readability-lxml on real articles wrapped in
    page chrome (see docs/decisions.md): both kept every paragraph, and only
    trafilatura left out the advertisement labels and the byline line.
    The headline is not part of a source's text, so a first line repeating the
    page's title (or ``title``) is dropped.
    """
    # Imported here: trafilatura and its date parsers take half a second to load, which
    # every other process (each management command, each test run) would pay.
    import trafilatura

    page = trafilatura.bare_extraction(html, include_comments=False, include_tables=False, with_metadata=True)
    text = (page.text or "") if page is not None else ""
    page_title = (page.title or "") if page is not None else ""
    first, _, rest = text.partition("\n")
    if _squeezed(first) and _squeezed(first) in {_squeezed(page_title), _squeezed(title)}:
        text = rest.lstrip("\n")
    if len(text.split()) < MIN_MAIN_TEXT_WORDS:
        raise UnreadableArticle(
            "No article text was found in this page. Save the article's own page (not a list of articles), "
            "or paste its text instead."
        )
    return PageText(
        text=text, title=page_title, byline=page.author or "", publication=page.sitename or "", url=page.url or ""
    )
