from django import forms


class VersionedModelForm(forms.ModelForm):
    """Carries the version the editor started from, so a stale save is refused below the form."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def save(self, commit=True):
        if self.instance.pk and self.cleaned_data.get("version"):
            self.instance.version = self.cleaned_data["version"]
        return super().save(commit=commit)
