from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from .hostile_input import is_whole_number

MAX_ID = 2**63 - 1  # larger numbers overflow the database's integer columns


def _not_an_id(value):
    """Anything but ASCII digits that fit the database: "²" would crash ``int()``, "٣" would pass as 3."""
    value = str(value).strip()
    return not is_whole_number(value) or len(value) > len(str(MAX_ID)) or int(value) > MAX_ID


class IntegerField(forms.IntegerField):
    """A whole number in ASCII digits that fits the database's integer columns."""

    def __init__(self, *, max_value=MAX_ID, **kwargs):
        super().__init__(max_value=max_value, **kwargs)

    def to_python(self, value):
        if value not in self.empty_values and not is_whole_number(str(value).strip().removeprefix("-")):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class ModelChoiceField(forms.ModelChoiceField):
    """Refuses anything but an id the database can hold as an invalid choice, rather than failing in SQLite."""

    def to_python(self, value):
        if value not in self.empty_values and _not_an_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            if _not_an_id(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


def bounded_formfield(field, **kwargs):
    """Model forms use the bounded choice and number fields for every relation and integer."""
    if isinstance(field, models.ManyToManyField):
        return field.formfield(form_class=ModelMultipleChoiceField, **kwargs)
    if isinstance(field, models.ForeignKey):
        return field.formfield(form_class=ModelChoiceField, **kwargs)
    if isinstance(field, models.IntegerField) and not field.choices:
        return field.formfield(form_class=IntegerField, **kwargs)
    return field.formfield(**kwargs)


class BoundedModelForm(forms.ModelForm):
    formfield_callback = bounded_formfield


class VersionedModelForm(BoundedModelForm):
    """Carries the version the editor started from, so a stale save is refused below the form."""

    version = IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

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
