"""Reading an AIF argument map (AIFdb JSON, or OVA's xAIF wrapper) into a new debate.

An AIF map is a graph; a debate here is a tree. The rules, in order:

- Every I-node that supports (RA) or attacks (CA) nothing is a root. When the map
  has a single root, that claim is the motion and the claims that support or
  attack it directly are the positions. When it has several roots, each root is a
  position under a motion named "Imported argument map" for a moderator to rename.
- Every other I-node becomes one argument under its first target (the first of
  its RA/CA links in the file's edge order), for or against it. Its other targets
  are listed in the report as cross-references ("also supports/attacks: …").
- Real maps hold mutual conflicts (two claims that attack each other) and other
  cycles with no root. Each cycle is broken where it is met, walking the claims in
  file order: the member first in the file becomes a root, and its link into the
  cycle becomes a cross-reference that the report names. The same file always
  gives the same tree.
- A map is refused before anything is read into the database when it has more
  than ``MAX_CLAIMS`` claims or ``MAX_NODES`` nodes: saving each argument with its
  history takes milliseconds, and a web request must end in a few seconds.
- L-nodes tied to an I-node by a YA node (the illocution, e.g. "Asserting") are
  evidence for that claim, spoken by the locution's participant; a locution that
  asserts a position makes its speaker a holder of the position.
- Dialogue structure (TA), rephrases (MA), preferences (PA) and other
  illocutionary links have no place here: the report counts what was left out.

The evidence needs a source to be anchored in, verbatim. Our own export carries
the source text and offsets (the ``debate_site`` extension) and they are
restored and checked. Otherwise the source is OVA's analysed text (xAIF's
``text``, HTML stripped) with each locution found in it, or, without one, the
locutions themselves one per paragraph, as a transcript.

Imports create drafts and a moderator publishes: the debate is always a draft, and
so are the sources and speakers it brings (they are listed site-wide). Inside the
draft debate, positions and arguments keep the state our own extension records
(a draft when it records none), so publishing a copy of this site's export shows
what the exported debate showed. A map that is already on the site (the same motion and the
same argument texts, see ``duplicates``) is refused with ``AlreadyOnSite`` unless
it is imported as a copy. Everything happens in one transaction: a file that
cannot be imported raises ``InterchangeError`` and changes nothing.
"""

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.dateparse import parse_date

from debate.arguments.models import Argument, Debate, Position, Stance
from debate.core.models import Status
from debate.sources.models import Evidence, EvidenceKind, Source, Speaker, normalise_newlines, unique_slug
from debate.sources.passages import find_in_folded, fold

from .aif import EXTENSION_KEY, EXTENSION_VERSION, NARRATOR
from .content import InterchangeError
from .duplicates import new_debate_slug

RELATION_TYPES = {"RA": Stance.FOR, "CA": Stance.AGAINST}
LEFT_OUT = {
    "TA": "dialogue transition (TA)",
    "MA": "rephrase (MA)",
    "PA": "preference (PA)",
}
MULTI_ROOT_MOTION = "Imported argument map"
MAX_CLAIMS = 1000  # I-nodes; about three seconds of saving on a quiet server
MAX_NODES = 5000  # every kind: a claim usually brings a relation, a locution and an illocution
TITLE_LENGTH = 300
SPEAKER_WORDS = 8


@dataclass
class ImportReport:
    """What the import did, and what of the map it could not represent."""

    notes: list = field(default_factory=list)
    cross_references: list = field(default_factory=list)
    created: dict = field(default_factory=dict)

    def count(self, model):
        self.created[model] = self.created.get(model, 0) + 1

    def lines(self):
        made = ", ".join(
            f"{n} {model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural}"
            for model, n in self.created.items()
        )
        return [f"Created: {made or 'nothing'}.", *self.cross_references, *self.notes]

    def __str__(self):
        return "\n".join(self.lines())


@dataclass
class _Node:
    id: str
    type: str
    text: str
    index: int


def _short(text, length=60):
    text = " ".join(text.split())
    return f"“{text if len(text) <= length else text[: length - 1] + '…'}”"


def _fit(text, length=TITLE_LENGTH):
    """``text`` cut to a title field's length (the full text goes where a summary can hold it)."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _identifier(value, what):
    # Real files use numbers and strings for ids alike; either is fine, anything else is not.
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        raise InterchangeError(f"{what} must be a string or a number, not {json.dumps(value)}.")
    return str(value)


def _list(container, key, *, required):
    value = container.get(key)
    if value is None:
        if required:
            raise InterchangeError(f"The file has no “{key}” list: is it an AIF argument map?")
        return []
    if not isinstance(value, list):
        raise InterchangeError(f"“{key}” must be a list, not {type(value).__name__}.")
    for index, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise InterchangeError(f"Item {index} of “{key}” is not an object.")
    return value


def _string(item, key, where, default=None):
    value = item.get(key)
    if value is None:
        if default is None:
            raise InterchangeError(f"{where} has no “{key}”.")
        value = default
    if not isinstance(value, str):
        raise InterchangeError(f"{where}: “{key}” must be a string, not {json.dumps(value)}.")
    return value


def _date(item, key, where):
    """An ISO date string, or None when the file gives none."""
    value = _string(item, key, where, default="")
    if not value:
        return None
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise InterchangeError(f"{where}: “{key}” must be a date like 2024-11-25, not {json.dumps(value)}.")
    return parsed


class _TextCollector(HTMLParser):
    """The plain text of OVA's analysed text, which arrives as HTML with a span per locution."""

    BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.BREAKS - {"br"}:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(markup):
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    text = normalise_newlines("".join(collector.parts))
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class _Map:
    """The validated graph of an AIF file."""

    def __init__(self, aif):
        if not isinstance(aif, dict):
            raise InterchangeError("An AIF map must be a JSON object with “nodes” and “edges”.")
        self.nodes = {}
        raw_nodes = _list(aif, "nodes", required=True)
        claims = sum(raw.get("type") == "I" for raw in raw_nodes)
        if claims > MAX_CLAIMS or len(raw_nodes) > MAX_NODES:
            raise InterchangeError(
                f"The map has {claims:,} claims and {len(raw_nodes):,} nodes; an import takes at most "
                f"{MAX_CLAIMS:,} claims and {MAX_NODES:,} nodes. Split the map into smaller ones."
            )
        for index, raw in enumerate(raw_nodes):
            node_id = _identifier(raw.get("nodeID"), f"The nodeID of node {index + 1}")
            kind = _string(raw, "type", f"Node {node_id}")
            text = raw.get("text")
            if kind in ("I", "L"):
                text = _string(raw, "text", f"Node {node_id}")
                if not text.strip():
                    raise InterchangeError(f"{kind}-node {node_id} has no text.")
            elif text is not None and not isinstance(text, str):
                raise InterchangeError(f"Node {node_id}: “text” must be a string, not {json.dumps(text)}.")
            if node_id in self.nodes:
                raise InterchangeError(f"Two nodes have the nodeID {node_id}.")
            self.nodes[node_id] = _Node(node_id, kind, normalise_newlines(text or ""), index)
        self.incoming, self.outgoing = {}, {}
        for index, raw in enumerate(_list(aif, "edges", required=True), 1):
            ends = []
            for key in ("fromID", "toID"):
                end = _identifier(raw.get(key), f"The {key} of edge {index}")
                if end not in self.nodes:
                    raise InterchangeError(f"Edge {index} points to node {end}, which the file does not define.")
                ends.append(end)
            if ends[0] == ends[1]:
                raise InterchangeError(f"Edge {index} links node {ends[0]} to itself.")
            self.outgoing.setdefault(ends[0], []).append((index, ends[1]))
            self.incoming.setdefault(ends[1], []).append((index, ends[0]))
        self.participants = {}
        for index, raw in enumerate(_list(aif, "participants", required=False), 1):
            participant = _identifier(raw.get("participantID"), f"The participantID of participant {index}")
            first = _string(raw, "firstname", f"Participant {participant}", default="")
            last = _string(raw, "surname", f"Participant {participant}", default="")
            self.participants[participant] = f"{first.strip()} {last.strip()}".strip()
        self.speaker_of = {}  # L-node → participant id
        for index, raw in enumerate(_list(aif, "locutions", required=False), 1):
            node_id = _identifier(raw.get("nodeID"), f"The nodeID of locution {index}")
            if node_id not in self.nodes:
                raise InterchangeError(f"Locution {index} names node {node_id}, which the file does not define.")
            if raw.get("personID") is not None:
                self.speaker_of[node_id] = _identifier(raw["personID"], f"The personID of locution {index}")

    def of_type(self, *kinds):
        return [node for node in self.nodes.values() if node.type in kinds]

    def sources_of(self, node_id, *kinds):
        return [
            (index, self.nodes[other])
            for index, other in self.incoming.get(node_id, ())
            if self.nodes[other].type in kinds
        ]

    def targets_of(self, node_id, *kinds):
        return [
            (index, self.nodes[other])
            for index, other in self.outgoing.get(node_id, ())
            if self.nodes[other].type in kinds
        ]


def load_document(data):
    """The parsed JSON of an upload, a file's bytes, a string, or an already parsed dict."""
    if isinstance(data, (bytes, bytearray)):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InterchangeError(f"The file is not UTF-8 text ({error.reason} at byte {error.start}).") from error
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise InterchangeError(
                f"The file is not JSON: {error.msg} at line {error.lineno}, column {error.colno}."
            ) from error
        except RecursionError as error:
            raise InterchangeError("The file nests its JSON too deeply to be an argument map.") from error
    if not isinstance(data, dict):
        raise InterchangeError("An AIF file must hold a JSON object with “nodes” and “edges”.")
    return data


def import_aif(data, *, copy=False):
    """A new draft debate built from an AIF map; its ``import_report`` says what could not be represented.

    A map already on the site raises ``AlreadyOnSite``; with ``copy`` it becomes a draft copy
    (slug plus ``-copy``, ``-copy-2``, …).
    """
    document = load_document(data)
    wrapper = document.get("AIF")
    analysed = None
    if wrapper is not None:  # OVA's xAIF: {"AIF": {...}, "OVA": {...}, "text": ...}
        analysed = document.get("text")
        if isinstance(analysed, dict):
            analysed = analysed.get("txt")
        if analysed is not None and not isinstance(analysed, str):
            raise InterchangeError("xAIF’s “text” must be a string (or an object with “txt”).")
    aif = wrapper if wrapper is not None else document
    extension = document.get(EXTENSION_KEY) or (aif.get(EXTENSION_KEY) if isinstance(aif, dict) else None)
    plan = _Plan(_Map(aif), _Extension(extension), html_to_text(analysed) if analysed else "")
    try:
        with transaction.atomic():
            copy_slug = new_debate_slug(plan.motion_text(), [claim.text for claim in plan.arguments], copy=copy)
            debate = plan.create(copy_slug)
    except ValidationError as error:
        raise InterchangeError("The map cannot be stored: " + "; ".join(error.messages)) from error
    except DatabaseError as error:
        raise InterchangeError(f"The map cannot be stored: {error}") from error
    debate.import_report = plan.report
    return debate


class _Extension:
    """Our own ``debate_site`` record of what AIF has no place for, checked for shape."""

    def __init__(self, raw):
        self.present = raw is not None
        raw = raw or {}
        if not isinstance(raw, dict):
            raise InterchangeError(f"“{EXTENSION_KEY}” must be an object.")
        if raw.get("version", EXTENSION_VERSION) != EXTENSION_VERSION:
            raise InterchangeError(
                f"“{EXTENSION_KEY}” has version {raw['version']!r}; this site reads version {EXTENSION_VERSION}."
            )
        debate = raw.get("debate") or {}
        if not isinstance(debate, dict):
            raise InterchangeError(f"“{EXTENSION_KEY}.debate” must be an object.")
        self.debate = debate
        self.positions = self._by(raw, "positions", "node")
        self.arguments = self._by(raw, "arguments", "node")
        self.speakers = self._by(raw, "speakers", "participant")
        self.sources = self._by(raw, "sources", "slug")
        self.evidence = self._by(raw, "evidence", "node")

    @staticmethod
    def _by(raw, key, id_key):
        return {
            _identifier(item.get(id_key), f"{EXTENSION_KEY}.{key}: {id_key}"): item
            for item in _list(raw, key, required=False)
        }

    def status(self, record):
        """The recorded publishing state; a draft for a moderator when there is none."""
        status = record.get("status") if record else None
        return status if status in Status.values else Status.DRAFT


class _Plan:
    def __init__(self, graph, extension, analysed_text):
        self.graph = graph
        self.extension = extension
        self.analysed_text = analysed_text
        self.report = ImportReport()
        self._read_relations()
        self._choose_parents()
        self._read_assertions()

    # -- reading the graph -------------------------------------------------

    def _read_relations(self):
        """``targets[claim]``: ``[(edge index, target I-node, stance)]`` in the file's edge order."""
        self.targets = {}
        for scheme in self.graph.of_type(*RELATION_TYPES):
            premises = self.graph.sources_of(scheme.id, "I")
            conclusions = self.graph.targets_of(scheme.id, "I")
            if not premises or not conclusions:
                self.report.notes.append(f"{scheme.type} node {scheme.id} does not link two claims and was left out.")
                continue
            if len(premises) > 1:
                self.report.notes.append(
                    f"{scheme.type} node {scheme.id} links {len(premises)} premises together; "
                    "each became a separate argument."
                )
            for index, premise in premises:
                for _, conclusion in conclusions:
                    self.targets.setdefault(premise.id, []).append((index, conclusion, RELATION_TYPES[scheme.type]))
        for targets in self.targets.values():
            targets.sort(key=lambda target: target[0])
        for kind, label in LEFT_OUT.items():
            found = len(self.graph.of_type(kind))
            if found:
                self.report.notes.append(f"{found} {label} node(s) have no place in a debate and were left out.")
        known = {"I", "L", "YA", *RELATION_TYPES, *LEFT_OUT}
        for node in self.graph.nodes.values():
            if node.type not in known:
                self.report.notes.append(f"Node {node.id} has the unknown type “{node.type}” and was left out.")

    def _choose_parents(self):
        claims = self.graph.of_type("I")
        if not claims:
            raise InterchangeError("The map has no I-nodes (claims): there is nothing to import.")
        self.parent = {claim.id: self.targets[claim.id][0] if claim.id in self.targets else None for claim in claims}
        self._break_cycles(claims)
        roots = [claim for claim in claims if self.parent[claim.id] is None]
        recorded = self.extension.debate.get("node")
        recorded = self.graph.nodes.get(_identifier(recorded, "The motion's node")) if recorded is not None else None
        if recorded is not None and recorded.type == "I" and self.parent[recorded.id] is None:
            self.motion = recorded
        elif len(roots) == 1:
            self.motion = roots[0]
        else:
            self.motion = None
            self.report.notes.append(
                f"The map has {len(roots)} root claims, so each became a position under the motion "
                f"“{MULTI_ROOT_MOTION}”: give the debate its real motion."
            )
        if self.motion is not None:
            self.positions = [claim for claim in claims if self._parent_id(claim) == self.motion.id]
            others = [root for root in roots if root is not self.motion]
            if others:
                self.positions += others
                self.report.notes.append(
                    f"{len(others)} other root claim(s) became positions: "
                    + ", ".join(_short(root.text) for root in others)
                )
        else:
            self.positions = roots
        self.position_ids = {position.id for position in self.positions}
        depth = {}
        for claim in claims:
            depth[claim.id] = self._depth(claim.id, depth)
        placed = {self.motion.id if self.motion else None, *self.position_ids}
        self.arguments = sorted(
            (claim for claim in claims if claim.id not in placed), key=lambda c: (depth[c.id], c.index)
        )
        for claim in claims:
            parent = self.parent[claim.id]
            others = [target for target in self.targets.get(claim.id, []) if target is not parent]
            if others:
                also = ", ".join(
                    f"{'supports' if stance == Stance.FOR else 'attacks'} {_short(target.text)}"
                    for _, target, stance in others
                )
                placed = f"is placed under {_short(parent[1].text)}" if parent else "is a root"
                self.report.cross_references.append(f"{_short(claim.text)} {placed}; it also {also}.")

    def _parent_id(self, claim):
        parent = self.parent[claim.id]
        return parent[1].id if parent else None

    def _depth(self, claim_id, known):
        chain = []
        while claim_id is not None and claim_id not in known:
            chain.append(claim_id)
            parent = self.parent[claim_id]
            claim_id = parent[1].id if parent else None
        base = known.get(claim_id, -1) if claim_id is not None else -1
        for offset, member in enumerate(reversed(chain), 1):
            known[member] = base + offset
        return known[chain[0]] if chain else known[claim_id]

    def _break_cycles(self, claims):
        """Make the claim first in the file of each rootless cycle a root; the report says so."""
        state = {}  # claim id → "walking" or "done"
        for claim in claims:
            path, current = [], claim.id
            while current is not None and state.get(current) != "done":
                if state.get(current) == "walking":
                    cycle = path[path.index(current) :]
                    root = min(cycle, key=lambda node: self.graph.nodes[node].index)
                    self.parent[root] = None
                    at = cycle.index(root)
                    loop = cycle[at:] + cycle[:at] + [root]
                    self.report.notes.append(
                        "The map has a cycle that never reaches a root claim: "
                        + " → ".join(_short(self.graph.nodes[node].text, 40) for node in loop)
                        + f". {_short(self.graph.nodes[root].text, 40)}, first in the file, became a root."
                    )
                    break
                state[current] = "walking"
                path.append(current)
                parent = self.parent[current]
                current = parent[1].id if parent else None
            for member in path:
                state[member] = "done"

    def _read_assertions(self):
        """``asserted[claim]``: the L-nodes tied to it by a YA node; ``locution_nodes``: those that are evidence."""
        self.asserted = {}
        ignored = 0
        for illocution in self.graph.of_type("YA"):
            locutions = self.graph.sources_of(illocution.id, "L")
            claims = self.graph.targets_of(illocution.id, "I")
            if not locutions or not claims:
                ignored += 1
                continue
            for _, locution in locutions:
                for _, claim in claims:
                    self.asserted.setdefault(claim.id, []).append(locution)
        # Only what an argument cites is evidence; a locution of a position names a holder.
        cited = {locution.id: locution for claim in self.arguments for locution in self.asserted.get(claim.id, [])}
        self.locution_nodes = sorted(cited.values(), key=lambda node: node.index)
        if ignored:
            self.report.notes.append(
                f"{ignored} illocutionary (YA) link(s) do not tie a locution to a claim and were left out."
            )

    # -- building the debate -------------------------------------------------

    def motion_text(self):
        return _fit(self.motion.text) if self.motion is not None else MULTI_ROOT_MOTION

    def create(self, slug=None):
        """Write the debate (under ``slug`` when given); the caller holds the transaction."""
        self.speakers = {}
        debate = self._create_debate(slug)
        evidence = self._create_evidence()
        positions = {}
        for order, claim in enumerate(self.positions):
            positions[claim.id] = self._create_position(debate, claim, order)
            for locution in self.asserted.get(claim.id, []):
                speaker = self._speaker_of(locution)
                if speaker is not None:
                    positions[claim.id].holders.add(speaker)
        if self.motion is not None and self.asserted.get(self.motion.id):
            self.report.notes.append("Locutions asserting the motion itself have no place here and were left out.")
        arguments = {}
        for claim in self.arguments:
            _, target, stance = self.parent[claim.id]
            parent = arguments.get(target.id)
            position = parent.position if parent else positions[target.id]
            arguments[claim.id] = argument = self._create_argument(claim, position, parent, stance, evidence)
            cited = [evidence[locution.id] for locution in self.asserted.get(claim.id, []) if locution.id in evidence]
            if cited:
                argument.evidence.add(*cited)
        return debate

    def _create_debate(self, slug):
        record = self.extension.debate
        summary = self.motion.text if self.motion is not None and len(self.motion.text) > TITLE_LENGTH else ""
        if slug is None:
            recorded = record.get("slug") if isinstance(record.get("slug"), str) else ""
            slug = unique_slug(Debate, recorded, max_length=100) if recorded else ""
        debate = Debate(
            motion=self.motion_text(),
            summary=record.get("summary") if isinstance(record.get("summary"), str) else summary,
            slug=slug,
            status=Status.DRAFT,  # a moderator publishes it, whatever the file says
        )
        debate.save()
        self.report.count(Debate)
        return debate

    def _create_position(self, debate, claim, order):
        record = self.extension.positions.get(claim.id, {})
        summary = record.get("summary") if isinstance(record.get("summary"), str) else ""
        if len(claim.text) > TITLE_LENGTH and not summary:
            summary = claim.text
        if self.motion is not None and self.parent[claim.id] and self.parent[claim.id][2] == Stance.AGAINST:
            summary = summary or "Against the motion."
            self.report.notes.append(
                f"The position {_short(claim.text)} attacks the motion; positions have no stance, "
                "so its summary says so."
            )
        position = Position(
            debate=debate,
            title=_fit(claim.text),
            summary=summary,
            slug=self._free_slug(Position, record.get("slug"), debate_id=debate.pk),
            order=record.get("order") if isinstance(record.get("order"), int) and record["order"] >= 0 else order,
            status=self.extension.status(record),
        )
        position.save()
        self.report.count(Position)
        holders = record.get("holders") or []
        if not isinstance(holders, list):
            raise InterchangeError(f"The holders of position node {claim.id} must be a list.")
        for participant in holders:
            speaker = self._speaker_for_participant(_identifier(participant, "A holder"))
            if speaker is not None:
                position.holders.add(speaker)
        return position

    def _create_argument(self, claim, position, parent, stance, evidence):
        record = self.extension.arguments.get(claim.id, {})
        if self.extension.present:
            participant = record.get("speaker")
            speaker = (
                self._speaker_for_participant(_identifier(participant, "An argument's speaker"))
                if (participant is not None)
                else None
            )
        else:
            # The one person who asserted the claim made the argument; several, or none, leave it open.
            people = {evidence[n.id].speaker for n in self.asserted.get(claim.id, []) if n.id in evidence}
            speaker = people.pop() if len(people) == 1 else None
        argument = Argument(
            position=position,
            parent=parent,
            stance=stance,
            text=claim.text,
            speaker=speaker,
            slug=self._free_slug(Argument, record.get("slug"), position_id=position.pk),
            status=self.extension.status(record),
        )
        argument.save()
        self.report.count(Argument)
        return argument

    @staticmethod
    def _free_slug(model, slug, **scope):
        """The recorded slug when it is free in its scope; empty (the model picks one) otherwise."""
        if isinstance(slug, str) and slug and not model._base_manager.filter(slug=slug, **scope).exists():
            return slug
        return ""

    # -- speakers ----------------------------------------------------------

    def _speaker_for_participant(self, participant):
        if participant in self.speakers:
            return self.speakers[participant]
        record = self.extension.speakers.get(participant)
        if record is not None:
            speaker = self._recorded_speaker(record)
        else:
            name = self.graph.participants.get(participant)
            speaker = self._speaker_named(name) if name and name != NARRATOR else None
        self.speakers[participant] = speaker
        return speaker

    def _recorded_speaker(self, record):
        name = _string(record, "name", "A recorded speaker")
        slug = record.get("slug") if isinstance(record.get("slug"), str) else ""
        existing = Speaker._base_manager.filter(slug=slug, name=name).first() if slug else None
        if existing is not None:
            return existing
        speaker = Speaker(
            name=_fit(name),
            slug=unique_slug(Speaker, slug, max_length=100) if slug else "",
            role=_fit(_string(record, "role", f"The speaker {_short(name)}", default="")),
            affiliation=_fit(_string(record, "affiliation", f"The speaker {_short(name)}", default="")),
            is_anonymous=bool(record.get("is_anonymous")),
            status=Status.DRAFT,  # new to this site: a moderator publishes it
        )
        speaker.save()
        self.report.count(Speaker)
        return speaker

    def _speaker_named(self, name):
        existing = Speaker._base_manager.filter(name=name).order_by("id").first()
        if existing is not None:
            self.report.notes.append(f"The participant {_short(name)} was linked to the existing speaker of that name.")
            return existing
        speaker = Speaker(name=_fit(name), status=Status.DRAFT)
        speaker.save()
        self.report.count(Speaker)
        return speaker

    def _speaker_of(self, locution):
        participant = self.graph.speaker_of.get(locution.id)
        if participant is not None:
            return self._speaker_for_participant(participant)
        name, _ = _split_locution(locution.text, None)
        if name and name != NARRATOR:
            key = f"name:{name}"
            if key not in self.speakers:
                self.speakers[key] = self._speaker_named(name)
            return self.speakers[key]
        return None

    # -- evidence ----------------------------------------------------------

    def _create_evidence(self):
        """Evidence for every locution tied to a claim, keyed by L-node id."""
        if not self.locution_nodes:
            return {}
        if self.extension.present and self.extension.evidence:
            evidence = self._recorded_evidence()
            unrecorded = [node for node in self.locution_nodes if node.id not in evidence]
            if unrecorded:
                self.report.notes.append(
                    f"{len(unrecorded)} locution(s) have no recorded offsets in {EXTENSION_KEY} and are not evidence."
                )
            return evidence
        anchors = self._anchor_locutions()
        if not anchors:
            return {}
        text, spans = anchors
        title = self.motion.text if self.motion is not None else MULTI_ROOT_MOTION
        source = Source(
            title=_fit(f"Analysed text: {title}"),
            text=text,
            status=Status.DRAFT,
        )
        source.save()
        self.report.count(Source)
        evidence = {}
        for node_id, (start, end) in spans.items():
            evidence[node_id] = self._evidence(
                source, start, end, self._speaker_of(self.graph.nodes[node_id]), EvidenceKind.QUOTE
            )
        return evidence

    def _anchor_locutions(self):
        """``(source text, {L-node: (start, end)})`` for the locutions that can be anchored."""
        spans = {}
        if self.analysed_text:
            text, cursor = self.analysed_text, 0
            folded = fold(text)
            for locution in self.locution_nodes:
                _, quote = _split_locution(locution.text, self._participant_name(locution))
                span = _find(folded, quote, cursor)
                if span is None:
                    self.report.notes.append(
                        f"The locution {_short(locution.text)} is not in the analysed text; it is not evidence."
                    )
                    continue
                spans[locution.id] = span
                cursor = span[1]
            return (text, spans) if spans else None
        # Without the analysed text, the locutions themselves are the source: a transcript.
        paragraphs, offset = [], 0
        for locution in self.locution_nodes:
            line = " ".join(locution.text.split())
            _, quote = _split_locution(line, self._participant_name(locution))
            start = offset + line.rindex(quote)
            spans[locution.id] = (start, start + len(quote))
            paragraphs.append(line)
            offset += len(line) + 2
        self.report.notes.append(
            "The file has no source text, so the locutions themselves became the source, one per paragraph."
        )
        return "\n\n".join(paragraphs), spans

    def _participant_name(self, locution):
        participant = self.graph.speaker_of.get(locution.id)
        return self.graph.participants.get(participant) if participant is not None else None

    def _recorded_evidence(self):
        sources = {}
        evidence = {}
        for node_id, record in self.extension.evidence.items():
            node = self.graph.nodes.get(node_id)
            if node is None or node.type != "L":
                raise InterchangeError(f"{EXTENSION_KEY}.evidence names node {node_id}, which is not an L-node.")
            slug = _string(record, "source", f"The evidence of node {node_id}")
            if slug not in sources:
                sources[slug] = self._recorded_source(slug)
            source = sources[slug]
            start, end = record.get("start"), record.get("end")
            if not isinstance(start, int) or not isinstance(end, int):
                raise InterchangeError(f"The evidence of node {node_id} needs whole-number offsets.")
            participant = record.get("speaker")
            speaker = (
                self._speaker_for_participant(_identifier(participant, "An evidence speaker"))
                if participant is not None
                else None
            )
            recorded_name = (
                self.extension.speakers.get(str(participant), {}).get("name") if participant is not None else None
            )
            _, quote = _split_locution(node.text, recorded_name or NARRATOR)
            kind = record.get("kind") if record.get("kind") in EvidenceKind.values else EvidenceKind.QUOTE
            evidence[node_id] = self._evidence(source, start, end, speaker, kind, quote=quote)
        return evidence

    def _recorded_source(self, slug):
        record = self.extension.sources.get(slug)
        if record is None:
            raise InterchangeError(f"{EXTENSION_KEY}.sources has no source “{slug}”.")
        text = normalise_newlines(_string(record, "text", f"The source “{slug}”"))
        existing = Source._base_manager.filter(slug=slug, text=text).first()
        if existing is not None:
            return existing
        source = Source(
            slug=unique_slug(Source, slug, max_length=100),
            title=_fit(_string(record, "title", f"The source “{slug}”")),
            publication=_fit(_string(record, "publication", f"The source “{slug}”", default=""), 200),
            byline=_fit(_string(record, "byline", f"The source “{slug}”", default=""), 200),
            published_on=_date(record, "published_on", f"The source “{slug}”"),
            url=_string(record, "url", f"The source “{slug}”", default=""),
            text=text,
            status=Status.DRAFT,  # new to this site: a moderator publishes it
        )
        source.save()
        self.report.count(Source)
        return source

    def _evidence(self, source, start, end, speaker, kind, quote=None):
        quote = source.text[start:end] if quote is None else quote
        existing = Evidence._base_manager.filter(source=source, start=start, end=end).first()
        if existing is not None and existing.quote == quote:
            return existing
        evidence = Evidence(source=source, start=start, end=end, quote=quote, speaker=speaker, kind=kind)
        evidence.save()  # the model refuses a quote that is not the source's text at its offsets
        self.report.count(Evidence)
        return evidence


def _split_locution(text, speaker_name):
    """``(speaker name, quote)`` of an L-node's "Speaker: words" text."""
    if speaker_name and text.startswith(f"{speaker_name}: "):
        return speaker_name, text[len(speaker_name) + 2 :]
    name, separator, rest = text.partition(": ")
    # A name is a few words; a longer opening is a quotation that happens to hold a colon.
    if separator and rest.strip() and 0 < len(name.split()) <= SPEAKER_WORDS:
        return name.strip(), rest
    return None, text


def _find(folded, quote, cursor):
    """Where ``quote`` is in the ``fold``-ed analysed text, after ``cursor`` by preference; quote marks,
    dashes and spacing may differ (the site's one passage finder)."""
    spans = find_in_folded(folded, quote)
    return next((span for span in spans if span[0] >= cursor), spans[0] if spans else None)
