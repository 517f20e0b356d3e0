"""Moderators' writes: review, status, move, merge, revert, attach evidence.

Each is one keyword-only function that the workspace's views, the API and the admin all call, so a
rule cannot hold on one path and not another. Each runs in one transaction and decides on rows read
inside it, after the lock the decision depends on (or by a compare-and-set UPDATE), never on a row
its caller loaded earlier.
"""

import copy
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from debate.arguments.models import Argument, Position, lock_debates
from debate.core.models import EditConflict, MergeRecord, Status
from debate.sources.models import Evidence, Speaker, unique_slug
from debate.sources.passages import find_passage

from .models import Flag, Proposal, ProposalKind, ReviewState


def evidence_for_passage(*, source, start, end, quote, speaker=None, kind="quote"):
    """The evidence at exactly this span, created when it does not exist yet."""
    existing = Evidence.objects.filter(source=source, start=start, end=end).first()
    if existing is not None:
        return existing
    return Evidence.objects.create(source=source, start=start, end=end, quote=quote, speaker=speaker, kind=kind)


@transaction.atomic
def attach_evidence(*, source, start, end, quote, speaker=None, kind="quote", argument=None):
    """Make the passage evidence (or find it) and, with ``argument``, cite it from that argument."""
    evidence = evidence_for_passage(source=source, start=start, end=end, quote=quote, speaker=speaker, kind=kind)
    if argument is not None:
        argument.evidence.add(evidence)
    return evidence


# Students' proposals and flags ---------------------------------------------


@transaction.atomic
def proposal_submit(
    *,
    author,
    kind,
    position,
    parent=None,
    stance="",
    text="",
    cited_evidence=(),
    source=None,
    quote="",
    start=None,
    end=None,
    speaker=None,
    evidence_kind="quote",
):
    """A student's proposal, waiting for a moderator: the pages and the API both send theirs here.

    A passage sent without offsets is found in its article whatever its quote marks, dashes and
    spacing, and stored as the article's own characters; offsets sent with it are checked by the
    model to hold exactly the quote. The same rule gives the same message on every path.
    """
    if quote.strip() or start is not None:
        if source is None:
            raise ValidationError({"source": "Choose the article the passage comes from."})
        typed = start is None or end is None
        try:
            start, end = locate_passage(source, quote, start, end)
        except AmbiguousPassage as ambiguous:
            raise ValidationError({"quote": str(ambiguous)}) from ambiguous
        if typed:
            quote = source.text[start:end]
    else:
        source = None
    proposal = Proposal.objects.create(
        author=author,
        kind=kind,
        position=position,
        parent=parent,
        stance=stance,
        text=text,
        source=source,
        start=start,
        end=end,
        quote=quote,
        speaker=speaker,
        evidence_kind=evidence_kind,
    )
    proposal.cited_evidence.set(cited_evidence)
    return proposal


def flag_submit(*, author, reason, comment, argument=None, evidence=None):
    """A student's flag on an argument or an excerpt, waiting for a moderator."""
    if (argument is None) == (evidence is None):
        raise ValidationError("Flag either an argument or a piece of evidence.")
    flag = Flag(author=author, reason=reason, comment=comment, argument=argument, evidence=evidence)
    flag.clean()
    flag.save()
    return flag


# Review -----------------------------------------------------------------


class AlreadyReviewed(Exception):
    """Another moderator (or an earlier click) took the opposite decision on this item first."""

    def __init__(self, item):
        self.item = item
        by = f" by {item.reviewed_by}" if item.reviewed_by else ""
        super().__init__(f"This {item._meta.verbose_name} was already {item.get_state_display().lower()}{by}.")


def _close(item, *, moderator, state, reason=""):
    """Close a pending review item by compare-and-set; returns (closed by this call, the item as it now is).

    Of concurrent reviews only the first finds the row pending: on PostgreSQL the others' UPDATE
    waits for its commit and then matches nothing; on SQLite the write lock serialises them. The
    same decision again is a repeat (a double click) and changes nothing; the opposite one raises
    ``AlreadyReviewed``.
    """
    model = type(item)
    closed = model.objects.filter(pk=item.pk, state=ReviewState.PENDING).update(
        state=state, review_reason=reason.strip(), reviewed_by=moderator, reviewed_at=timezone.now()
    )
    current = model.objects.filter(pk=item.pk).select_related("reviewed_by").first()
    if current is None:
        raise ValidationError(f"This {model._meta.verbose_name} no longer exists.")
    if not closed and current.state != state:
        raise AlreadyReviewed(current)
    return bool(closed), current


@transaction.atomic
def proposal_approve(*, proposal, moderator, reason="", changes=None):
    """Publish what the proposal asks for, with the moderator's ``changes`` to its editable fields.

    Approving twice publishes once: the repeat returns the argument the first approval made.
    """
    unknown = set(changes or {}) - set(Proposal.EDITABLE_IN_REVIEW)
    if unknown:
        raise ValueError(f"Fields a moderator cannot change in review: {', '.join(sorted(unknown))}")
    # The debate first, as every change to its threads does, so the locks are always taken in one order.
    lock_debates(Position.objects.filter(pk=proposal.position_id).values("debate_id"))
    closed, proposal = _close(proposal, moderator=moderator, state=ReviewState.APPROVED, reason=reason)
    if not closed:
        return proposal.result
    for name, value in (changes or {}).items():
        setattr(proposal, name, value)
    cited = list(proposal.cited_evidence.all())
    if proposal.has_passage:
        cited.append(
            evidence_for_passage(
                source=proposal.source,
                start=proposal.start,
                end=proposal.end,
                quote=proposal.quote,
                speaker=proposal.speaker,
                kind=proposal.evidence_kind,
            )
        )
    if proposal.kind == ProposalKind.ARGUMENT:
        argument = Argument.objects.create(
            position=proposal.position,
            parent=proposal.parent,
            stance=proposal.stance,
            text=proposal.text,
            # The student wrote it; the proposal's speaker said the quoted words, not this claim.
            author=proposal.author,
            status=Status.PUBLISHED,
        )
    else:
        argument = proposal.parent
    argument.evidence.add(*cited)
    proposal.result = argument
    proposal.save()  # the row read after closing it, inside this transaction: nothing stale is written back
    return argument


@transaction.atomic
def proposal_reject(*, proposal, moderator, reason):
    _require_reason(reason)
    return _close(proposal, moderator=moderator, state=ReviewState.REJECTED, reason=reason)[1]


@transaction.atomic
def flag_resolve(*, flag, moderator, reason=""):
    return _close(flag, moderator=moderator, state=ReviewState.APPROVED, reason=reason)[1]


@transaction.atomic
def flag_reject(*, flag, moderator, reason):
    _require_reason(reason)
    return _close(flag, moderator=moderator, state=ReviewState.REJECTED, reason=reason)[1]


def _require_reason(reason):
    if not reason.strip():
        raise ValidationError({"review_reason": "Give the student a reason."})


# Curation ---------------------------------------------------------------


def set_status(*, obj, status, version):
    """Publish, unpublish or retire ``obj``, as seen at ``version`` (a stale version is an EditConflict)."""
    obj.status = status
    obj.version = version
    obj.save()
    return obj


@transaction.atomic
def move_argument(*, argument, new_parent=None, new_position=None, version):
    """Give ``argument`` a new parent (or make it top-level in ``new_position``), in the same debate.

    The whole subtree follows: its position, depth and stances are refreshed. The debate stays
    locked from before the replies are read until the move commits (see ``Argument.lock_threads``).
    """
    target_position = new_parent.position if new_parent else new_position
    if target_position is None:
        raise ValidationError({"parent": "Choose where to move the argument."})
    if target_position.debate_id != argument.position.debate_id:
        raise ValidationError({"parent": "An argument can only move within its own debate."})
    argument.lock_threads()
    if new_parent is not None and (new_parent.pk == argument.pk or new_parent.pk in argument.descendant_ids()):
        raise ValidationError({"parent": "An argument cannot move under itself or one of its own replies."})
    if target_position.pk != argument.position_id:
        subtree = Argument.objects.filter(pk__in=[argument.pk, *argument.descendant_ids()])
        for row in subtree:
            if Argument.objects.filter(position=target_position, slug=row.slug).exists():
                row.slug = unique_slug(Argument, row.text, max_length=60, position_id=target_position.pk)
            Argument.objects.filter(pk=row.pk).update(position=target_position, slug=row.slug)
        argument.position = target_position
        argument.slug = Argument.objects.get(pk=argument.pk).slug
    argument.parent = new_parent
    argument.version = version
    argument.save()
    return argument


def _fetch_both(model, survivor, duplicate, versions):
    """Both objects as they are now, locked: either may have been merged away since the form was shown.

    With ``versions`` (the survivor's and the duplicate's, as a preview showed them), a change to
    either since then is an EditConflict: the merge would not be the one that was confirmed.
    """
    found = model.objects.select_for_update().in_bulk([survivor.pk, duplicate.pk])
    if survivor.pk not in found or duplicate.pk not in found:
        raise ValidationError(f"One of the two {model._meta.verbose_name_plural} was removed meanwhile.")
    for current, version in zip((found[survivor.pk], found[duplicate.pk]), versions or ()):
        if version is not None and current.version != version:
            seen = copy.copy(current)
            seen.version = version
            raise EditConflict(seen, current)
    return found[survivor.pk], found[duplicate.pk]


@dataclass
class MergeMove:
    """One kind of thing a merge moves to the survivor, with what each one says."""

    what: str
    texts: list


def _refuse_argument_merge(survivor, duplicate):
    if survivor.position_id != duplicate.position_id:
        raise ValidationError("Only arguments in the same position can be merged; move one first.")
    if survivor.pk in duplicate.descendant_ids():
        raise ValidationError("The argument to keep is a reply to the duplicate; move it out of that thread first.")


def merge_preview(*, survivor, duplicate):
    """What merging ``duplicate`` into ``survivor`` would move (arguments or speakers); changes nothing.

    A merge the service would refuse is refused here too (ValidationError), before anyone confirms it.
    """
    if survivor.pk == duplicate.pk:
        raise ValidationError(f"Choose two different {duplicate._meta.verbose_name_plural}.")
    if isinstance(duplicate, Argument):
        _refuse_argument_merge(survivor, duplicate)
        kept = survivor.evidence.values("pk")
        moves = [
            ("replies", [reply.text for reply in Argument.objects.filter(parent=duplicate)]),
            ("evidence", [_excerpt(e) for e in duplicate.evidence.exclude(pk__in=kept).select_related("speaker")]),
            (
                "proposals",
                [p.text or p.quote for p in Proposal.objects.filter(Q(parent=duplicate) | Q(result=duplicate))],
            ),
            (
                "flags",
                [f"{flag.get_reason_display()}: {flag.comment}" for flag in Flag.objects.filter(argument=duplicate)],
            ),
        ]
    else:
        moves = [
            ("evidence", [_excerpt(e) for e in Evidence.objects.filter(speaker=duplicate).select_related("speaker")]),
            ("arguments", [argument.text for argument in Argument.objects.filter(speaker=duplicate)]),
            ("positions held", [p.title for p in duplicate.positions_held.exclude(holders=survivor)]),
            ("proposals", [p.text or p.quote for p in Proposal.objects.filter(speaker=duplicate)]),
        ]
    return [MergeMove(what, texts) for what, texts in moves]


def _excerpt(evidence):
    return f"“{evidence.quote}” — {evidence.speaker or 'the reporter'}"


@transaction.atomic
def merge_arguments(*, survivor, duplicate, survivor_version=None, duplicate_version=None):
    """Fold ``duplicate`` into ``survivor``: replies, evidence, proposals and flags follow; the duplicate goes.

    The merge is recorded, so an edit of the duplicate that arrives later is told where it went.
    """
    if survivor.pk == duplicate.pk:
        raise ValidationError("Choose two different arguments.")
    lock_debates(Position.objects.filter(arguments__in=[survivor.pk, duplicate.pk]).values("debate_id"))
    survivor, duplicate = _fetch_both(Argument, survivor, duplicate, (survivor_version, duplicate_version))
    _refuse_argument_merge(survivor, duplicate)
    survivor.evidence.add(*duplicate.evidence.all())
    Proposal.objects.filter(parent=duplicate).update(parent=survivor)
    Proposal.objects.filter(result=duplicate).update(result=survivor)
    Flag.objects.filter(argument=duplicate).update(argument=survivor)
    for reply in Argument.objects.filter(parent=duplicate):
        reply.parent = survivor
        reply.save()
    if survivor.speaker_id is None and duplicate.speaker_id is not None:
        survivor.speaker = duplicate.speaker
        survivor.save()
    MergeRecord.record(duplicate=duplicate, survivor=survivor)
    duplicate.delete()
    return survivor


@transaction.atomic
def merge_speakers(*, survivor, duplicate, survivor_version=None, duplicate_version=None):
    """Fold ``duplicate`` into ``survivor``: evidence, arguments, positions held and proposals follow."""
    if survivor.pk == duplicate.pk:
        raise ValidationError("Choose two different speakers.")
    survivor, duplicate = _fetch_both(Speaker, survivor, duplicate, (survivor_version, duplicate_version))
    Evidence.objects.filter(speaker=duplicate).update(speaker=survivor)
    Argument.objects.filter(speaker=duplicate).update(speaker=survivor)
    Proposal.objects.filter(speaker=duplicate).update(speaker=survivor)
    for position in duplicate.positions_held.all():
        position.holders.add(survivor)
    MergeRecord.record(duplicate=duplicate, survivor=survivor)
    Speaker.objects.filter(pk=duplicate.pk).delete()
    return survivor


@transaction.atomic
def revert(*, obj, record, version):
    """Make ``obj`` look as it did in the history ``record``, many-to-many links included.

    Where an argument sits (position, parent) is left alone: moving goes through ``move_argument``,
    which takes the replies along.
    """
    historical = record.instance
    skip = {"id", "version", "created_at", "updated_at", "depth", "position_stance", "is_visible", "position", "parent"}
    obj.version = version
    for field in type(obj)._meta.concrete_fields:
        if field.name not in skip and hasattr(historical, field.attname):
            setattr(obj, field.attname, getattr(historical, field.attname))
    obj.save()
    for field in getattr(record, "_history_m2m_fields", []):
        # Each historical through row holds the target's id as "<target field>_id".
        target_attname = f"{field.m2m_reverse_field_name()}_id"
        getattr(obj, field.name).set([getattr(row, target_attname) for row in getattr(record, field.name).all()])
    return obj


class AmbiguousPassage(Exception):
    """The typed quote occurs more than once: the moderator must say which occurrence."""

    def __init__(self, starts):
        self.starts = starts
        super().__init__(
            f"This passage occurs {len(starts)} times in the article; paste a longer passage so it is found once."
        )


def locate_passage(source, quote, start=None, end=None, chosen_start=None):
    """``(start, end)`` of ``quote`` in ``source``: from a selection's offsets, or found from the typed text.

    A typed quote is found whatever its quote marks, dashes and spacing; the span is the article's
    own characters, so callers store ``source.text[start:end]``, not what was typed.
    """
    if start is not None and end is not None:
        return start, end  # the model checks the excerpt is verbatim
    spans = find_passage(source.text, quote)
    if not spans:
        raise ValidationError({"quote": "This passage does not occur in the article; check its words."})
    chosen = [span for span in spans if span[0] == chosen_start]
    if chosen:
        return chosen[0]
    if len(spans) > 1:
        raise AmbiguousPassage([start for start, _ in spans])
    return spans[0]
