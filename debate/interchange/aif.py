"""A debate as an AIF argument map, in the JSON form AIFdb and OVA use.

Mapping: the motion, each position and each argument are I-nodes. A position is
linked to the motion by an RA node (position → RA → motion); an argument to its
parent by an RA node when it is for the parent and a CA node when it is against
(argument → RA/CA → parent). Each cited excerpt is a locution, an L-node reading
"Speaker: quote", tied to the claim by a YA node ("Asserting": L → YA → I), with
a row in ``locutions`` naming its speaker's participant.

Ids are numbers counted in a fixed walk (positions in page order, each thread in
pre-order, siblings by id), so the same content always exports to the same ids.
What AIF has no place for (slugs, summaries, publishing state, the source text
and the evidence offsets) travels in an extra top-level key, ``debate_site``,
which AIF tools ignore and ``import_aif`` uses to rebuild the debate exactly.
"""

from itertools import count

from debate.arguments.models import Stance

from .content import debate_content

AIF_TIME = "%Y-%m-%d %H:%M:%S"
EXTENSION_KEY = "debate_site"
EXTENSION_VERSION = 1
NARRATOR = "Narrator"  # the participant for a reporter's own narration, which has no speaker

SCHEME_TEXT = {"RA": "Default Inference", "CA": "Default Conflict", "YA": "Asserting"}


def aif_time(moment):
    return moment.strftime(AIF_TIME)


def participant_names(speaker):
    """AIF's first name and surname for ``speaker``: an anonymous description stays whole."""
    if speaker is None:
        return NARRATOR, ""
    if speaker.is_anonymous or " " not in speaker.name.strip():
        return speaker.name, ""
    firstname, surname = speaker.name.strip().rsplit(" ", 1)
    return firstname, surname


class _MapBuilder:
    def __init__(self):
        self.nodes, self.edges, self.locutions, self.participants = [], [], [], []
        self._node_ids, self._edge_ids, self._participant_ids = count(1), count(1), count(1)
        self._participant_of = {}
        self.speakers = []  # the extension's record of each speaker, by participant

    def node(self, kind, text, moment):
        node_id = str(next(self._node_ids))
        self.nodes.append({"nodeID": node_id, "text": text, "type": kind, "timestamp": aif_time(moment)})
        return node_id

    def edge(self, from_id, to_id):
        self.edges.append({"edgeID": str(next(self._edge_ids)), "fromID": from_id, "toID": to_id, "formEdgeID": None})

    def link(self, from_id, kind, to_id, moment):
        """``from_id`` → scheme node → ``to_id``: the shape of every AIF relation."""
        scheme = self.node(kind, SCHEME_TEXT[kind], moment)
        self.edge(from_id, scheme)
        self.edge(scheme, to_id)

    def participant(self, speaker):
        key = speaker.slug if speaker is not None else None
        if key not in self._participant_of:
            participant_id = str(next(self._participant_ids))
            firstname, surname = participant_names(speaker)
            self.participants.append({"participantID": participant_id, "firstname": firstname, "surname": surname})
            self._participant_of[key] = participant_id
            if speaker is not None:
                self.speakers.append(
                    {
                        "participant": participant_id,
                        "slug": speaker.slug,
                        "name": speaker.name,
                        "role": speaker.role,
                        "affiliation": speaker.affiliation,
                        "is_anonymous": speaker.is_anonymous,
                        "status": speaker.status,
                    }
                )
        return self._participant_of[key]


def export_aif(debate, *, include_unpublished=False):
    """``debate`` as an AIFdb-style JSON document (a dict), with the ``debate_site`` extension."""
    content = debate_content(debate, include_unpublished=include_unpublished)
    build = _MapBuilder()
    extension = {"version": EXTENSION_VERSION, "positions": [], "arguments": [], "sources": [], "evidence": []}
    motion = build.node("I", debate.motion, debate.created_at)
    extension["debate"] = {"node": motion, "slug": debate.slug, "summary": debate.summary, "status": debate.status}
    locution_of = {}  # evidence pk → its L-node
    sources = {}
    for position_content in content.positions:
        position = position_content.position
        position_node = build.node("I", position.title, position.created_at)
        build.link(position_node, "RA", motion, position.created_at)
        extension["positions"].append(
            {
                "node": position_node,
                "slug": position.slug,
                "summary": position.summary,
                "status": position.status,
                "order": position.order,
                "holders": [build.participant(speaker) for speaker in position_content.holders],
            }
        )
        node_of = {}
        for entry in position_content.entries:
            argument = entry.argument
            claim = node_of[argument.pk] = build.node("I", argument.text, argument.created_at)
            kind = "RA" if argument.stance == Stance.FOR else "CA"
            build.link(claim, kind, node_of.get(argument.parent_id, position_node), argument.created_at)
            extension["arguments"].append(
                {
                    "node": claim,
                    "slug": argument.slug,
                    "status": argument.status,
                    "side": argument.position_stance,
                    "speaker": build.participant(argument.speaker) if argument.speaker is not None else None,
                }
            )
            for evidence in entry.evidence:
                if evidence.pk not in locution_of:
                    locution_of[evidence.pk] = _locution(build, evidence, extension, sources)
                build.link(locution_of[evidence.pk], "YA", claim, evidence.created_at)
    return {
        "nodes": build.nodes,
        "edges": build.edges,
        "locutions": build.locutions,
        "participants": build.participants,
        EXTENSION_KEY: {**extension, "speakers": build.speakers},
    }


def _locution(build, evidence, extension, sources):
    """The L-node for ``evidence``, its locution row, and its offsets in the extension."""
    speaker_name = evidence.speaker.name if evidence.speaker is not None else NARRATOR
    node = build.node("L", f"{speaker_name}: {evidence.quote}", evidence.created_at)
    participant = build.participant(evidence.speaker)
    source = evidence.source
    build.locutions.append(
        {
            "nodeID": node,
            "personID": participant,
            "timestamp": aif_time(evidence.created_at),
            "start": None,
            "end": None,
            "source": source.url or None,
        }
    )
    if source.pk not in sources:
        sources[source.pk] = source
        extension["sources"].append(
            {
                "slug": source.slug,
                "title": source.title,
                "publication": source.publication,
                "byline": source.byline,
                "published_on": source.published_on.isoformat() if source.published_on else None,
                "url": source.url,
                "status": source.status,
                "text": source.text,
            }
        )
    extension["evidence"].append(
        {
            "node": node,
            "source": source.slug,
            "start": evidence.start,
            "end": evidence.end,
            "kind": evidence.kind,
            "speaker": participant if evidence.speaker is not None else None,
        }
    )
    return node
