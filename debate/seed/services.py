"""Loading the curated debate that ships with the project.

Rows are found by natural keys (slugs; source and offsets) and only created
when missing: running the seed again never changes or deletes what moderators
have edited since.
"""

import json
from pathlib import Path

from django.db import transaction

from debate.arguments.models import Argument, Debate, Position
from debate.core.models import Status
from debate.sources.models import Evidence, Source, Speaker
from debate.sources.passages import find_passage

DATA_DIR = Path(__file__).resolve().parent / "data"


def nth_occurrence(text, quote, occurrence):
    """``(start, end)`` of the ``occurrence``-th (1-based) appearance of ``quote`` in ``text``."""
    spans = find_passage(text, quote)
    if len(spans) < occurrence:
        raise ValueError(f"Quote not found {occurrence} time(s) in the article: {quote!r}")
    return spans[occurrence - 1]


class SeedLoader:
    def __init__(self, data, article_text):
        self.data = data
        self.article_text = article_text
        self.created = {
            "source": 0,
            "speaker": 0,
            "evidence": 0,
            "debate": 0,
            "position": 0,
            "argument": 0,
            "background": 0,
        }

    def _get_or_create(self, model, label, lookup, defaults):
        """The row with ``lookup``, created from ``defaults`` only when missing."""
        obj = model._base_manager.filter(**lookup).first()
        if obj is not None:
            return obj, False
        obj = model(**lookup, **defaults)
        obj.save()
        self.created[label] += 1
        return obj, True

    @transaction.atomic
    def load(self):
        meta = self.data["source"]
        source, _ = self._get_or_create(
            Source,
            "source",
            {"slug": meta["slug"]},
            {
                "title": meta["title"],
                "publication": meta.get("publication", ""),
                "byline": meta.get("byline", ""),
                "published_on": meta.get("published_on"),
                "url": meta.get("url", ""),
                "text": self.article_text,
                "status": Status.PUBLISHED,
            },
        )
        speakers = {
            spec["slug"]: self._get_or_create(
                Speaker,
                "speaker",
                {"slug": spec["slug"]},
                {
                    "name": spec["name"],
                    "role": spec.get("role", ""),
                    "affiliation": spec.get("affiliation", ""),
                    "is_anonymous": spec.get("is_anonymous", False),
                    "status": Status.PUBLISHED,
                },
            )[0]
            for spec in self.data["speakers"]
        }
        evidence = {}
        for spec in self.data["evidence"]:
            start, end = nth_occurrence(source.text, spec["quote"], spec.get("occurrence", 1))
            evidence[spec["key"]], _ = self._get_or_create(
                Evidence,
                "evidence",
                {"source": source, "start": start, "end": end},
                {"quote": source.text[start:end], "kind": spec["kind"], "speaker": speakers.get(spec.get("speaker"))},
            )
        meta = self.data["debate"]
        debate, created = self._get_or_create(
            Debate,
            "debate",
            {"slug": meta["slug"]},
            {
                "motion": meta["motion"],
                "summary": meta.get("summary", ""),
                "background": meta.get("background", ""),
                "glossary": meta.get("glossary", []),
                "status": Status.PUBLISHED,
            },
        )
        if not created:
            self._add_missing_background(debate, meta)
        for order, spec in enumerate(self.data["positions"]):
            position, created = self._get_or_create(
                Position,
                "position",
                {"debate": debate, "slug": spec["slug"]},
                {
                    "title": spec["title"],
                    "summary": spec.get("summary", ""),
                    "order": order,
                    "status": Status.PUBLISHED,
                },
            )
            if created:
                position.holders.set([speakers[slug] for slug in spec.get("holders", [])])
            self._load_arguments(position, None, spec.get("arguments", []), speakers, evidence)
        return self.created

    def _add_missing_background(self, debate, meta):
        """A debate seeded before debates had a background and glossary gets them, unless a moderator edited it.

        Only a debate still at its first version, with both fields empty, is filled: one a moderator has
        saved since (perhaps clearing them on purpose) is left as it is. The version check of the save
        refuses the fill if a moderator's edit lands in between.
        """
        if debate.version != 1 or debate.background or debate.glossary:
            return
        debate.background = meta.get("background", "")
        debate.glossary = meta.get("glossary", [])
        if debate.background or debate.glossary:
            debate.save()
            self.created["background"] = 1

    def _load_arguments(self, position, parent, specs, speakers, evidence):
        # Iterative, so a seed file of any depth loads without recursion limits.
        pending = [(parent, spec) for spec in specs]
        while pending:
            parent, spec = pending.pop(0)
            argument, created = self._get_or_create(
                Argument,
                "argument",
                {"position": position, "slug": spec["slug"]},
                {
                    "parent": parent,
                    "stance": spec["stance"],
                    "text": spec["text"],
                    "speaker": speakers.get(spec.get("speaker")),
                    "status": Status.PUBLISHED,
                },
            )
            if created:
                argument.evidence.set([evidence[key] for key in spec.get("evidence", [])])
            pending.extend((argument, reply) for reply in spec.get("replies", []))


def load_seed():
    data = json.loads((DATA_DIR / "debate.json").read_text(encoding="utf-8"))
    article = (DATA_DIR / "article.txt").read_text(encoding="utf-8")
    return SeedLoader(data, article).load()
