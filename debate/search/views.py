from django.shortcuts import render
from django.views.decorators.http import require_safe

from debate.core.freshness import reader_page

from .services import KINDS, MAX_QUERY_LENGTH, SIDES, find

# The page's kind filter: its value, and the kinds of result it shows.
KIND_FILTERS = {"": tuple(KINDS), "arguments": ("argument",), "evidence": ("evidence",), "speakers": ("speaker",)}


@require_safe
@reader_page(query=("q", "kind", "side"))
def search_page(request):
    query = request.GET.get("q", "")
    # An unknown filter value (a hand-made address) searches everything rather than failing.
    kind = request.GET.get("kind", "") if request.GET.get("kind", "") in KIND_FILTERS else ""
    side = request.GET.get("side", "") if request.GET.get("side", "") in SIDES else ""
    results = find(query, kinds=KIND_FILTERS[kind], side=side or None) if query.strip() else None
    return render(
        request,
        "search/results.html",
        {
            "query": query,
            "kind": kind,
            "side": side,
            "hits": results.hits if results else [],
            "corrections": results.corrections.items() if results else (),
            "truncated": len(query) > MAX_QUERY_LENGTH,
        },
    )
