from django.shortcuts import render

from .services import MAX_QUERY_LENGTH, search


def search_page(request):
    query = request.GET.get("q", "")
    hits = search(query) if query.strip() else []
    return render(
        request,
        "search/results.html",
        {"query": query, "hits": hits, "truncated": len(query) > MAX_QUERY_LENGTH},
    )
