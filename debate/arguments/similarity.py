"""The published arguments of a debate most like a text a student is writing.

A paraphrase shares few exact words with what it repeats, so the ranking takes two views
of it. The full-text index (porter stems in SQLite's FTS5, the english ``tsvector`` in
PostgreSQL) finds arguments sharing any stemmed word and ranks them by BM25 / ``ts_rank``;
each candidate is then scored by the meaning words it shares with the text (common words
dropped, each word cut to a rough stem) and by ``rapidfuzz``'s token-set similarity, so
"raid"/"raids" and a different word order still count as the same.

The work is bounded for a debate of any size: the index gives at most ``INDEX_CANDIDATES``
arguments, and at most ``SCANNED`` more are read in id order (for a debate of a few
hundred arguments that is every one of them), so a 10,000-argument debate costs the same
three queries as a small one, and so does a page of texts (``similar_for_each``).
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from rapidfuzz import fuzz

from debate.arguments.models import Argument, Status

LIMIT = 5
INDEX_CANDIDATES = 50
SCANNED = 400
# Below this score a match is noise: sharing a word or two with any argument of the debate.
THRESHOLD = 0.15
# From this score a match is close enough to ask a student, who has not seen it, to confirm they are not repeating it.
CLOSE = 0.33
# Texts shorter than this many significant words are not compared yet (the student has barely begun).
MIN_WORDS = 3
MAX_TEXT_LENGTH = 2000

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each even few for from further had has have
    having he her here hers him his how i if in into is it its itself just me more most my no nor not now of
    off on once only or other our ours out over own same she should so some such than that the their them then
    there these they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours us""".split()
)
SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "ly", "s")


@dataclass
class Match:
    argument: Argument
    score: float


def significant_words(text):
    """The words that carry meaning, each cut to a rough stem ("raids", "raiding" → "raid")."""
    words = []
    for word in _words(text):
        if word in STOPWORDS or len(word) < 3:
            continue
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        words.append(word)
    return words


WORD = re.compile(r"\w+", re.UNICODE)


def _words(text):
    """Every word of ``text``, lower case."""
    return WORD.findall((text or "")[:MAX_TEXT_LENGTH].lower().replace("’", "'"))


def _index_terms(text):
    """Distinct meaning words for the index, at most twenty (as the search module takes)."""
    return list(dict.fromkeys(word for word in _words(text) if word not in STOPWORDS and len(word) >= 3))[:20]


def _index_sql(number):
    readable = "t.is_visible AND p.status = %s AND d.status = %s AND p.debate_id = %s"
    joins = "JOIN arguments_position p ON p.id = t.position_id JOIN arguments_debate d ON d.id = p.debate_id"
    if connection.vendor == "postgresql":
        return (
            f"SELECT {int(number)}, t.id, t.text, ts_rank(t.search_vector, q) AS score FROM arguments_argument t "
            f"CROSS JOIN to_tsquery('english', %s) q {joins} "
            f"WHERE t.search_vector @@ q AND {readable} ORDER BY score DESC LIMIT {INDEX_CANDIDATES}"
        )
    return (
        f"SELECT {int(number)}, t.id, t.text, -bm25(search_argument_fts) AS score FROM search_argument_fts "
        f"JOIN arguments_argument t ON t.id = search_argument_fts.rowid {joins} "
        f"WHERE search_argument_fts MATCH %s AND {readable} ORDER BY score DESC LIMIT {INDEX_CANDIDATES}"
    )


def _index_match(terms):
    # Any of the words, each quoted so that nothing a student types is query syntax.
    if connection.vendor == "postgresql":
        return " | ".join(f"'{term}'" for term in terms)
    return " OR ".join(f'"{term}"' for term in terms)


def _index_candidates(wanted):
    """``{key: {argument id: (text, rank)}}``: for each ``(debate id, text)``, the debate's readable
    arguments sharing any stemmed word with it, best ranked first, in one query for them all."""
    parts, params = [], []
    for number, (debate_id, text) in enumerate(wanted.values()):
        terms = _index_terms(text)
        if terms:
            parts.append(f"SELECT * FROM ({_index_sql(number)}) AS hits_{number}")
            params += [_index_match(terms), Status.PUBLISHED, Status.PUBLISHED, debate_id]
    found = {key: {} for key in wanted}
    if not parts:
        return found
    keys = list(wanted)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for number, pk, body, rank in cursor.fetchall():
            found[keys[number]][pk] = (body, rank)
    return found


def _scanned(debate_ids):
    """``{debate id: {argument id: text}}``: the first ``SCANNED`` readable arguments of each debate, in one query."""
    first = (
        Argument.objects.readable()
        .filter(position__debate__in=debate_ids)
        .annotate(debate_id=F("position__debate_id"))
        .annotate(row=Window(RowNumber(), partition_by=[F("position__debate_id")], order_by=F("id").asc()))
        .filter(row__lte=SCANNED)
        .values_list("debate_id", "id", "text")
    )
    scanned = {debate_id: {} for debate_id in debate_ids}
    for debate_id, pk, body in first:
        scanned[debate_id][pk] = body
    return scanned


# A word's first letters stand for it when comparing word sets: "capture", "captured", "captures".
PREFIX = 5


def _score(words, other, rank, best_rank):
    """0..1: the share of meaning words the texts have in common, how alike they read, and how the index ranks it.

    The shared words count most: comparing characters alone gives two unrelated texts of the
    same debate a score near 0.4, while they share hardly a word.
    """
    if not other:
        return 0.0
    mine, theirs = {word[:PREFIX] for word in words}, {word[:PREFIX] for word in other}
    shared = 2 * len(mine & theirs) / (len(mine) + len(theirs))
    a, b = " ".join(words), " ".join(other)
    alike = (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 200
    indexed = rank / best_rank if rank and best_rank else 0.0
    return round(0.5 * shared + 0.25 * alike + 0.25 * indexed * shared, 3)


def similar_for_each(wanted, limit=LIMIT):
    """``{key: [Match, …]}`` for ``{key: (debate id, text)}``, best first: the same ranking for one
    text or a page of them, in three queries whatever their number."""
    wanted = {
        key: (debate_id, text) for key, (debate_id, text) in wanted.items() if len(significant_words(text)) >= MIN_WORDS
    }
    found = _index_candidates(wanted)
    scanned = _scanned({debate_id for debate_id, _ in wanted.values()}) if wanted else {}
    words_of = {}
    chosen = {}
    for key, (debate_id, text) in wanted.items():
        words = significant_words(text)
        texts = dict(scanned[debate_id])
        texts.update({pk: body for pk, (body, _) in found[key].items()})
        ranks = {pk: rank for pk, (_, rank) in found[key].items()}
        best_rank = max(ranks.values(), default=0)
        scored = []
        for pk, body in texts.items():
            if pk not in words_of:
                words_of[pk] = significant_words(body)
            scored.append((_score(words, words_of[pk], ranks.get(pk, 0), best_rank), pk))
        scored.sort(reverse=True)
        chosen[key] = [(score, pk) for score, pk in scored if score >= THRESHOLD][:limit]
    ids = {pk for matches in chosen.values() for _, pk in matches}
    arguments = Argument.objects.select_related("position__debate").in_bulk(ids) if ids else {}
    return {key: [Match(arguments[pk], score) for score, pk in matches] for key, matches in chosen.items()}


def similar_arguments(*, debate_id, text, limit=LIMIT):
    """The readable arguments of the debate most like ``text``, best first, as ``Match``es."""
    return similar_for_each({None: (debate_id, text)}, limit).get(None, [])
