"""Print how well the quotation extractor does on the hand-labelled test articles.

Run from the project root:  .venv/bin/python bench/extraction_quality.py
Add --details to list missed quotations and wrong speakers.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from debate.extraction.evaluation import article_names, score_article  # noqa: E402

ARTICLES = ROOT / "tests" / "extraction_articles"


def main(details: bool) -> None:
    scores = [score_article(ARTICLES, name) for name in article_names(ARTICLES)]
    print("| article | expected | found | recall | right speaker | attribution | people | split in two or more |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in scores:
        print(
            f"| {s.name} | {s.expected} | {s.found} | {s.recall:.0%} | {s.right_speaker} | {s.attribution:.0%}"
            f" | {s.people} | {len(s.split)} |"
        )
    expected = sum(s.expected for s in scores)
    found = sum(s.found for s in scores)
    right = sum(s.right_speaker for s in scores)
    people, split = sum(s.people for s in scores), sum(len(s.split) for s in scores)
    print(
        f"| **all** | {expected} | {found} | {found / expected:.0%} | {right} | {right / found:.0%}"
        f" | {people} | {split} |"
    )
    if details:
        for s in scores:
            for quote in s.misses:
                print(f"\n{s.name}: MISSED {quote[:70]!r}")
            for quote, wanted, got in s.wrong:
                print(f"\n{s.name}: {quote[:50]!r} expected {wanted!r}, got {got!r}")
            for person, names in s.split:
                print(f"\n{s.name}: {person!r} proposed as {', '.join(map(repr, names))}")


if __name__ == "__main__":
    main("--details" in sys.argv)
