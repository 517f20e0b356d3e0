from django import forms
from django.core.exceptions import ValidationError
from django.db import models

MAX_ID = 2**63 - 1  # larger numbers overflow the database's integer columns


def _too_large(value):
    return str(value).strip().isdigit() and int(str(value).strip()) > MAX_ID


class ModelChoiceField(forms.ModelChoiceField):
    """Refuses an id too large for the database as an invalid choice, rather than failing in SQLite."""

    def to_python(self, value):
        if value not in self.empty_values and _too_large(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            if _too_large(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


def bounded_formfield(field, **kwargs):
    """Model forms use the bounded choice fields for every relation."""
    if isinstance(field, models.ManyToManyField):
        return field.formfield(form_class=ModelMultipleChoiceField, **kwargs)
    if isinstance(field, models.ForeignKey):
        return field.formfield(form_class=ModelChoiceField, **kwargs)
    return field.formfield(**kwargs)


class BoundedModelForm(forms.ModelForm):
    formfield_callback = bounded_formfield


class VersionedModelForm(BoundedModelForm):
    """Carries the version the editor started from, so a stale save is refused below the form."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].required = True
            if not self.is_bound:
                self.initial["version"] = self.instance.version

    def save(self, commit=True):
        if self.instance.pk:
            self.instance.version = self.cleaned_data["version"]
        return super().save(commit=commit)
