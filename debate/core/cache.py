"""The Redis cache, optional in fact: when Redis fails, the site runs uncached instead of failing.

django-redis with ``IGNORE_EXCEPTIONS`` already turns a failed cache call into a miss, and short
socket timeouts bound each call. That still leaves a silent Redis (one that accepts connections and
never answers) costing every cache call its full timeout, several times per request. So after a
failure this backend stops asking Redis for ``RETRY_AFTER`` seconds: every call is a miss at once,
one warning is logged per outage window, and then one call tries Redis again.
"""

import logging
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError

logger = logging.getLogger("debate.cache")

# When each Redis location may be tried again (time.monotonic()), shared by the threads of a process.
_unavailable_until = {}


class FailFastRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._ignore_exceptions = True
        self._retry_after = float(params.get("OPTIONS", {}).get("RETRY_AFTER", 5))

    @property
    def client(self):
        return _FailFastClient(super().client, self)

    def _mark_unavailable(self, error):
        if time.monotonic() >= _unavailable_until.get(self._server, 0):
            # The error's type only: its text may name hosts or hold a password from REDIS_URL.
            logger.warning(
                "cache_unavailable",
                extra={"event": "cache_unavailable", "error": type(error).__name__, "retry_after": self._retry_after},
            )
        _unavailable_until[self._server] = time.monotonic() + self._retry_after

    def _is_unavailable(self):
        return time.monotonic() < _unavailable_until.get(self._server, 0)


class _FailFastClient:
    """Wraps django-redis's client: refuses at once while Redis is marked unavailable, and marks it on failure."""

    def __init__(self, client, cache):
        self._client = client
        self._cache = cache

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            if self._cache._is_unavailable():
                raise ConnectionInterrupted(connection=None) from RedisConnectionError("cache marked unavailable")
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted as interrupted:
                self._cache._mark_unavailable(interrupted.__cause__)
                raise

        return call
