from django.shortcuts import render
from django.views.decorators.http import require_safe

from debate.core.freshness import reader_page

from .services import MAX_QUERY_LENGTH, search


@require_safe
@reader_page(query=("q",))
def search_page(request):
    query = request.GET.get("q", "")
    hits = search(query) if query.strip() else []
    return render(
        request,
        "search/results.html",
        {"query": query, "hits": hits, "truncated": len(query) > MAX_QUERY_LENGTH},
    )
