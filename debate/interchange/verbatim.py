"""A Word document carrying Verbatim's styles, so that its macros find them.

Verbatim (the free Word template policy debaters file evidence in) does not add heading
styles of its own: it renames Word's built-in Heading 1–4, so in its ``styles.xml`` the style
``Heading4`` keeps the built-in name ``heading 4`` and gets the alias ``Tag`` (Word shows
"Heading 4,Tag"; Word's navigation pane and outline keep working). Its macros look styles up
by name or alias (``ActiveDocument.Styles("Tag")``, "Heading 4,Tag"), and Verbatim's "update
styles" copies its own formatting onto styles of the same name. So this document defines the
same styles under the same ids, names and aliases as Verbatim 6's template:

==========  ================  ================  ==============================================
alias       style id          name              use
==========  ================  ================  ==============================================
Pocket      Heading1          heading 1         paragraph, outline level 1
Hat         Heading2          heading 2         paragraph, outline level 2
Block       Heading3          heading 3         paragraph, outline level 3
Tag         Heading4          heading 4         paragraph, outline level 4
Normal/Card Normal            Normal            the cite and card paragraphs
Cite        Style13ptBold     Style 13 pt Bold  character: the short cite (name and year)
Underline   StyleUnderline    Style Underline   character: the words read aloud
(none)      Emphasis          Emphasis          character: built-in, redefined as Verbatim does
==========  ================  ================  ==============================================

The look is Verbatim's default (sizes, bold, centred Pocket/Hat/Block on a new page, Hat
double-underlined), written here rather than copied from its template.
"""

from dataclasses import dataclass

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

# level: (alias, size in points, underline)
HEADINGS = {
    1: ("Pocket", 26, None),
    2: ("Hat", 22, WD_UNDERLINE.DOUBLE),
    3: ("Block", 16, WD_UNDERLINE.SINGLE),
    4: ("Tag", 13, None),
}
BODY_SIZE = Pt(11)


@dataclass(frozen=True)
class VerbatimStyles:
    headings: dict  # level (1–4) → paragraph style
    cite: object
    underline: object
    emphasis: object


def add_alias(style, alias):
    """Give ``style`` a second name, as renaming a built-in style in Word does."""
    aliases = OxmlElement("w:aliases")
    aliases.set(qn("w:val"), alias)
    style.element.find(qn("w:name")).addnext(aliases)


def clear_character_formatting(style):
    """Drop the template's own run formatting (blue, italic headings) before setting Verbatim's."""
    formatting = style.element.rPr
    if formatting is not None:
        style.element.remove(formatting)


def _heading(styles, level):
    alias, size, underline = HEADINGS[level]
    style = styles[f"Heading {level}"]  # the built-in style, named "heading N" in the file
    add_alias(style, alias)
    clear_character_formatting(style)
    style.font.bold = True
    style.font.size = Pt(size)
    if underline:
        style.font.underline = underline
    style.hidden = False
    style.unhide_when_used = False
    style.quick_style = True
    paragraph = style.paragraph_format  # keeps the template's outline level, keep-with-next and keep-together
    paragraph.space_before, paragraph.space_after = Pt(2), Pt(0)
    if level < 4:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.page_break_before = True
    return style


def _character(styles, name, alias, *, bold, size, underline):
    style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.base_style = styles["Default Paragraph Font"]
    add_alias(style, alias)
    style.quick_style = True
    style.font.bold = bold
    style.font.size = size
    style.font.underline = underline
    return style


def verbatim_document():
    """A new Word document and its Verbatim styles."""
    document = Document()
    styles = document.styles
    normal = styles["Normal"]
    add_alias(normal, "Normal/Card")
    normal.font.name = "Calibri"
    normal.font.size = BODY_SIZE
    headings = {level: _heading(styles, level) for level in HEADINGS}
    cite = _character(styles, "Style 13 pt Bold", "Cite", bold=True, size=Pt(13), underline=False)
    underline = _character(styles, "Style Underline", "Underline", bold=False, size=BODY_SIZE, underline=True)
    emphasis = styles["Emphasis"]  # built-in (italic in Word); Verbatim makes it bold and underlined
    clear_character_formatting(emphasis)
    emphasis.font.bold, emphasis.font.italic = True, False
    emphasis.font.size = BODY_SIZE
    emphasis.font.underline = True
    return document, VerbatimStyles(headings, cite, underline, emphasis)
