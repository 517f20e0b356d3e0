"""Ranked full-text search over arguments, evidence and speakers.

Each database uses its own index: SQLite an FTS5 table per content table, kept
in step by triggers; PostgreSQL a stored, generated ``tsvector`` column with a
GIN index. Both are created by this app's migrations, which branch on the
database vendor. Only published, readable rows are ever returned.

Students type fragments and misspell: every word of three letters or more is
searched as a prefix of a stemmed word ("sovereign" finds "sovereignty"), and when
a search finds nothing, a word that appears nowhere in the index is replaced by
the nearest word of readable text, one or two letters away ("sovreignty"), and the
page says so. SQLite finds that word through the FTS5 vocabulary (``fts5vocab``),
PostgreSQL through ``pg_trgm``'s trigram index.
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


SIDES = ("for", "against")

# An argument helps ``side`` of its position; an excerpt does when a readable argument on that side cites it.
SIDE_CONDITIONS = {
    "argument": "t.position_stance = '{side}'",
    "evidence": (
        "EXISTS (SELECT 1 FROM arguments_argument_evidence ae "
        "JOIN arguments_argument a ON a.id = ae.argument_id JOIN arguments_position ap ON ap.id = a.position_id "
        "JOIN arguments_debate ad ON ad.id = ap.debate_id WHERE ae.evidence_id = t.id "
        "AND a.position_stance = '{side}' AND a.is_visible AND ap.status = 'published' AND ad.status = 'published')"
    ),
}

# Words this long or longer are searched as prefixes; shorter ones ("us", "un") only as whole words.
PREFIX_LENGTH = 3
# Words this long or longer are corrected when the index does not hold them.
CORRECTABLE_LENGTH = 4


def query_terms(query):
    """The words of a reader's query; nothing else of it reaches the database's query language."""
    return WORD.findall((query or "")[:MAX_QUERY_LENGTH].lower())[:20]


def _sqlite_match(terms):
    return " ".join(f'"{t}"*' if len(t) >= PREFIX_LENGTH else f'"{t}"' for t in terms)


def _postgres_match(terms):
    # Each word quoted as a lexeme, so nothing in it is tsquery syntax; the 'english' configuration stems it.
    return " & ".join(f"'{t}':*" if len(t) >= PREFIX_LENGTH else f"'{t}'" for t in terms)


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
        f"CROSS JOIN to_tsquery('english', %s) q WHERE search_vector @@ q"
    )


def _readable(kind, side):
    spec = KINDS[kind]
    if side is None:
        return spec["readable"]
    return f"{spec['readable']} AND {SIDE_CONDITIONS[kind].format(side=side)}"


def _candidates_sql(kind, hits, candidates, side):
    """The best ``candidates`` matches of ``kind``, each with whether a reader may see it."""
    spec = KINDS[kind]
    return (
        f"SELECT '{kind}', t.id, hits.score, {_readable(kind, side)} "
        f"FROM ({hits} ORDER BY score DESC LIMIT {int(candidates)}) hits "
        f"JOIN {spec['table']} t ON t.id = hits.id {spec['join']}"
    )


def _readable_sql(kind, hits, limit, side):
    """The best ``limit`` readable matches of ``kind``, ranking every match."""
    spec = KINDS[kind]
    return (
        f"SELECT '{kind}', t.id, hits.score, 1 FROM ({hits}) hits JOIN {spec['table']} t ON t.id = hits.id "
        f"{spec['join']} WHERE {_readable(kind, side)} ORDER BY hits.score DESC LIMIT {int(limit)}"
    )


def _kinds_for(kinds, side):
    """Speakers take no side: a search for one side's case leaves them out."""
    if side not in SIDES:
        return tuple(kinds), None
    return tuple(kind for kind in kinds if kind in SIDE_CONDITIONS), side


def _ranked(terms, limit, kinds, side):
    if not terms or not kinds:
        return []
    if connection.vendor == "postgresql":
        hits, param = _postgres_hits, _postgres_match(terms)
    else:
        hits, param = _sqlite_hits, _sqlite_match(terms)

    def run(parts):
        sql = " UNION ALL ".join(f"SELECT * FROM ({part}) AS hits_{i}" for i, part in enumerate(parts))
        with connection.cursor() as cursor:
            cursor.execute(sql, [param] * len(parts))
            return cursor.fetchall()

    candidates = limit * CANDIDATES_PER_RESULT
    rows = run([_candidates_sql(kind, hits(kind), candidates, side) for kind in kinds])
    found = Counter(row[0] for row in rows)
    rows = [row[:3] for row in rows if row[3]]
    kept = Counter(row[0] for row in rows)
    # Every candidate was taken and too few were readable: readable matches may lie further down.
    short = [kind for kind in kinds if found[kind] == candidates and kept[kind] < limit]
    if short:
        rows = [row for row in rows if row[0] not in short]
        rows += [row[:3] for row in run([_readable_sql(kind, hits(kind), limit, side) for kind in short])]
    return sorted(rows, key=lambda row: row[2], reverse=True)[:limit]


def _ranked_or_corrected(query, limit, kinds, side):
    """``(rows, terms searched, {typed word: word searched instead})``."""
    kinds, side = _kinds_for(kinds, side)
    terms = query_terms(query)
    rows = _ranked(terms, limit, kinds, side)
    if rows or not terms:
        return rows, terms, {}
    corrections = {}
    for term in terms:
        if len(term) >= CORRECTABLE_LENGTH and not _indexed(term):
            nearest = _nearest_word(term)
            if nearest:
                corrections[term] = nearest
    if not corrections:
        return rows, terms, {}
    terms = [corrections.get(term, term) for term in terms]
    return _ranked(terms, limit, kinds, side), terms, corrections


def ranked_ids(query, limit=20, kinds=tuple(KINDS), side=None):
    """``[(kind, id, score)]``, best first, across ``kinds`` (and for one ``side`` of a position)."""
    return _ranked_or_corrected(query, limit, kinds, side)[0]


def _indexed(term):
    """Whether any row of any kind holds ``term`` (or a word it begins), readable or not."""
    if connection.vendor == "postgresql":
        parts = [
            f"SELECT 1 FROM {spec['table']} WHERE search_vector @@ to_tsquery('english', %s)" for spec in KINDS.values()
        ]
        param = _postgres_match([term])
    else:
        parts = [f"SELECT 1 FROM {spec['fts']} WHERE {spec['fts']} MATCH %s" for spec in KINDS.values()]
        param = _sqlite_match([term])
    sql = " UNION ALL ".join(f"SELECT * FROM ({part} LIMIT 1) AS found_{i}" for i, part in enumerate(parts))
    with connection.cursor() as cursor:
        cursor.execute(sql, [param] * len(parts))
        return cursor.fetchone() is not None


def _allowed_edits(term):
    return 1 if len(term) <= 5 else 2


def edit_distance(a, b, limit):
    """Letters inserted, deleted, replaced or swapped to turn ``a`` into ``b``; ``limit + 1`` once past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, row = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if before is not None and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return row[-1]


def _nearest_in(term, words):
    """The word of ``words`` fewest edits from ``term`` (within the allowance), the commonest on a tie."""
    allowed = _allowed_edits(term)
    scored = [
        (edit_distance(term, word, allowed), -count, word) for word, count in Counter(words).items() if word != term
    ]
    scored = [entry for entry in scored if entry[0] <= allowed]
    return min(scored)[2] if scored else None


# Texts of readable rows that may hold a near miss, per kind: enough to find the word, few enough to read fast.
NEAR_TEXTS = 5
TEXT_COLUMNS = {"argument": "t.text", "evidence": "t.quote", "speaker": "t.name"}


def _nearest_word(term):
    """The word of readable text that ``term`` most likely misspells, or None."""
    texts = _near_texts_postgres(term) if connection.vendor == "postgresql" else _near_texts_sqlite(term)
    return _nearest_in(term, [word for text in texts for word in query_terms(text)])


def _near_texts_postgres(term):
    # pg_trgm's word similarity finds texts holding a word that shares most trigrams with the term.
    parts = [
        f"SELECT {TEXT_COLUMNS[kind]} FROM {spec['table']} t {spec['join']} "
        f"WHERE %s <%% {TEXT_COLUMNS[kind]} AND {spec['readable']} "
        f"ORDER BY word_similarity(%s, {TEXT_COLUMNS[kind]}) DESC LIMIT {NEAR_TEXTS}"
        for kind, spec in KINDS.items()
    ]
    sql = " UNION ALL ".join(f"SELECT * FROM ({part}) AS near_{i}" for i, part in enumerate(parts))
    with connection.cursor() as cursor:
        cursor.execute(sql, [term, term] * len(parts))
        return [row[0] for row in cursor.fetchall()]


def _near_texts_sqlite(term):
    # The index's own vocabulary (porter stems) holds the near misses; the readable texts holding
    # them give the word as written, which is what the reader is shown and searched for.
    allowed = _allowed_edits(term) + 1  # a stem may have lost or changed a letter ("sovereignti")
    vocab = [
        f"SELECT term FROM {spec['fts'].replace('_fts', '_vocab')} WHERE term >= %s AND term < %s"
        for spec in KINDS.values()
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ".join(vocab), [term[0], chr(ord(term[0]) + 1)] * len(vocab))
        stems = [row[0] for row in cursor.fetchall()]
    near = sorted((edit_distance(term, stem, allowed), stem) for stem in stems)
    near = [stem for distance, stem in near if distance <= allowed][:NEAR_TEXTS]
    if not near:
        return []
    match = " OR ".join(f'"{stem}"' for stem in near)
    parts = [
        f"SELECT {TEXT_COLUMNS[kind]} FROM {spec['fts']} JOIN {spec['table']} t ON t.id = {spec['fts']}.rowid "
        f"{spec['join']} WHERE {spec['fts']} MATCH %s AND {spec['readable']} LIMIT {NEAR_TEXTS}"
        for kind, spec in KINDS.items()
    ]
    sql = " UNION ALL ".join(f"SELECT * FROM ({part}) AS near_{i}" for i, part in enumerate(parts))
    with connection.cursor() as cursor:
        cursor.execute(sql, [match] * len(parts))
        return [row[0] for row in cursor.fetchall()]


@dataclass
class Hit:
    kind: str
    obj: object
    score: float
    snippet: str


@dataclass
class Results:
    hits: list
    corrections: dict  # typed word -> the word searched for instead


def find(query, limit=20, kinds=tuple(KINDS), side=None):
    """The best ``limit`` readable matches for ``query``, with the matching words marked."""
    rows, terms, corrections = _ranked_or_corrected(query, limit, kinds, side)
    wanted = {kind: [pk for k, pk, _ in rows if k == kind] for kind in KINDS}
    objects = {
        "argument": Argument.objects.select_related("position__debate", "speaker").in_bulk(wanted["argument"]),
        "evidence": Evidence.objects.select_related("source", "speaker").in_bulk(wanted["evidence"]),
        "speaker": Speaker.objects.in_bulk(wanted["speaker"]),
    }
    hits = []
    for kind, pk, score in rows:
        obj = objects[kind].get(pk)
        if obj is not None:
            text = {"argument": "text", "evidence": "quote", "speaker": "name"}[kind]
            hits.append(Hit(kind, obj, score, highlight(getattr(obj, text), terms)))
    return Results(hits, corrections)


def search(query, limit=20, kinds=tuple(KINDS), side=None):
    return find(query, limit, kinds, side).hits


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
