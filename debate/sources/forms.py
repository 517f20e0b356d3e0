from django import forms

from debate.core.forms import VersionedModelForm
from debate.core.pickers import PickerField

from .models import Evidence, Source, Speaker


class SpeakerForm(VersionedModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "slug", "role", "affiliation", "is_anonymous", "status"]


class SourceForm(VersionedModelForm):
    url = forms.URLField(required=False, assume_scheme="https", max_length=500)

    class Meta:
        model = Source
        fields = ["title", "slug", "publication", "byline", "published_on", "url", "text", "status"]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"}), "text": forms.Textarea(attrs={"rows": 20})}


class EvidenceForm(VersionedModelForm):
    speaker = PickerField(Speaker.objects.all(), kind="speakers", required=False, empty_label="The reporter")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].show(Speaker.objects.all())

    class Meta:
        model = Evidence
        fields = ["source", "start", "end", "quote", "speaker", "kind"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 3})}
