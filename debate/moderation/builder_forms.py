"""The debate builder's forms: the debate, a formset of positions and a formset of outline rows.

They work without JavaScript: each row chooses its position, its parent among the rows above and its
evidence by checkbox; ``static/js/builder.js`` adds keys, buttons and a live filter on top.
"""

from django import forms

from debate.arguments.models import Debate, Position, Stance
from debate.core.forms import IntegerField
from debate.core.models import ARGUMENT_MAX_LENGTH, QUOTE_MAX_LENGTH

from .builder import ArgumentRow, Outline, Passage, PositionRow

SLUG_HELP = "Leave empty to make it from the text."


class DebateStepForm(forms.Form):
    motion = forms.CharField(max_length=Debate._meta.get_field("motion").max_length, required=False, label="Motion")
    slug = forms.SlugField(max_length=100, required=False, label="Address (slug)", help_text=SLUG_HELP)
    article = IntegerField(required=False, widget=forms.HiddenInput)


class PositionStepForm(forms.Form):
    id = IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(max_length=Position._meta.get_field("title").max_length, required=False)
    slug = forms.SlugField(max_length=100, required=False, label="Slug", help_text=SLUG_HELP)


class RowForm(forms.Form):
    id = IntegerField(required=False, widget=forms.HiddenInput)
    version = IntegerField(required=False, widget=forms.HiddenInput)
    key = forms.SlugField(max_length=20, widget=forms.HiddenInput)
    text = forms.CharField(
        max_length=ARGUMENT_MAX_LENGTH, required=False, label="Claim", widget=forms.Textarea(attrs={"rows": 2})
    )
    position = forms.TypedChoiceField(coerce=int, label="Position")
    parent = forms.ChoiceField(required=False, label="Answers")
    side = forms.ChoiceField(choices=Stance.choices, widget=forms.RadioSelect, initial=Stance.FOR, label="Side")
    evidence = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple, label="Evidence"
    )
    passage = forms.CharField(
        max_length=QUOTE_MAX_LENGTH,
        required=False,
        label="Or quote a passage of the article",
        help_text="Type or paste it, or select it in the article.",
    )
    passage_start = IntegerField(required=False, widget=forms.HiddenInput)
    passage_end = IntegerField(required=False, widget=forms.HiddenInput)
    slug = forms.SlugField(max_length=100, required=False, label="Slug", help_text=SLUG_HELP)

    def is_blank(self):
        data = self.cleaned_data
        return not (data.get("id") or (data.get("text") or "").strip() or data.get("evidence") or data.get("passage"))


PositionFormSet = forms.formset_factory(PositionStepForm, extra=0)
RowFormSet = forms.formset_factory(RowForm, extra=0)


def _value(form, name):
    """A field's value as the page shows it: posted when bound, else its initial value."""
    return form[name].value()


def offer_choices(positions, rows, evidence):
    """Give every row its choices: the positions by number and title, the rows (as parents), the evidence."""
    position_choices = [
        (index, f"Position {index + 1}" + (f": {_value(form, 'title')}" if _value(form, "title") else ""))
        for index, form in enumerate(positions)
    ]
    labels = []
    for number, form in enumerate(rows, 1):
        text = (_value(form, "text") or "").strip()
        labels.append((_value(form, "key"), f"Argument {number}" + (f": {text[:60]}" if text else "")))
    evidence_choices = [
        (item.pk, f"“{item.quote}” — {item.speaker.name if item.speaker else 'the reporter'}") for item in evidence
    ]
    for form in rows:
        form.fields["position"].choices = position_choices
        form.fields["parent"].choices = [("", "The position (a top-level argument)"), *labels]
        form.fields["evidence"].choices = evidence_choices


def outline_from(debate_form, positions, rows, article):
    """The outline the forms describe (blank rows left out), for ``builder_save``."""
    data = debate_form.cleaned_data
    kept = [form for form in rows if not form.is_blank()]
    # A position is kept when it has a title or arguments: one with arguments and no title is an error to show.
    used = {form.cleaned_data["position"] for form in kept}
    kept_positions = [
        index
        for index, form in enumerate(positions)
        if form.cleaned_data.get("id") or form.cleaned_data.get("title", "").strip() or index in used
    ]
    renumbered = {old: new for new, old in enumerate(kept_positions)}
    return Outline(
        motion=data["motion"],
        slug=data["slug"],
        article=article,
        positions=[
            PositionRow(
                title=positions[index].cleaned_data["title"],
                slug=positions[index].cleaned_data["slug"],
                id=positions[index].cleaned_data["id"],
            )
            for index in kept_positions
        ],
        rows=[
            ArgumentRow(
                key=form.cleaned_data["key"],
                text=form.cleaned_data["text"],
                position=renumbered[form.cleaned_data["position"]],
                side=form.cleaned_data["side"],
                parent=form.cleaned_data["parent"] or None,
                slug=form.cleaned_data["slug"],
                evidence=form.cleaned_data["evidence"],
                passages=[
                    Passage(
                        quote=form.cleaned_data["passage"],
                        start=form.cleaned_data["passage_start"],
                        end=form.cleaned_data["passage_end"],
                    )
                ]
                if form.cleaned_data["passage"]
                else [],
                id=form.cleaned_data["id"],
                version=form.cleaned_data["version"],
            )
            for form in kept
        ],
    )
