from django import forms
from django.db.models import Q

from debate.core.forms import MAX_ID, ModelMultipleChoiceField, VersionedModelForm
from debate.core.hostile_input import is_whole_number
from debate.core.models import GLOSSARY_DEFINITION_MAX_LENGTH, GLOSSARY_MAX_ENTRIES, GLOSSARY_TERM_MAX_LENGTH
from debate.core.pickers import PickerField
from debate.sources.models import Evidence, Source, Speaker

from .models import Argument, Debate, Position


class GlossaryField(forms.CharField):
    """The glossary as lines of "term: definition", which the model holds as a list of entries."""

    widget = forms.Textarea

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{entry['term']}: {entry['definition']}" for entry in value if isinstance(entry, dict))
        return value

    def to_python(self, value):
        entries = []
        for number, line in enumerate((super().to_python(value) or "").splitlines(), start=1):
            if not line.strip():
                continue
            term, colon, definition = line.partition(":")
            if not colon or not term.strip() or not definition.strip():
                raise forms.ValidationError(f"Line {number} needs a term, a colon and a definition.")
            entries.append({"term": term.strip(), "definition": definition.strip()})
        return entries


class DebateForm(VersionedModelForm):
    glossary = GlossaryField(
        required=False,
        max_length=GLOSSARY_MAX_ENTRIES * (GLOSSARY_TERM_MAX_LENGTH + GLOSSARY_DEFINITION_MAX_LENGTH + 3),
        help_text="One term per line: the term, a colon, then a short definition (one sentence). "
        "The first use of each term on the debate's pages is marked and explains itself.",
    )

    class Meta:
        model = Debate
        fields = ["motion", "slug", "summary", "background", "glossary", "status"]


class PositionForm(VersionedModelForm):
    class Meta:
        model = Position
        fields = ["debate", "title", "slug", "summary", "holders", "order", "status"]


# The newest articles' excerpts are offered to cite, with those of the articles the debate cites:
# a debate's first argument can cite the quotes just imported.
RECENT_SOURCES = 3


class ArgumentForm(VersionedModelForm):
    position = PickerField(Position.objects.select_related("debate"), kind="positions")
    parent = PickerField(
        Argument.objects.select_related("position"),
        kind="arguments",
        required=False,
        empty_label="None: a top-level argument",
        help_text="The argument this one answers, found by its words; leave empty for a top-level argument.",
    )
    speaker = PickerField(
        Speaker.objects.all(),
        kind="speakers",
        required=False,
        empty_label="Nobody quoted",
        help_text="Only when the argument is this person's own claim.",
    )
    cite = PickerField(
        Evidence.objects.select_related("speaker", "source"),
        kind="evidence",
        required=False,
        label="Cite another excerpt",
        empty_label="None",
        help_text="Search any article's excerpts by their words, speaker or article.",
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

    field_order = ["position", "parent", "stance", "text", "speaker", "evidence", "cite", "status"]
    evidence_help = "Excerpts of the articles this debate already cites; attach others from a source's page."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["evidence"]
        field.label_from_instance = lambda e: f"{e.quote[:140]} — {e.speaker or 'the reporter'}"
        field.help_text = self.evidence_help
        debate = self._debate()
        field.queryset = self._debate_evidence(debate)
        self.fields["parent"].show(
            Argument.objects.filter(position__debate__in=debate).select_related("position"),
            **({"debate": self._debate_id} if self._debate_id else {}),
        )
        self.fields["speaker"].show(Speaker.objects.all())
        self.fields["position"].show(Position.objects.select_related("debate"))
        recent = Source.objects.order_by("-created_at", "-pk").values("pk")[:RECENT_SOURCES]
        self.fields["cite"].show(
            Evidence.objects.filter(source__in=recent)
            .exclude(pk__in=field.queryset.values("pk"))
            .select_related("speaker", "source")
            .order_by("source", "start")
        )

    def _debate(self):
        """The argument's debate (as a one-row subquery), from the position chosen or given."""
        position = str(self.data.get("position") or self.initial.get("position") or self.instance.position_id or "")
        if not is_whole_number(position) or int(position) > MAX_ID:
            self._debate_id = None
            return Debate.objects.none().values("pk")
        self._debate_id = Position.objects.filter(pk=position).values_list("debate_id", flat=True).first()
        return Position.objects.filter(pk=position).values("debate_id")

    def _debate_evidence(self, debate):
        """Excerpts of the sources the argument's debate cites, so the list does not hold the whole site."""
        cited_sources = Evidence.objects.filter(arguments__position__debate_id__in=debate).values("source_id")
        own = Q(arguments=self.instance.pk) if self.instance.pk else Q(pk__in=[])
        return (
            Evidence.objects.filter(Q(source_id__in=cited_sources) | own)
            .select_related("speaker", "source")
            .distinct()
            .order_by("source", "start")
        )

    def clean(self):
        data = super().clean()
        if data.get("cite") is not None:
            data["evidence"] = [*data.get("evidence", []), data["cite"]]
        return data
