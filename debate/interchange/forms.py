from django import forms
from django.conf import settings

from .aif_import import MAX_CLAIMS, MAX_NODES
from .argdown_import import MAX_ARGUMENTS

LIMIT_MB = settings.IMPORT_MAX_BYTES // (1024 * 1024)


def _too_big(size, what, kind):
    limit = settings.IMPORT_MAX_BYTES
    return forms.ValidationError(
        f"The {what} is {size:,} bytes; {kind} may be at most {LIMIT_MB} MB ({limit:,} bytes). Nothing was imported."
    )


class ImportForm(forms.Form):
    copy = forms.BooleanField(
        label="Import as a copy",
        required=False,
        help_text="When the same debate is already on the site, import it anyway as a new draft (slug ending “-copy”).",
    )


class AifUploadForm(ImportForm):
    file = forms.FileField(
        label="Argument map",
        help_text=(
            "An AIF file as AIFdb exports it, or an xAIF file saved from OVA (.json), "
            f"at most {LIMIT_MB} MB, {MAX_CLAIMS:,} claims and {MAX_NODES:,} nodes."
        ),
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
    )
    field_order = ["file", "copy"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise _too_big(upload.size, "file", "an argument map")
        return upload

    def document(self):
        return self.cleaned_data["file"].read()


class ArgdownForm(ImportForm):
    text = forms.CharField(
        label="Argdown",
        required=False,
        strip=False,
        help_text="Paste or write the outline here, or upload a file below.",
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false", "class": "monospace"}),
    )
    file = forms.FileField(
        label="Argdown file",
        required=False,
        help_text=f"A .argdown or .txt file in UTF-8, at most {LIMIT_MB} MB and {MAX_ARGUMENTS:,} arguments.",
        widget=forms.FileInput(attrs={"accept": ".argdown,.ad,.txt,text/plain"}),
    )
    field_order = ["text", "file", "copy"]

    def clean_text(self):
        text = self.cleaned_data["text"]
        size = len(text.encode("utf-8", errors="surrogatepass"))
        if size > settings.IMPORT_MAX_BYTES:
            raise _too_big(size, "outline", "an outline")
        return text

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and upload.size > settings.IMPORT_MAX_BYTES:
            raise _too_big(upload.size, "file", "an outline")
        return upload

    def clean(self):
        cleaned = super().clean()
        has_text, has_file = bool((cleaned.get("text") or "").strip()), bool(cleaned.get("file"))
        if not self.errors and has_text == has_file:
            both = "Paste the outline or upload a file (one of the two)."
            raise forms.ValidationError(both if has_text else "Paste an outline or upload a file.")
        return cleaned

    def document(self):
        upload = self.cleaned_data["file"]
        return upload.read() if upload else self.cleaned_data["text"]
