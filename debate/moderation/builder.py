"""The debate builder: a debate's motion, positions and arguments written as one outline, then published together.

``builder_save`` writes the whole outline as drafts; ``debate_publish`` publishes what the moderator
ticked. Both are keyword-only and run in one transaction after locking the debate, so a half-built
debate is never stored and two moderators' saves run one after the other.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from debate.arguments.models import Argument, Debate, Position, Stance, lock_debates
from debate.core.models import Status
from debate.sources.models import Evidence, Source, Speaker

from .services import AmbiguousPassage, evidence_for_passage, locate_passage


@dataclass
class PositionRow:
    title: str
    slug: str = ""
    id: int | None = None


@dataclass
class Passage:
    """A passage of the builder's article to cite: selected (with offsets) or typed (found by the server)."""

    quote: str
    start: int | None = None
    end: int | None = None


@dataclass
class ArgumentRow:
    """One line of the outline. ``key`` names the row for its replies' ``parent``; ``side`` is the
    stance toward the position (the site's "side"); the stance toward the parent follows from it."""

    key: str
    text: str
    position: int  # index into the outline's positions
    side: str = Stance.FOR
    parent: str | None = None  # key of a row above
    slug: str = ""
    evidence: list = field(default_factory=list)  # evidence ids
    passages: list = field(default_factory=list)
    id: int | None = None
    version: int | None = None


@dataclass
class Outline:
    motion: str
    positions: list
    rows: list
    slug: str = ""
    summary: str | None = None  # None keeps the debate's summary
    article: Source | None = None  # the article the debate is built from, shown beside the outline


def citable_sources(debate, article=None):
    """The sources an outline may cite: those the debate already cites, and the article it is built from."""
    where = Q(pk=article.pk) if article else Q(pk__in=[])
    if debate is not None and debate.pk:
        where |= Q(evidence__arguments__position__debate=debate)
    return Source.objects.filter(where).distinct()


def citable_evidence(debate, article=None):
    return (
        Evidence.objects.filter(source__in=citable_sources(debate, article)).with_people().order_by("source", "start")
    )


def _outline_errors(outline, debate, known_evidence):
    """Every problem of the outline, each naming its row, before anything is written."""
    errors = []
    if not outline.motion.strip():
        errors.append("The debate needs a motion.")
    if not outline.positions:
        errors.append("Give the debate at least one position.")
    for number, position in enumerate(outline.positions, 1):
        if not position.title.strip():
            errors.append(f"Position {number} needs a title.")
    seen = {}
    for number, row in enumerate(outline.rows, 1):
        where = f"Argument {number}"
        if row.key in seen:
            errors.append(f"{where} repeats the row name “{row.key}”.")
        if not row.text.strip():
            errors.append(f"{where} needs its claim (the text is empty).")
        if not 0 <= row.position < len(outline.positions):
            errors.append(f"{where} names a position that is not in the outline.")
        if row.side not in Stance.values:
            errors.append(f"{where}: the side must be “for” or “against”.")
        if row.parent is not None:
            parent = seen.get(row.parent)
            if parent is None:
                errors.append(f"{where} answers a row that is not above it; a reply comes after what it answers.")
            elif parent.position != row.position:
                errors.append(f"{where} answers an argument under another position.")
        unknown = set(row.evidence) - known_evidence
        if unknown:
            errors.append(f"{where} cites evidence that is not in this debate's sources: {sorted(unknown)}.")
        if row.passages and outline.article is None:
            errors.append(f"{where} quotes a passage, but no article is open beside the outline.")
        seen[row.key] = row
    if debate is not None:
        position_ids = {p.id for p in outline.positions if p.id}
        if position_ids - set(debate.positions.values_list("pk", flat=True)):
            errors.append("A position in the outline belongs to another debate.")
        argument_ids = {r.id for r in outline.rows if r.id}
        if argument_ids - set(Argument.objects.filter(position__debate=debate).values_list("pk", flat=True)):
            errors.append("An argument in the outline belongs to another debate.")
    return errors


def _checked(obj):
    """Run the model's own rules (slugs, derived fields, uniqueness) and save."""
    obj.clean()  # first, so an empty slug is made from the text before the fields are checked
    obj.full_clean()
    obj.save()
    return obj


def _cited_passages(row, article, number):
    evidence = []
    for passage in row.passages:
        try:
            start, end = locate_passage(article, passage.quote, passage.start, passage.end)
        except AmbiguousPassage as ambiguous:
            raise ValidationError(f"Argument {number}: {ambiguous}") from ambiguous
        except ValidationError as error:
            raise ValidationError(f"Argument {number}: {' '.join(error.messages)}") from error
        selected = passage.start is not None and passage.end is not None
        quote = passage.quote.replace("\r\n", "\n") if selected else article.text[start:end]
        # A new excerpt takes the speaker of the evidence around it, if the article's review found one.
        around = Evidence.objects.filter(source=article, start__lte=start, end__gte=end).exclude(speaker=None).first()
        evidence.append(
            evidence_for_passage(
                source=article, start=start, end=end, quote=quote, speaker=around.speaker if around else None
            )
        )
    return evidence


@transaction.atomic
def builder_save(*, moderator, debate, outline):
    """Write ``outline`` into ``debate`` (a new draft debate when None) and return the debate.

    New positions and arguments are drafts; rows already stored keep their status and are updated
    (their ``version`` guards against a concurrent edit). A row's parent must be above it, so the
    outline is saved top to bottom. Any error stores nothing.
    """
    if debate is not None:
        lock_debates([debate.pk])
        debate = Debate.objects.get(pk=debate.pk)
    known = set(citable_evidence(debate, outline.article).values_list("pk", flat=True))
    errors = _outline_errors(outline, debate, known)
    if errors:
        raise ValidationError(errors)
    if debate is None:
        debate = Debate(status=Status.DRAFT)
    debate.motion, debate.slug = outline.motion.strip(), outline.slug.strip()
    if outline.summary is not None:
        debate.summary = outline.summary
    _checked(debate)
    lock_debates([debate.pk])

    positions = []
    for order, row in enumerate(outline.positions):
        position = Position.objects.get(pk=row.id) if row.id else Position(debate=debate, status=Status.DRAFT)
        position.title, position.slug, position.order = row.title.strip(), row.slug.strip(), order
        positions.append(_checked(position))

    stored = Argument.objects.in_bulk([r.id for r in outline.rows if r.id])
    moving = [r.id for r in outline.rows if r.id and stored[r.id].position_id != positions[r.position].pk]
    if moving:
        # A thread changing position goes all at once, before its rows are checked one by one.
        for row in outline.rows:
            if row.id in moving:
                Argument.objects.filter(pk=row.id).update(position=positions[row.position])
        stored = Argument.objects.in_bulk([r.id for r in outline.rows if r.id])

    saved = {}
    for number, row in enumerate(outline.rows, 1):
        argument = stored[row.id] if row.id else Argument(status=Status.DRAFT)
        if row.version is not None:
            argument.version = row.version
        parent = saved[row.parent] if row.parent else None
        argument.position = positions[row.position]
        argument.parent = parent
        argument.stance = (
            row.side if parent is None else (Stance.FOR if row.side == parent.position_stance else Stance.AGAINST)
        )
        argument.text, argument.slug = row.text.strip(), row.slug.strip()
        try:
            _checked(argument)
        except ValidationError as error:
            raise ValidationError(f"Argument {number}: {' '.join(error.messages)}") from error
        cited = list(Evidence.objects.filter(pk__in=row.evidence))
        if row.passages:
            cited += _cited_passages(row, outline.article, number)
        argument.evidence.set(cited)
        saved[row.key] = argument
    return debate


def publishable(debate, article=None):
    """What "Publish the debate" offers, as ``(kind, object)`` pairs: the debate, its positions and
    arguments, and the sources and speakers its evidence needs, each with its current status."""
    sources = list(citable_sources(debate, article))
    speakers = Speaker.objects.filter(Q(evidence__source__in=sources) & Q(evidence__arguments__position__debate=debate))
    return [
        ("debate", debate),
        *(("position", p) for p in debate.positions.order_by("order", "pk")),
        *(
            ("argument", a)
            for a in Argument.objects.filter(position__debate=debate).order_by("position", "depth", "pk")
        ),
        *(("source", s) for s in sources),
        *(("speaker", s) for s in speakers.distinct()),
    ]


PUBLISH_ORDER = ["debate", "position", "source", "speaker", "argument"]


@transaction.atomic
def debate_publish(*, moderator, debate, items, article=None):
    """Publish ``items`` (``(kind, id)`` pairs) of ``debate`` together, or nothing when one is not its own.

    Arguments go parents first, so each one's visibility is worked out from a published parent.
    """
    lock_debates([debate.pk])
    debate = Debate.objects.get(pk=debate.pk)
    allowed = {(kind, obj.pk): obj for kind, obj in publishable(debate, article)}
    unknown = [f"{kind} {pk}" for kind, pk in items if (kind, pk) not in allowed]
    if unknown:
        raise ValidationError(f"Not part of this debate, so nothing was published: {', '.join(unknown)}.")
    chosen = sorted(
        {(kind, pk) for kind, pk in items},
        key=lambda item: (PUBLISH_ORDER.index(item[0]), getattr(allowed[item], "depth", 0), item[1]),
    )
    published = []
    for kind, pk in chosen:
        # Read again, inside the lock: never write back a row loaded before it.
        obj = type(allowed[(kind, pk)])._base_manager.get(pk=pk)
        if obj.status != Status.PUBLISHED:
            obj.status = Status.PUBLISHED
            _checked(obj)
            published.append(obj)
    return published
