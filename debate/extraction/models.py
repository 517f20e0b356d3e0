"""What the extractor proposed for an imported article, waiting for a moderator's decision.

Proposals live on the server, not in the page, so a moderator can stop halfway
through an article and come back to it; nothing becomes evidence until the
moderator has accepted it and saved the accepted ones.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from debate.core.models import QUOTE_MAX_LENGTH, check_text_fields
from debate.sources.models import Evidence, EvidenceKind, Source, Speaker, verbatim_error


class Decision(models.TextChoices):
    PENDING = "pending", "Not decided"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    SAVED = "saved", "Saved as evidence"


class ExtractionProposalQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(decision=Decision.PENDING)

    def accepted(self):
        return self.filter(decision=Decision.ACCEPTED)

    def attributed_like(self, proposal):
        """The proposals of the same article given to the same person (the site speaker, or the same new name)
        that are not evidence yet, ``proposal`` included if it still has that speaker."""
        same = self.filter(source=proposal.source_id).exclude(decision=Decision.SAVED)
        kind, value = proposal.speaker_key
        if kind == "speaker":
            return same.filter(speaker=value)
        return same.filter(speaker__isnull=True, speaker_name=value)


class ExtractionProposal(models.Model):
    """One quotation the extractor found, with the speaker the article gives it.

    ``speaker`` is the existing speaker it is (matched by the extractor or picked
    by the moderator). Without one, ``speaker_name`` and the fields after it
    describe a new speaker that saving creates; with neither, the passage is the
    reporter's own words.
    """

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="extraction_proposals")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField(max_length=QUOTE_MAX_LENGTH)
    kind = models.CharField(max_length=12, choices=EvidenceKind.choices, default=EvidenceKind.QUOTE)
    speaker = models.ForeignKey(Speaker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    speaker_name = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=300, blank=True)
    affiliation = models.CharField(max_length=300, blank=True)
    is_anonymous = models.BooleanField(default=False)
    cue = models.CharField(max_length=100, blank=True, help_text="The attribution as written: “said”, “told”.")
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING, db_index=True)
    evidence = models.ForeignKey(Evidence, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExtractionProposalQuerySet.as_manager()

    class Meta:
        ordering = ["source", "start", "end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="extraction_proposal_end_after_start"
            ),
        ]

    def __str__(self):
        return f"“{self.quote[:80]}”"

    def save(self, *args, **kwargs):
        # The same verbatim rule as evidence: a proposal a moderator edited must still be the article's words.
        check_text_fields(self)
        self.clean()
        return super().save(*args, **kwargs)

    def clean(self):
        error = verbatim_error(self.source.text, self.start, self.end, self.quote)
        if error:
            raise ValidationError({"quote": error})
        if self.kind == EvidenceKind.QUOTE and self.decision == Decision.ACCEPTED and not self.has_speaker:
            raise ValidationError({"speaker": "A direct quote needs its speaker: pick one, or describe a new speaker."})

    @property
    def has_speaker(self):
        return self.speaker_id is not None or bool(self.speaker_name.strip())

    @property
    def speaker_key(self):
        """Which proposals are one person: "accept all", "correct all", rename and merge take them together."""
        if self.speaker_id is not None:
            return ("speaker", self.speaker_id)
        return ("new", self.speaker_name)

    @property
    def speaker_label(self):
        return self.speaker.name if self.speaker_id is not None else self.speaker_name

    @property
    def is_pending(self):
        return self.decision == Decision.PENDING

    @property
    def context(self):
        """The article's words just before and after the excerpt, for the moderator's eye."""
        text = self.source.text
        return text[max(0, self.start - 200) : self.start], text[self.end : self.end + 200]

    @property
    def credentials(self):
        return ", ".join(part for part in (self.role, self.affiliation) if part)
