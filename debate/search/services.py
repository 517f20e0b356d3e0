"""Ranked full-text search over arguments, evidence and speakers.

Each database uses its own index: SQLite an FTS5 table per content table, kept
in step by triggers; PostgreSQL a stored, generated ``tsvector`` column with a
GIN index. Both are created by this app's migration, which branches on the
database vendor. Only published, readable rows are ever returned.
"""

import html
import re
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


def _sqlite_sql(kind, limit):
    spec = KINDS[kind]
    return (
        f"SELECT '{kind}', t.id, -bm25({spec['fts']}) AS score FROM {spec['fts']} "
        f"JOIN {spec['table']} t ON t.id = {spec['fts']}.rowid {spec['join']} "
        f"WHERE {spec['fts']} MATCH %s AND {spec['readable']} ORDER BY score DESC LIMIT {int(limit)}"
    )


def _postgres_sql(kind, limit):
    spec = KINDS[kind]
    return (
        f"SELECT '{kind}', t.id, ts_rank(t.search_vector, q) AS score "
        f"FROM {spec['table']} t {spec['join']} CROSS JOIN websearch_to_tsquery('english', %s) q "
        f"WHERE t.search_vector @@ q AND {spec['readable']} ORDER BY score DESC LIMIT {int(limit)}"
    )


def ranked_ids(query, limit=20, kinds=tuple(KINDS)):
    """``[(kind, id, score)]``, best first, across ``kinds``."""
    terms = query_terms(query)
    if not terms:
        return []
    if connection.vendor == "postgresql":
        parts, param = [_postgres_sql(kind, limit) for kind in kinds], " ".join(terms)
    else:
        parts, param = [_sqlite_sql(kind, limit) for kind in kinds], " ".join(f'"{t}"' for t in terms)
    sql = " UNION ALL ".join(f"SELECT * FROM ({part}) AS {kind}_hits" for part, kind in zip(parts, kinds))
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} ORDER BY 3 DESC LIMIT {int(limit)}", [param] * len(parts))
        return cursor.fetchall()


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
    """Escape first, then mark: user text never reaches the page unescaped."""
    escaped = html.escape(text)
    if not terms:
        return mark_safe(escaped)
    stems = sorted({re.escape(html.escape(t)) for t in terms}, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(stems) + r")\w*", re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))
