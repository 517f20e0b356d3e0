"""The moderators' workspace and the students' proposals and flags.

Every write view fetches its object through a helper that also checks the
user's right to it (``_get_for_moderator``, ``_get_readable_argument``).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from debate.accounts.roles import moderator_required, student_required
from debate.arguments import similarity
from debate.arguments.forms import ArgumentForm, DebateForm, PositionForm
from debate.arguments.models import Argument, Debate, Position
from debate.core.forms import MAX_ID
from debate.core.hostile_input import is_whole_number, page_number
from debate.core.models import EditConflict, ObjectGone
from debate.core.pickers import describe
from debate.sources.forms import EvidenceForm, SourceForm, SpeakerForm
from debate.sources.models import Evidence, Source, Speaker

from . import forms, history, services
from .models import Flag, Proposal, ProposalKind, ReviewState

# The kinds of content the workspace curates: model, form, and what a list shows.
KINDS = {
    "debates": (Debate, DebateForm, ["motion"]),
    "positions": (Position, PositionForm, ["title", "summary"]),
    "arguments": (Argument, ArgumentForm, ["text"]),
    "speakers": (Speaker, SpeakerForm, ["name", "role", "affiliation"]),
    "sources": (Source, SourceForm, ["title", "publication"]),
    "evidence": (Evidence, EvidenceForm, ["quote"]),
}
LIST_RELATED = {"positions": ["debate"], "arguments": ["position", "speaker"], "evidence": ["source", "speaker"]}


# What the pickers' lookup searches besides a kind's list fields, and how a debate narrows it.
LOOKUP_SEARCH = {"evidence": ["quote", "speaker__name", "source__title"]}
LOOKUP_RELATED = {"arguments": ["position"], "positions": ["debate"], "evidence": ["source", "speaker"]}
LOOKUP_SCOPE = {"arguments": "position__debate", "positions": "debate"}
LOOKUP_LIMIT = 20


def _kind(kind):
    if kind not in KINDS:
        raise Http404("No such kind of content.")
    return KINDS[kind]


def _get_for_moderator(request, kind, pk):
    """The object of ``kind`` with ``pk``, for a moderator (the decorator has checked the role)."""
    model = _kind(kind)[0]
    return get_object_or_404(model, pk=pk)


def _back(request, default):
    """Where the user came from, when it is on this site: after any action they return to their place."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _add_errors(form, error):
    """Show a model's ValidationError on the form: under its field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, [e.message % (e.params or {}) for e in errors])
    else:
        form.add_error(None, error.messages)


def _thread_url(argument):
    return f"{argument.get_absolute_url()}#argument-{argument.pk}"


@moderator_required
def dashboard(request):
    counts = {kind: model.objects.count() for kind, (model, _, _) in KINDS.items()}
    context = {
        "counts": counts,
        "pending_proposals": Proposal.objects.pending().count(),
        "pending_flags": Flag.objects.pending().count(),
    }
    return render(request, "moderation/dashboard.html", context)


def _an_id(value):
    value = (value or "").strip()
    return int(value) if is_whole_number(value) and len(value) <= len(str(MAX_ID)) and int(value) <= MAX_ID else None


@moderator_required
def lookup(request, kind):
    """The pickers' search: at most 20 items of ``kind`` whose words (or number) match ``q``, as JSON."""
    model, _, search_fields = _kind(kind)
    items = model.objects.select_related(*LOOKUP_RELATED.get(kind, []))
    query = request.GET.get("q", "").strip()[:200]
    if query:
        condition = Q()
        for field in LOOKUP_SEARCH.get(kind, search_fields):
            condition |= Q(**{f"{field}__icontains": query})
        if _an_id(query.removeprefix("#")) is not None:
            condition |= Q(pk=_an_id(query.removeprefix("#")))
        items = items.filter(condition)
    debate = request.GET.get("debate", "")
    if debate and kind in LOOKUP_SCOPE:
        if _an_id(debate) is None:
            return HttpResponseBadRequest("The debate must be a number.")
        items = items.filter(**{LOOKUP_SCOPE[kind]: _an_id(debate)})
    results = []
    for obj in items[:LOOKUP_LIMIT]:
        label, place = describe(obj)
        results.append({"id": obj.pk, "label": label, "detail": place})
    return JsonResponse({"results": results})


@moderator_required
def content_list(request, kind):
    model, _, search_fields = _kind(kind)
    items = model.objects.select_related(*LIST_RELATED.get(kind, [])).order_by("-updated_at", "-pk")
    query = request.GET.get("q", "").strip()
    if query:
        condition = Q()
        for field in search_fields:
            condition |= Q(**{f"{field}__icontains": query[:200]})
        items = items.filter(condition)
    status = request.GET.get("status")
    if status and hasattr(model, "status"):
        items = items.filter(status=status)
    page = Paginator(items, 50).get_page(page_number(request.GET.get("page")))
    return render(
        request,
        "moderation/content_list.html",
        {"kind": kind, "page": page, "query": query, "status": status, "has_status": hasattr(model, "status")},
    )


def _edit(request, kind, obj):
    """Create or edit with the version check; a stale save shows both versions."""
    model, form_class, _ = _kind(kind)
    form = form_class(request.POST or None, instance=obj, initial=request.GET.dict() if obj is None else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = form.save()
        except EditConflict as conflict:
            current = model.objects.get(pk=obj.pk)
            fresh = form_class(instance=current)
            return render(
                request,
                "moderation/conflict.html",
                {"kind": kind, "form": form, "current": current, "fresh_form": fresh, "message": str(conflict)},
                status=409,
            )
        except ObjectGone as gone:
            return render(
                request,
                "moderation/conflict.html",
                {"kind": kind, "form": form, "merged_into": gone.merged_into, "message": str(gone)},
                status=409,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Saved “{saved}”.")
            return redirect(
                _back(request, saved.get_absolute_url() if kind != "evidence" else saved.source.get_absolute_url())
            )
    return render(request, "moderation/edit.html", {"kind": kind, "form": form, "obj": obj})


@moderator_required
def content_create(request, kind):
    return _edit(request, kind, None)


@moderator_required
def content_edit(request, kind, pk):
    return _edit(request, kind, _get_for_moderator(request, kind, pk))


@moderator_required
@require_POST
def content_status(request, kind, pk):
    obj = _get_for_moderator(request, kind, pk)
    form = forms.StatusForm(request.POST)
    if not hasattr(obj, "status") or not form.is_valid():
        messages.error(request, "That status change is not possible.")
        return redirect(_back(request, "moderation:dashboard"))
    try:
        services.set_status(obj=obj, status=form.cleaned_data["status"], version=form.cleaned_data["version"])
    except EditConflict as conflict:
        messages.error(request, f"{conflict} Nothing was changed; here is the current version.")
    except ObjectGone as gone:
        messages.error(request, str(gone))
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, f"“{obj}” is now {obj.get_status_display().lower()}.")
    return redirect(_back(request, "moderation:dashboard"))


@moderator_required
def content_history(request, kind, pk):
    obj = _get_for_moderator(request, kind, pk)
    return render(request, "moderation/history.html", {"kind": kind, "obj": obj, "records": history.readable(obj)})


@moderator_required
@require_POST
def content_revert(request, kind, pk, history_id):
    obj = _get_for_moderator(request, kind, pk)
    record = get_object_or_404(obj.history.all(), history_id=history_id)
    form = forms.VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Reload the history page and try again.")
        return redirect("moderation:history", kind=kind, pk=pk)
    try:
        services.revert(obj=obj, record=record, version=form.cleaned_data["version"])
    except (ValidationError, EditConflict, ObjectGone) as error:
        messages.error(request, f"Could not revert: {error}")
    else:
        messages.success(request, f"Reverted to the version of {record.history_date:%Y-%m-%d %H:%M}.")
    return redirect("moderation:history", kind=kind, pk=pk)


@moderator_required
def argument_move(request, pk):
    argument = _get_for_moderator(request, "arguments", pk)
    form = forms.MoveForm(
        request.POST or None,
        initial={"version": argument.version, "position": argument.position_id, "parent": argument.parent_id},
        debate=argument.position.debate,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.move_argument(
                argument=argument,
                new_parent=form.cleaned_data["parent"],
                new_position=form.cleaned_data["position"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        except EditConflict as conflict:
            form.add_error(None, f"{conflict} Reload the page to see where it is now.")
        except ObjectGone as gone:
            form.add_error(None, str(gone))
        else:
            messages.success(request, "Argument moved; its replies moved with it.")
            return redirect(_thread_url(argument))
    return render(request, "moderation/move.html", {"argument": argument, "form": form})


def _merge_form(request, kind, data=None):
    """The form choosing the two items; a debate (asked for, or an item's) lists its arguments."""
    model = _kind(kind)[0]
    if kind == "speakers":
        return forms.MergeForm(
            data,
            initial=request.GET.dict(),
            kind=kind,
            queryset=model.objects.all(),
            shown=model.objects.all(),
            scope={},
        ), None
    debate = Debate.objects.filter(pk=_an_id(request.GET.get("debate"))).first()
    if debate is None:
        given = [_an_id((data or request.GET).get(name)) for name in ("survivor", "duplicate")]
        debate = Debate.objects.filter(positions__arguments__in=[pk for pk in given if pk]).first()
    queryset = Argument.objects.select_related("position")
    shown = queryset.filter(position__debate=debate).order_by("position", "pk") if debate else queryset.none()
    scope = {"debate": debate.pk} if debate else {}
    form = forms.MergeForm(data, initial=request.GET.dict(), kind=kind, queryset=queryset, shown=shown, scope=scope)
    return form, debate


def _merge(request, kind, merge):
    """Choose the two items, see what would move, confirm: nothing changes before the confirmation."""
    model = _kind(kind)[0]
    context = {"kind": kind, "debates": Debate.objects.all() if kind == "arguments" else None}
    if request.method == "POST" and "confirm" in request.POST:
        confirm = forms.MergeConfirmForm(request.POST)
        form, context["debate"] = _merge_form(request, kind, request.POST)
        if confirm.is_valid():
            data = confirm.cleaned_data
            found = model.objects.in_bulk([data["survivor"], data["duplicate"]])
            try:
                if data["survivor"] not in found or data["duplicate"] not in found:
                    raise ValidationError(f"One of the two {kind} was removed meanwhile.")
                survivor = merge(
                    survivor=found[data["survivor"]],
                    duplicate=found[data["duplicate"]],
                    survivor_version=data["survivor_version"],
                    duplicate_version=data["duplicate_version"],
                )
            except (ValidationError, EditConflict) as error:
                messages.error(request, f"{'; '.join(getattr(error, 'messages', [str(error)]))} Nothing was merged.")
            else:
                messages.success(request, f"Merged into “{survivor}”; every reference now points to it.")
                return redirect(survivor.get_absolute_url())
        return render(request, "moderation/merge.html", {**context, "form": form})
    form, context["debate"] = _merge_form(request, kind, request.POST or None)
    if request.method == "POST" and form.is_valid():
        survivor, duplicate = form.cleaned_data["survivor"], form.cleaned_data["duplicate"]
        try:
            moves = services.merge_preview(survivor=survivor, duplicate=duplicate)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            confirm = forms.MergeConfirmForm(
                initial={
                    "survivor": survivor.pk,
                    "duplicate": duplicate.pk,
                    "survivor_version": survivor.version,
                    "duplicate_version": duplicate.version,
                }
            )
            return render(
                request,
                "moderation/merge_confirm.html",
                {**context, "survivor": survivor, "duplicate": duplicate, "moves": moves, "confirm": confirm},
            )
    return render(request, "moderation/merge.html", {**context, "form": form})


@moderator_required
def argument_merge(request):
    return _merge(request, "arguments", services.merge_arguments)


@moderator_required
def speaker_merge(request):
    return _merge(request, "speakers", services.merge_speakers)


@moderator_required
def attach_evidence(request, pk):
    source = _get_for_moderator(request, "sources", pk)
    form = forms.AttachEvidenceForm(request.POST or None, initial=request.GET.dict(), source=source)
    occurrences = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            start, end = services.locate_passage(
                source, data["quote"], data["start"], data["end"], data["chosen_start"]
            )
            # A selection's quote is checked against its offsets (the model's verbatim rule); a typed one was found.
            selected = data["start"] is not None and data["end"] is not None
            evidence = services.attach_evidence(
                source=source,
                start=start,
                end=end,
                quote=data["quote"].replace("\r\n", "\n") if selected else source.text[start:end],
                speaker=data["speaker"],
                kind=data["kind"],
                argument=data["argument"],
            )
        except services.AmbiguousPassage as ambiguous:
            occurrences = [
                (s, source.text[max(0, s - 60) : s], source.text[s + len(data["quote"]) : s + len(data["quote"]) + 60])
                for s in ambiguous.starts
            ]
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Evidence attached.")
            return redirect(_back(request, evidence.get_absolute_url()))
    return render(
        request, "moderation/attach_evidence.html", {"source": source, "form": form, "occurrences": occurrences}
    )


def _with_likely_duplicates(proposals):
    """Each proposed argument's close matches among the published ones, for a page of them in a few queries."""
    wanted = {p.pk: (p.position.debate_id, p.text) for p in proposals if p.kind == ProposalKind.ARGUMENT}
    found = similarity.similar_for_each(wanted, limit=3)
    for proposal in proposals:
        proposal.likely_duplicates = [m for m in found.get(proposal.pk, []) if m.score >= similarity.CLOSE]
    return proposals


@moderator_required
def queue(request):
    proposals = Proposal.objects.pending().select_related("author", "position__debate", "parent", "source")
    flags = Flag.objects.pending().select_related("author", "argument", "evidence__source")
    page = Paginator(proposals, 50).get_page(page_number(request.GET.get("page")))
    page.object_list = _with_likely_duplicates(list(page.object_list))
    return render(request, "moderation/queue.html", {"proposals": page, "flags": flags[:100]})


@moderator_required
def proposal_review(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.select_related("author", "position__debate", "parent", "source", "speaker"), pk=pk
    )
    edit_form = forms.ProposalEditForm(request.POST or None, instance=proposal)
    review_form = forms.ReviewForm(request.POST or None)
    action = request.POST.get("action")
    try:
        if action == "approve" and edit_form.is_valid() and review_form.is_valid():
            # The edits go to the service, which applies them to the row it has locked: saving this
            # form would write back the proposal as it was loaded, pending, over a concurrent review.
            argument = services.proposal_approve(
                proposal=proposal,
                moderator=request.user,
                reason=review_form.cleaned_data["review_reason"],
                changes={name: edit_form.cleaned_data[name] for name in Proposal.EDITABLE_IN_REVIEW},
            )
            messages.success(request, "Approved and published.")
            return redirect(_thread_url(argument) if argument else proposal.get_absolute_url())
        if action == "reject" and review_form.is_valid():
            services.proposal_reject(
                proposal=proposal, moderator=request.user, reason=review_form.cleaned_data["review_reason"]
            )
            messages.success(request, "Rejected; the student can see your reason.")
            return redirect("moderation:queue")
    except services.AlreadyReviewed as reviewed:
        messages.error(request, f"{reviewed} Your decision was not applied.")
        return redirect(proposal.get_absolute_url())
    except ValidationError as error:
        _add_errors(edit_form if action == "approve" else review_form, error)
    return render(
        request,
        "moderation/proposal_review.html",
        {"proposal": _with_likely_duplicates([proposal])[0], "edit_form": edit_form, "review_form": review_form},
    )


@moderator_required
@require_POST
def flag_review(request, pk):
    flag = get_object_or_404(Flag, pk=pk)
    form = forms.ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(form.errors["review_reason"]))
        return redirect("moderation:queue")
    reason = form.cleaned_data["review_reason"]
    try:
        if request.POST.get("action") == "resolve":
            services.flag_resolve(flag=flag, moderator=request.user, reason=reason)
        else:
            services.flag_reject(flag=flag, moderator=request.user, reason=reason)
    except services.AlreadyReviewed as reviewed:
        messages.error(request, str(reviewed))
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, "Flag closed.")
    return redirect("moderation:queue")


# Students ---------------------------------------------------------------


def _get_readable_argument(pk):
    return get_object_or_404(Argument.objects.readable().select_related("position__debate"), pk=pk)


def _debate_evidence(position):
    """Evidence a student may cite: what the debate's arguments already cite, published sources only."""
    return (
        Evidence.objects.visible()
        .filter(arguments__position__debate=position.debate_id)
        .select_related("speaker")
        .distinct()
        .order_by("source", "start")
    )


def _close_matches(position, text):
    found = similarity.similar_arguments(debate_id=position.debate_id, text=text)
    return [match for match in found if match.score >= similarity.CLOSE]


def _propose_argument(request, position, parent):
    form = forms.ArgumentProposalForm(
        request.POST or None, evidence_choices=_debate_evidence(position), answering=parent or position
    )
    matches = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The arguments like theirs come first (the page lists them as they type when it can), and
        # nothing is stored until the student sends theirs anyway.
        matches = [] if data["confirmed"] else _close_matches(position, data["text"])
        if not matches:
            try:
                services.proposal_submit(
                    author=request.user,
                    kind=ProposalKind.ARGUMENT,
                    position=position,
                    parent=parent,
                    stance=data["stance"],
                    text=data["text"],
                    cited_evidence=data["cited_evidence"],
                    source=data["source"],
                    quote=data["quote"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "Thank you! Your proposal is waiting for a moderator.")
                return redirect(_back(request, _thread_url(parent) if parent else position.get_absolute_url()))
    return render(
        request,
        "moderation/propose.html",
        {"form": form, "position": position, "parent": parent, "matches": matches, "close_score": similarity.CLOSE},
    )


@student_required
def propose_argument(request, position_pk):
    position = get_object_or_404(Position.objects.readable().select_related("debate"), pk=position_pk)
    return _propose_argument(request, position, None)


@student_required
def propose_reply(request, pk):
    parent = _get_readable_argument(pk)
    return _propose_argument(request, parent.position, parent)


@student_required
def propose_evidence(request, pk):
    argument = _get_readable_argument(pk)
    form = forms.EvidenceProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_submit(
                author=request.user,
                kind=ProposalKind.EVIDENCE,
                position=argument.position,
                parent=argument,
                source=data["source"],
                quote=data["quote"],
                speaker=data["speaker"],
                evidence_kind=data["evidence_kind"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Thank you! Your evidence is waiting for a moderator.")
            return redirect(_back(request, _thread_url(argument)))
    return render(request, "moderation/propose_evidence.html", {"form": form, "argument": argument})


def _flag(request, argument=None, evidence=None):
    form = forms.FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.flag_submit(author=request.user, argument=argument, evidence=evidence, **form.cleaned_data)
        messages.success(request, "Thank you! A moderator will look at it.")
        default = _thread_url(argument) if argument else evidence.get_absolute_url()
        return redirect(_back(request, default))
    return render(request, "moderation/flag.html", {"form": form, "target": argument or evidence})


@student_required
def flag_argument(request, pk):
    return _flag(request, argument=_get_readable_argument(pk))


@student_required
def flag_evidence(request, pk):
    return _flag(request, evidence=get_object_or_404(Evidence.objects.visible().select_related("source"), pk=pk))


@student_required
def my_contributions(request):
    proposals = Proposal.objects.filter(author=request.user).select_related("position__debate", "parent", "result")
    flags = Flag.objects.filter(author=request.user).select_related("argument", "evidence")
    return render(
        request,
        "moderation/my_contributions.html",
        {"proposals": proposals, "flags": flags, "states": ReviewState},
    )
