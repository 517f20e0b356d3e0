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

from debate.core.models import Status
from debate.moderation.services import evidence_for_passage, find_occurrences
from debate.sources.models import EvidenceKind, Source, Speaker, content_hash, normalise_newlines

from .documents import UnreadableArticle, check_not_empty, check_size, decode_html, decode_utf8, html_main_text
from .extractor import propose_quotes
from .models import Decision, ExtractionProposal

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
    speakers = list(Speaker.objects.exclude(status=Status.RETIRED).only("pk", "name").order_by("pk"))
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
    """The span of a retyped quote: its only occurrence, or the one over the proposal's own place."""
    quote = normalise_newlines(quote)
    starts = find_occurrences(source.text, quote)
    if not starts:
        raise ValidationError({"quote": "This passage does not occur in the article. Copy it exactly as written."})
    overlapping = [s for s in starts if s < near[1] and s + len(quote) > near[0]]
    if len(starts) == 1 or len(overlapping) == 1:
        start = starts[0] if len(starts) == 1 else overlapping[0]
        return start, start + len(quote)
    places = ", ".join(str(s) for s in starts[:10])
    raise ValidationError(
        {"quote": f"This passage occurs {len(starts)} times (at characters {places}); give its start and end."}
    )


def edit_proposal(proposal, data, moderator):
    """Apply the moderator's corrections and accept the proposal.

    The span comes from whichever the moderator changed: new offsets take the
    article's words between them, a retyped quote is found in the article, and
    both changed must agree (the verbatim rule).
    """
    if proposal.decision == Decision.SAVED:
        raise ValidationError("This proposal is already evidence; edit the evidence instead.")
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
    proposal.decision = Decision.ACCEPTED
    proposal.decided_by = moderator
    proposal.save()
    return proposal


def accept_all_for_speaker(proposal, moderator):
    """Accept every undecided proposal of the article given to the same speaker; returns how many."""
    if not proposal.has_speaker:
        raise ValidationError("This proposal has no speaker to group by.")
    same = ExtractionProposal.objects.pending().filter(source=proposal.source_id)
    if proposal.speaker_id is not None:
        same = same.filter(speaker=proposal.speaker_id)
    else:
        same = same.filter(speaker__isnull=True, speaker_name=proposal.speaker_name)
    return same.update(decision=Decision.ACCEPTED, decided_by=moderator, updated_at=timezone.now())


def _new_speaker(source, proposal, created):
    """One speaker per name the article introduces, shared by all its proposals, with the article's status."""
    name = proposal.speaker_name.strip()
    if name not in created:
        created[name] = Speaker.objects.create(
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
