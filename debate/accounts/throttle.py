"""Attempt counters shared by every worker and machine, kept in the database (never the cache,
which is optional and may be down).

A counter is claimed before the attempt it counts, with one conditional UPDATE
(``count = count + 1 WHERE count < limit``), so concurrent attempts can never pass the limit
between them; nothing is read, changed in Python and written back. A counter is forgotten
``seconds`` after the last attempt it counted. Expired rows are deleted lazily, whenever a new
counter row is created.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import AttemptCounter


def counter_key(*parts):
    """A fixed-length key for account names and addresses, which are not stored in clear."""
    return salted_hmac("debate.accounts.throttle", "\0".join(parts), algorithm="sha256").hexdigest()


def claim(scope, key, *, limit, seconds):
    """Count one more attempt and return True, or return False when ``limit`` are already counted."""
    expires_at = timezone.now() + timedelta(seconds=seconds)
    while True:
        now = timezone.now()
        counter = AttemptCounter.objects.filter(scope=scope, key=key)
        if counter.filter(expires_at__gt=now, count__lt=limit).update(count=F("count") + 1, expires_at=expires_at):
            return True
        if counter.filter(expires_at__gt=now, count__gte=limit).exists():
            return False
        # No live counter: restart an expired one, or create it. Each step is a single statement
        # that only one of several racing requests can win; the losers go round again and count.
        if counter.filter(expires_at__lte=now).update(count=1, expires_at=expires_at):
            return True
        try:
            with transaction.atomic():
                AttemptCounter.objects.create(scope=scope, key=key, count=1, expires_at=expires_at)
        except IntegrityError:
            continue
        AttemptCounter.objects.filter(expires_at__lte=now).delete()
        return True


def claim_all(claims):
    """Claim each ``(scope, key, limit, seconds)`` in turn; if one is refused, give back the ones
    already claimed (the attempt is not made) and return False."""
    claimed = []
    for scope, key, limit, seconds in claims:
        if not claim(scope, key, limit=limit, seconds=seconds):
            for done in claimed:
                release(*done)
            return False
        claimed.append((scope, key))
    return True


def release(scope, key):
    """Give back one claimed attempt (it turned out not to count, e.g. a successful login)."""
    AttemptCounter.objects.filter(scope=scope, key=key, count__gt=0).update(count=F("count") - 1)


def forget(scope, key):
    AttemptCounter.objects.filter(scope=scope, key=key).delete()


def reached(counters):
    """Whether any of ``{(scope, key): limit}`` has reached its limit (a read-only check)."""
    live = AttemptCounter.objects.filter(expires_at__gt=timezone.now(), key__in=[key for _, key in counters])
    return any(
        count >= counters.get((scope, key), count + 1)
        for scope, key, count in live.values_list("scope", "key", "count")
    )
