from dataclasses import dataclass, field

from django import forms
from django.utils.text import Truncator

from debate.arguments.models import Argument, Position, Stance
from debate.core.forms import BoundedModelForm, IntegerField, ModelChoiceField, ModelMultipleChoiceField
from debate.core.models import COMMENT_MAX_LENGTH, QUOTE_MAX_LENGTH, Status
from debate.sources.models import Evidence, EvidenceKind, Source, Speaker

from .models import Flag, FlagReason, Proposal


class VersionForm(forms.Form):
    version = IntegerField(min_value=1)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)
    version = IntegerField()


class MoveForm(forms.Form):
    parent = ModelChoiceField(
        queryset=Argument.objects.all(),
        required=False,
        widget=forms.NumberInput,
        label="New parent argument (number)",
        help_text="Leave empty to make it a top-level argument of the position below.",
    )
    position = ModelChoiceField(queryset=Position.objects.select_related("debate"), required=False)
    version = IntegerField(widget=forms.HiddenInput)


class MergeForm(forms.Form):
    survivor = IntegerField(label="Keep (number)")
    duplicate = IntegerField(label="Merge into it and remove (number)")


class AttachEvidenceForm(forms.Form):
    """A passage of a source: offsets from a selection, or a typed quote the server finds."""

    quote = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), strip=False, max_length=QUOTE_MAX_LENGTH)
    start = IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    chosen_start = IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    speaker = ModelChoiceField(queryset=Speaker.objects.all(), required=False, empty_label="The reporter")
    kind = forms.ChoiceField(choices=EvidenceKind.choices)
    argument = ModelChoiceField(
        queryset=Argument.objects.all(),
        required=False,
        widget=forms.NumberInput,
        label="Cite it from argument (number, optional)",
    )


class ReviewForm(forms.Form):
    review_reason = forms.CharField(
        label="Reason (shown to the student)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
    )


class ProposalEditForm(BoundedModelForm):
    """What a moderator may change before approving."""

    class Meta:
        model = Proposal
        fields = list(Proposal.EDITABLE_IN_REVIEW)
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


@dataclass
class EvidenceGroup:
    """The excerpts of one article said by one speaker, as the picker shows them under two legends."""

    source: object
    speaker: str
    choices: list = field(default_factory=list)


class ArgumentProposalForm(BoundedModelForm):
    cited_evidence = ModelMultipleChoiceField(
        queryset=Evidence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evidence from the article that supports it",
        help_text="Tick every excerpt your argument relies on. They are grouped by article and by who said them.",
    )
    quote = forms.CharField(
        required=False,
        strip=False,
        max_length=QUOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Or paste a passage of the article",
        help_text="Quote marks, dashes and spacing need not match; the words must.",
    )
    source = ModelChoiceField(queryset=Source.objects.published(), required=False, label="Article")

    class Meta:
        model = Proposal
        fields = ["stance", "text", "cited_evidence"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "stance": forms.RadioSelect}
        labels = {"text": "Your argument, in one or two sentences"}

    def __init__(self, *args, evidence_choices, answering, **kwargs):
        """``answering`` is the argument the proposal replies to, or the position it is an argument about."""
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["stance"].choices = Stance.choices
        what, words = ("argument", answering.text) if isinstance(answering, Argument) else ("position", answering.title)
        self.fields["stance"].label = f"For or against the {what} “{Truncator(words).chars(100)}”"
        self.fields["cited_evidence"].queryset = evidence_choices.select_related("source", "speaker")
        self.fields["cited_evidence"].label_from_instance = lambda evidence: evidence.quote

    def evidence_groups(self):
        """The evidence checkboxes grouped by article, then by speaker in the order they first speak."""
        groups = {}
        for checkbox in self["cited_evidence"]:
            evidence = checkbox.data["value"].instance
            key = (evidence.source_id, evidence.reader_attribution)
            if key not in groups:
                groups[key] = EvidenceGroup(evidence.source, evidence.reader_attribution)
            groups[key].choices.append((checkbox, evidence))
        by_source = {}
        for group in groups.values():
            by_source.setdefault(group.source, []).append(group)
        return list(by_source.items())


class EvidenceProposalForm(forms.Form):
    source = ModelChoiceField(queryset=Source.objects.published(), label="Article")
    quote = forms.CharField(
        strip=False,
        max_length=QUOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="The passage, exactly as the article has it",
    )
    speaker = ModelChoiceField(
        queryset=Speaker.objects.published(), required=False, empty_label="The reporter (narration)"
    )
    evidence_kind = forms.ChoiceField(choices=EvidenceKind.choices, label="Kind")


class FlagForm(BoundedModelForm):
    class Meta:
        model = Flag
        fields = ["reason", "comment"]
        widgets = {"reason": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 3})}
        labels = {"comment": "What is wrong?"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = FlagReason.choices
