"""Moderators' operations that span several rows: review, move, merge, revert, attach evidence."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from debate.arguments.models import Argument
from debate.core.models import Status
from debate.sources.models import Evidence, Speaker, unique_slug
from debate.sources.passages import find_passage

from .models import Flag, Proposal, ProposalKind, ReviewState


def evidence_for_passage(source, start, end, quote, speaker=None, kind="quote"):
    """The evidence at exactly this span, created when it does not exist yet."""
    existing = Evidence.objects.filter(source=source, start=start, end=end).first()
    if existing is not None:
        return existing
    return Evidence.objects.create(source=source, start=start, end=end, quote=quote, speaker=speaker, kind=kind)


def _close(item, moderator, state, reason=""):
    item.state = state
    item.review_reason = reason
    item.reviewed_by = moderator
    item.reviewed_at = timezone.now()
    item.save()


@transaction.atomic
def approve_proposal(proposal, moderator):
    """Publish what the proposal asks for (after any edits the moderator made to it)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_pending:
        raise ValidationError("This proposal has already been reviewed.")
    cited = list(proposal.cited_evidence.all())
    if proposal.has_passage:
        cited.append(
            evidence_for_passage(
                proposal.source,
                proposal.start,
                proposal.end,
                proposal.quote,
                proposal.speaker,
                proposal.evidence_kind,
            )
        )
    if proposal.kind == ProposalKind.ARGUMENT:
        argument = Argument.objects.create(
            position=proposal.position,
            parent=proposal.parent,
            stance=proposal.stance,
            text=proposal.text,
            speaker=proposal.speaker,
            status=Status.PUBLISHED,
        )
    else:
        argument = proposal.parent
    argument.evidence.add(*cited)
    proposal.result = argument
    _close(proposal, moderator, ReviewState.APPROVED)
    return argument


def reject(item, moderator, reason):
    if not reason.strip():
        raise ValidationError({"review_reason": "Give the student a reason."})
    if not item.is_pending:
        raise ValidationError("This has already been reviewed.")
    _close(item, moderator, ReviewState.REJECTED, reason)


def resolve_flag(flag, moderator, reason=""):
    if not flag.is_pending:
        raise ValidationError("This flag has already been reviewed.")
    _close(flag, moderator, ReviewState.APPROVED, reason)


def set_status(obj, status, expected_version):
    obj.status = status
    obj.version = expected_version
    obj.save()


@transaction.atomic
def move_argument(argument, new_parent=None, new_position=None, expected_version=None):
    """Give ``argument`` a new parent (or make it top-level in ``new_position``), in the same debate.

    The whole subtree follows: its position, depth and stances are refreshed.
    """
    target_position = new_parent.position if new_parent else new_position
    if target_position is None:
        raise ValidationError({"parent": "Choose where to move the argument."})
    if target_position.debate_id != argument.position.debate_id:
        raise ValidationError({"parent": "An argument can only move within its own debate."})
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
    if expected_version is not None:
        argument.version = expected_version
    argument.save()
    return argument


@transaction.atomic
def merge_arguments(survivor, duplicate):
    """Fold ``duplicate`` into ``survivor``: replies, evidence, proposals and flags follow; the duplicate goes."""
    if survivor.pk == duplicate.pk:
        raise ValidationError("Choose two different arguments.")
    if survivor.position_id != duplicate.position_id:
        raise ValidationError("Only arguments in the same position can be merged; move one first.")
    if survivor.pk in duplicate.descendant_ids():
        raise ValidationError("The argument to keep is a reply to the duplicate; move it out of that thread first.")
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
    duplicate.delete()
    return survivor


@transaction.atomic
def merge_speakers(survivor, duplicate):
    """Fold ``duplicate`` into ``survivor``: evidence, arguments, positions held and proposals follow."""
    if survivor.pk == duplicate.pk:
        raise ValidationError("Choose two different speakers.")
    Evidence.objects.filter(speaker=duplicate).update(speaker=survivor)
    Argument.objects.filter(speaker=duplicate).update(speaker=survivor)
    Proposal.objects.filter(speaker=duplicate).update(speaker=survivor)
    for position in duplicate.positions_held.all():
        position.holders.add(survivor)
    Speaker.objects.filter(pk=duplicate.pk).delete()
    return survivor


@transaction.atomic
def revert(obj, record, expected_version):
    """Make ``obj`` look as it did in the history ``record``, many-to-many links included.

    Where an argument sits (position, parent) is left alone: moving goes through ``move_argument``,
    which takes the replies along.
    """
    historical = record.instance
    skip = {"id", "version", "created_at", "updated_at", "depth", "position_stance", "is_visible", "position", "parent"}
    obj.version = expected_version
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
