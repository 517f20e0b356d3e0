from django import forms

from debate.core.forms import ModelChoiceField, ModelMultipleChoiceField, VersionedModelForm
from debate.sources.models import Evidence

from .models import Argument, Debate, Position


class DebateForm(VersionedModelForm):
    class Meta:
        model = Debate
        fields = ["motion", "slug", "summary", "status"]


class PositionForm(VersionedModelForm):
    class Meta:
        model = Position
        fields = ["debate", "title", "slug", "summary", "holders", "order", "status"]


class ArgumentForm(VersionedModelForm):
    parent = ModelChoiceField(
        queryset=Argument.objects.all(),
        required=False,
        widget=forms.NumberInput,
        help_text="Number of the argument this one answers; leave empty for a top-level argument.",
    )
    evidence = ModelMultipleChoiceField(
        queryset=Evidence.objects.select_related("speaker", "source"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Argument
        fields = ["position", "parent", "stance", "text", "speaker", "evidence", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].label_from_instance = lambda e: f"{e.quote[:140]} — {e.speaker or 'the reporter'}"
