from django import forms

from debate.core.forms import IntegerField, ModelChoiceField
from debate.core.models import QUOTE_MAX_LENGTH, Status
from debate.sources.models import EvidenceKind, Source, Speaker

from . import services
from .documents import UnreadableArticle, size_label
from .models import ExtractionProposal


def _max_length(name):
    return Source._meta.get_field(name).max_length


class ImportForm(forms.Form):
    """An article, pasted or uploaded, with what the moderator knows about it."""

    text = forms.CharField(
        required=False,
        strip=False,  # stored verbatim: offsets count every character
        widget=forms.Textarea(attrs={"rows": 12}),
        label="Paste the article's text",
        help_text="One paragraph per line, headline left out.",
    )
    file = forms.FileField(
        required=False,
        label="Or upload it",
        help_text=f"A plain-text file (.txt, UTF-8) or a page saved from the browser (.html), at most {size_label()}.",
        widget=forms.FileInput(attrs={"accept": ".txt,.html,.htm,text/plain,text/html"}),
    )
    title = forms.CharField(
        required=False,
        max_length=_max_length("title"),
        help_text="Required, unless a saved page names its title.",
    )
    publication = forms.CharField(required=False, max_length=_max_length("publication"))
    byline = forms.CharField(required=False, max_length=_max_length("byline"), label="Byline (author)")
    published_on = forms.DateField(
        required=False, label="Date published", widget=forms.DateInput(attrs={"type": "date"})
    )
    url = forms.URLField(required=False, max_length=_max_length("url"), assume_scheme="https", label="Address (URL)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The import explains binary input in its own words (see services.read_pasted).
        self.fields["text"].validators = []

    def clean(self):
        data = super().clean()
        text, upload = data.get("text") or "", data.get("file")
        if text.strip() and upload:
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        if upload is None and not text:
            raise forms.ValidationError("Paste the article's text or upload a file.")
        details = self.details()
        try:
            if upload is not None:
                data["article_text"] = services.read_upload(upload, details)
            else:
                data["article_text"] = services.read_pasted(text)
        except UnreadableArticle as error:
            self.add_error("file" if upload is not None else "text", str(error))
            if upload is None and len(text) > 1024 * 1024:
                # Sending megabytes of refused text back in the form helps nobody.
                self.data = self.data.copy()
                self.data["text"] = ""
            return data
        data["details"] = details
        return data

    def details(self):
        data = self.cleaned_data
        return services.ArticleDetails(
            title=data.get("title") or "",
            publication=data.get("publication") or "",
            byline=data.get("byline") or "",
            published_on=data.get("published_on"),
            url=data.get("url") or "",
        )


class ProposalEditForm(forms.Form):
    """A moderator's corrections to one proposal: its span, its kind and its speaker."""

    quote = forms.CharField(
        strip=False,
        max_length=QUOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Exactly as the article has it, without quotation marks. Retype it, or change the offsets below.",
    )
    start = IntegerField(min_value=0, help_text="Index of the first character.")
    end = IntegerField(min_value=1, help_text="Index after the last character.")
    kind = forms.ChoiceField(choices=EvidenceKind.choices)
    speaker = ModelChoiceField(
        queryset=Speaker.objects.exclude(status=Status.RETIRED).order_by("name", "pk"),
        required=False,
        empty_label="— not an existing speaker: describe below —",
        label="Existing speaker",
    )
    speaker_name = forms.CharField(
        required=False,
        max_length=300,
        label="New speaker's name",
        help_text="Or the article's description of an unnamed speaker. Leave empty for the reporter's own words.",
    )
    role = forms.CharField(required=False, max_length=300)
    affiliation = forms.CharField(required=False, max_length=300)
    is_anonymous = forms.BooleanField(required=False, label="Unnamed in the article")
    also_same_speaker = forms.BooleanField(required=False, initial=True)

    @classmethod
    def for_proposal(cls, proposal, data=None):
        initial = {
            "quote": proposal.quote,
            "start": proposal.start,
            "end": proposal.end,
            "kind": proposal.kind,
            "speaker": proposal.speaker_id,
            "speaker_name": proposal.speaker_name,
            "role": proposal.role,
            "affiliation": proposal.affiliation,
            "is_anonymous": proposal.is_anonymous,
        }
        form = cls(data, initial=initial)
        others = 0
        if proposal.has_speaker:
            others = ExtractionProposal.objects.attributed_like(proposal).exclude(pk=proposal.pk).count()
        if others:
            quotes = f"{others} other quote{'s' * (others != 1)}"
            form.fields[
                "also_same_speaker"
            ].label = f"Also change the {quotes} attributed to “{proposal.speaker_label}”"
            form.fields["also_same_speaker"].help_text = "Only a changed speaker is copied to them, not the quote."
        else:
            del form.fields["also_same_speaker"]
        return form

    def clean(self):
        data = super().clean()
        no_speaker = data.get("speaker") is None and not (data.get("speaker_name") or "").strip()
        if no_speaker and data.get("kind") == EvidenceKind.QUOTE:
            self.add_error("speaker", "A direct quote needs its speaker: pick one, or give a new speaker's name.")
        return data


class RenameSpeakerForm(forms.Form):
    name = forms.CharField(max_length=300, label="New name")


class MergeSpeakerForm(forms.Form):
    """``into`` is a proposal that stands for the person the others are merged into."""

    into = IntegerField(min_value=1, label="Same person as")
    confirm = forms.BooleanField(required=False)
