"""Who is speaking: parsing speaker noun phrases and resolving them to people.

Reporters introduce a speaker once ("Carolyn Gallaher, a professor at
American University") and then refer back with a surname, a title, a role
noun ("the former Marine officer") or a pronoun.  `parse_subject` and
`parse_inverted` turn the words next to a speech verb into a `SpeakerRef`;
`Registry` links those references to `Entity` objects in reading order, so a
later "he says" or "Gallaher tells me" lands on the person introduced earlier.
"""

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field

from .lexicon import (
    ABBREVIATIONS,
    CLAUSE_OPENERS,
    DETERMINERS,
    FINITE_AUXILIARIES,
    FIRST_PERSON,
    GROUP_NOUNS,
    NAME_CONNECTORS,
    NAME_PARTICLES,
    ORG_NOUNS,
    ORG_WORDS,
    PREPOSITIONS,
    PRONOUNS,
    REFERENCE_NOUNS,
    RELATIVE_PRONOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    SUBORDINATORS,
    TITLE_GENDER,
    TITLE_NOUNS,
    TITLE_WORDS,
)

_TOKEN = re.compile(r"[^\s,;:()\[\]{}“”\"]+")
_EDGE_PUNCT = "‘’'!?.…"
_SEPARATOR = re.compile(r"\s*(?:,|;|—|–|-{2,}|\([^)]*\))\s*")
_PARTY_TAG = re.compile(r"^[RDI]-[A-Z][A-Za-z.]*$")  # "R-Ky." in "Sen. Rand Paul, R-Ky., said"
_POSSESSIVE = ("’s", "'s", "s’", "s'")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_capitalised(self) -> bool:
        first = next((ch for ch in self.text if ch.isalpha()), "")
        return first.isupper()

    @property
    def is_possessive(self) -> bool:
        return self.text.endswith(_POSSESSIVE) and len(self.text) > 2

    @property
    def bare(self) -> str:
        """The word without a possessive ending ("Lebanon’s" -> "Lebanon")."""
        for ending in ("’s", "'s"):
            if self.text.endswith(ending):
                return self.text[: -len(ending)]
        return self.text.rstrip("’'")


def tokenize(text: str, start: int, end: int) -> list[Token]:
    """Words between start and end, edge punctuation removed, offsets kept."""
    return list(_tokens(text, start, end))


def first_token(text: str, start: int, end: int) -> Token | None:
    """The first word between start and end, without reading the rest of the stretch."""
    return next(_tokens(text, start, end), None)


def _tokens(text: str, start: int, end: int):
    for match in _TOKEN.finditer(text, start, end):
        s, e = match.span()
        while s < e and text[s] in _EDGE_PUNCT:
            s += 1
        while e > s and text[e - 1] in _EDGE_PUNCT:
            if text[e - 1] == "." and _keeps_period(text[s:e]):
                break
            if text[e - 1] in "’'" and text[e - 2 : e] in ("s’", "s'"):
                break  # plural possessive, "Villalobos’"
            e -= 1
        if s < e:
            yield Token(text[s:e], s, e)


def _keeps_period(word: str) -> bool:
    core = word[:-1]
    return (len(core) == 1 and core.isupper()) or "." in core or core.lower() in ABBREVIATIONS or word in TITLE_WORDS


@dataclass(frozen=True)
class SpeakerRef:
    """A noun phrase that names, describes or points to a speaker."""

    kind: str  # "name", "pronoun", "description" or "organisation"
    text: str  # the name without titles, the description, or the pronoun
    start: int
    end: int
    role_span: tuple[int, int] | None = None  # words giving the speaker's role
    title: str = ""
    gender: str | None = None
    definite: bool = False  # "the official", "official": refers back if it can


@dataclass(frozen=True)
class Document:
    """What the parser needs to know about the whole article.

    `lower_words` tells a capitalised common noun ("Officials said", at the
    start of a sentence) from a surname: the noun also turns up in lower case.
    """

    lower_words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> "Document":
        return cls(frozenset(re.findall(r"(?<![\w’'])[a-z][a-z’'-]+", text)))


def segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a region at commas, dashes and parentheses (appositive boundaries)."""
    pieces, cursor = [], start
    for match in _SEPARATOR.finditer(text, start, end):
        pieces.append((cursor, match.start()))
        cursor = match.end()
    pieces.append((cursor, end))
    return pieces


def _strip_openers(tokens: list[Token]) -> list[Token]:
    while tokens and tokens[0].lower in CLAUSE_OPENERS:
        tokens = tokens[1:]
    return tokens


def _span_text(text: str, tokens: list[Token]) -> str:
    return text[tokens[0].start : tokens[-1].end] if tokens else ""


def _name_split(tokens: list[Token]) -> int | None:
    """Index where the trailing run of capitalised name words starts, if any."""
    if not tokens or tokens[-1].is_possessive or not tokens[-1].is_capitalised:
        return None
    i = len(tokens)
    while i > 0:
        t = tokens[i - 1]
        if i < len(tokens) and (_is_title(t) or t.is_possessive):
            break  # a title ends the name, unless it is the surname itself ("Martin Luther King")
        if t.is_capitalised:
            i -= 1
        elif t.lower in NAME_PARTICLES and i - 1 > 0 and tokens[i - 2].is_capitalised:
            i -= 1
        else:
            break
    while i < len(tokens) and not tokens[i].is_capitalised:
        i += 1
    return i if i < len(tokens) else None


def _is_title(token: Token) -> bool:
    """ "Sen.", "President", and capitalised role nouns ("Economist Lena Hart")."""
    return token.text in TITLE_WORDS or (token.is_capitalised and token.lower in ROLE_NOUNS)


def _is_organisation(tokens: list[Token]) -> bool:
    body = tokens[1:] if tokens[0].lower == "the" else tokens
    if not body or not all(t.is_capitalised or t.lower in NAME_CONNECTORS for t in body):
        return False
    if body[-1].bare in ORG_WORDS:
        return True
    if body[0].text in ORG_WORDS and len(body) > 1 and body[1].lower == "of":
        return True  # "Department of Homeland Security"
    if any(t.text in TITLE_WORDS for t in body[:-1]):
        return False  # "the Rev. Al Sharpton"
    return tokens[0].lower == "the"  # "the Pentagon", "The Associated Press"


def _core(tokens: list[Token]) -> list[Token]:
    """A description without its relative clause ("a former officer who ...")."""
    for i, t in enumerate(tokens):
        if i > 0 and t.lower in RELATIVE_PRONOUNS:
            return tokens[:i]
    return tokens


def classify(text: str, start: int, end: int, doc: Document) -> SpeakerRef | None:
    """Read one appositive segment as a name, pronoun, organisation or description."""
    tokens = _strip_openers(tokenize(text, start, end))
    if not tokens or len(tokens) > 22:
        return None
    first = tokens[0].lower
    if len(tokens) == 1 and first in PRONOUNS:
        return SpeakerRef("pronoun", tokens[0].text, tokens[0].start, tokens[0].end, gender=PRONOUNS[first])
    if len(tokens) == 1 and first in FIRST_PERSON:
        return SpeakerRef("pronoun", tokens[0].text, tokens[0].start, tokens[0].end)
    if first in PREPOSITIONS or first in SUBORDINATORS or first in RELATIVE_PRONOUNS:
        return None
    if _is_tag(tokens):
        return None
    s, e = tokens[0].start, tokens[-1].end
    if _is_organisation(tokens):
        return SpeakerRef("organisation", text[s:e], s, e)
    named = _without_place(tokens)
    proper = all(t.is_capitalised or t.lower in NAME_CONNECTORS for t in named)
    split = _name_split(named)
    if split is not None:
        if (first not in DETERMINERS or proper) and not named[0].is_possessive:
            is_name = _plausible_name(named, split, doc)
        else:  # "his cousin Yensy Fuentes", not "a former Green Beret"
            is_name = split > 0 and named[split - 1].lower in ROLE_NOUNS and first not in ("a", "an", "one")
        if is_name:
            before, name = named[:split], named[split:]
            role_span = (before[0].start, before[-1].end) if before else None
            gender = next((TITLE_GENDER[t.lower] for t in reversed(before) if t.lower in TITLE_GENDER), None)
            name_text = text[name[0].start : name[-1].end]
            return SpeakerRef("name", name_text, s, e, role_span, _span_text(text, before), gender)
    return _description(text, tokens)


def _is_tag(tokens: list[Token]) -> bool:
    """An age ("Tigre, 21, said") or party tag ("Paul, R-Ky., said"), not a speaker."""
    return all(t.text.isdigit() for t in tokens) or (len(tokens) == 1 and bool(_PARTY_TAG.match(tokens[0].text)))


def _without_place(tokens: list[Token]) -> list[Token]:
    """Drop a trailing "of New Hampshire" from "Sen. Kelly Ayotte of New Hampshire"."""
    for i in range(2, len(tokens) - 1):
        if tokens[i].lower in ("of", "from") and all(t.is_capitalised for t in tokens[i + 1 :]):
            name_end = tokens[i - 1]
            if name_end.is_capitalised and name_end.text not in TITLE_WORDS and tokens[i - 2].is_capitalised:
                return tokens[:i]
    return tokens


def _plausible_name(tokens: list[Token], split: int, doc: Document) -> bool:
    """Reject runs that are objects or common nouns rather than a person's name."""
    before = tokens[:split]
    if before and (before[-1].lower in PREPOSITIONS or before[-1].lower in ("the", "a", "an")):
        return False  # an object: "representative to the United Nations"
    if before and (before[-1].lower in CLAUSE_OPENERS or before[-1].lower in NAME_CONNECTORS):
        return False  # a coordination: "Clear and Present Danger"
    if any(t.lower in FINITE_AUXILIARIES for t in before):
        return False
    run = tokens[split:]
    if len(run) == 1 and (_is_title(run[0]) or run[0].lower in GROUP_NOUNS):
        return False  # "the Mayor", "Officials said"
    if len(run) == 1 and not before and run[0].lower in doc.lower_words:
        return False  # "Critics said": the word also appears in lower case
    return True


def _description(text: str, tokens: list[Token]) -> SpeakerRef | None:
    core = _core(tokens)
    if any(t.lower in FINITE_AUXILIARIES for t in core):
        return None
    if core[-1].lower in DETERMINERS or core[-1].lower in PREPOSITIONS or core[-1].lower in PRONOUNS:
        return None  # "repeating his": a phrase cut short, not a noun phrase
    head = core[-1].lower
    if not any(t.text[0].islower() or t.is_possessive for t in core) and head not in GROUP_NOUNS | ROLE_NOUNS:
        return None  # an all-capitalised phrase that is neither a name nor "Officials"
    s, e = tokens[0].start, tokens[-1].end
    first = tokens[0].lower
    definite = first == "the" or (first not in DETERMINERS and not tokens[0].is_possessive)
    kind = "organisation" if definite and head in ORG_NOUNS else "description"
    return SpeakerRef(kind, text[s:e], s, e, definite=definite)


def is_appositive(ref: SpeakerRef | None) -> bool:
    return ref is not None and (ref.kind == "description" or _is_epithet(ref))


def _is_epithet(ref: SpeakerRef) -> bool:
    """ "the Virginia Democrat": capitalised like an organisation, but no organisation word heads it."""
    words = ref.text.split()
    return ref.kind == "organisation" and words[0].lower() == "the" and len(words) > 1 and words[-1] not in ORG_WORDS


def _is_definite(ref: SpeakerRef) -> bool:
    return ref.definite or _is_epithet(ref)


def _pair(name: SpeakerRef, desc: SpeakerRef) -> SpeakerRef:
    """A name with its appositive, which gives the role."""
    start, end = min(name.start, desc.start), max(name.end, desc.end)
    return SpeakerRef("name", name.text, start, end, (desc.start, desc.end), name.title, name.gender)


def parse_subject(text: str, start: int, end: int, doc: Document, closed: bool = False) -> SpeakerRef | None:
    """The subject that ends right before a speech verb.

    Appositives on either side of a name are folded in ("the U.N.’s rights
    chief, Volker Turk," / "Carolyn Gallaher, a professor at ...,") and
    anything earlier in the sentence is ignored ("Speaking at the Council,").
    `closed` means a comma stands before the verb: then the subject must
    carry an appositive ("Smith, 45, said"); a lone phrase before the comma
    ("Not the same, said X") is the start of an inversion instead.
    """
    pieces = [p for p in segments(text, start, end) if text[p[0] : p[1]].strip()]
    if closed and len(pieces) < 2:
        return None
    if closed:
        pieces = [p for p in pieces if not _starts_relative(text, p)]  # "the official, who asked ...,"
    if not pieces:
        return None
    head = tokenize(text, *pieces[-1])
    if len(head) > 1 and head[0].lower in RELATIVE_PRONOUNS:
        pieces[-1] = (head[1].start, pieces[-1][1])  # "..., which President Biden said"
    pieces = [p for p in pieces if not _is_tag(tokenize(text, *p))]
    if not pieces:
        return None
    last = classify(text, *pieces[-1], doc)
    if last is None:
        return None
    if len(pieces) >= 2:
        prev = classify(text, *pieces[-2], doc)
        if prev is not None and prev.kind == "name" and is_appositive(last) and (closed or not _is_definite(last)):
            return _pair(prev, last)
        if is_appositive(prev) and last.kind == "name":
            return _pair(last, prev)
    return last


def _starts_relative(text: str, piece: tuple[int, int]) -> bool:
    tokens = tokenize(text, *piece)
    return bool(tokens) and tokens[0].lower in RELATIVE_PRONOUNS


def parse_inverted(text: str, start: int, end: int, doc: Document) -> SpeakerRef | None:
    """The speaker that follows its verb ('"...," said Sen. John McCain (R-Ariz.), who ...')."""
    pieces = [p for p in segments(text, start, end) if text[p[0] : p[1]].strip()]
    if not pieces:
        return None
    head = _leading_name(text, *pieces[0], doc) or classify(text, *pieces[0], doc)
    if head is not None and head.kind == "name" and len(pieces) >= 2:
        appositive = classify(text, *pieces[1], doc)
        if is_appositive(appositive):
            return _pair(head, appositive)
    return head


def _leading_name(text: str, start: int, end: int, doc: Document) -> SpeakerRef | None:
    """A name followed by an adverbial: 'said CEO James Hagedorn on a call in 2017'."""
    tokens = tokenize(text, start, end)
    for i, t in enumerate(tokens):
        if i and (t.lower in PREPOSITIONS or t.lower in SUBORDINATORS) and t.text.islower():
            ref = classify(text, start, tokens[i - 1].end, doc)
            return ref if ref is not None and ref.kind == "name" else None
    return None


def role_and_affiliation(ref: SpeakerRef, text: str, is_person) -> tuple[str, str]:
    """Split a role phrase into (role, organisation).

    "executive vice president of the Brookings Institution" gives the
    Institution as affiliation, "Lebanon’s top diplomat" gives Lebanon; a
    possessor or object that is itself a person ("Trump’s nominee", "a
    cousin of Villalobos") stays inside the role.
    """
    if ref.role_span is None:
        return "", ""
    tokens = _core(tokenize(text, *ref.role_span))
    if tokens and tokens[0].lower in ("a", "an", "the"):
        tokens = tokens[1:]
    if not tokens:
        return "", ""
    if tokens[0].is_possessive and tokens[0].is_capitalised and len(tokens) > 1:
        owner = tokens[0].bare
        if not is_person(owner):
            return _span_text(text, tokens[1:]), owner
    for i, t in enumerate(tokens[:-1]):
        if t.lower in ("at", "of", "with", "for", "from") and i > 0 and tokens[0].lower not in DETERMINERS:
            rest = tokens[i + 1 :]
            if rest and rest[0].lower == "the":
                rest = rest[1:]
            if _names_organisation(rest) and not is_person(_span_text(text, rest)):
                return _span_text(text, tokens[:i]), _span_text(text, rest)
    return _span_text(text, tokens), ""


def _names_organisation(tokens: list[Token]) -> bool:
    """A proper name such as "Brookings Institution", not "Silicon Valley's chief executives"."""
    return (
        bool(tokens)
        and tokens[0].is_capitalised
        and all(t.is_capitalised or t.lower in NAME_CONNECTORS for t in tokens)
    )


def _preceding_appositive(text: str, name_start: int, doc: Document) -> SpeakerRef | None:
    """A description set off by a comma right before a name, starting its clause."""
    if not text.endswith(", ", 0, name_start):
        return None
    end = name_start - 2
    start = end
    while start > 0 and text[start - 1] not in ',;:.—\n“”"':
        start -= 1
    if start > 0 and text[start - 1] not in ".\n":
        return None
    ref = classify(text, start, end, doc)
    words = {t.lower for t in tokenize(text, start, end)}
    if is_appositive(ref) and not words & SPEECH_VERBS:
        return ref
    return None


def _article_before(text: str, start: int) -> bool:
    word = re.search(r"(?:^|\s)(\w+)\s$", text[max(0, start - 8) : start])
    return word is not None and word.group(1).lower() in ("a", "an", "the")


def scan_names(text: str, paragraphs, bounds_of, doc: Document) -> list[SpeakerRef]:
    """Names mentioned outside quotations, with the role of an appositive that follows.

    These are not speakers yet, but they let "Tigre said" pick the right Tigre
    and give a later "Gallaher tells me" the full name and role.
    """
    refs = []
    for para in paragraphs:
        bounds = bounds_of[para.index]
        tokens = [t for t in tokenize(text, para.start, para.end) if not bounds.contains(t.start)]
        group: list[Token] = []
        for token in tokens + [None]:
            joined = (
                token is not None
                and group
                and text[group[-1].end : token.start] == " "
                and not group[-1].is_possessive
                and (token.is_capitalised or token.lower in NAME_CONNECTORS)
            )
            if joined:
                group.append(token)
                continue
            ref = _name_group(text, group, doc)
            if ref is not None:
                refs.append(ref)
            group = [token] if token is not None and token.is_capitalised and not token.is_possessive else []
    return refs


def _name_group(text: str, group: list[Token], doc: Document) -> SpeakerRef | None:
    while group and not group[-1].is_capitalised:
        group = group[:-1]
    if len(group) < 2:
        return None
    end = group[-1].start + len(group[-1].bare)  # "Harrison Ford’s" names Harrison Ford
    ref = classify(text, group[0].start, end, doc)
    if ref is not None and ref.kind == "organisation":
        return ref  # lets a later "the ministry said" find "the Foreign Ministry"
    if ref is None or ref.kind != "name" or " " not in ref.text:
        return None
    if not ref.title and _article_before(text, group[0].start):
        return None  # "the Virginia Democrat", "a Texas Republican": an epithet, not a name
    after = group[-1].end
    before = _preceding_appositive(text, group[0].start, doc)
    if before is not None and text.startswith(",", after):
        return _pair(ref, before)  # "The mayor, Jane Ortiz, spoke"
    if text.startswith(", ", after):
        end = after + 2
        while end < len(text) and text[end] not in ",;.—\n(":
            end += 1
        if end < len(text) and text[end] in ",.":
            appositive = classify(text, after + 2, end, doc)
            if is_appositive(appositive):
                return _pair(ref, appositive)
    return ref


def normalised_name(name: str) -> str:
    """A name as compared with the speakers on the site: no accents, case, punctuation or leading titles
    ("Supervisor Elena Ruíz" and "elena ruiz" are the same)."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    words = plain.split()
    titles = {word.lower().rstrip(".") for word in TITLE_WORDS}
    while len(words) > 2 and words[0].lower().rstrip(".") in titles:
        words = words[1:]
    return " ".join(re.sub(r"[^\w\s-]", " ", " ".join(words)).casefold().split())


def same_role(a: str, b: str) -> bool:
    """ "county supervisor" and "Supervisor": one role's words include the other's."""
    words_a, words_b = (set(normalised_name(role).split()) - DETERMINERS - PREPOSITIONS for role in (a, b))
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


# ---------------------------------------------------------------- coreference


@dataclass
class Entity:
    kind: str  # "person", "anonymous" or "organisation"
    label: str  # full name as first introduced, description, or organisation
    first: str = ""
    surname: str = ""
    role: str = ""
    affiliation: str = ""
    title: str = ""
    gender: str | None = None
    keywords: frozenset[str] = frozenset()
    plural: bool = False
    ties: frozenset[str] = frozenset()  # other words the article ties to them: "CNN" for someone who "told CNN"
    preview: bool = False  # a headline's bare "official", whom the text introduces properly later

    @property
    def has_full_name(self) -> bool:
        return bool(self.first)


@dataclass
class Mention:
    position: int
    entity: Entity
    speaker: bool  # subject of a speech verb, as opposed to a passing mention


def _keywords(*phrases: str) -> frozenset[str]:
    """Content words of role phrases, with titles spelt out ("Sen." also gives "senator")."""
    words = set()
    for phrase in phrases:
        for word in re.findall(r"[\w.’'-]+", phrase.lower()):
            bare = word.rstrip(".")
            if bare in DETERMINERS or bare in PREPOSITIONS:
                continue
            words.add(bare)
            if word in TITLE_NOUNS:
                words.add(TITLE_NOUNS[word])
    return frozenset(words)


# How many of the most recently mentioned entities a pronoun, a role noun or a
# description looks back over. Articles name a few dozen people; the bound keeps
# a pasted book linear instead of comparing every mention with every entity.
RECENT_ENTITIES = 200


@dataclass
class Registry:
    """Entities met so far, with every mention in reading order.

    Mentions must be added in text order (their positions never decrease),
    which keeps "most recent" lookups and position ranges cheap. Names are
    looked up in indexes (full name, surname, first name, and surname with one
    letter left out for typos), so resolving a name does not walk every entity.
    """

    text: str
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    _positions: list[int] = field(default_factory=list)
    _last_mention: dict[int, int] = field(default_factory=dict)  # id(entity) -> index into mentions
    _last_spoke: dict[int, int] = field(default_factory=dict)
    _by_mention: dict[int, Entity] = field(default_factory=dict)  # least recently mentioned first
    _by_speech: dict[int, Entity] = field(default_factory=dict)  # least recent speaker first
    _index: dict[tuple[str, str], list[Entity]] = field(default_factory=dict)

    def speaker_mentions(self, start: int, end: int) -> list[Mention]:
        """Mentions as speaker between two offsets, in reading order."""
        lo, hi = bisect_left(self._positions, start), bisect_left(self._positions, end)
        return [m for m in self.mentions[lo:hi] if m.speaker]

    def is_person(self, name: str) -> bool:
        key = name.lower()
        return any(
            e.kind == "person" and (e.label.lower() == key or e.surname.lower() == key)
            for e in self._indexed("label", key) + self._indexed("surname", key)
        )

    def resolve(self, ref: SpeakerRef, speaker: bool, audience: str = "") -> Entity | None:
        entity = {
            "name": self._person,
            "pronoun": self._pronoun,
            "organisation": self._organisation,
            "description": self._description,
        }[ref.kind](ref)
        if entity is not None:
            if audience and entity.kind != "organisation":
                entity.ties |= _keywords(audience)
            index = len(self.mentions)
            self.mentions.append(Mention(ref.start, entity, speaker))
            self._positions.append(ref.start)
            self._last_mention[id(entity)] = index
            _move_to_end(self._by_mention, entity)
            if speaker:
                self._last_spoke[id(entity)] = index
                _move_to_end(self._by_speech, entity)
        return entity

    def _add(self, entity: Entity) -> Entity:
        self.entities.append(entity)
        self._index_names(entity)
        return entity

    def _index_names(self, entity: Entity) -> None:
        """Index what names the entity; stale keys stay, since every lookup checks its candidates."""
        keys = [("label", entity.label.lower())]
        if entity.kind == "organisation":
            keys.append(("organisation", _without_article(entity.label).lower()))
        if entity.kind == "person":
            surname = entity.surname.lower()
            keys += [("surname", surname), ("first", entity.first.lower())]
            keys += [("typo", surname[:i] + surname[i + 1 :]) for i in range(len(surname))]
        for key in keys:
            entities = self._index.setdefault(key, [])
            if entity not in entities:
                entities.append(entity)

    def _indexed(self, kind: str, key: str) -> list[Entity]:
        return self._index.get((kind, key), [])

    def _most_recent(self, candidates, accept) -> Entity | None:
        """The most recently mentioned of ``candidates`` that passes ``accept``."""
        ranked = [(self._last_mention.get(id(e), -1), e) for e in candidates if accept(e)]
        best = max(ranked, key=lambda pair: pair[0], default=(-1, None))
        return best[1] if best[0] >= 0 else None

    def _person(self, ref: SpeakerRef) -> Entity:
        words = ref.text.split()
        first, surname = (words[0], words[-1]) if len(words) > 1 else ("", words[0])
        entity = self._find_person(ref.text, first, surname) or self._same_name_but_title(words)
        if entity is None:
            entity = self._add(Entity("person", ref.text, first, surname))
        elif first and not entity.first:
            entity.label, entity.first = ref.text, first  # "Smith" first, "John Smith" later
            self._index_names(entity)
        if ref.role_span and (not entity.role or entity.role == entity.title):  # an appositive beats a bare title
            entity.role, entity.affiliation = role_and_affiliation(ref, self.text, self.is_person)
            entity.title = ref.title
            entity.keywords = _keywords(entity.role, ref.title)
        entity.gender = entity.gender or ref.gender
        return entity

    def _same_name_but_title(self, words: list[str]) -> Entity | None:
        """ "Elena Ruiz" and "Councilmember Elena Ruiz", a title the lexicon does not know: one person, named
        by the shorter, with the extra words as title."""
        if len(words) < 2:
            return None
        lowered = [w.lower() for w in words]

        def one_ends_the_other(e: Entity) -> bool:
            theirs = e.label.lower().split()
            short, long_ = sorted((theirs, lowered), key=len)
            return e.kind == "person" and len(short) < len(long_) and long_[-len(short) :] == short

        found = self._most_recent(self._indexed("surname", lowered[-1]), one_ends_the_other)
        if found is None:
            return None
        theirs = found.label.split()
        if len(theirs) > len(words):
            extra = theirs[: -len(words)]
            found.label, found.first = " ".join(words), words[0]
            self._index_names(found)
        else:
            extra = words[: -len(theirs)]
        if not found.role:
            found.role = found.title = " ".join(extra)
            found.keywords = _keywords(found.role)
        return found

    def _find_person(self, label: str, first: str, surname: str) -> Entity | None:
        key, surname_key, first_key = label.lower(), surname.lower(), first.lower()

        def person(accept):
            return lambda e: e.kind == "person" and accept(e)

        found = self._most_recent(self._indexed("label", key), person(lambda e: e.label.lower() == key))
        found = found or self._most_recent(
            self._indexed("surname", surname_key),
            person(lambda e: e.surname.lower() == surname_key and (not first or e.first.lower() in ("", first_key))),
        )
        if found or first:
            return found
        found = self._most_recent(self._indexed("first", surname_key), person(lambda e: e.first.lower() == surname_key))
        if found:
            return found
        # "Funetes said", a few lines after "Yensy Fuentes": one typo apart means one deleted letter in common.
        variants = [surname_key] + [surname_key[:i] + surname_key[i + 1 :] for i in range(len(surname_key))]
        candidates = {id(e): e for v in variants for e in self._indexed("typo", v) + self._indexed("surname", v)}
        return self._most_recent(
            candidates.values(),
            person(lambda e: e.has_full_name and _one_typo_apart(e.surname.lower(), surname_key)),
        )

    def _recent(self, accept) -> Entity | None:
        """The most recently mentioned entity passing `accept`, among the last RECENT_ENTITIES."""
        return _first_recent(self._by_mention, accept)

    def _pronoun(self, ref: SpeakerRef) -> Entity | None:
        word = ref.text.lower()
        if word not in PRONOUNS:
            return None  # "I"/"we": the writer, whom the article does not name
        if word in ("they", "them"):
            return _first_recent(self._by_speech, lambda e: e.kind == "organisation" or e.plural)
        gender = PRONOUNS[word]

        def compatible(e: Entity) -> bool:
            return e.kind in ("person", "anonymous") and not e.plural and e.gender in (None, gender)

        def strong(e: Entity) -> bool:
            return compatible(e) and (e.kind == "anonymous" or e.has_full_name or bool(e.role))

        entity = (
            self._recent_salient(strong)
            or self._recent_salient(compatible)
            or self._recent(lambda e: strong(e) and e.kind == "person")
        )
        if entity is None:
            return None
        entity.gender = entity.gender or gender
        return entity

    def _recent_salient(self, accept) -> Entity | None:
        """The most salient entity passing `accept`: the last speaker, or a person just introduced with a role
        ("Her supervisor, Tom Becker, disagreed.").

        A passing name without a role ("Harrison Ford’s film") is not salient
        enough for a following "he says".
        """

        def introduced(e: Entity) -> bool:
            return e.kind == "person" and bool(e.role)

        with_role = _first_recent(self._by_mention, lambda e: introduced(e) and accept(e))
        speaker = _first_recent(self._by_speech, lambda e: not introduced(e) and accept(e))
        if with_role is None or speaker is None:
            return with_role or speaker
        return with_role if self._last_mention[id(with_role)] > self._last_spoke[id(speaker)] else speaker

    def _organisation(self, ref: SpeakerRef) -> Entity:
        key = _without_article(ref.text).lower()
        found = self._most_recent(
            self._indexed("organisation", key),
            lambda e: e.kind == "organisation" and _without_article(e.label).lower() == key,
        )
        if found is None and ref.definite:
            wanted = _keywords(ref.text)
            found = self._recent(lambda e: e.kind == "organisation" and wanted <= e.keywords)
        if found is None and _is_epithet(ref):  # "the Virginia Democrat", said of "Mark Warner" earlier
            found = self._described(_keywords(ref.text))
        return found or self._add(Entity("organisation", ref.text, keywords=_keywords(ref.text), plural=True))

    def _described(self, wanted: frozenset[str]) -> Entity | None:
        """The most recent person the article described with all the ``wanted`` words."""
        return self._recent(lambda e: e.kind != "organisation" and bool(wanted) and wanted <= e.keywords | e.ties)

    def _description(self, ref: SpeakerRef) -> Entity:
        core = _core(tokenize(self.text, ref.start, ref.end))
        core_text = _span_text(self.text, core)
        wanted = _keywords(core_text)
        head = core[-1].lower
        if ref.definite and head in REFERENCE_NOUNS:
            found = self._source(wanted - {head})
            if found is not None:
                return found
        if ref.definite and wanted:
            found = self._described(wanted)
            if found is not None:
                return found
        role = _span_text(self.text, core[1:] if core[0].lower in DETERMINERS and len(core) > 1 else core)
        plural = _is_plural(core)
        if not ref.definite and not plural:
            found = self._previewed(wanted)
            if found is not None:
                found.label, found.role, found.keywords, found.preview = ref.text, role, wanted, False
                self._index_names(found)
                return found
        bare = core[0].lower not in DETERMINERS and not core[0].is_capitalised and not core[0].is_possessive
        return self._add(
            Entity("anonymous", ref.text, role=role, keywords=wanted, plural=plural, preview=bare and not plural)
        )

    def _source(self, wanted: frozenset[str]) -> Entity | None:
        """Who "the source" is: the last unnamed speaker, or the one the article tied to ``wanted`` ("the CNN
        source" for "a White House official told CNN")."""
        if wanted:
            return self._recent(lambda e: e.kind == "anonymous" and not e.plural and wanted <= e.keywords | e.ties)
        return _first_recent(self._by_speech, lambda e: e.kind == "anonymous" and not e.plural)

    def _previewed(self, wanted: frozenset[str]) -> Entity | None:
        """A headline's "official says" that this fuller description ("a U.S. official") introduces properly."""
        return self._recent(lambda e: e.kind == "anonymous" and e.preview and e.keywords <= wanted)


def _move_to_end(order: dict[int, Entity], entity: Entity) -> None:
    order.pop(id(entity), None)
    order[id(entity)] = entity


def _first_recent(order: dict[int, Entity], accept) -> Entity | None:
    """The last entity of ``order`` that passes ``accept``, looking back over at most RECENT_ENTITIES."""
    for seen, entity in enumerate(reversed(order.values())):
        if seen == RECENT_ENTITIES:
            return None
        if accept(entity):
            return entity
    return None


def _one_typo_apart(a: str, b: str) -> bool:
    """One substitution, insertion, deletion or swap of neighbours, in words of five letters or more."""
    if a == b or min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        i, j = diffs[0], diffs[-1]
        return len(diffs) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _is_plural(core: list[Token]) -> bool:
    """ "officials", "two analysts": a group, which "they" (not "he") refers to."""
    head = core[-1].lower
    return (head.endswith("s") and not head.endswith("ss")) or core[0].lower in ("some", "several", "many", "two")


def _without_article(label: str) -> str:
    return label[4:] if label.lower().startswith("the ") else label
