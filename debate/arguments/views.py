from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from debate.core.access import can_preview_drafts, openable_by, shown_to
from debate.core.freshness import reader_page
from debate.core.hostile_input import page_number
from debate.core.models import MergeRecord
from debate.core.views import draft_banner, gone
from debate.sources.models import Evidence, EvidenceKind, Source, Speaker

from .argument_map import NODE_HEIGHT, NODE_WIDTH, build_map
from .background import GlossaryMarker
from .models import Argument, Debate, Position, Stance
from .services import THREAD_DEPTH, absorbed_texts, flatten_thread, side_case

TOP_LEVEL_PER_PAGE = 15
# "Did you know?" shows this many of the debate's reported facts, in the order the articles give them.
FACTS_SHOWN = 5
# A side's case lists its arguments flat; beyond this many a page links on to the next.
SIDE_PER_PAGE = 100


def glossary_marker(debate):
    """Marks the debate's glossary terms on one page: the debate is already loaded, so it costs no query."""
    return GlossaryMarker(debate.glossary, debate.get_absolute_url()) if debate.glossary else None


def _published_debate(request, slug):
    return Debate.objects.published().filter(slug=slug)


def _published_position(request, debate_slug, slug):
    return Position.objects.readable().filter(debate__slug=debate_slug, slug=slug)


def _published_position_side(request, debate_slug, slug):
    """The position's page, or one side's case: never a 200 for a side that does not exist."""
    if request.GET.get("side", Stance.FOR) not in Stance.values:
        return False
    return _published_position(request, debate_slug, slug)


def _readable_or_gone(request, queryset, **lookup):
    """Fetch an object the user may open: drafts are 404 for readers, retired items are returned for a 410."""
    return get_object_or_404(openable_by(queryset, request.user), **lookup)


@require_safe
@reader_page
def debate_list(request):
    debates = Debate.objects.published().with_position_counts()
    return render(request, "arguments/debate_list.html", {"debates": debates})


@require_safe
@reader_page(readable=_published_debate)
def debate_detail(request, slug):
    debate = _readable_or_gone(request, Debate.objects.all(), slug=slug)
    if debate.is_retired:
        return gone(request, debate, "/", "all debates")
    positions = (
        shown_to(debate.positions.all(), request.user)
        .with_stance_counts()
        .prefetch_related(Prefetch("holders", queryset=Speaker.objects.published()))
    )
    shown = positions.values("pk")
    arguments = Argument.objects.shown_to(request.user).filter(position__in=shown)
    sources = list(
        shown_to(Source.objects.filter(pk__in=arguments.values("evidence__source")), request.user).order_by(
            "title", "id"
        )
    )
    facts = (
        Evidence.objects.filter(kind=EvidenceKind.FACT, pk__in=arguments.values("evidence"), source__in=sources)
        .select_related("source")
        .order_by("source__title", "source_id", "start")[:FACTS_SHOWN]
    )
    context = {
        "debate": debate,
        "glossary": glossary_marker(debate),
        "positions": positions,
        "sources": sources,
        "timeline": sorted(sources, key=lambda source: (source.published_on is None, source.published_on or 0)),
        "facts": facts,
        "draft": draft_banner(debate, "debates"),
    }
    return render(request, "arguments/debate_detail.html", context)


def _readable_position(request, debate_slug, slug, positions=Position.objects):
    """A published or retired position of a published debate (or, for a moderator, of a draft one)."""
    return _readable_or_gone(
        request,
        shown_to(positions.select_related("debate"), request.user, field="debate__status"),
        debate__slug=debate_slug,
        slug=slug,
    )


@require_safe
@reader_page(cached=True, query=(Stance.FOR, Stance.AGAINST, "side", "page"), readable=_published_position_side)
def position_detail(request, debate_slug, slug):
    side = request.GET.get("side")
    if side is not None and side not in Stance.values:
        return HttpResponseBadRequest("“side” must be “for” or “against”.", content_type="text/plain; charset=utf-8")
    position = _readable_position(request, debate_slug, slug, Position.objects.with_stance_counts())
    if position.is_retired:
        return gone(request, position, position.debate.get_absolute_url(), position.debate.motion)
    if side:
        return _position_side(request, position, side)
    shown = Argument.objects.shown_to(request.user)
    top_level = shown.filter(position=position, parent=None).order_by("id").values_list("id", flat=True)
    columns = []
    for stance in (Stance.FOR, Stance.AGAINST):
        paginator = Paginator(top_level.filter(stance=stance), TOP_LEVEL_PER_PAGE)
        page = paginator.get_page(page_number(request.GET.get(stance)))
        columns.append({"stance": stance, "page": page})
    root_ids = [pk for column in columns for pk in column["page"].object_list]
    threads = shown.subtree_of(root_ids, THREAD_DEPTH - 1, include_roots=True)
    arguments = {argument.pk: argument for argument in threads.for_display(request.user).order_by("id")}
    for column in columns:
        roots = [arguments[pk] for pk in column["page"].object_list]
        column["thread"] = flatten_thread(roots, arguments.values())
    return render(
        request,
        "arguments/position_detail.html",
        {
            "position": position,
            "debate": position.debate,
            "glossary": glossary_marker(position.debate),
            "columns": columns,
            "draft": draft_banner(position, "positions", [position.debate]),
        },
    )


def _position_side(request, position, side):
    """A side's whole case: every visible argument helping ``side``, at any depth, in thread order."""
    rows = position.arguments.visible().values_list("id", "parent_id", "position_stance")
    entries = side_case(rows, side)
    page = Paginator(entries, SIDE_PER_PAGE).get_page(request.GET.get("page"))
    shown = (
        Argument.objects.filter(pk__in=[entry.pk for entry in page.object_list]).for_display().select_related("parent")
    )
    by_id = {argument.pk: argument for argument in shown}
    groups = []
    for entry in page.object_list:
        if not groups or groups[-1]["own_thread"] != entry.own_thread:
            groups.append({"own_thread": entry.own_thread, "arguments": []})
        groups[-1]["arguments"].append(by_id[entry.pk])
    return render(
        request,
        "arguments/position_side.html",
        {
            "position": position,
            "debate": position.debate,
            "glossary": glossary_marker(position.debate),
            "side": side,
            "other_side": Stance.AGAINST if side == Stance.FOR else Stance.FOR,
            "page": page,
            "groups": groups,
            "draft": draft_banner(position, "positions", [position.debate]),
        },
    )


@require_safe
@reader_page(readable=lambda request, pk: Argument.objects.readable().filter(pk=pk))
def argument_detail(request, pk):
    arguments = Argument.objects.select_related("position__debate", "parent").for_display(request.user)
    argument = openable_by(arguments, request.user).filter(pk=pk).first()
    if argument is None:
        kept = MergeRecord.kept_for(Argument, pk)
        if kept is not None:
            return redirect(kept, permanent=True)
        raise Http404
    position = argument.position
    preview = can_preview_drafts(request.user)
    if not preview and not (position.is_published and position.debate.is_published):
        raise Http404
    if argument.is_retired:
        parent = argument.parent or position
        return gone(request, argument, parent.get_absolute_url(), str(parent))
    ancestors = list(Argument.objects.ancestors_of(argument).select_related("speaker"))
    if not argument.is_visible and (not preview or any(ancestor.is_retired for ancestor in ancestors)):
        raise Http404  # hidden by an unpublished or retired ancestor
    shown = Argument.objects.shown_to(request.user)
    replies = list(shown.subtree_of([argument.pk], THREAD_DEPTH).for_display(request.user).order_by("id"))
    thread = flatten_thread([reply for reply in replies if reply.parent_id == argument.pk], replies)
    return render(
        request,
        "arguments/argument_detail.html",
        {
            "argument": argument,
            "position": position,
            "debate": position.debate,
            "glossary": glossary_marker(position.debate),
            "ancestors": ancestors,
            "thread": thread,
            "absorbed": absorbed_texts(argument, preview),
            "draft": draft_banner(argument, "arguments", [position.debate, position, *ancestors]),
        },
    )


@require_safe
@reader_page(cached=True, readable=_published_position)
def position_map(request, debate_slug, slug):
    position = _readable_position(request, debate_slug, slug)
    if position.is_retired:
        return gone(request, position, position.debate.get_absolute_url(), position.debate.motion)
    return render(
        request,
        "arguments/position_map.html",
        {
            "position": position,
            "debate": position.debate,
            "map": build_map(position),
            "node_width": NODE_WIDTH,
            "node_height": NODE_HEIGHT,
            "draft": draft_banner(position, "positions", [position.debate]),
        },
    )
