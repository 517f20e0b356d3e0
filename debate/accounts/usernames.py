"""Usernames that imitate another: "аlice" with a Cyrillic а, "ALICE", "a1ice" for "alice".

Two names look alike when their skeletons are equal. A skeleton is the case-folded NFKC form of
the name with every character replaced by one representative, in lower case, of the characters
it can be mistaken for: the single-character homoglyphs of Unicode's confusables list (from
``confusable_homoglyphs``), grouped transitively. So case, Cyrillic and Greek look-alikes, "1"
for "l" and "0" for "o" all meet. Multi-character look-alikes ("rn" for "m") are not caught.
"""

import unicodedata
from functools import cache

from confusable_homoglyphs.confusables import confusables_data
from django.contrib.auth.models import User


@cache
def _representatives():
    """Each character mapped to one member of its group of mutually confusable characters."""
    parent = {}

    def root(char):
        parent.setdefault(char, char)
        while parent[char] != char:
            parent[char] = parent[parent[char]]
            char = parent[char]
        return char

    def preference(char):  # an ASCII letter if the group has one ("O" for "0"), lower case first
        ascii_letter = char.isascii() and char.isalpha()
        return (not (ascii_letter and char.islower()), not ascii_letter, not char.isascii(), char)

    for char, homoglyphs in confusables_data.items():
        for homoglyph in homoglyphs:
            glyph = homoglyph["c"].replace("\u200e", "")  # the data wraps right-to-left glyphs in marks
            if len(glyph) == 1:
                a, b = root(char), root(glyph)
                if a != b:
                    parent[max(a, b, key=preference)] = min(a, b, key=preference)
    return {char: root(char).casefold() for char in parent}


def skeleton(username):
    representatives = _representatives()
    return "".join(representatives.get(char, char) for char in unicodedata.normalize("NFKC", username).casefold())


def imitated_username(username, *, exclude_pk=None):
    """The existing username that ``username`` looks like (other than itself), or None."""
    wanted = skeleton(username)
    others = User.objects.exclude(username=username)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    for existing in others.values_list("username", flat=True).iterator():
        if skeleton(existing) == wanted:
            return existing
    return None
