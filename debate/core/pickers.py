"""Pickers: choose an argument, a speaker, a position or an excerpt by what it says, not by its id.

A picker is a ``<select>`` of the likely choices (the debate's arguments, the site's speakers), so
the form works without JavaScript; static/js/picker.js turns it into a combobox that searches the
whole site through the moderators' lookup (``moderation:lookup``). The field still accepts any id
of its queryset, so a choice found by searching is valid even when the select did not list it.
"""

from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.text import Truncator

from .forms import ModelChoiceField, _not_an_id


def describe(obj):
    """``(what it says, what places it)`` for an item of any pickable kind, as options and the lookup show it."""
    kind = obj._meta.model_name
    if kind == "argument":
        return obj.text, f"{obj.position.title} · {obj.get_position_stance_display().lower()}"
    if kind == "speaker":
        return obj.name, ", ".join(part for part in (obj.role, obj.affiliation) if part)
    if kind == "evidence":
        return f"“{obj.quote}”", f"{obj.speaker or 'the reporter'} · {obj.source.title}"
    if kind == "position":
        return obj.title, obj.debate.motion
    if kind == "source":
        return obj.title, obj.publication
    return str(obj), ""


def option_label(obj):
    label, place = describe(obj)
    label = Truncator(label).chars(120)
    return f"{label} — {place}" if place else label


class Picker(forms.Select):
    """A select that names the lookup it can search; the current choice is always among its options."""

    def __init__(self, kind, attrs=None):
        super().__init__(attrs)
        self.kind = kind
        self.scope = {}
        self.queryset = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        query = f"?{urlencode(self.scope)}" if self.scope else ""
        context["widget"]["attrs"]["data-lookup"] = reverse("moderation:lookup", args=[self.kind]) + query
        return context

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        chosen = [v for v in value if v and not _not_an_id(v)]
        listed = any(option["selected"] and option["value"] != "" for _, options, _ in groups for option in options)
        if chosen and not listed and self.queryset is not None:
            for obj in self.queryset.filter(pk__in=chosen):
                groups.append((None, [self.create_option(name, obj.pk, option_label(obj), True, len(groups))], 0))
        return groups


class PickerField(ModelChoiceField):
    """Any item of ``queryset`` by id; the select lists ``shown`` (a few likely ones) until ``show`` says otherwise."""

    def __init__(self, queryset, *, kind, **kwargs):
        self.shown = None
        super().__init__(queryset, widget=Picker(kind), **kwargs)
        self.widget.queryset = self.queryset

    def label_from_instance(self, obj):
        return option_label(obj)

    def show(self, shown, **scope):
        """List ``shown`` in the select; ``scope`` (e.g. ``debate=3``) narrows the combobox's search."""
        self.shown = shown
        self.widget.scope = scope
        self.widget.choices = self.choices

    def _get_choices(self):
        choices = super()._get_choices()
        if self.shown is not None:
            choices.queryset = self.shown
        return choices

    choices = property(_get_choices, forms.ChoiceField.choices.fset)
