"""The debate builder's pages: the outline of a debate on one page, saved as drafts and published together."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from debate.accounts.roles import moderator_required
from debate.arguments.models import Argument, Debate
from debate.core.models import EditConflict, Status
from debate.sources.models import Source
from debate.sources.services import highlighted_paragraphs

from . import builder
from .builder_forms import DebateStepForm, PositionFormSet, RowFormSet, offer_choices, outline_from

NEW_DEBATE_POSITIONS = 2
NEW_ROWS_PER_POSITION = 2
MAX_SHOWN_DEPTH = 8  # indentation stops here; the parent list still says what a row answers


def _article(request, debate):
    """The article shown beside the outline: the one named in the address (or form), else the first cited."""
    pk = request.POST.get("article") or request.GET.get("source")
    if pk and str(pk).isdigit():
        return Source.objects.filter(pk=int(pk)).first()
    return builder.citable_sources(debate).order_by("pk").first() if debate else None


def _tree_order(arguments):
    """Arguments in outline order: each followed by its replies, oldest first."""
    children = {}
    for argument in sorted(arguments, key=lambda a: a.pk):
        children.setdefault(argument.parent_id, []).append(argument)
    ordered, stack = [], list(reversed(children.get(None, [])))
    while stack:
        argument = stack.pop()
        ordered.append(argument)
        stack.extend(reversed(children.get(argument.pk, [])))
    return ordered


def _initial(debate, article):
    if debate is None:
        motion = ""
        positions = [{"title": "", "slug": ""} for _ in range(NEW_DEBATE_POSITIONS)]
        rows = []
    else:
        motion = debate.motion
        stored = list(debate.positions.order_by("order", "pk"))
        positions = [{"id": p.pk, "title": p.title, "slug": p.slug} for p in stored]
        index = {p.pk: i for i, p in enumerate(stored)}
        arguments = Argument.objects.filter(position__debate=debate).prefetch_related("evidence")
        rows = [
            {
                "id": a.pk,
                "version": a.version,
                "key": f"a{a.pk}",
                "text": a.text,
                "slug": a.slug,
                "position": index[a.position_id],
                "parent": f"a{a.parent_id}" if a.parent_id else "",
                "side": a.position_stance,
                "evidence": [e.pk for e in a.evidence.all()],
            }
            for position in stored
            for a in _tree_order([a for a in arguments if a.position_id == position.pk])
        ]
    if debate is None:
        blanks = [index for index in range(len(positions)) for _ in range(NEW_ROWS_PER_POSITION)]
    else:
        blanks = [max(len(positions) - 1, 0)]
    rows += [{"key": f"n{number}", "position": index, "side": "for"} for number, index in enumerate(blanks, 1)]
    debate_initial = {
        "motion": motion,
        "slug": debate.slug if debate else "",
        "article": article.pk if article else None,
    }
    return debate_initial, positions, rows


def _with_added(data, prefix, values):
    """The posted data with one more blank form in formset ``prefix`` (the no-script "Add a row")."""
    data = data.copy()
    total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    for name, value in values(total, data).items():
        data[f"{prefix}-{total}-{name}"] = value
    return data


def _new_row(total, data):
    keys = {data.get(f"rows-{i}-key") for i in range(total)}
    number = total + 1
    while f"n{number}" in keys:
        number += 1
    last_position = data.get(f"rows-{total - 1}-position", "0") if total else "0"
    return {"key": f"n{number}", "position": last_position, "side": "for"}


def _page(request, debate, article, forms, status=200):
    debate_form, positions, rows = forms
    evidence = list(builder.citable_evidence(debate, article))
    offer_choices(positions, rows, evidence)
    depths = {}
    for form in rows:
        parent = form["parent"].value()
        form.depth = min(depths[parent] + 1, MAX_SHOWN_DEPTH) if parent in depths else 0
        depths[form["key"].value()] = form.depth
    context = {
        "debate": debate,
        "article": article,
        "debate_form": debate_form,
        "positions": positions,
        "rows": rows,
        "evidence_count": len(evidence),
        "paragraphs": highlighted_paragraphs(article.text, [e for e in evidence if e.source_id == article.pk])
        if article
        else [],
        "publishable": [(kind, obj, f"{kind}-{obj.pk}") for kind, obj in builder.publishable(debate, article)]
        if debate
        else [],
    }
    return render(request, "moderation/builder/build.html", context, status=status)


def _bound(data):
    return (
        DebateStepForm(data),
        PositionFormSet(data, prefix="positions"),
        RowFormSet(data, prefix="rows"),
    )


def _build(request, debate):
    article = _article(request, debate)
    if request.method != "POST":
        debate_initial, positions, rows = _initial(debate, article)
        forms = (
            DebateStepForm(initial=debate_initial),
            PositionFormSet(initial=positions, prefix="positions"),
            RowFormSet(initial=rows, prefix="rows"),
        )
        return _page(request, debate, article, forms)
    if "add_row" in request.POST or "add_position" in request.POST:
        data = request.POST
        if "add_position" in request.POST:
            data = _with_added(data, "positions", lambda total, data: {"title": ""})
        else:
            data = _with_added(data, "rows", _new_row)
        forms = _bound(data)
        for form in (forms[0], *forms[1], *forms[2]):
            form.errors  # noqa: B018 - validate now so the page shows the posted values
        return _page(request, debate, article, forms)
    forms = _bound(request.POST)
    debate_form, positions, rows = forms
    evidence = list(builder.citable_evidence(debate, article))
    offer_choices(positions, rows, evidence)
    if debate_form.is_valid() and positions.is_valid() and rows.is_valid():
        try:
            saved = builder.builder_save(
                moderator=request.user, debate=debate, outline=outline_from(debate_form, positions, rows, article)
            )
        except EditConflict as conflict:
            messages.error(request, f"Nothing was saved: {conflict}")
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Saved as drafts. Check what to publish below, then publish the debate.")
            url = reverse("builder:build", args=[saved.pk])
            return redirect(f"{url}?source={article.pk}#publish" if article else f"{url}#publish")
    return _page(request, debate, article, forms, status=400)


@moderator_required
def build_new(request):
    return _build(request, None)


@moderator_required
def build(request, pk):
    return _build(request, get_object_or_404(Debate, pk=pk))


@moderator_required
@require_POST
def publish(request, pk):
    debate = get_object_or_404(Debate, pk=pk)
    article = _article(request, debate)
    items = []
    for value in request.POST.getlist("publish"):
        kind, _, number = value.partition("-")
        if not number.isdigit():
            messages.error(request, "Nothing was published: the list of what to publish was not understood.")
            return redirect("builder:build", pk=debate.pk)
        items.append((kind, int(number)))
    back = reverse("builder:build", args=[debate.pk]) + (f"?source={article.pk}" if article else "")
    if not items:
        messages.error(request, "Nothing was published: tick what to publish.")
        return redirect(back)
    try:
        published = builder.debate_publish(moderator=request.user, debate=debate, items=items, article=article)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, f"Published {len(published)} item{'s' * (len(published) != 1)}.")
    debate.refresh_from_db()
    return redirect(debate.get_absolute_url() if debate.status == Status.PUBLISHED else back)
