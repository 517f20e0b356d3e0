"""Small builders for test content: published unless a test says otherwise."""

from itertools import count

from debate.arguments.models import Argument, Debate, Position
from debate.core.models import Status
from debate.sources.models import Evidence, Source, Speaker

_n = count(1)

ARTICLE = (
    "The minister said the plan would work.\n"
    "“We will not accept it,” the governor replied. “Never.”\n"
    "Analysts doubt the numbers add up."
)


def make_source(text=ARTICLE, **kwargs):
    kwargs.setdefault("title", f"Article {next(_n)}")
    kwargs.setdefault("status", Status.PUBLISHED)
    return Source.objects.create(text=text, **kwargs)


def make_speaker(name=None, **kwargs):
    kwargs.setdefault("status", Status.PUBLISHED)
    return Speaker.objects.create(name=name or f"Speaker {next(_n)}", **kwargs)


def make_evidence(source=None, quote="We will not accept it,", speaker=None, **kwargs):
    source = source or make_source()
    start = source.text.index(quote)
    return Evidence.objects.create(
        source=source, start=start, end=start + len(quote), quote=quote, speaker=speaker, **kwargs
    )


def make_debate(**kwargs):
    kwargs.setdefault("motion", f"Motion {next(_n)}")
    kwargs.setdefault("status", Status.PUBLISHED)
    return Debate.objects.create(**kwargs)


def make_position(debate=None, **kwargs):
    kwargs.setdefault("title", f"Position {next(_n)}")
    kwargs.setdefault("status", Status.PUBLISHED)
    return Position.objects.create(debate=debate or make_debate(), **kwargs)


def make_argument(position=None, parent=None, stance="for", evidence=(), **kwargs):
    kwargs.setdefault("text", f"Claim number {next(_n)} about the plan.")
    kwargs.setdefault("status", Status.PUBLISHED)
    position = position or (parent.position if parent else make_position())
    argument = Argument.objects.create(position=position, parent=parent, stance=stance, **kwargs)
    if evidence:
        argument.evidence.set(evidence)
    return argument


def make_chain(position, length, stance="against"):
    """A thread ``length`` arguments deep, built level by level."""
    node = make_argument(position, stance="for")
    chain = [node]
    for _ in range(length - 1):
        node = make_argument(parent=node, stance=stance)
        chain.append(node)
    return chain
