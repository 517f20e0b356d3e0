from django import forms
from django.db.models import Q

from debate.core.forms import MAX_ID, ModelChoiceField, ModelMultipleChoiceField, VersionedModelForm
from debate.core.hostile_input import is_whole_number
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

    evidence_help = "Excerpts of the articles this debate already cites; attach others from a source's page."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["evidence"]
        field.label_from_instance = lambda e: f"{e.quote[:140]} — {e.speaker or 'the reporter'}"
        field.help_text = self.evidence_help
        field.queryset = self._debate_evidence()

    def _debate_evidence(self):
        """Excerpts of the sources the argument's debate cites, so the list does not hold the whole site."""
        position = str(self.data.get("position") or self.initial.get("position") or self.instance.position_id or "")
        if not is_whole_number(position) or int(position) > MAX_ID:
            return Evidence.objects.none()
        debate = Position.objects.filter(pk=position).values("debate_id")
        cited_sources = Evidence.objects.filter(arguments__position__debate_id__in=debate).values("source_id")
        own = Q(arguments=self.instance.pk) if self.instance.pk else Q(pk__in=[])
        return (
            Evidence.objects.filter(Q(source_id__in=cited_sources) | own)
            .select_related("speaker", "source")
            .distinct()
            .order_by("source", "start")
        )
