"""Conditional GET and a page cache for reader pages, both keyed by one site-wide "content changed" stamp.

Every save, delete and many-to-many change of curated content bumps a single database row
(``ContentStamp``); paths that write without signals (``bulk_create``, ``update()``, raw SQL) call
``content_changed()`` themselves. A reader page reads that row (one primary-key query) before it
renders: a browser holding the current ETag gets a 304 without any rendering, and the heavy pages
are served from the cache under a key that changes with the stamp, so no edit is ever hidden by a
stale copy. The row lives in the database rather than the cache because a local-memory cache is
per process: a bump made by one worker must reach all of them.

Only anonymous readers get either: a signed-in moderator (or an API client sending credentials)
always gets a freshly rendered page, and so does anyone with a message waiting to be shown.

A 304 is only ever an answer for a page that would be a 200: a view names what must be readable
for its page to exist, and that check runs in the same query as the stamp. The cache key and the
ETag use only the query parameters a view names, so made-up parameters neither render a page
afresh nor fill the cache. Responses for signed-in users and token clients are marked private.
"""

import datetime
import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Exists, F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode
from django.views.decorators.http import condition

from .models import ContentStamp

STAMP_ID = 1
API_PREFIX = "/api/"


def content_changed(using=DEFAULT_DB_ALIAS):
    """Record that reader-visible content changed: every cached page and ETag becomes stale."""
    now = timezone.now()
    stamps = ContentStamp.objects.using(using)
    if not stamps.filter(pk=STAMP_ID).update(counter=F("counter") + 1, changed_at=now):
        stamps.update_or_create(pk=STAMP_ID, defaults={"counter": 1, "changed_at": now})


def current_stamp(request):
    """``(counter, changed_at)`` of the last content change, read once per request; None before any."""
    if not hasattr(request, "_content_stamp"):
        request._content_stamp = _read_stamp()
    return request._content_stamp


def _read_stamp():
    # Plain SQL: on a cached page, building the ORM query would cost more than running it.
    connection = connections[router.db_for_read(ContentStamp)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT counter, changed_at FROM {ContentStamp._meta.db_table} WHERE id = %s", [STAMP_ID])
        row = cursor.fetchone()
    if row is None:
        return None
    counter, changed_at = row
    if isinstance(changed_at, str):  # SQLite hands back the stored text: UTC without an offset
        changed_at = parse_datetime(changed_at).replace(tzinfo=datetime.UTC)
    return counter, changed_at


def _read_stamp_if_readable(readable):
    """The stamp, or None when ``readable`` (a queryset) is empty: both in one query."""
    row = (
        ContentStamp.objects.filter(pk=STAMP_ID)
        .annotate(readable=Exists(readable))
        .values_list("counter", "changed_at", "readable")
        .first()
    )
    return row[:2] if row is not None and row[2] else None


def _load_stamp(request, readable, args, kwargs):
    """Read the stamp for a reader page, as None when the page would not be a 200 (so: no 304, no cache)."""
    check = readable(request, *args, **kwargs) if readable is not None else None
    if check is False:
        request._content_stamp = None
    elif check is None:
        request._content_stamp = _read_stamp()
    else:
        request._content_stamp = _read_stamp_if_readable(check)


def used_query(request, names):
    """The query string made of only the parameters a page reads, in a fixed order."""
    return urlencode(sorted((name, value) for name in names for value in request.GET.getlist(name)))


def _version(request):
    # The time as well as the counter: a counter alone repeats after a rolled-back transaction
    # or a restored database, and a repeated key would bring back a page from before.
    stamp = current_stamp(request)
    return None if stamp is None else f"{stamp[0]}.{int(stamp[1].timestamp() * 1_000_000)}"


def _etag_func(query):
    def etag(request, *args, **kwargs):
        version = _version(request)
        if version is None:
            return None
        # One URL can answer in several formats (the API's JSON or its browsable HTML): each its own tag.
        variant = f"{request.headers.get('Accept', '')}\n{used_query(request, query)}"
        return f'"{version}-{hashlib.blake2b(variant.encode(), digest_size=4).hexdigest()}"'

    return etag


def _last_modified(request, *args, **kwargs):
    stamp = current_stamp(request)
    return None if stamp is None else stamp[1]


def is_anonymous_reader(request):
    """A safe request from someone who sees exactly what every other anonymous reader sees."""
    return (
        request.method in ("GET", "HEAD")
        and "Authorization" not in request.headers
        and not request.user.is_authenticated
        and not len(get_messages(request))  # len() leaves waiting messages unread
    )


def _page_cache(view, query):
    """Serve a rendered page from the cache while the content stamp is unchanged.

    The key holds the path and only the ``query`` parameters the page reads.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        version = _version(request)
        if not settings.PAGE_CACHE_SECONDS or version is None:
            return view(request, *args, **kwargs)
        address = f"{request.path}?{used_query(request, query)}"
        key = f"page:{version}:{hashlib.blake2b(address.encode(), digest_size=16).hexdigest()}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        # A page holding a CSRF token belongs to one browser's cookie; it is never shared.
        personal = response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        if response.status_code == 200 and not response.streaming and not personal:
            cache.set(key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
        return response

    return cached_view


def reader_page(view=None, *, cached=False, query=(), readable=None):
    """Decide 304 before any rendering for anonymous readers; with ``cached``, also keep the page in the cache.

    ``query`` names the query parameters the view reads: the ETag and the cache key use those
    and ignore any other. ``readable(request, *args, **kwargs)`` says whether the page would be
    a 200: a queryset that must not be empty (checked in the stamp's own query), False, or None
    when the page always exists. Only then may a 304 or a cached copy answer.

    Responses tell browsers to revalidate every time (``no-cache``), so an edit shows on the next visit.
    """

    def decorate(view):
        conditional = condition(etag_func=_etag_func(query), last_modified_func=_last_modified)(
            _page_cache(view, query) if cached else view
        )

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_anonymous_reader(request):
                return view(request, *args, **kwargs)
            _load_stamp(request, readable, args, kwargs)
            response = conditional(request, *args, **kwargs)
            patch_cache_control(response, no_cache=True)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


def connect_content_signals(models):
    """Bump the stamp whenever one of ``models`` (or one of their many-to-many links) changes."""
    for model in models:
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"freshness-save-{model._meta.label}")
        post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"freshness-delete-{model._meta.label}")
        for link in model._meta.local_many_to_many:
            through = link.remote_field.through
            m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"freshness-m2m-{through._meta.label}")


def _saved_or_deleted(sender, using, **kwargs):
    content_changed(using)


def _links_changed(sender, action, using, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        content_changed(using)


class ConditionalReadsMixin:
    """For class-based views and viewsets: anonymous reads get ``reader_page``'s conditional GET.

    ``reader_query()`` names the query parameters the view reads and ``reader_readable(request,
    *args, **kwargs)`` whether it would answer 200, as ``reader_page``'s ``query`` and ``readable``.
    """

    @classmethod
    def reader_query(cls):
        return ()

    @classmethod
    def reader_readable(cls, request, *args, **kwargs):
        return None

    @classmethod
    def as_view(cls, *args, **initkwargs):
        return reader_page(super().as_view(*args, **initkwargs), query=cls.reader_query(), readable=cls.reader_readable)


class PrivateResponsesMiddleware:
    """Mark what a signed-in user or a token client is shown as theirs alone.

    ``Cache-Control: private, no-cache``: no shared cache may keep it and the browser asks again
    each time. Reading ``request.user`` here also makes every response ``Vary: Cookie``, and API
    responses, which may answer a token, say ``Vary: Authorization``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token_client = "Authorization" in request.headers
        if token_client or request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        if token_client or request.path.startswith(API_PREFIX):
            patch_vary_headers(response, ("Authorization",))
        return response
