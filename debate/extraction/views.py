"""Moderators import an article and review what the extractor proposes, proposal by proposal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from debate.accounts.roles import moderator_required
from debate.moderation.views import _add_errors
from debate.sources.models import Source
from debate.sources.services import highlighted_paragraphs

from . import services
from .forms import ImportForm, MergeSpeakerForm, ProposalEditForm, RenameSpeakerForm
from .models import Decision, ExtractionProposal


def _proposal_url(proposal):
    return f"{reverse('extraction:review', args=[proposal.source_id])}#proposal-{proposal.pk}"


def _get_proposal(pk):
    return get_object_or_404(ExtractionProposal.objects.select_related("source", "speaker"), pk=pk)


@moderator_required
def article_list(request):
    """Articles with proposals, those still waiting for decisions first."""
    sources = (
        Source.objects.filter(extraction_proposals__isnull=False)
        .annotate(
            proposal_count=Count("extraction_proposals"),
            pending_count=Count("extraction_proposals", filter=Q(extraction_proposals__decision=Decision.PENDING)),
            accepted_count=Count("extraction_proposals", filter=Q(extraction_proposals__decision=Decision.ACCEPTED)),
        )
        .order_by("-pending_count", "-created_at")[:200]
    )
    return render(request, "extraction/article_list.html", {"sources": sources})


@moderator_required
def import_article(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            source = services.import_article(form.cleaned_data["article_text"], form.cleaned_data["details"])
        except services.DuplicateArticle as error:
            duplicate = error.existing
            form.add_error(None, "This article is already on the site; nothing was added.")
        except ValidationError as error:
            _add_errors(form, error)
        else:
            count = source.extraction_proposals.count()
            found = f"{count} quotation{'s' * (count != 1)} found"
            messages.success(request, f"Imported “{source.title}” as a draft: {found}.")
            return redirect("extraction:review", pk=source.pk)
    return render(request, "extraction/import.html", {"form": form, "duplicate": duplicate})


def _review(request, source, status=200):
    proposals = list(source.extraction_proposals.select_related("speaker", "evidence"))
    context = {
        "source": source,
        "proposals": proposals,
        "counts": services.review_summary(proposals),
        "people": services.people(proposals),
        "paragraphs": highlighted_paragraphs(source.text, proposals),
    }
    return render(request, "extraction/review.html", context, status=status)


def _people_url(proposal):
    return f"{reverse('extraction:review', args=[proposal.source_id])}#person-{proposal.pk}"


@moderator_required
def review(request, pk):
    return _review(request, get_object_or_404(Source, pk=pk))


@moderator_required
@require_POST
def decide(request, pk):
    proposal = _get_proposal(pk)
    action = request.POST.get("action")
    decisions = {"accept": Decision.ACCEPTED, "reject": Decision.REJECTED, "reconsider": Decision.PENDING}
    if action not in decisions:
        messages.error(request, "Choose accept, reject or reconsider.")
        return redirect(_proposal_url(proposal))
    try:
        services.decide(proposal, decisions[action], request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_proposal_url(proposal))


@moderator_required
def edit(request, pk):
    proposal = _get_proposal(pk)
    form = ProposalEditForm.for_proposal(proposal, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_proposal(proposal, form.cleaned_data, request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            also = proposal.also_changed
            others = f" The speaker of {also} other quote{'s' * (also != 1)} changed with it." if also else ""
            messages.success(request, f"Proposal corrected and accepted.{others}")
            return redirect(_proposal_url(proposal))
    return render(request, "extraction/edit.html", {"proposal": proposal, "source": proposal.source, "form": form})


@moderator_required
@require_POST
def accept_speaker(request, pk):
    proposal = _get_proposal(pk)
    try:
        count = services.accept_all_for_speaker(proposal, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        who = proposal.speaker.name if proposal.speaker else proposal.speaker_name
        messages.success(request, f"Accepted {count} proposal{'s' * (count != 1)} from {who}.")
    return redirect(_proposal_url(proposal))


@moderator_required
@require_POST
def save_accepted(request, pk):
    source = get_object_or_404(Source, pk=pk)
    try:
        saved = services.save_accepted(source)
    except ValidationError as error:
        messages.error(request, f"Nothing was saved. {' '.join(error.messages)}")
    else:
        if saved:
            messages.success(request, f"Saved {len(saved)} piece{'s' * (len(saved) != 1)} of evidence.")
        else:
            messages.error(request, "Nothing was saved: accept some proposals first.")
    return redirect("extraction:review", pk=source.pk)


@moderator_required
@require_POST
def publish(request, pk):
    source = get_object_or_404(Source, pk=pk)
    try:
        services.publish_article(source)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Published: readers can now see the article and its evidence.")
    return redirect("extraction:review", pk=source.pk)


@moderator_required
@require_POST
def rename_speaker(request, pk):
    proposal = _get_proposal(pk)
    form = RenameSpeakerForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was renamed: {' '.join(form.errors['name'])}")
        return _review(request, proposal.source, status=400)
    old_name = proposal.speaker_label
    try:
        count = services.rename_speaker(proposal=proposal, name=form.cleaned_data["name"])
    except ValidationError as error:
        messages.error(request, f"Nothing was renamed: {' '.join(error.messages)}")
        return _review(request, proposal.source, status=400)
    messages.success(request, f"Renamed “{old_name}” on {count} quote{'s' * (count != 1)}.")
    return redirect(_people_url(proposal))


@moderator_required
@require_POST
def merge_speaker(request, pk):
    duplicate = _get_proposal(pk)
    form = MergeSpeakerForm(request.POST)
    survivor = None
    if form.is_valid():
        survivor = (
            ExtractionProposal.objects.select_related("speaker")
            .filter(pk=form.cleaned_data["into"], source=duplicate.source_id)
            .first()
        )
    if survivor is None:
        messages.error(request, "Nothing was merged: choose a person quoted in this article.")
        return _review(request, duplicate.source, status=400)
    try:
        name = services.merge_people(duplicate=duplicate, survivor=survivor, confirmed=form.cleaned_data["confirm"])
    except services.MergeNeedsConfirmation as question:
        context = {
            "source": duplicate.source,
            "proposal": duplicate,
            "question": question,
            "into": survivor.pk,
            "moves": services.what_a_merge_moves(question.duplicate),
        }
        return render(request, "extraction/merge_confirm.html", context)
    except ValidationError as error:
        messages.error(request, f"Nothing was merged: {' '.join(error.messages)}")
        return _review(request, duplicate.source, status=400)
    messages.success(request, f"“{duplicate.speaker_label}” and “{name}” are now one person: {name}.")
    return redirect(_people_url(survivor))
