"""Scoring proposals against a hand-made list of quotations.

Shared by tests/test_extraction.py and bench/extraction_quality.py so that the
test thresholds and the printed table measure exactly the same thing.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from .extractor import Proposal, propose_quotes

MIN_COVERAGE = 0.8  # share of the expected quotation a proposal must cover
MIN_PRECISION = 0.5  # share of the proposal that must be the expected quotation


@dataclass(frozen=True)
class ArticleScore:
    name: str
    expected: int
    found: int
    right_speaker: int
    misses: tuple[str, ...]  # expected quotations no proposal covers
    wrong: tuple[tuple[str, str, str | None], ...]  # (quotation, expected, proposed)
    people: int = 0  # distinct speakers in the hand-made list
    split: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (person, the several names proposed for them)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def attribution(self) -> float:
        return self.right_speaker / self.found if self.found else 1.0


def same_speaker(expected: str, proposed: str | None) -> bool:
    """Case-insensitive; "Gallaher" and "Carolyn Gallaher" count as the same."""
    if not proposed:
        return False
    a, b = expected.strip().lower(), proposed.strip().lower()
    return a == b or a in b or b in a


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def best_match(text: str, quote: str, proposals: list[Proposal]) -> Proposal | None:
    """The proposal that finds `quote`, located by searching it in the text."""
    start = text.find(quote)
    if start < 0:
        raise ValueError(f"expected quotation not in the text: {quote[:60]!r}")
    wanted = (start, start + len(quote))
    best, best_overlap = None, 0
    for p in proposals:
        overlap = _overlap(wanted, (p.start, p.end))
        if (
            overlap >= MIN_COVERAGE * len(quote)
            and overlap >= MIN_PRECISION * (p.end - p.start)
            and overlap > best_overlap
        ):
            best, best_overlap = p, overlap
    return best


def score(name: str, text: str, expected: list[dict], proposals: list[Proposal]) -> ArticleScore:
    found = right = 0
    misses, wrong = [], []
    names_of: dict[str, set[str]] = {}
    for item in expected:
        match = best_match(text, item["quote"], proposals)
        if match is None:
            misses.append(item["quote"])
            continue
        found += 1
        if match.speaker:
            names_of.setdefault(item["speaker"], set()).add(match.speaker)
        if same_speaker(item["speaker"], match.speaker):
            right += 1
        else:
            wrong.append((item["quote"], item["speaker"], match.speaker))
    people = len({item["speaker"] for item in expected})
    split = tuple((person, tuple(sorted(names))) for person, names in sorted(names_of.items()) if len(names) > 1)
    return ArticleScore(name, len(expected), found, right, tuple(misses), tuple(wrong), people, split)


def article_names(folder: Path) -> list[str]:
    return sorted(p.name[: -len(".expected.json")] for p in folder.glob("*.expected.json"))


def score_article(folder: Path, name: str) -> ArticleScore:
    text = (folder / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((folder / f"{name}.expected.json").read_text(encoding="utf-8"))
    return score(name, text, expected, propose_quotes(text))
