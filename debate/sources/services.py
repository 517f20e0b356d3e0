"""Laying evidence highlights over a source's text."""

from dataclasses import dataclass, field


@dataclass
class Segment:
    text: str
    start: int  # code-point offset in the source text, for the page's selection script
    evidence: list = field(default_factory=list)  # evidence covering this stretch, outermost first
    anchors: list = field(default_factory=list)  # evidence that starts here (gets the element id)


def highlighted_paragraphs(text, evidence):
    """Split ``text`` into paragraphs of segments, each segment covered by the same evidence.

    Evidence may overlap (a paraphrase around a direct quote), so the text is cut
    at every start and end and every piece records all the evidence covering it;
    no nesting of HTML elements is needed.
    """
    cuts = {0, len(text)}
    for item in evidence:
        cuts.update((item.start, item.end))
    cuts.update(i for i, ch in enumerate(text) if ch == "\n")
    cuts.update(i + 1 for i, ch in enumerate(text) if ch == "\n")
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    ordered = sorted(evidence, key=lambda e: (e.start, -e.end))
    paragraphs, current, started = [], [], set()
    for lo, hi in zip(bounds, bounds[1:]):
        piece = text[lo:hi]
        if piece == "\n":
            paragraphs.append(current)
            current = []
            continue
        covering = [e for e in ordered if e.start <= lo and hi <= e.end]
        anchors = [e for e in covering if e.pk not in started]
        started.update(e.pk for e in anchors)
        current.append(Segment(piece, lo, covering, anchors))
    paragraphs.append(current)
    return [p for p in paragraphs if p]
