"""Reads from a PostgreSQL streaming replica, writes to the primary (used when DATABASE_REPLICA_URL is set).

A replica lags the primary by a moment, so some reads must still go to the primary:
inside a transaction (an edit reads what it is about to change: versions, subtrees, slugs),
during a request that writes (``PrimaryForWritesMiddleware``), and for sessions and accounts,
which a request must read back right after another request wrote them.
"""

from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PRIMARY_ONLY_APPS = {"sessions", "auth", "admin"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

_primary_pinned = ContextVar("primary_pinned", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            model._meta.app_label in PRIMARY_ONLY_APPS
            or _primary_pinned.get()
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def PrimaryForWritesMiddleware(get_response):  # noqa: N802 (a middleware factory, named like a class)
    """Every query of a POST, PUT, PATCH or DELETE request goes to the primary."""

    def middleware(request):
        if request.method in SAFE_METHODS:
            return get_response(request)
        token = _primary_pinned.set(True)
        try:
            return get_response(request)
        finally:
            _primary_pinned.reset(token)

    return middleware
