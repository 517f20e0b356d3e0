"""Turning a tree of arguments into a flat list that templates can render at any depth; what merges left behind."""

from dataclasses import dataclass, field

from debate.core.models import MergeRecord, Status

from .models import Argument

# Beyond this many levels below the first argument shown, a page links on
# ("continue this thread") instead of indenting further.
THREAD_DEPTH = 8
# Replies shown under one argument before the rest are left to its own page.
REPLIES_SHOWN = 20


@dataclass
class ThreadItem:
    argument: object
    level: int
    opens: bool = False
    closes: list = field(default_factory=list)
    more_replies: int = 0

    @property
    def continues_elsewhere(self):
        """Replies exist but are not on this page: link to the argument's own page."""
        return self.more_replies > 0


def flatten_thread(roots, descendants, max_level=THREAD_DEPTH, replies_shown=REPLIES_SHOWN):
    """Pre-order list of ``roots`` and their ``descendants`` with nesting marks.

    Each item says whether it opens a list of replies and how many lists close
    after it, so a template can emit nested HTML with a plain loop instead of
    recursion (which Django's ``include`` cannot do a thousand levels deep).
    """
    children_of = {}
    for argument in descendants:
        children_of.setdefault(argument.parent_id, []).append(argument)

    items = []
    stack = [(root, 0) for root in reversed(roots)]
    open_lists = []  # levels at which an opened reply list is waiting to close
    while stack:
        argument, level = stack.pop()
        while open_lists and open_lists[-1] > level:
            items[-1].closes.append(open_lists.pop())
        item = ThreadItem(argument, level)
        items.append(item)
        replies = children_of.get(argument.pk, []) if level + 1 < max_level else []
        shown = replies[:replies_shown]
        item.more_replies = getattr(argument, "reply_count", len(replies)) - len(shown)
        if shown:
            item.opens = True
            open_lists.append(level + 1)
            stack.extend((reply, level + 1) for reply in reversed(shown))
    if items:
        items[-1].closes.extend(reversed(open_lists))
    return items


@dataclass
class SideEntry:
    """One argument of a side's case: its id, and whether its thread opens on that side."""

    pk: int
    own_thread: bool


def side_case(rows, side):
    """The arguments helping ``side``, in thread order, from ``(id, parent_id, position_stance)`` rows.

    Thread order is the pre-order of the position's tree, replies after the argument they
    answer, siblings by id. The threads that open on ``side`` come first, then the replies
    on ``side`` inside the threads that open on the other. Runs on a stack, so a thread a
    thousand replies deep costs no recursion.
    """
    children_of = {}
    side_of = {}
    for pk, parent_id, position_stance in sorted(rows):
        children_of.setdefault(parent_id, []).append(pk)
        side_of[pk] = position_stance
    roots = children_of.get(None, [])
    entries = []
    for own_thread in (True, False):
        stack = [pk for pk in reversed(roots) if (side_of[pk] == side) == own_thread]
        while stack:
            pk = stack.pop()
            if side_of[pk] == side:
                entries.append(SideEntry(pk, own_thread))
            stack.extend(reversed(children_of.get(pk, ())))
    return entries


def absorbed_texts(argument, include_unpublished=False):
    """The texts of the arguments merged into ``argument`` (and into those, in turn), oldest merge first.

    A merged row is deleted; its history keeps its last state, and so its text. Readers are shown
    only the texts of arguments that were published when they were merged.
    """
    kind = Argument._meta.label_lower
    merged, frontier = [], [argument.pk]
    while frontier:
        frontier = [
            old_id
            for old_id in MergeRecord.objects.filter(kind=kind, kept_id__in=frontier)
            .order_by("merged_at", "pk")
            .values_list("old_id", flat=True)
            if old_id not in merged and old_id != argument.pk  # only a hand-edited table could loop
        ]
        merged += frontier
    last_states = {}
    for record in Argument.history.filter(id__in=merged).order_by("history_date", "history_id"):
        last_states[record.id] = record
    return [
        last_states[pk].text
        for pk in merged
        if pk in last_states and (include_unpublished or last_states[pk].status == Status.PUBLISHED)
    ]
