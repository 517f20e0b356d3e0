"""Whether an import (AIF or Argdown) is already on the site, and the slug of a copy made on purpose.

A debate is "already on the site" when one with the same motion and the same set of argument texts
exists, whatever its state (a draft imported a minute ago counts). Texts are compared on one line
with control characters left out, as the Argdown export writes them, so a debate whose texts hold
line breaks is still recognised from its own export. Exports hold what readers see, so the set of
the debate's published arguments counts as well as the set of all of them.

Two moderators importing the same file at once must not both get past the check: on PostgreSQL the
check takes a transaction-scoped advisory lock keyed by the motion, so the second waits for the
first to commit and then finds its debate. (SQLite lets one writer at a time commit anyway.)
"""

import hashlib

from django.db import connection

from debate.arguments.models import Argument, Debate

from .argdown import UNPRINTABLE
from .content import InterchangeError

COPY_SUFFIX = "-copy"


class AlreadyOnSite(InterchangeError):
    """The import holds a debate the site already has; ``debate`` is that debate. Nothing was imported."""

    def __init__(self, debate):
        self.debate = debate
        super().__init__(
            f"“{debate.motion}” is already on the site as {debate.get_absolute_url()} ({debate.get_status_display()}, "
            "the same motion and the same arguments). Import it as a copy to have a second one."
        )


def comparable(text):
    """``text`` on one line without control characters: how both formats can carry it."""
    return " ".join(UNPRINTABLE.sub("", text).split())


def debate_with_same_content(motion, argument_texts):
    """The first debate with ``motion`` and exactly the set ``argument_texts``, or None."""
    wanted = {comparable(text) for text in argument_texts}
    for debate in Debate._base_manager.filter(motion=motion).order_by("id"):
        arguments = Argument._base_manager.filter(position__debate=debate)
        every = {comparable(text) for text in arguments.values_list("text", flat=True)}
        published = {comparable(text) for text in arguments.filter(is_visible=True).values_list("text", flat=True)}
        if wanted in (every, published):
            return debate
    return None


def copy_slug(debate):
    """The first free slug of ``debate``'s slug plus ``-copy``, ``-copy-2``, ``-copy-3``, …"""
    max_length = Debate._meta.get_field("slug").max_length
    n = 1
    while True:
        suffix = COPY_SUFFIX if n == 1 else f"{COPY_SUFFIX}-{n}"
        candidate = debate.slug[: max_length - len(suffix)] + suffix
        if not Debate._base_manager.filter(slug=candidate).exists():
            return candidate
        n += 1


def new_debate_slug(motion, argument_texts, *, copy):
    """Refuse an import that is already on the site, or return the slug its copy takes (None when it is new).

    Call it inside the import's transaction, before anything is written.
    """
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(motion.encode("utf-8")).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
    existing = debate_with_same_content(motion, argument_texts)
    if existing is None:
        return None
    if not copy:
        raise AlreadyOnSite(existing)
    return copy_slug(existing)
