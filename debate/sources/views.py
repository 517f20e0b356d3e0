from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from debate.accounts.roles import is_moderator
from debate.arguments.models import Argument, Position
from debate.core.access import openable_by
from debate.core.freshness import reader_page
from debate.core.models import MergeRecord, Status
from debate.core.views import draft_banner, gone

from .citations import citation_list, source_citations
from .models import Evidence, Source, Speaker
from .services import highlighted_paragraphs

SOURCES_PER_PAGE = 50


def _readable_arguments():
    return Argument.objects.readable().select_related("position__debate").order_by("position", "id")


@require_safe
@reader_page(query=("page",))
def source_list(request):
    sources = (
        Source.objects.published().annotate(excerpt_count=Count("evidence", distinct=True)).order_by("title", "id")
    )
    page = Paginator(sources, SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "sources/source_list.html", {"page": page})


@require_safe
@reader_page(readable=lambda request, slug: Source.objects.published().filter(slug=slug))
def source_detail(request, slug):
    source = get_object_or_404(openable_by(Source.objects.all(), request.user), slug=slug)
    if source.is_retired:
        return gone(request, source, "/", "all debates")
    evidence = list(
        source.evidence.select_related("speaker").prefetch_related(
            Prefetch("arguments", queryset=_readable_arguments(), to_attr="citing_arguments")
        )
    )
    context = {
        "source": source,
        "evidence": evidence,
        "paragraphs": highlighted_paragraphs(source.text, evidence),
        "citations": citation_list(source_citations(source)),
        "draft": draft_banner(source, "sources"),
    }
    if is_moderator(request.user):
        context["speakers"] = Speaker.objects.order_by("name")
    return render(request, "sources/source_detail.html", context)


@require_safe
@reader_page
def speaker_list(request):
    speakers = Speaker.objects.published().annotate(
        quote_count=Count("evidence", filter=Q(evidence__source__status=Status.PUBLISHED), distinct=True)
    )
    return render(request, "sources/speaker_list.html", {"speakers": speakers})


@require_safe
@reader_page(readable=lambda request, slug: Speaker.objects.published().filter(slug=slug))
def speaker_detail(request, slug):
    speaker = openable_by(Speaker.objects.all(), request.user).filter(slug=slug).first()
    if speaker is None:
        return _merged_speaker(slug)
    if speaker.is_retired:
        return gone(request, speaker, "/speakers/", "all speakers")
    evidence = (
        Evidence.objects.visible()
        .filter(speaker=speaker)
        .select_related("source")
        .prefetch_related(Prefetch("arguments", queryset=_readable_arguments(), to_attr="citing_arguments"))
    )
    cited = Q(evidence__speaker=speaker, evidence__source__status=Status.PUBLISHED)
    made = _readable_arguments().filter(Q(speaker=speaker) | cited).distinct()
    positions = Position.objects.readable().filter(holders=speaker).select_related("debate")
    return render(
        request,
        "sources/speaker_detail.html",
        {
            "speaker": speaker,
            "evidence": evidence,
            "arguments": made,
            "positions": positions,
            "draft": draft_banner(speaker, "speakers"),
        },
    )


def _merged_speaker(slug):
    """A permanent redirect from the address of a speaker merged into another to the one kept; else a 404."""
    records = Speaker.history.filter(slug=slug).order_by("-history_date", "-history_id")
    last_id = records.values_list("id", flat=True).first()
    kept = MergeRecord.kept_for(Speaker, last_id) if last_id is not None else None
    if kept is None:
        raise Http404
    return redirect(kept, permanent=True)
