"""Formats in and out: what each export is called, what it is made of, and where the site serves it.

The same names serve every way in: ``aif``, ``argdown``, ``cards-docx`` and
``cards-txt`` in addresses and on the command line, with underscores
(``cards_docx``) as JSON keys.
"""

import json
from dataclasses import dataclass

from django.urls import reverse

from .aif import export_aif
from .aif_import import import_aif
from .argdown import export_argdown
from .argdown_import import import_argdown
from .backup import backup, restore
from .cards import cards_docx, cards_text
from .content import InterchangeError
from .duplicates import AlreadyOnSite

__all__ = [
    "EXPORTS",
    "IMPORTS",
    "AlreadyOnSite",
    "InterchangeError",
    "backup",
    "export_urls",
    "import_aif",
    "import_argdown",
    "restore",
]

# Each import takes the file's bytes (or text) and ``copy``, and returns a new draft debate.
IMPORTS = {"aif": import_aif, "argdown": import_argdown}


@dataclass(frozen=True)
class ExportFormat:
    name: str
    content_type: str
    suffix: str
    binary: bool = False

    @property
    def key(self):
        return self.name.replace("-", "_")


EXPORTS = {
    export.name: export
    for export in (
        ExportFormat("aif", "application/json; charset=utf-8", ".aif.json"),
        ExportFormat("argdown", "text/plain; charset=utf-8", ".argdown"),
        ExportFormat(
            "cards-docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "-cards.docx",
            binary=True,
        ),
        ExportFormat("cards-txt", "text/plain; charset=utf-8", "-cards.txt"),
    )
}


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    filename: str


def export_debate(debate, name, *, include_unpublished=False):
    """``debate`` in the format ``name``: what readers see, or everything with ``include_unpublished``."""
    export = EXPORTS[name]
    options = {"include_unpublished": include_unpublished}
    if name == "aif":
        content = json.dumps(export_aif(debate, **options), ensure_ascii=False, indent=1) + "\n"
    elif name == "argdown":
        content = export_argdown(debate, **options)
    elif name == "cards-docx":
        content = cards_docx(debate, **options)
    else:
        content = cards_text(debate, **options)
    data = content.encode("utf-8") if isinstance(content, str) else content
    return Export(data, export.content_type, f"{debate.slug}{export.suffix}")


def export_position(position, name, *, include_unpublished=False):
    """The evidence cards of one position."""
    export = EXPORTS[name]
    render = cards_docx if name == "cards-docx" else cards_text
    content = render(position.debate, positions=[position], include_unpublished=include_unpublished)
    data = content.encode("utf-8") if isinstance(content, str) else content
    return Export(data, export.content_type, f"{position.debate.slug}-{position.slug}{export.suffix}")


def export_urls(debate):
    """The site paths of ``debate``'s exports, keyed as JSON keys (``cards_docx``); the API makes them absolute."""
    return {export.key: reverse("interchange:debate", args=[debate.slug, export.name]) for export in EXPORTS.values()}
