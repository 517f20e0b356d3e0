"""What every export reads: a debate's positions and argument threads, in a stable order.

Readers' exports hold only what a reader may see (published positions, visible
arguments, evidence from published sources, published speakers: a draft or retired
speaker's excerpt is "Unattributed", and their argument names nobody); moderators'
command-line exports may ask for drafts too. Arguments come in pre-order, siblings by id, so two exports of
the same content list everything in the same order.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from debate.arguments.models import Argument, Position
from debate.core.models import Status
from debate.sources.models import Evidence, Speaker


class InterchangeError(ValueError):
    """A file that cannot be imported or restored; the message says what is wrong with it."""


@dataclass
class ThreadEntry:
    argument: Argument
    level: int  # 0 for a top-level argument
    evidence: list = field(default_factory=list)


@dataclass
class PositionContent:
    position: Position
    entries: list  # ThreadEntry, pre-order
    holders: list  # Speaker

    def entries_by_stance(self, stance):
        """The arguments whose stance toward the position is ``stance``, still in pre-order."""
        return [entry for entry in self.entries if entry.argument.position_stance == stance]


@dataclass
class DebateContent:
    debate: object
    positions: list  # PositionContent, in page order


def unattributed_speaker():
    """Who said an excerpt whose speaker readers may not see: someone, never the reporter."""
    return Speaker(name="Unattributed", slug="unattributed", is_anonymous=True, status=Status.PUBLISHED)


def _hide_unpublished_speakers(arguments):
    """Take draft and retired speakers out of loaded arguments and their evidence (in memory only)."""
    stand_in = unattributed_speaker()
    for argument in arguments:
        if argument.speaker_id and argument.reader_speaker is None:
            argument.speaker = None
        for evidence in argument.evidence.all():
            if evidence.speaker_id and evidence.reader_speaker is None:
                evidence.speaker = stand_in


def debate_content(debate, *, include_unpublished=False, positions=None):
    """The content of ``debate`` (or of just ``positions`` of it) that an export shows."""
    if positions is None:
        positions = debate.positions.all()
        if not include_unpublished:
            positions = positions.filter(status=Status.PUBLISHED)
        positions = list(positions.order_by("order", "id"))
    evidence = Evidence.objects.with_people().order_by("source_id", "start", "end", "id")
    holders = Speaker.objects.order_by("id")
    arguments = Argument.objects.filter(position__in=positions).select_related("speaker", "parent")
    if not include_unpublished:
        evidence = evidence.filter(source__status=Status.PUBLISHED)
        arguments = arguments.visible()
        holders = holders.filter(status=Status.PUBLISHED)
    arguments = list(arguments.prefetch_related(Prefetch("evidence", queryset=evidence)).order_by("id"))
    if not include_unpublished:
        _hide_unpublished_speakers(arguments)
    children = {}
    for argument in arguments:
        children.setdefault((argument.position_id, argument.parent_id), []).append(argument)
    content = []
    for position in positions:
        entries = []
        # Iterative pre-order: threads may be far deeper than Python's recursion limit.
        stack = [(argument, 0) for argument in reversed(children.get((position.pk, None), []))]
        while stack:
            argument, level = stack.pop()
            entries.append(ThreadEntry(argument, level, list(argument.evidence.all())))
            stack.extend((reply, level + 1) for reply in reversed(children.get((position.pk, argument.pk), [])))
        content.append(PositionContent(position, entries, list(holders.filter(positions_held=position))))
    return DebateContent(debate, content)
