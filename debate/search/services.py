"""Ranked full-text search over arguments, evidence and speakers.

Each database uses its own index: SQLite an FTS5 table per content table, kept
in step by triggers; PostgreSQL a stored, generated ``tsvector`` column with a
GIN index. Both are created by this app's migration, which branches on the
database vendor. Only published, readable rows are ever returned.
"""

import html
import re
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.utils.safestring import mark_safe

from debate.arguments.models import Argument
from debate.sources.models import Evidence, Speaker

MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+", re.UNICODE)

# Per kind: the table, the indexed text, and the condition that makes a row readable.
KINDS = {
    "argument": {
        "table": "arguments_argument",
        "fts": "search_argument_fts",
        "columns": "t.text",
        "join": "JOIN arguments_position p ON p.id = t.position_id JOIN arguments_debate d ON d.id = p.debate_id",
        "readable": "t.is_visible AND p.status = 'published' AND d.status = 'published'",
    },
    "evidence": {
        "table": "sources_evidence",
        "fts": "search_evidence_fts",
        "columns": "t.quote",
        "join": "JOIN sources_source s ON s.id = t.source_id",
        "readable": "s.status = 'published'",
    },
    "speaker": {
        "table": "sources_speaker",
        "fts": "search_speaker_fts",
        "columns": "t.name",
        "join": "",
        "readable": "t.status = 'published'",
    },
}


def query_terms(query):
    """The words of a reader's query; nothing else of it reaches the database's query language."""
    return WORD.findall((query or "")[:MAX_QUERY_LENGTH].lower())[:20]


# Each kind first ranks its best matches this many times over the number wanted, and only then
# looks up which of them are readable: ranking a match is cheaper than joining it to its position
# and debate, and nearly every match is readable.
CANDIDATES_PER_RESULT = 4


def _sqlite_hits(kind):
    fts = KINDS[kind]["fts"]
    return f"SELECT rowid AS id, -bm25({fts}) AS score FROM {fts} WHERE {fts} MATCH %s"


def _postgres_hits(kind):
    return (
        f"SELECT id, ts_rank(search_vector, q) AS score FROM {KINDS[kind]['table']} "
        f"CROSS JOIN websearch_to_tsquery('english', %s) q WHERE search_vector @@ q"
    )


def _candidates_sql(kind, hits, candidates):
    """The best ``candidates`` matches of ``kind``, each with whether a reader may see it."""
    spec = KINDS[kind]
    return (
        f"SELECT '{kind}', t.id, hits.score, {spec['readable']} "
        f"FROM ({hits} ORDER BY score DESC LIMIT {int(candidates)}) hits "
        f"JOIN {spec['table']} t ON t.id = hits.id {spec['join']}"
    )


def _readable_sql(kind, hits, limit):
    """The best ``limit`` readable matches of ``kind``, ranking every match."""
    spec = KINDS[kind]
    return (
        f"SELECT '{kind}', t.id, hits.score, 1 FROM ({hits}) hits JOIN {spec['table']} t ON t.id = hits.id "
        f"{spec['join']} WHERE {spec['readable']} ORDER BY hits.score DESC LIMIT {int(limit)}"
    )


def ranked_ids(query, limit=20, kinds=tuple(KINDS)):
    """``[(kind, id, score)]``, best first, across ``kinds``."""
    terms = query_terms(query)
    if not terms:
        return []
    if connection.vendor == "postgresql":
        hits, param = _postgres_hits, " ".join(terms)
    else:
        hits, param = _sqlite_hits, " ".join(f'"{t}"' for t in terms)

    def run(parts):
        sql = " UNION ALL ".join(f"SELECT * FROM ({part}) AS hits_{i}" for i, part in enumerate(parts))
        with connection.cursor() as cursor:
            cursor.execute(sql, [param] * len(parts))
            return cursor.fetchall()

    candidates = limit * CANDIDATES_PER_RESULT
    rows = run([_candidates_sql(kind, hits(kind), candidates) for kind in kinds])
    found = Counter(row[0] for row in rows)
    rows = [row[:3] for row in rows if row[3]]
    kept = Counter(row[0] for row in rows)
    # Every candidate was taken and too few were readable: readable matches may lie further down.
    short = [kind for kind in kinds if found[kind] == candidates and kept[kind] < limit]
    if short:
        rows = [row for row in rows if row[0] not in short]
        rows += [row[:3] for row in run([_readable_sql(kind, hits(kind), limit) for kind in short])]
    return sorted(rows, key=lambda row: row[2], reverse=True)[:limit]


@dataclass
class Hit:
    kind: str
    obj: object
    score: float
    snippet: str


def search(query, limit=20):
    """The best ``limit`` readable matches for ``query``, with the matching words marked."""
    rows = ranked_ids(query, limit)
    wanted = {kind: [pk for k, pk, _ in rows if k == kind] for kind in KINDS}
    objects = {
        "argument": Argument.objects.select_related("position__debate", "speaker").in_bulk(wanted["argument"]),
        "evidence": Evidence.objects.select_related("source", "speaker").in_bulk(wanted["evidence"]),
        "speaker": Speaker.objects.in_bulk(wanted["speaker"]),
    }
    terms = query_terms(query)
    hits = []
    for kind, pk, score in rows:
        obj = objects[kind].get(pk)
        if obj is not None:
            text = {"argument": "text", "evidence": "quote", "speaker": "name"}[kind]
            hits.append(Hit(kind, obj, score, highlight(getattr(obj, text), terms)))
    return hits


def highlight(text, terms):
    """Mark the matching words, escaping every piece of user text on its own: never ``|safe`` on it."""
    if not terms:
        return mark_safe(html.escape(text))
    stems = sorted({re.escape(t) for t in terms}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(stems) + r")\w*", re.IGNORECASE)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(html.escape(text[last : match.start()]))
        pieces.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(html.escape(text[last:]))
    return mark_safe("".join(pieces))
