"""Site-wide views: the site's own error pages, the favicon's old address and the benchmark's baseline."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from .security_log import security_event


@require_safe
def baseline(request):
    """A fixed short response through the full middleware stack: the benchmark's yardstick."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to; send them to the site's icon, not a 404."""
    return redirect(static("favicon.svg"), permanent=True)


def _error_page(request, status, title, message):
    if request.path.startswith("/api/"):
        # API clients get JSON even for addresses no API view answers.
        return JsonResponse({"detail": message}, status=status)
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        # Django refuses an oversized body before any form sees it; say what the limit is.
        limit = settings.IMPORT_MAX_BYTES // (1024 * 1024)
        return _error_page(
            request,
            413,
            "Too large",
            f"That was more than this site accepts in one request. An article may be at most {limit} MB "
            "of text; nothing was saved.",
        )
    return _error_page(request, 400, "Bad request", "The site could not understand that request.")


def permission_denied(request, exception=None):
    return _error_page(request, 403, "Not allowed", "You do not have permission to do that.")


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: most often an expired page, sometimes a forged request."""
    security_event("csrf_failure", request, reason=reason)
    return _error_page(
        request,
        403,
        "Form expired",
        "This form could not be accepted: it was opened too long ago, or your browser did not send the "
        "site's cookie. Go back, reload the page and try again; nothing was saved.",
    )


def page_not_found(request, exception=None):
    return _error_page(
        request, 404, "Page not found", "There is nothing at this address. It may have been moved or unpublished."
    )


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error."}, status=500)
    # No context processors or database work: the error may have come from them.
    html = get_template("500.html").render()
    return HttpResponse(html, status=500)


def gone(request, item, parent_url, parent_label):
    """A retired item answers 410 with a notice and a way back to its parent."""
    return render(
        request,
        "gone.html",
        {"item": item, "parent_url": parent_url, "parent_label": parent_label},
        status=410,
    )


def draft_banner(obj, kind, containers=()):
    """What a moderator previewing ``obj`` is told: None when readers see the page too.

    ``kind`` names it in the workspace (for its Publish button); ``containers`` are what it sits in,
    outermost first: readers see it only once each of them is published as well.
    """
    held_by = next((container for container in containers if not container.is_published), None)
    if obj.is_published and held_by is None:
        return None
    return {"obj": obj, "kind": kind, "held_by": held_by}
