"""Sources (articles stored verbatim), the speakers they report, and evidence excerpts."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from debate.core.models import QUOTE_MAX_LENGTH, Curated, Status, Versioned


def normalise_newlines(text):
    """Stored text always uses ``\\n``: offsets must not depend on how an article arrived."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def content_hash(text):
    """SHA-256 of an article's text as stored, outer blank space aside: the same article pasted or
    uploaded (with or without a final newline) hashes the same, so a second import is caught."""
    return hashlib.sha256(normalise_newlines(text).strip().encode("utf-8")).hexdigest()


def unique_slug(model, value, *, instance=None, max_length=80, **scope):
    """A slug for ``value`` that no other row of ``model`` (within ``scope``) has."""
    base = slugify(value)[:max_length].strip("-") or model._meta.model_name
    candidate, n = base, 2
    others = model._base_manager.filter(**scope)
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    while others.filter(slug=candidate).exists():
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return candidate


class Source(Curated):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    publication = models.CharField(max_length=200, blank=True)
    byline = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)
    text = models.TextField(max_length=settings.IMPORT_MAX_BYTES)  # as much as importing an article accepts
    # Not unique: the site may hold the same text twice (tests, AIF imports); importing refuses it.
    content_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sources:detail", args=[self.slug])

    def clean(self):
        self.text = normalise_newlines(self.text)
        if not self.text.strip():
            raise ValidationError({"text": "A source needs its text."})
        if self.url:
            # Only web addresses: the page links to it, and a "javascript:" address would run.
            try:
                URLValidator(schemes=["http", "https"])(self.url)
            except ValidationError as error:
                raise ValidationError({"url": "Give the article's http or https address."}) from error
        self.content_hash = content_hash(self.text)
        if not self.slug:
            self.slug = unique_slug(Source, self.title, instance=self, max_length=100)
        if self.pk and self.evidence.exists():
            stored = Source._base_manager.filter(pk=self.pk).values_list("text", flat=True).first()
            if stored is not None and stored != self.text:
                raise ValidationError(
                    {
                        "text": "This source's text is frozen because evidence cites it. "
                        "Import the corrected article as a new source and re-anchor the evidence."
                    }
                )

    @property
    def date_label(self):
        return self.published_on.isoformat() if self.published_on else "n.d."


class Speaker(Curated):
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(
        max_length=300,
        help_text="The person's name, or the article's description of an unnamed speaker.",
    )
    role = models.CharField(max_length=300, blank=True)
    affiliation = models.CharField(max_length=300, blank=True)
    is_anonymous = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["is_anonymous", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("sources:speaker", args=[self.slug])

    def clean(self):
        if not self.name.strip():
            raise ValidationError({"name": "A speaker needs a name or a description."})
        if not self.slug:
            self.slug = unique_slug(Speaker, self.name, instance=self, max_length=100)

    @property
    def credentials(self):
        return ", ".join(part for part in (self.role, self.affiliation) if part)


class SpokenBy(models.Model):
    """Content attributed to a speaker, who may not be published even when the content is."""

    class Meta:
        abstract = True

    @property
    def reader_speaker(self):
        """The speaker as readers may see them: None when the speaker is a draft or retired."""
        return self.speaker if self.speaker_id and self.speaker.is_published else None


class EvidenceKind(models.TextChoices):
    QUOTE = "quote", "Direct quote"
    PARAPHRASE = "paraphrase", "Paraphrase"
    FACT = "fact", "Reported fact"


class EvidenceQuerySet(models.QuerySet):
    def visible(self):
        """Evidence readers may see: it follows its source's visibility."""
        return self.filter(source__status=Status.PUBLISHED)

    def with_people(self):
        return self.select_related("source", "speaker")


def verbatim_error(source_text, start, end, quote):
    """Explain why ``quote`` is not ``source_text[start:end]``, or return None when it is."""
    if start is None or end is None:
        return "Evidence needs both a start and an end offset."
    if start < 0 or end <= start:
        return f"Offsets {start}–{end} do not mark a passage: start must be at least 0 and end after start."
    if end > len(source_text):
        return f"Offsets {start}–{end} run past the end of the source ({len(source_text)} characters)."
    actual = source_text[start:end]
    if actual == quote:
        return None
    elsewhere = source_text.find(quote) if quote else -1
    hint = (
        f" The quote does occur at {elsewhere}–{elsewhere + len(quote)}."
        if elsewhere >= 0
        else (" The quote does not occur anywhere in the source.")
    )
    return f"Not verbatim: the source reads “{actual}” at {start}–{end}, not “{quote}”.{hint}"


class Evidence(SpokenBy, Versioned):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    speaker = models.ForeignKey(
        Speaker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        help_text="Leave empty for the reporter's own narration.",
    )
    start = models.PositiveIntegerField(help_text="Index of the first character (code points).")
    end = models.PositiveIntegerField(help_text="Index after the last character.")
    quote = models.TextField(
        max_length=QUOTE_MAX_LENGTH, help_text="Exactly the source text between the offsets, without quotation marks."
    )
    kind = models.CharField(max_length=12, choices=EvidenceKind.choices, default=EvidenceKind.QUOTE)

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "start", "end"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(fields=["source", "start", "end"], name="evidence_unique_span"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="evidence_end_after_start"),
        ]

    def __str__(self):
        return f"“{self.quote[:80]}”"

    def get_absolute_url(self):
        return f"{self.source.get_absolute_url()}#evidence-{self.pk}"

    def clean(self):
        self.quote = normalise_newlines(self.quote or "")
        if self.source_id is None:
            raise ValidationError({"source": "Evidence needs a source."})
        error = verbatim_error(self.source.text, self.start, self.end, self.quote)
        if error:
            raise ValidationError({"quote": error})

    @property
    def reader_attribution(self):
        """Who said it, as readers may be told: someone's words are never passed off as the reporter's."""
        if self.reader_speaker:
            return self.speaker.name
        return "Unattributed" if self.speaker_id else "The reporter"
