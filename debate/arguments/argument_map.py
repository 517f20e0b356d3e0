"""An argument map: a position's tree of arguments laid out as a picture on the server.

The layout is a left-to-right tidy tree: the position sits in the first column,
each level of replies one column further right, every leaf on a row of its own
and each parent centred beside its children. It runs on explicit stacks, never
recursion, so a thread a thousand replies deep cannot exhaust Python's stack.
"""

import textwrap
from dataclasses import dataclass, field

from django.db.models import Count

from .models import Stance

# Beyond this many arguments a picture stops being readable, so only the top levels are drawn.
MAX_NODES = 300
# Levels of replies drawn; a longer thread goes on at its arguments' own pages.
MAX_DEPTH = 30

NODE_WIDTH = 240
NODE_HEIGHT = 68
COLUMN_GAP = 48
ROW_GAP = 12
MARGIN = 8
# What fits on one line of a node at the map's font size.
CHARS_PER_LINE = 34
CLAIM_LINES = 2


@dataclass(eq=False)
class MapNode:
    argument: object  # None for the position itself, the root of the map
    level: int
    parent: "MapNode | None" = field(default=None, repr=False)
    children: list = field(default_factory=list, repr=False)
    hidden_replies: int = 0  # replies that exist but lie below the levels drawn
    row: float = 0
    opens: bool = False
    closes: range = range(0)

    @property
    def x(self):
        return MARGIN + self.level * (NODE_WIDTH + COLUMN_GAP)

    @property
    def y(self):
        return MARGIN + self.row * (NODE_HEIGHT + ROW_GAP)

    @property
    def stance(self):
        return self.argument.stance if self.argument else ""

    # Where the node's text goes: a stance line, the claim, then the speaker.
    @property
    def text_x(self):
        return self.x + 8

    @property
    def end_x(self):
        return self.x + NODE_WIDTH - 8

    @property
    def stance_y(self):
        return self.y + 17

    @property
    def speaker_y(self):
        return self.y + 62

    @property
    def claim_lines(self):
        """The claim wrapped to the node's width, with the baseline of each line."""
        lines = textwrap.wrap(self.argument.text, CHARS_PER_LINE, max_lines=CLAIM_LINES, placeholder=" …")
        return [(line, self.y + 34 + 14 * i) for i, line in enumerate(lines)]

    @property
    def speaker_line(self):
        return textwrap.shorten(f"— {self.argument.speaker.name}", CHARS_PER_LINE + 4, placeholder=" …")


@dataclass
class Edge:
    parent: MapNode
    child: MapNode

    @property
    def path(self):
        """A curve from the middle of the parent's right side to the middle of the child's left side."""
        x1, y1 = self.parent.x + NODE_WIDTH, self.parent.y + NODE_HEIGHT / 2
        x2, y2 = self.child.x, self.child.y + NODE_HEIGHT / 2
        bend = x1 + COLUMN_GAP / 2
        return f"M{x1:g} {y1:g} C{bend:g} {y1:g} {bend:g} {y2:g} {x2:g} {y2:g}"


@dataclass
class ArgumentMap:
    position: object
    root: MapNode
    nodes: list  # the arguments in pre-order, which is also the outline's order
    total: int  # visible arguments in the position, drawn or not
    levels: int  # levels of arguments drawn
    deepest: int  # levels of arguments there are
    whole_levels: bool  # false when even the top level was too large to draw whole
    width: int = 0
    height: int = 0

    @property
    def edges(self):
        return [Edge(node.parent, node) for node in self.nodes]

    @property
    def hidden(self):
        return self.total - len(self.nodes)

    @property
    def hidden_message(self):
        hidden, levels = self.hidden, self.levels
        if self.whole_levels:
            shown = f"the top {levels} level{'s' * (levels != 1)} of {self.deepest}"
        else:
            shown = f"the first {len(self.nodes)} top-level arguments; the position page lists them all"
        return (
            f"{hidden} of the {self.total} arguments {'is' if hidden == 1 else 'are'} hidden: the map draws at most "
            f"{MAX_NODES} arguments and {MAX_DEPTH} levels, so it shows {shown}. "
            "An argument marked “more” has replies that are not drawn: open it to read them."
        )

    @property
    def title_lines(self):
        """The position's title wrapped to the root node's width, with the baseline of each line."""
        lines = textwrap.wrap(self.position.title, CHARS_PER_LINE, max_lines=3, placeholder=" …")
        return [(line, self.root.y + 34 + 14 * i) for i, line in enumerate(lines)]


def levels_to_draw(level_counts):
    """How many whole levels, from the top, fit within MAX_NODES and MAX_DEPTH; 0 if not even one."""
    drawn = shown = 0
    for depth in sorted(level_counts):
        if depth >= MAX_DEPTH or shown + level_counts[depth] > MAX_NODES:
            break
        shown += level_counts[depth]
        drawn = depth + 1
    return drawn


def build_map(position):
    """Fetch and lay out the visible arguments of ``position`` in at most four queries, whatever their number."""
    visible = position.arguments.visible()
    level_counts = dict(visible.order_by().values_list("depth").annotate(n=Count("id")))
    levels = levels_to_draw(level_counts)
    whole_levels = bool(levels) or not level_counts
    drawn = visible.select_related("speaker").order_by("depth", "id")
    if whole_levels:
        arguments = list(drawn.filter(depth__lt=levels))
    else:
        # Even the top level holds too many: draw as many of its arguments as fit.
        levels = 1
        arguments = list(drawn.filter(depth=0)[:MAX_NODES])
    hidden_replies = dict(
        visible.filter(depth=levels).order_by().values_list("parent_id").annotate(n=Count("id"))
        if levels < len(level_counts)
        else ()
    )
    argument_map = ArgumentMap(
        position=position,
        root=MapNode(None, 0),
        nodes=[],
        total=sum(level_counts.values()),
        levels=levels,
        deepest=len(level_counts),
        whole_levels=whole_levels,
    )
    argument_map.root.hidden_replies = level_counts.get(0, 0) - sum(1 for a in arguments if a.parent_id is None)
    lay_out(argument_map, arguments, hidden_replies)
    return argument_map


def lay_out(argument_map, arguments, hidden_replies):
    """Link ``arguments`` (parents before children) into a tree under the map's root and place every node."""
    root = argument_map.root
    by_id = {None: root}
    for argument in arguments:
        parent = by_id.get(argument.parent_id)
        if parent is None:  # only a tree damaged outside the site (a loop written into the table) gets here
            continue
        node = MapNode(argument, parent.level + 1, parent, hidden_replies=hidden_replies.get(argument.pk, 0))
        parent.children.append(node)
        by_id[argument.pk] = node
    order = []  # pre-order: each node before its replies, supporting replies before rebuttals
    stack = [root]
    while stack:
        node = stack.pop()
        node.children.sort(key=lambda child: (child.stance != Stance.FOR, child.argument.pk))
        order.append(node)
        stack.extend(reversed(node.children))
    leaves = 0
    for node in order:
        if not node.children:
            node.row = leaves
            leaves += 1
    for node in reversed(order):  # children come after their parent in pre-order, so they are placed first
        if node.children:
            node.row = (node.children[0].row + node.children[-1].row) / 2
    nodes = order[1:]
    # Marks for rendering the outline as nested lists from a flat loop (see _thread.html).
    for node, following in zip(nodes, [*nodes[1:], None]):
        node.opens = bool(node.children)
        node.closes = range(node.level - (following.level if following else 1))
    argument_map.nodes = nodes
    deepest_drawn = max((node.level for node in order), default=0)
    argument_map.width = 2 * MARGIN + (deepest_drawn + 1) * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP
    argument_map.height = 2 * MARGIN + leaves * (NODE_HEIGHT + ROW_GAP) - ROW_GAP
