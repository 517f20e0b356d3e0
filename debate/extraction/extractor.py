"""Propose the direct quotations in a news article, with their speakers.

    from debate.extraction.extractor import propose_quotes
    proposals = propose_quotes(article_text, known_speakers)

The result is a proposal for an editor to confirm, not a verdict: the rules
favour finding every quotation (recall) and say `speaker=None` rather than
guess when nothing in the sentence or the paragraph attributes it.
"""

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Protocol

from .attribution import Clause, ParagraphClauses, choose_clause, scan_clauses
from .lexicon import LABEL_MARKERS, NAME_CONNECTORS
from .quotes import QuoteBounds, QuoteSpan, find_quote_spans
from .speakers import Document, Entity, Registry, normalised_name, same_role, scan_names
from .text import split_paragraphs, word_count

MIN_WORDS = 3  # "soft invasion", "El Mayo": one- and two-word quotes are scare quotes or names


class KnownSpeaker(Protocol):
    name: str


@dataclass(frozen=True)
class Proposal:
    """One quotation found in the text, with what the article says about its speaker."""

    quote: str  # always text[start:end]: the words between the marks, marks excluded
    start: int  # code-point offsets into the text given to propose_quotes
    end: int
    speaker: str | None  # full name as introduced, the article's description, or an organisation
    cue: str | None  # the attribution as written: "said", "tells me", "according to"
    role: str  # "executive vice president", "researcher"; "" if the article gives none
    affiliation: str  # "Brookings Institution"; "" if none
    is_anonymous: bool  # the speaker is described, not named
    matched_speaker: str | None  # name of the KnownSpeaker this speaker is, if any
    kind: str = "quote"

    def as_dict(self) -> dict:
        return asdict(self)


def propose_quotes(text: str, known_speakers: Sequence[KnownSpeaker] = ()) -> list[Proposal]:
    """Every quotation of MIN_WORDS words or more, in reading order.

    A quotation running over several paragraphs gives one proposal per
    paragraph, so that each proposal is a verbatim span.
    """
    if not text or not text.strip():
        return []
    paragraphs = split_paragraphs(text)
    spans = find_quote_spans(text, paragraphs)
    doc = Document.of(text)
    bounds_of = _bounds_by_paragraph(paragraphs, spans)
    clauses = scan_clauses(text, paragraphs, bounds_of, doc)
    chains = [chain for chain in _chains(spans) if _is_quotation(text, chain)]
    clauses_of = _clauses_by_paragraph(paragraphs, clauses)
    chosen = [(chain, _cue_of(text, chain, paragraphs, bounds_of, clauses_of)) for chain in chains]
    cues = {id(clause) for _, clause in chosen if clause is not None}
    registry, speaker_of = _resolve(text, paragraphs, bounds_of, clauses, cues, doc)

    proposals: list[Proposal] = []
    previous: tuple[int, Entity | None, str | None] | None = None  # paragraph, speaker, cue
    for chain, clause in chosen:
        first = chain[0]
        if clause is not None:
            entity, cue = speaker_of.get(id(clause)), clause.cue
        else:
            entity, cue = _inherited(text, registry, paragraphs, first, previous)
        previous = (chain[-1].paragraph, entity, cue)
        matched = _match_known(entity, known_speakers) if entity is not None else None
        for span in chain:
            proposals.append(
                Proposal(
                    quote=text[span.start : span.end],
                    start=span.start,
                    end=span.end,
                    speaker=entity.label if entity else None,
                    cue=cue,
                    role=entity.role if entity else "",
                    affiliation=entity.affiliation if entity else "",
                    is_anonymous=entity is not None and entity.kind == "anonymous",
                    matched_speaker=matched,
                )
            )
    return proposals


def _bounds_by_paragraph(paragraphs, spans) -> list[QuoteBounds]:
    """The quotations of each paragraph, by paragraph index."""
    spans_by_para = [[] for _ in paragraphs]
    for span in spans:
        spans_by_para[span.paragraph].append(span)
    return [QuoteBounds(para_spans) for para_spans in spans_by_para]


def _clauses_by_paragraph(paragraphs, clauses) -> list[ParagraphClauses]:
    """The clauses of each paragraph: a quotation's cue never lies outside its paragraph."""
    clauses_by_para = [[] for _ in paragraphs]
    starts = [p.start for p in paragraphs]
    for clause in clauses:
        clauses_by_para[bisect_right(starts, clause.verb_start) - 1].append(clause)
    return [ParagraphClauses(para_clauses) for para_clauses in clauses_by_para]


def _cue_of(text, chain, paragraphs, bounds_of, clauses_of) -> Clause | None:
    """The first reporting clause found for any paragraph part of the quotation."""
    for span in chain:
        para = paragraphs[span.paragraph]
        clause = choose_clause(text, span, para, bounds_of[para.index], clauses_of[para.index])
        if clause is not None:
            return clause
    return None


def _resolve(text, paragraphs, bounds_of, clauses, cues, doc) -> tuple[Registry, dict[int, Entity | None]]:
    """Walk names and reporting clauses in reading order, linking each to an entity.

    Order matters: a pronoun can only point back to what came before it.
    Subjects of embedded clauses ("She said a friend told them") are passing
    mentions unless they introduce a quotation, so a later "she said" still
    means the main speaker.
    """
    names = scan_names(text, paragraphs, bounds_of, doc)
    events: list[tuple[int, int, object]] = [(r.start, 0, r) for r in names]
    events += [(c.ref.start, 1, c) for c in clauses]
    registry = Registry(text)
    speaker_of: dict[int, Entity | None] = {}
    for _, _, item in sorted(events, key=lambda e: (e[0], e[1])):
        if isinstance(item, Clause):
            salient = not item.embedded or id(item) in cues
            speaker_of[id(item)] = registry.resolve(item.ref, speaker=salient, audience=item.audience)
        else:
            registry.resolve(item, speaker=False)
    return registry, speaker_of


def _chains(spans: list[QuoteSpan]) -> list[list[QuoteSpan]]:
    """Group the paragraph parts of multi-paragraph quotations."""
    chains: list[list[QuoteSpan]] = []
    for span in spans:
        last = chains[-1][-1] if chains else None
        if span.continues and last is not None and last.close_at is None and last.paragraph == span.paragraph - 1:
            chains[-1].append(span)
        else:
            chains.append([span])
    return chains


def _is_quotation(text: str, chain: list[QuoteSpan]) -> bool:
    """Speech rather than a scare quote, a quoted name or a title."""
    quote = " ".join(text[s.start : s.end] for s in chain)
    return word_count(quote) >= MIN_WORDS and not _is_label(text, chain[0]) and not _looks_like_title(quote)


def _is_label(text: str, span: QuoteSpan) -> bool:
    """'the so-called "Gang of Eight"': a name being quoted, not speech."""
    before = text[max(0, span.open_at - 24) : span.open_at].lower().rstrip()
    before = re.sub(r"\s(?:a|an|the)$", "", before)  # "identified as a "
    return before.endswith(LABEL_MARKERS)


def _looks_like_title(quote: str) -> bool:
    """'"Remnants of an Army"', '"Gang of Eight,"': a name or title, every word capitalised."""
    words = [w for w in quote.split() if any(ch.isalpha() for ch in w)]
    if len(words) < 2:
        return False
    return all(
        w[0].isupper() or w.lower() in NAME_CONNECTORS or w.lower() in ("a", "an", "in", "on", "to", "at")
        for w in words
    )


def _inherited(
    text: str, registry: Registry, paragraphs, span: QuoteSpan, previous
) -> tuple[Entity | None, str | None]:
    """Speaker of a quotation with no cue of its own.

    News style leaves the second half of a split quote and a follow-on quote
    paragraph unattributed; they belong to the last speaker of the same
    paragraph, to the speaker announced by a paragraph ending in a colon
    ("issued the following statement:"), or to the quotation that ended the
    previous paragraph.
    """
    para = paragraphs[span.paragraph]
    in_paragraph = registry.speaker_mentions(para.start, span.open_at)
    if in_paragraph:
        same_para_cue = previous[2] if previous and previous[0] == span.paragraph else None
        return in_paragraph[-1].entity, same_para_cue
    if span.paragraph > 0 and (previous is None or previous[0] < span.paragraph - 1):
        before = paragraphs[span.paragraph - 1]
        if text[before.end - 1] == ":":
            announced = registry.speaker_mentions(before.start, before.end)
            if announced:
                return announced[-1].entity, None
    if previous is not None and previous[0] >= span.paragraph - 1:
        return previous[1], None
    return None, None


def _match_known(entity: Entity, known_speakers: Sequence[KnownSpeaker]) -> str | None:
    """The known speaker this entity is: by name or alias (compared without accents, case or titles), by
    description, or by surname, with the role telling apart speakers who share the surname."""
    label = normalised_name(entity.label)
    surname, first = normalised_name(entity.surname), normalised_name(entity.first)
    surname_hits, role_hits = [], []
    for speaker in known_speakers:
        names = [speaker.name, *(getattr(speaker, "aliases", None) or [])]
        for name in names:
            key = normalised_name(name)
            if not key:
                continue
            if key == label:
                return speaker.name
            if entity.kind == "person":
                words = key.split()
                if surname == words[-1] and (not first or len(words) == 1 or first == words[0]):
                    surname_hits.append(speaker.name)
                    if same_role(entity.role, getattr(speaker, "role", "") or ""):
                        role_hits.append(speaker.name)
            elif len(key.split()) >= 2 and (key in label or label in key):
                return speaker.name
    for hits in (surname_hits, role_hits):
        if len(set(hits)) == 1:
            return hits[0]
    return None
