from django import forms

from debate.arguments.models import Argument, Position, Stance
from debate.core.forms import BoundedModelForm, ModelChoiceField, ModelMultipleChoiceField
from debate.core.models import Status
from debate.sources.models import Evidence, EvidenceKind, Source, Speaker

from .models import Flag, FlagReason, Proposal


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=1)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)
    version = forms.IntegerField()


class MoveForm(forms.Form):
    parent = ModelChoiceField(
        queryset=Argument.objects.all(),
        required=False,
        widget=forms.NumberInput,
        label="New parent argument (number)",
        help_text="Leave empty to make it a top-level argument of the position below.",
    )
    position = ModelChoiceField(queryset=Position.objects.select_related("debate"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class MergeForm(forms.Form):
    survivor = forms.IntegerField(label="Keep (number)")
    duplicate = forms.IntegerField(label="Merge into it and remove (number)")


class AttachEvidenceForm(forms.Form):
    """A passage of a source: offsets from a selection, or a typed quote the server finds."""

    quote = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), strip=False)
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    chosen_start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
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
        label="Reason (shown to the student)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ProposalEditForm(BoundedModelForm):
    """What a moderator may change before approving."""

    class Meta:
        model = Proposal
        fields = list(Proposal.EDITABLE_IN_REVIEW)
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


def evidence_label(evidence):
    return f"“{evidence.quote[:160]}” — {evidence.speaker or 'the reporter'}"


class ArgumentProposalForm(BoundedModelForm):
    cited_evidence = ModelMultipleChoiceField(
        queryset=Evidence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evidence from the article that supports it",
    )
    quote = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Or paste a passage of the article (exactly as written)",
    )
    source = ModelChoiceField(queryset=Source.objects.published(), required=False, label="Article")

    class Meta:
        model = Proposal
        fields = ["stance", "text", "cited_evidence"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "stance": forms.RadioSelect}
        labels = {"text": "Your argument, in one or two sentences"}

    def __init__(self, *args, evidence_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stance"].choices = Stance.choices
        self.fields["cited_evidence"].queryset = evidence_choices
        self.fields["cited_evidence"].label_from_instance = (
            lambda e: f"“{e.quote[:160]}” — {e.speaker or 'the reporter'}"
        )


class EvidenceProposalForm(forms.Form):
    source = ModelChoiceField(queryset=Source.objects.published(), label="Article")
    quote = forms.CharField(
        strip=False, widget=forms.Textarea(attrs={"rows": 3}), label="The passage, exactly as the article has it"
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
