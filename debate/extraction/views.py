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
from .forms import ImportForm, ProposalEditForm
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


@moderator_required
def review(request, pk):
    source = get_object_or_404(Source, pk=pk)
    proposals = list(source.extraction_proposals.select_related("speaker", "evidence"))
    context = {
        "source": source,
        "proposals": proposals,
        "counts": services.review_summary(proposals),
        "paragraphs": highlighted_paragraphs(source.text, proposals),
    }
    return render(request, "extraction/review.html", context)


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
            messages.success(request, "Proposal corrected and accepted.")
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
