"""A content item's history as people read it: who changed what and when, texts as word-level diffs.

Foreign keys show the name of what they point to and cited evidence its quote and speaker, never
ids. The page costs the same few queries whatever the number of versions: the many-to-many rows of
every version and every item the versions point to are each loaded in one query.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.db import models

from debate.core.pickers import describe

HISTORY_LIMIT = 100
# Fields the site derives or stamps itself: a change to them is never what a moderator did.
NOT_SHOWN = {"id", "version", "created_at", "updated_at", "depth", "position_stance", "is_visible"}
# Unchanged words kept around each change of a long text; the rest folds into "…".
CONTEXT_WORDS = 12
TOKENS = re.compile(r"\s+|\S+")


@dataclass
class Change:
    """One field's change. ``segments`` for texts; ``old``/``new`` for other values; ``added``/``removed`` for links."""

    label: str
    segments: list = field(default_factory=list)
    shortened: bool = False
    whole_old: str = ""
    whole_new: str = ""
    old: str = ""
    new: str = ""
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)


def word_diff(old, new):
    """``[(op, text)]`` with op "equal", "del", "ins" or "gap" (unchanged words folded away); and whether any fold."""
    before, after = TOKENS.findall(old), TOKENS.findall(new)
    opcodes = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    segments, shortened = [], False
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op != "equal":
            if i2 > i1:
                segments.append(("del", "".join(before[i1:i2])))
            if j2 > j1:
                segments.append(("ins", "".join(after[j1:j2])))
            continue
        tokens = before[i1:i2]
        keep = 2 * CONTEXT_WORDS  # words and the spaces between them
        head = tokens[:keep] if index > 0 else []
        tail = tokens[-keep:] if index < len(opcodes) - 1 else []
        if len(tokens) <= len(head) + len(tail) + keep:
            segments.append(("equal", "".join(tokens)))
            continue
        shortened = True
        segments.extend(part for part in (("equal", "".join(head)), ("gap", "…"), ("equal", "".join(tail))) if part[1])
    return segments, shortened


def readable(obj):
    """The latest versions of ``obj``, newest first, each with ``changes`` against the version before it."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:HISTORY_LIMIT])
    if not records:
        return records
    model = type(obj)
    fields = [f for f in model._meta.concrete_fields if f.name not in NOT_SHOWN]
    m2m_fields = list(getattr(records[0], "_history_m2m_fields", []))
    links = _links(records, m2m_fields)
    names = _names(records, fields, links, m2m_fields)
    for newer, older in zip(records, records[1:]):
        newer.changes = []
        for model_field in fields:
            old, new = getattr(older, model_field.attname, None), getattr(newer, model_field.attname, None)
            if old != new:
                newer.changes.append(_change(model_field, old, new, names))
        for m2m_field in m2m_fields:
            old, new = (
                links[m2m_field.name].get(older.history_id, set()),
                links[m2m_field.name].get(newer.history_id, set()),
            )
            if old != new:
                target = names.get(m2m_field.related_model, {})
                newer.changes.append(
                    Change(
                        label=str(m2m_field.verbose_name),
                        added=[target.get(pk, "(removed since)") for pk in sorted(new - old)],
                        removed=[target.get(pk, "(removed since)") for pk in sorted(old - new)],
                    )
                )
    return records


def _links(records, m2m_fields):
    """For each many-to-many field, ``{history_id: {target id}}`` of every record, in one query per field."""
    ids = [record.history_id for record in records]
    links = {}
    for m2m_field in m2m_fields:
        rows = getattr(records[0], m2m_field.name).model.objects.filter(history_id__in=ids)
        target = f"{m2m_field.m2m_reverse_field_name()}_id"
        links[m2m_field.name] = {}
        for history_id, pk in rows.values_list("history_id", target):
            links[m2m_field.name].setdefault(history_id, set()).add(pk)
    return links


def _names(records, fields, links, m2m_fields):
    """``{related model: {id: what it says}}`` for every item the versions point to, one query per model."""
    wanted = {}
    for model_field in fields:
        if isinstance(model_field, models.ForeignKey):
            ids = {getattr(record, model_field.attname) for record in records} - {None}
            wanted.setdefault(model_field.related_model, set()).update(ids)
    for m2m_field in m2m_fields:
        ids = set().union(*links[m2m_field.name].values()) if links[m2m_field.name] else set()
        wanted.setdefault(m2m_field.related_model, set()).update(ids)
    names = {}
    for related, ids in wanted.items():
        queryset = related._default_manager.all()
        relations = [f.name for f in related._meta.concrete_fields if isinstance(f, models.ForeignKey)]
        found = queryset.select_related(*relations).in_bulk(ids)
        names[related] = {pk: _name(item) for pk, item in found.items()}
    return names


def _name(item):
    label, place = describe(item)
    return f"{label} — {place}" if place else label


def _change(model_field, old, new, names):
    label = str(model_field.verbose_name)
    if isinstance(model_field, models.ForeignKey):
        target = names.get(model_field.related_model, {})
        return Change(label=label, old=_named(target, old), new=_named(target, new))
    if isinstance(model_field, models.TextField) or (
        isinstance(model_field, models.CharField) and not model_field.choices
    ):
        segments, shortened = word_diff(old or "", new or "")
        return Change(label=label, segments=segments, shortened=shortened, whole_old=old or "", whole_new=new or "")
    if model_field.choices:
        shown = dict(model_field.flatchoices)
        old, new = shown.get(old, old), shown.get(new, new)
    return Change(label=label, old=_or_none(old), new=_or_none(new))


def _named(target, pk):
    return "(none)" if pk is None else target.get(pk, "(removed since)")


def _or_none(value):
    return "(none)" if value in (None, "") else str(value)
