from django import forms
from django.conf import settings

from .aif_import import MAX_CLAIMS, MAX_NODES


class AifUploadForm(forms.Form):
    file = forms.FileField(
        label="Argument map",
        help_text=(
            "An AIF file as AIFdb exports it, or an xAIF file saved from OVA (.json), "
            f"at most {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB, {MAX_CLAIMS:,} claims and {MAX_NODES:,} nodes."
        ),
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            limit = settings.IMPORT_MAX_BYTES
            raise forms.ValidationError(
                f"The file is {upload.size:,} bytes; an argument map may be at most "
                f"{limit // (1024 * 1024)} MB ({limit:,} bytes). Nothing was imported."
            )
        return upload
