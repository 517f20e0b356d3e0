from dataclasses import dataclass, field

from django import forms
from django.utils.text import Truncator

from debate.arguments.models import Argument, Position, Stance
from debate.core.forms import BoundedModelForm, IntegerField, ModelChoiceField, ModelMultipleChoiceField
from debate.core.models import COMMENT_MAX_LENGTH, QUOTE_MAX_LENGTH, Status
from debate.core.pickers import PickerField
from debate.sources.models import Evidence, EvidenceKind, Source, Speaker

from .models import Flag, FlagReason, Proposal


class VersionForm(forms.Form):
    version = IntegerField(min_value=1)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)
    version = IntegerField()


class MoveForm(forms.Form):
    parent = PickerField(
        Argument.objects.select_related("position"),
        kind="arguments",
        required=False,
        label="New parent argument",
        empty_label="None: a top-level argument",
        help_text="Search by its words. Leave empty to make it a top-level argument of the position below.",
    )
    position = PickerField(Position.objects.select_related("debate"), kind="positions", required=False)
    version = IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, debate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].show(
            Argument.objects.filter(position__debate=debate).select_related("position"), debate=debate.pk
        )
        self.fields["position"].show(Position.objects.filter(debate=debate).select_related("debate"), debate=debate.pk)


class MergeForm(forms.Form):
    """The two items of a merge, chosen by what they say; ``debate`` lists that debate's arguments."""

    survivor = PickerField(Argument.objects.none(), kind="arguments", label="Keep")
    duplicate = PickerField(Argument.objects.none(), kind="arguments", label="Merge into it and remove")

    def __init__(self, *args, kind, queryset, shown, scope, **kwargs):
        """Any of ``queryset`` may be merged; the selects list ``shown``; the combobox searches ``kind``."""
        super().__init__(*args, **kwargs)
        for name in ("survivor", "duplicate"):
            field = self.fields[name]
            field.queryset = queryset
            field.widget.kind = kind
            field.widget.queryset = queryset
            field.show(shown, **scope)

    def clean(self):
        data = super().clean()
        if data.get("survivor") and data.get("survivor") == data.get("duplicate"):
            raise forms.ValidationError("Choose two different items.")
        return data


class MergeConfirmForm(forms.Form):
    """The two ids and the versions the preview showed: the merge applies only to what was previewed."""

    survivor = IntegerField(widget=forms.HiddenInput)
    duplicate = IntegerField(widget=forms.HiddenInput)
    survivor_version = IntegerField(widget=forms.HiddenInput)
    duplicate_version = IntegerField(widget=forms.HiddenInput)


class AttachEvidenceForm(forms.Form):
    """A passage of a source: offsets from a selection, or a typed quote the server finds."""

    quote = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), strip=False, max_length=QUOTE_MAX_LENGTH)
    start = IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    chosen_start = IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    speaker = PickerField(Speaker.objects.all(), kind="speakers", required=False, empty_label="The reporter")
    kind = forms.ChoiceField(choices=EvidenceKind.choices)
    argument = PickerField(
        Argument.objects.select_related("position"),
        kind="arguments",
        required=False,
        label="Cite it from argument (optional)",
        empty_label="None",
    )

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].show(Speaker.objects.all())
        debates = Argument.objects.filter(evidence__source=source).values("position__debate")
        self.fields["argument"].show(
            Argument.objects.filter(position__debate__in=debates).select_related("position").order_by("position", "pk")
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

    speaker = PickerField(Speaker.objects.all(), kind="speakers", required=False, empty_label="Nobody quoted")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].show(Speaker.objects.all())


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
    # Shown only on the step that lists the arguments like this one.
    confirmed = forms.BooleanField(required=False, label="None of these says what I mean: send mine anyway")

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
