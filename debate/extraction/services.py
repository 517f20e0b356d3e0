"""Importing an article and turning the extractor's proposals into evidence.

The order of work: ``import_article`` stores the text as a draft source with
one ``ExtractionProposal`` per quotation found; the moderator accepts, edits or
rejects each (``decide``, ``edit_proposal``, ``accept_all_for_speaker``);
``save_accepted`` turns the accepted ones, and only those, into evidence;
``publish_article`` shows the source, and the new speakers it brought, to readers.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from debate.arguments.models import Argument
from debate.core.models import Status
from debate.moderation.services import evidence_for_passage, merge_speakers
from debate.sources.models import Evidence, EvidenceKind, Source, Speaker, content_hash, normalise_newlines
from debate.sources.passages import find_passage

from .documents import UnreadableArticle, check_not_empty, check_size, decode_html, decode_utf8, html_main_text
from .extractor import propose_quotes
from .models import Decision, ExtractionProposal
from .speakers import normalised_name

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)


class DuplicateArticle(Exception):
    """The same text is already a source: importing it again would split its evidence in two."""

    def __init__(self, existing):
        self.existing = existing
        super().__init__(f"This article is already on the site as “{existing.title}”.")


@dataclass
class ArticleDetails:
    """What the moderator says about the article; a saved page may fill in what was left empty."""

    title: str = ""
    publication: str = ""
    byline: str = ""
    published_on: date | None = None
    url: str = ""


def _field_limit(name):
    return Source._meta.get_field(name).max_length


def _fill_from_page(details, page):
    """Empty fields take what the page says about itself. The date is never taken: the page's
    date guesser reads copyright lines and addresses, and a source's date must not be invented."""
    for field, value in (("title", page.title), ("byline", page.byline), ("publication", page.publication)):
        if not getattr(details, field).strip() and value:
            setattr(details, field, value.strip()[: _field_limit(field)])
    if not details.url and page.url:
        try:
            URLValidator(schemes=["http", "https"])(page.url)
        except ValidationError:
            return  # a relative or odd canonical address is no address
        if len(page.url) <= _field_limit("url"):
            details.url = page.url


def read_upload(upload, details):
    """The article text of an uploaded ``.txt`` file or saved ``.html`` page (``details`` may be filled in)."""
    check_size(upload.size)  # before reading: an oversized file stays in its temporary file
    name = (upload.name or "").lower()
    if name.endswith(HTML_SUFFIXES):
        page = html_main_text(decode_html(upload.read()), title=details.title)
        _fill_from_page(details, page)
        return page.text
    if name.endswith(TEXT_SUFFIXES):
        text = decode_utf8(upload.read())
        check_not_empty(text)
        return text
    raise UnreadableArticle("Upload a plain-text file (.txt) or a saved web page (.html or .htm).")


def read_pasted(text):
    check_size(len(text.encode("utf-8")), "The pasted text")
    if "\x00" in text:
        raise UnreadableArticle("The pasted text contains binary data (NUL characters); paste the article's text.")
    check_not_empty(text, "The pasted text")
    return text


def known_speakers():
    """Every speaker the extractor may recognise in an article, and each by the name it reports."""
    speakers = list(Speaker.objects.exclude(status=Status.RETIRED).only("pk", "name", "role").order_by("pk"))
    by_name = {}
    for speaker in speakers:
        by_name.setdefault(speaker.name, speaker)
    return speakers, by_name


def _proposals_for(source):
    speakers, by_name = known_speakers()
    return [
        ExtractionProposal(
            source=source,
            start=found.start,
            end=found.end,
            quote=found.quote,
            kind=found.kind,
            speaker=by_name.get(found.matched_speaker) if found.matched_speaker else None,
            speaker_name=(found.speaker or "")[:300],
            role=found.role[:300],
            affiliation=found.affiliation[:300],
            is_anonymous=found.is_anonymous,
            cue=(found.cue or "")[:100],
        )
        for found in propose_quotes(source.text, speakers)
    ]


def import_article(text, details):
    """Store ``text`` verbatim (newlines normalised) as a draft source with the extractor's proposals.

    Raises ``DuplicateArticle`` when the same text is already a source, and
    ``ValidationError`` when the details are incomplete; nothing is stored then.
    """
    text = normalise_newlines(text)
    if not details.title.strip():
        raise ValidationError({"title": "Give the article's title (a saved page that names its title fills it in)."})
    existing = Source.objects.filter(content_hash=content_hash(text)).order_by("pk").first()
    if existing is not None:
        raise DuplicateArticle(existing)
    with transaction.atomic():
        source = Source(
            title=details.title.strip()[: _field_limit("title")],
            publication=details.publication.strip(),
            byline=details.byline.strip(),
            published_on=details.published_on,
            url=details.url,
            text=text,
            status=Status.DRAFT,
        )
        source.save()
        # Offsets come straight from the stored text, so bulk_create's skipped save() loses no check.
        ExtractionProposal.objects.bulk_create(_proposals_for(source))
    return source


def review_summary(proposals):
    """How many proposals have each decision; each proposal also learns how many undecided
    proposals share its speaker (the count on its "accept all" button)."""
    counts = dict.fromkeys(Decision.values, 0)
    pending_by_speaker = {}
    for proposal in proposals:
        counts[proposal.decision] += 1
        if proposal.is_pending and proposal.has_speaker:
            pending_by_speaker[proposal.speaker_key] = pending_by_speaker.get(proposal.speaker_key, 0) + 1
    for proposal in proposals:
        proposal.pending_for_speaker = pending_by_speaker.get(proposal.speaker_key, 0)
    return counts


def decide(proposal, decision, moderator):
    """Accept, reject, or (``pending``) reconsider one proposal that is not evidence yet."""
    if proposal.decision == Decision.SAVED:
        raise ValidationError("This proposal is already evidence; edit the evidence instead.")
    proposal.decision = decision
    proposal.decided_by = moderator
    proposal.save()


def _locate(source, quote, near):
    """The span of a retyped quote: its only occurrence, or the one over the proposal's own place.

    The quote is found whatever its quote marks, dashes and spacing (see debate.sources.passages).
    """
    spans = find_passage(source.text, quote)
    if not spans:
        raise ValidationError({"quote": "This passage does not occur in the article; check its words."})
    overlapping = [(start, end) for start, end in spans if start < near[1] and end > near[0]]
    if len(spans) == 1 or len(overlapping) == 1:
        return spans[0] if len(spans) == 1 else overlapping[0]
    places = ", ".join(str(start) for start, _ in spans[:10])
    raise ValidationError(
        {"quote": f"This passage occurs {len(spans)} times (at characters {places}); give its start and end."}
    )


SPEAKER_FIELDS = ("speaker", "speaker_name", "role", "affiliation", "is_anonymous")


def _speaker_values(proposal):
    return {field: getattr(proposal, field) for field in SPEAKER_FIELDS}


@transaction.atomic
def edit_proposal(proposal, data, moderator):
    """Apply the moderator's corrections and accept the proposal.

    The span comes from whichever the moderator changed: new offsets take the
    article's words between them, a retyped quote is found in the article, and
    both changed must agree (the verbatim rule). With ``also_same_speaker``, a
    changed speaker is changed on the article's other proposals that had the
    same one too, in the same transaction; ``proposal.also_changed`` says how many.
    """
    if proposal.decision == Decision.SAVED:
        raise ValidationError("This proposal is already evidence; edit the evidence instead.")
    others = ExtractionProposal.objects.attributed_like(proposal).exclude(pk=proposal.pk)
    before = _speaker_values(proposal)
    source = proposal.source
    quote = normalise_newlines(data["quote"])
    moved = (data["start"], data["end"]) != (proposal.start, proposal.end)
    retyped = quote != proposal.quote
    if moved and not retyped:
        start, end = data["start"], data["end"]
        if 0 <= start < end <= len(source.text):
            quote = source.text[start:end]
    elif retyped and not moved:
        start, end = _locate(source, quote, (proposal.start, proposal.end))
        quote = source.text[start:end]
    else:
        start, end = data["start"], data["end"]
    proposal.start, proposal.end, proposal.quote = start, end, quote
    proposal.kind = data["kind"]
    proposal.speaker = data["speaker"]
    new_speaker = data["speaker"] is None
    proposal.speaker_name = data["speaker_name"].strip() if new_speaker else ""
    proposal.role = data["role"].strip() if new_speaker else ""
    proposal.affiliation = data["affiliation"].strip() if new_speaker else ""
    proposal.is_anonymous = data["is_anonymous"] if new_speaker else False
    if new_speaker and not proposal.is_anonymous:
        proposal.speaker = existing_speaker_named(proposal.speaker_name)
        if proposal.speaker is not None:
            proposal.speaker_name = proposal.role = proposal.affiliation = ""
    proposal.decision = Decision.ACCEPTED
    proposal.decided_by = moderator
    proposal.save()
    after = _speaker_values(proposal)
    proposal.also_changed = 0
    if data.get("also_same_speaker") and after != before and (before["speaker"] or before["speaker_name"]):
        # Filtered on the speaker they had when the form was read: a proposal someone re-attributed meanwhile keeps it.
        proposal.also_changed = others.update(**after, updated_at=timezone.now())
    return proposal


def existing_speaker_named(name):
    """The named speaker on the site whose name is ``name`` but for accents, case and titles, if exactly one is."""
    key = normalised_name(name)
    if not key:
        return None
    named = Speaker.objects.exclude(status=Status.RETIRED).filter(is_anonymous=False).values_list("pk", "name")
    matches = [pk for pk, speaker_name in named if normalised_name(speaker_name) == key]
    return Speaker.objects.get(pk=matches[0]) if len(matches) == 1 else None


def accept_all_for_speaker(proposal, moderator):
    """Accept every undecided proposal of the article given to the same speaker; returns how many."""
    if not proposal.has_speaker:
        raise ValidationError("This proposal has no speaker to group by.")
    same = ExtractionProposal.objects.attributed_like(proposal).pending()
    return same.update(decision=Decision.ACCEPTED, decided_by=moderator, updated_at=timezone.now())


@dataclass
class Person:
    """One speaker of the article as the review page lists them, with a proposal that stands for them."""

    name: str
    speaker: Speaker | None  # already on the site
    credentials: str
    is_anonymous: bool
    proposal: ExtractionProposal
    quotes: int = 0


def people(proposals):
    """Each person the proposals attribute quotes to, once, in the order the article first quotes them."""
    found = {}
    for proposal in proposals:
        if not proposal.has_speaker:
            continue
        person = found.get(proposal.speaker_key)
        if person is None:
            speaker = proposal.speaker
            person = found[proposal.speaker_key] = Person(
                name=proposal.speaker_label,
                speaker=speaker,
                credentials=speaker.credentials if speaker else proposal.credentials,
                is_anonymous=speaker.is_anonymous if speaker else proposal.is_anonymous,
                proposal=proposal,
            )
        person.quotes += 1
    return list(found.values())


@transaction.atomic
def rename_speaker(*, proposal, name):
    """Give a proposed new speaker another name on all its proposals; returns how many changed.

    A speaker already on the site is renamed on its own page, where its history is kept. When the new
    name is a named speaker already on the site, the proposals are given to that speaker.
    """
    if proposal.speaker_id is not None:
        raise ValidationError(f"“{proposal.speaker.name}” is already on the site: rename it on its own page.")
    if not proposal.speaker_name:
        raise ValidationError("This proposal has no speaker to rename.")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the speaker's name."})
    existing = None if proposal.is_anonymous else existing_speaker_named(name)
    same = ExtractionProposal.objects.attributed_like(proposal)
    if existing is not None:
        return same.update(speaker=existing, speaker_name="", role="", affiliation="", updated_at=timezone.now())
    return same.update(speaker_name=name, updated_at=timezone.now())


@transaction.atomic
def merge_people(*, duplicate, survivor, confirmed=False):
    """Make two people of an article one: ``duplicate``'s proposals take ``survivor``'s speaker.

    A speaker already on the site outlives a proposed one whichever way round they are given.
    Two speakers already on the site are merged site-wide by ``merge_speakers`` (their evidence,
    arguments and positions follow), which needs ``confirmed``. Returns the surviving name.
    """
    if duplicate.source_id != survivor.source_id:
        raise ValidationError("Choose a person quoted in the same article.")
    if not duplicate.has_speaker or not survivor.has_speaker:
        raise ValidationError("Choose two people quoted in the article.")
    if duplicate.speaker_key == survivor.speaker_key:
        raise ValidationError("Choose two different people.")
    if duplicate.speaker_id is not None and survivor.speaker_id is None:
        duplicate, survivor = survivor, duplicate
    same = ExtractionProposal.objects.attributed_like(duplicate)
    now = timezone.now()
    if survivor.speaker_id is None:
        same.update(**{field: getattr(survivor, field) for field in SPEAKER_FIELDS}, updated_at=now)
    elif duplicate.speaker_id is None:
        same.update(speaker=survivor.speaker, speaker_name="", role="", affiliation="", updated_at=now)
    else:
        if not confirmed:
            raise MergeNeedsConfirmation(duplicate.speaker, survivor.speaker)
        # merge_speakers moves evidence, arguments and positions but not proposals, whose link would be cleared.
        ExtractionProposal.objects.filter(speaker=duplicate.speaker_id).update(speaker=survivor.speaker, updated_at=now)
        merge_speakers(survivor=survivor.speaker, duplicate=duplicate.speaker)
    return survivor.speaker_label


def what_a_merge_moves(speaker):
    """How much of the site quotes ``speaker``: what a site-wide merge moves to the other speaker."""
    return {
        "evidence": Evidence.objects.filter(speaker=speaker).count(),
        "arguments": Argument.objects.filter(speaker=speaker).count(),
    }


class MergeNeedsConfirmation(Exception):
    """Both people are speakers on the site: merging them changes every page that quotes them."""

    def __init__(self, duplicate, survivor):
        self.duplicate, self.survivor = duplicate, survivor
        super().__init__(f"Merge “{duplicate.name}” into “{survivor.name}” everywhere on the site?")


def _new_speaker(source, proposal, created):
    """One speaker per name the article introduces, shared by all its proposals, with the article's status;
    a named speaker the site already has under that name is reused, not created again."""
    name = proposal.speaker_name.strip()
    if name not in created:
        created[name] = (None if proposal.is_anonymous else existing_speaker_named(name)) or Speaker.objects.create(
            name=name,
            role=proposal.role,
            affiliation=proposal.affiliation,
            is_anonymous=proposal.is_anonymous,
            status=Status.PUBLISHED if source.is_published else Status.DRAFT,
        )
        # Proposals still waiting for a decision now name this speaker, so accepting them later
        # does not create the same person twice.
        ExtractionProposal.objects.filter(source=source, speaker__isnull=True, speaker_name=name).update(
            speaker=created[name]
        )
    return created[name]


@transaction.atomic
def save_accepted(source):
    """Turn every accepted proposal of ``source`` into evidence; returns the evidence.

    All or nothing: if one excerpt fails the verbatim check, no evidence and no
    speaker is saved and the error names it.
    """
    proposals = list(
        ExtractionProposal.objects.select_for_update(of=("self",))
        .filter(source=source, decision=Decision.ACCEPTED)
        .select_related("speaker")
        .order_by("start", "end", "pk")
    )
    created, saved = {}, []
    for proposal in proposals:
        speaker = proposal.speaker
        if speaker is None and proposal.speaker_name.strip():
            speaker = _new_speaker(source, proposal, created)
        elif speaker is None and proposal.kind == EvidenceKind.QUOTE:
            raise ValidationError(f"“{proposal.quote[:60]}” is a direct quote with no speaker; edit it first.")
        try:
            evidence = evidence_for_passage(
                source=source,
                start=proposal.start,
                end=proposal.end,
                quote=proposal.quote,
                speaker=speaker,
                kind=proposal.kind,
            )
        except ValidationError as error:
            raise ValidationError(f"“{proposal.quote[:60]}”: {' '.join(error.messages)}") from error
        ExtractionProposal.objects.filter(pk=proposal.pk).update(
            decision=Decision.SAVED, evidence=evidence, speaker=speaker, updated_at=timezone.now()
        )
        saved.append(evidence)
    return saved


@transaction.atomic
def publish_article(source):
    """Publish the source and the draft speakers its evidence cites, so no reader meets a hidden speaker."""
    source = Source.objects.select_for_update().get(pk=source.pk)
    source.status = Status.PUBLISHED
    source.save()
    for speaker in Speaker.objects.filter(status=Status.DRAFT, evidence__source=source).distinct():
        speaker.status = Status.PUBLISHED
        speaker.save()
    return source
