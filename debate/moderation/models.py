"""What students send to the moderators: proposals of new content and flags on existing content."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from debate.arguments.models import Argument, Position, Stance
from debate.core.models import ARGUMENT_MAX_LENGTH, COMMENT_MAX_LENGTH, QUOTE_MAX_LENGTH, check_text_fields
from debate.sources.models import Evidence, EvidenceKind, Source, Speaker, verbatim_error


class ReviewState(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class ReviewQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=ReviewState.PENDING)


class Reviewed(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.PENDING, db_index=True)
    review_reason = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH, help_text="Shown to the student.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def save(self, *args, **kwargs):
        check_text_fields(self)
        super().save(*args, **kwargs)

    @property
    def is_pending(self):
        return self.state == ReviewState.PENDING


class ProposalKind(models.TextChoices):
    ARGUMENT = "argument", "New argument or rebuttal"
    EVIDENCE = "evidence", "More evidence for an argument"


class Proposal(Reviewed):
    # What a moderator may change while approving.
    EDITABLE_IN_REVIEW = ("stance", "text", "speaker", "evidence_kind")

    kind = models.CharField(max_length=10, choices=ProposalKind.choices)
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="proposals")
    parent = models.ForeignKey(
        Argument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposed_replies",
        help_text="The argument a proposed reply answers, or the argument that proposed evidence is for.",
    )
    stance = models.CharField(max_length=8, choices=Stance.choices, blank=True)
    text = models.TextField(blank=True, max_length=ARGUMENT_MAX_LENGTH)
    cited_evidence = models.ManyToManyField(Evidence, blank=True, related_name="proposals")
    # A passage of a source the student selected or typed, not yet evidence.
    source = models.ForeignKey(Source, on_delete=models.CASCADE, null=True, blank=True, related_name="proposals")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    quote = models.TextField(blank=True, max_length=QUOTE_MAX_LENGTH)
    speaker = models.ForeignKey(Speaker, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals")
    evidence_kind = models.CharField(max_length=12, choices=EvidenceKind.choices, default=EvidenceKind.QUOTE)
    result = models.ForeignKey(
        Argument, on_delete=models.SET_NULL, null=True, blank=True, related_name="approved_proposals"
    )

    class Meta(Reviewed.Meta):
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="evidence") | models.Q(parent__isnull=False),
                name="evidence_proposal_names_its_argument",
            )
        ]

    def __str__(self):
        if self.kind == ProposalKind.EVIDENCE:
            return f"Evidence for “{self.parent}”"
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("moderation:proposal", args=[self.pk])

    @property
    def has_passage(self):
        return self.source_id is not None

    def clean(self):
        if self.kind == ProposalKind.ARGUMENT:
            if not self.text.strip():
                raise ValidationError({"text": "Write the argument you propose."})
            if self.stance not in Stance.values:
                raise ValidationError({"stance": "Say whether you argue for or against."})
        if self.parent_id and self.parent.position_id != self.position_id:
            raise ValidationError({"parent": "That argument belongs to another position."})
        if self.has_passage:
            error = verbatim_error(self.source.text, self.start, self.end, self.quote)
            if error:
                raise ValidationError({"quote": error})
        elif self.kind == ProposalKind.EVIDENCE and not self.pk:
            raise ValidationError({"quote": "Choose the passage of the article you propose as evidence."})


class FlagReason(models.TextChoices):
    MISATTRIBUTED = "misattributed", "Misattributed"
    DUPLICATE = "duplicate", "Duplicate"
    NEEDS_EVIDENCE = "needs_evidence", "Needs evidence"
    OTHER = "other", "Other"


class Flag(Reviewed):
    argument = models.ForeignKey(Argument, on_delete=models.CASCADE, null=True, blank=True, related_name="flags")
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, null=True, blank=True, related_name="flags")
    reason = models.CharField(max_length=16, choices=FlagReason.choices)
    comment = models.TextField(max_length=COMMENT_MAX_LENGTH)

    class Meta(Reviewed.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(argument__isnull=False, evidence__isnull=True)
                | models.Q(argument__isnull=True, evidence__isnull=False),
                name="flag_has_one_target",
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.target}"

    @property
    def target(self):
        return self.argument or self.evidence

    def clean(self):
        if not self.comment.strip():
            raise ValidationError({"comment": "Tell the moderators what is wrong."})
