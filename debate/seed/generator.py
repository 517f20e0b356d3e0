"""Generated debates of any size, for load tests, query-count tests and the benchmark.

``generate_debate`` builds a published debate from a seed: speakers, generated articles with evidence
anchored verbatim in them, and arguments in rebuttal threads whose longest chain has exactly ``depth``
levels. It writes with ``bulk_create``, which skips ``Model.save()``, so it sets every derived field
itself exactly as ``Argument.clean()`` would, and checks every evidence row against the stored source
text inside the same transaction (the project's rule for any bulk path): one misquote rolls it all back.
"""

import random
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from debate.arguments.models import MAX_THREAD_DEPTH, Argument, Debate, Position, Stance, combine_stances
from debate.core.freshness import content_changed
from debate.core.models import Status
from debate.sources.models import Evidence, Source, Speaker, verbatim_error

from .prose import THEMES, Prose

BATCH_SIZE = 2000
# Share of replies that rebut their parent rather than support it.
REBUTTAL_SHARE = 0.65


@dataclass
class Node:
    """One argument to be: its place in the tree, decided before anything is written."""

    position_index: int
    parent: int | None
    level: int
    stance: str
    position_stance: str
    evidence: list = field(default_factory=list)
    speaker_id: int | None = None


@dataclass
class GeneratedDebate:
    debate: Debate
    positions: list
    counts: dict
    biggest_position: Position
    deepest_argument: Argument
    seconds: float


def plan_thread_tree(rng, count, depth, position_index=0, spine=True):
    """``count`` nodes whose longest chain of replies has exactly ``depth`` levels (at most, without ``spine``).

    A spine of ``depth`` arguments guarantees the depth; the other top-level arguments
    number about ``count ** 0.75`` (so a big position still has many threads), and every
    other reply joins a thread drawn at random and answers an argument in it that may still
    be answered: threads grow evenly, as in a class where everyone answers something.
    Parents always come before their children.
    """
    if depth < 1 or (spine and depth > count):
        raise ValueError(f"A chain {depth} levels deep needs at least {depth} arguments, not {count}.")
    nodes = []
    if spine:
        nodes.append(Node(position_index, None, 0, Stance.FOR, Stance.FOR))
        for _ in range(1, depth):
            nodes.append(_reply(rng, nodes, len(nodes) - 1, position_index))
    wanted_top_level = count if depth == 1 else max(1, round(count**0.75))
    threads = [[i for i, node in enumerate(nodes) if node.level < depth - 1]] if nodes else []
    while len(threads) < wanted_top_level and len(nodes) < count:
        stance = rng.choice(Stance.values)
        nodes.append(Node(position_index, None, 0, stance, stance))
        threads.append([len(nodes) - 1])
    while len(nodes) < count:
        answerable = rng.choice(threads)
        nodes.append(_reply(rng, nodes, rng.choice(answerable), position_index))
        if nodes[-1].level < depth - 1:
            answerable.append(len(nodes) - 1)
    return nodes


def _reply(rng, nodes, parent, position_index):
    stance = Stance.AGAINST if rng.random() < REBUTTAL_SHARE else Stance.FOR
    above = nodes[parent]
    return Node(position_index, parent, above.level + 1, stance, combine_stances(above.position_stance, stance))


def split_arguments(rng, total, positions, depth):
    """How many arguments each position gets: uneven shares, the first (biggest) one able to hold the chain."""
    weights = sorted((rng.uniform(1, 3) for _ in range(positions)), reverse=True)
    counts = [int(total * weight / sum(weights)) for weight in weights]
    counts[0] += total - sum(counts)
    shortfall = depth - counts[0]
    for i in range(1, positions):
        if shortfall <= 0:
            break
        moved = min(shortfall, counts[i])
        counts[i] -= moved
        counts[0] += moved
        shortfall -= moved
    return counts


class SlugBook:
    """Slugs as ``unique_slug`` makes them, kept unique in memory: rows created in bulk never ask the database."""

    def __init__(self, max_length, taken=()):
        self.max_length = max_length
        self.taken = set(taken)

    def make(self, value, fallback):
        base = slugify(value)[: self.max_length].strip("-") or fallback
        candidate, n = base, 2
        while candidate in self.taken:
            suffix = f"-{n}"
            candidate = f"{base[: self.max_length - len(suffix)]}{suffix}"
            n += 1
        self.taken.add(candidate)
        return candidate


def _global_slugs(model, values, max_length):
    """Unique slugs for new rows of a model whose slugs are unique across the whole table.

    Made in memory, then checked against the table; clashes are set aside and the slugs remade,
    which usually takes a single query however many rows there are.
    """
    taken = set()
    while True:
        book = SlugBook(max_length, taken)
        slugs = [book.make(value, model._meta.model_name) for value in values]
        clashes = set(model._base_manager.filter(slug__in=slugs).values_list("slug", flat=True))
        if not clashes:
            return slugs
        taken |= clashes


def check_verbatim(evidence_rows, source_texts):
    """Refuse the whole batch at the first excerpt that is not exactly its source's text."""
    for row in evidence_rows:
        error = verbatim_error(source_texts[row.source_id], row.start, row.end, row.quote)
        if error:
            raise ValidationError({"quote": f"Generated evidence in source {row.source_id}: {error}"})


def generate_debate(*, arguments, depth, speakers, sources, seed, slug=None, positions=1, evidence=None):
    """Build and publish a generated debate; return what was made. Same seed, same debate."""
    if min(arguments, depth, speakers, sources, positions) < 1:
        raise ValueError("Arguments, depth, speakers, sources and positions must all be at least 1.")
    if depth > arguments:
        raise ValueError(f"A chain {depth} levels deep needs at least {depth} arguments, not {arguments}.")
    if depth > MAX_THREAD_DEPTH:
        raise ValueError(f"Threads can be at most {MAX_THREAD_DEPTH} levels deep, not {depth}.")
    evidence_count = evidence if evidence is not None else max(10 * sources, arguments // 5)
    if slug and Debate._base_manager.filter(slug=slug).exists():
        raise ValueError(f"A debate with the slug “{slug}” already exists.")
    began = time.monotonic()
    rng = random.Random(seed)
    theme = rng.choice(THEMES)
    prose = Prose(rng, theme)
    with transaction.atomic():
        result = _build(rng, prose, theme, arguments, depth, speakers, sources, positions, evidence_count, slug)
    refresh_planner_statistics()
    result.seconds = time.monotonic() - began
    return result


def refresh_planner_statistics():
    """After a bulk load, let the query planner see the new sizes of the tables, and tidy the search index.

    Without statistics both databases guess that few rows match ``status = 'published'`` and start a
    source page's query from every argument of every position: 0.2 to 1.5 s instead of 10 ms at
    100,000 rows. PostgreSQL's autovacuum would catch up only later, and never for a table as
    small as the debates. PostgreSQL also queues new full-text index entries in a pending list that
    every search reads through until a vacuum merges it; merging it now saves a millisecond a search.
    """
    links = [Position.holders.through, Argument.evidence.through]
    tables = [model._meta.db_table for model in [Debate, Position, Argument, Evidence, Source, Speaker, *links]]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
            cursor.execute(
                "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam "
                "WHERE am.amname = 'gin' AND i.indrelid::regclass::text = ANY(%s)",
                [tables],
            )
        else:
            for table in tables:
                cursor.execute(f"ANALYZE {table}")


def _build(rng, prose, theme, argument_count, depth, speaker_count, source_count, position_count, evidence_count, slug):
    now = timezone.now()
    stamps = {"status": Status.PUBLISHED, "created_at": now, "updated_at": now}

    debate = Debate(
        motion=theme["motion"],
        summary="A generated debate for load testing: the people, articles and quotes in it are invented.",
        status=Status.PUBLISHED,
        slug=slug or "",
    )
    debate.save()
    position_rows = []
    for order in range(position_count):
        title, summary = theme["positions"][order % len(theme["positions"])]
        if order >= len(theme["positions"]):
            title = f"{title} (variant {order // len(theme['positions']) + 1})"
        position = Position(debate=debate, title=title, summary=summary, order=order, status=Status.PUBLISHED)
        position.save()
        position_rows.append(position)

    speaker_specs = [prose.speaker() for _ in range(speaker_count)]
    speaker_rows = Speaker.objects.bulk_create(
        [
            Speaker(
                name=spec.name,
                role=spec.role,
                affiliation=spec.affiliation,
                is_anonymous=spec.is_anonymous,
                slug=slug_value,
                **stamps,
            )
            for spec, slug_value in zip(
                speaker_specs, _global_slugs(Speaker, [spec.name for spec in speaker_specs], 100)
            )
        ],
        batch_size=BATCH_SIZE,
    )
    holders = Position.holders.through
    holders.objects.bulk_create(
        [
            holders(position_id=position.pk, speaker_id=speaker.pk)
            for position in position_rows
            for speaker in rng.sample(speaker_rows, min(2, len(speaker_rows)))
        ]
    )

    per_source = [evidence_count // source_count + (i < evidence_count % source_count) for i in range(source_count)]
    articles = [prose.article(speaker_specs, max(1, count)) for count in per_source]
    titles = [prose.headline() for _ in range(source_count)]
    source_rows = Source.objects.bulk_create(
        [
            Source(title=title, slug=slug_value, publication=prose.publication(), text=text, **stamps)
            for (text, _), title, slug_value in zip(articles, titles, _global_slugs(Source, titles, 100))
        ],
        batch_size=BATCH_SIZE,
    )
    evidence_rows = [
        Evidence(
            source_id=source.pk,
            speaker_id=speaker_rows[excerpt.speaker_index].pk if excerpt.speaker_index is not None else None,
            start=excerpt.start,
            end=excerpt.end,
            quote=excerpt.quote,
            kind=excerpt.kind,
            created_at=now,
            updated_at=now,
        )
        for source, (_, excerpts) in zip(source_rows, articles)
        for excerpt in excerpts
    ]
    evidence_rows = Evidence.objects.bulk_create(evidence_rows, batch_size=BATCH_SIZE)
    stored_texts = dict(Source._base_manager.filter(pk__in=[s.pk for s in source_rows]).values_list("id", "text"))
    check_verbatim(evidence_rows, stored_texts)

    nodes = []
    for index, count in enumerate(split_arguments(rng, argument_count, position_count, depth)):
        if count:
            offset = len(nodes)
            for node in plan_thread_tree(rng, count, depth, index, spine=index == 0):
                node.parent = None if node.parent is None else node.parent + offset
                nodes.append(node)
    _cite_evidence(rng, nodes, evidence_rows)

    arguments = _create_arguments(prose, nodes, position_rows, stamps)
    citations = Argument.evidence.through
    citation_rows = citations.objects.bulk_create(
        [
            citations(argument_id=arguments[i].pk, evidence_id=evidence_rows[e].pk)
            for i, node in enumerate(nodes)
            for e in node.evidence
        ],
        batch_size=BATCH_SIZE,
    )
    content_changed()

    sizes = [sum(1 for node in nodes if node.position_index == i) for i in range(position_count)]
    deepest = max(range(len(nodes)), key=lambda i: nodes[i].level)
    return GeneratedDebate(
        debate=debate,
        positions=position_rows,
        counts={
            "positions": position_count,
            "arguments": len(arguments),
            "levels": nodes[deepest].level + 1,
            "speakers": len(speaker_rows),
            "sources": len(source_rows),
            "evidence": len(evidence_rows),
            "citations": len(citation_rows),
        },
        biggest_position=position_rows[max(range(position_count), key=sizes.__getitem__)],
        deepest_argument=arguments[deepest],
        seconds=0.0,
    )


def _cite_evidence(rng, nodes, evidence_rows):
    """Every excerpt is cited at least once, and about half the arguments cite one more."""
    for e in range(len(evidence_rows)):
        nodes[rng.randrange(len(nodes))].evidence.append(e)
    for node in nodes:
        if rng.random() < 0.5:
            node.evidence.append(rng.randrange(len(evidence_rows)))
        node.evidence = sorted(set(node.evidence))
        if node.evidence and rng.random() < 0.5:
            node.speaker_id = evidence_rows[node.evidence[0]].speaker_id


def _create_arguments(prose, nodes, position_rows, stamps):
    """Insert level by level, so every reply's parent already has its id."""
    slug_books = [SlugBook(60) for _ in position_rows]
    created = [None] * len(nodes)
    by_level = {}
    for i, node in enumerate(nodes):
        by_level.setdefault(node.level, []).append(i)
    for level in sorted(by_level):
        batch = []
        for i in by_level[level]:
            node = nodes[i]
            text = prose.claim() if node.parent is None else prose.reply(node.stance)
            batch.append(
                Argument(
                    position_id=position_rows[node.position_index].pk,
                    parent_id=None if node.parent is None else created[node.parent].pk,
                    stance=node.stance,
                    text=text,
                    slug=slug_books[node.position_index].make(text, "argument"),
                    speaker_id=node.speaker_id,
                    # Derived fields, exactly as Argument.clean() sets them for a published thread.
                    depth=node.level,
                    position_stance=node.position_stance,
                    is_visible=True,
                    **stamps,
                )
            )
        for i, argument in zip(by_level[level], Argument.objects.bulk_create(batch, batch_size=BATCH_SIZE)):
            created[i] = argument
    return created
