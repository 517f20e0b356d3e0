"""A full-fidelity backup of the site's data, and its restore into an empty database.

The backup holds every row of every model of the project's apps (content, its
history including many-to-many history, proposals and flags), users with their
password hashes, group memberships and permissions, and groups with their
permissions. It leaves out credentials that let someone act as a user without
the password: API tokens (``rest_framework.authtoken``, ``knox``, by app label,
wherever they live) and sessions; restored users sign in again and make new
tokens. It also leaves out what a database rebuilds by itself: content types and
permissions (referred to by natural keys, so their ids may differ), the admin log
and the page-freshness stamp. The ``backup`` command writes its file readable by
its owner only (mode 0600), since it still holds the password hashes.

Every row is read in one transaction that sees one snapshot of the database
(``REPEATABLE READ, READ ONLY`` on PostgreSQL; on SQLite one read transaction,
which sees the database as of its first read, in WAL and rollback-journal mode
alike), so a backup taken while people edit is consistent: a row never refers to
one that was deleted, or created, between the reads of two tables.

It is Django's serialization (natural keys for users, groups, permissions and
content types; ids for content, so addresses such as ``/arguments/<id>/`` survive)
wrapped in ``{"format", "version", "objects"}``, with sorted keys, rows in key
order and many-to-many lists sorted: a backup of a restored database is
byte-identical to the backup it was restored from.

``restore`` refuses a database that already holds content or users, loads
everything in one transaction with raw saves (as ``loaddata`` does, so no
history or derived field is invented), then checks foreign keys and runs the
verbatim check on every evidence row, since raw saves skip ``Evidence.clean()``.
Any failure rolls everything back.
"""

import datetime
import json
from contextlib import contextmanager

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction

from debate.accounts.models import ApiToken, AttemptCounter
from debate.core.freshness import content_changed
from debate.core.models import ContentStamp
from debate.moderation.models import Proposal
from debate.sources.models import Evidence, verbatim_error

from .content import InterchangeError

FORMAT = "policy-debate-backup"
VERSION = 1
# Rebuilt by the site itself: the stamp only says when cached pages go stale; API tokens are
# credentials (clients log in again) and attempt counters are short-lived operational data.
NOT_BACKED_UP = {ContentStamp, ApiToken, AttemptCounter}
# Credentials: a token or a session lets its holder act as the user, so no backup holds one.
CREDENTIAL_APPS = {"authtoken", "knox", "sessions"}
# Backups written before tokens were left out hold them; a restore skips those rows.
SKIPPED_ON_RESTORE = {"authtoken.token", "knox.authtoken"}


def backup_models():
    """The models a backup holds, in the order a restore loads them."""
    models = [Group, User] + [
        model
        for model in apps.get_models()
        if model.__module__.startswith("debate.") and not model._meta.proxy and model not in NOT_BACKED_UP
    ]
    return [model for model in models if model._meta.app_label not in CREDENTIAL_APPS]


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        # Django's encoder cuts microseconds to milliseconds; a backup keeps them.
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def _natural(model):
    return hasattr(model, "natural_key")


def _rows(model):
    queryset = model._base_manager.order_by("pk")
    rows = serializers.serialize("python", queryset, use_natural_foreign_keys=True, use_natural_primary_keys=True)
    for row, obj in zip(rows, queryset):
        for field in model._meta.many_to_many:
            if field.name in row["fields"]:
                row["fields"][field.name] = sorted(row["fields"][field.name], key=json.dumps)
        if _natural(model):
            # Rows without ids go in natural-key order, which a restore cannot change.
            row["_key"] = json.dumps(obj.natural_key())
    if _natural(model):
        rows.sort(key=lambda row: row.pop("_key"))
    return rows


@contextmanager
def _snapshot():
    """One transaction whose reads all see the database as it was at one moment."""
    if connection.in_atomic_block:
        # A caller's transaction (a test's, say) has already run statements: too late to choose the
        # isolation level, and reads inside it are the caller's business.
        yield
        return
    if connection.vendor == "sqlite":
        # A deferred (read) transaction, not the IMMEDIATE one atomic() opens on this site, which would
        # wait for the write lock and then hold it. Its first read takes the snapshot (WAL) or a shared
        # lock that keeps writers out until it ends (rollback journal).
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Must be the transaction's first statement; Django's BEGIN is implicit, so it is.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def backup():
    """Everything needed to rebuild the site, as a JSON string, read from one snapshot."""
    with _snapshot():
        objects = [row for model in backup_models() for row in _rows(model)]
    document = {"format": FORMAT, "version": VERSION, "objects": objects}
    return json.dumps(document, cls=_Encoder, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def occupied():
    """What the database already holds that a restore would collide with: ``{name: count}``."""
    counts = {
        str(model._meta.verbose_name_plural): model._base_manager.count()
        for model in backup_models()
        if model is not Group  # migrations create groups; a restore updates them
    }
    return {name: count for name, count in counts.items() if count}


def _objects(data):
    if isinstance(data, (bytes, bytearray)):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError as error:
            raise InterchangeError(f"The backup is not UTF-8 text ({error.reason} at byte {error.start}).") from error
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise InterchangeError(
                f"The backup is not JSON: {error.msg} at line {error.lineno}, column {error.colno}."
            ) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InterchangeError(f"This is not a backup of this site (its “format” is not “{FORMAT}”).")
    if data.get("version") != VERSION:
        raise InterchangeError(f"This backup has version {data.get('version')!r}; this site reads version {VERSION}.")
    objects = data.get("objects")
    if not isinstance(objects, list):
        raise InterchangeError("The backup has no “objects” list.")
    allowed = {model._meta.label_lower for model in backup_models()}
    for index, item in enumerate(objects, 1):
        if not isinstance(item, dict) or not isinstance(item.get("fields"), dict):
            raise InterchangeError(f"Object {index} of the backup is not an object with “fields”.")
        if item.get("model") not in allowed | SKIPPED_ON_RESTORE:
            raise InterchangeError(f"Object {index} of the backup is of an unknown kind: {item.get('model')!r}.")
    return [item for item in objects if item["model"] not in SKIPPED_ON_RESTORE]


def restore(data):
    """Load a backup into an empty database; returns ``{model label: rows loaded}``."""
    objects = _objects(data)
    try:
        with transaction.atomic():
            taken = occupied()
            if taken:
                held = ", ".join(f"{count} {name}" for name, count in taken.items())
                raise InterchangeError(
                    f"Restore needs an empty database, and this one already holds {held}. "
                    "Restore into a freshly migrated database."
                )
            loaded = _load(objects)
            _check_verbatim()
            models = [apps.get_model(label) for label in loaded]
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                with connection.cursor() as cursor:
                    cursor.execute(statement)
            content_changed()
    except InterchangeError:
        raise
    except (DeserializationError, DatabaseError, ValidationError, FieldDoesNotExist, TypeError, ValueError) as error:
        # Whatever a malformed row trips over, the transaction is gone and the message says why.
        raise InterchangeError(f"The backup cannot be loaded: {error}") from error
    return loaded


def _load(objects):
    loaded, links = {}, []
    with connection.constraint_checks_disabled():
        for item in serializers.deserialize("python", objects):
            obj = item.object
            model = type(obj)
            existed = _natural(model) and obj.pk is not None  # a group that migrations created
            m2m = item.m2m_data or {}  # save() forgets it
            item.save(save_m2m=False)
            loaded[model._meta.label] = loaded.get(model._meta.label, 0) + 1
            links += [(model._meta.get_field(name), obj.pk, targets, existed) for name, targets in m2m.items()]
        for field, pk, targets, existed in links:
            through = field.remote_field.through
            own, other = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
            if existed:
                through._base_manager.filter(**{own: pk}).delete()
            through._base_manager.bulk_create([through(**{own: pk, other: target}) for target in targets])
    tables = [apps.get_model(label)._meta.db_table for label in loaded]
    tables += [field.remote_field.through._meta.db_table for field, *_ in links]
    connection.check_constraints(table_names=sorted(set(tables)))
    return loaded


def _check_verbatim():
    """Raw saves skip ``Evidence.clean()``: the same check, on every row, before anything commits."""
    for evidence in Evidence._base_manager.select_related("source").order_by("pk").iterator():
        error = verbatim_error(evidence.source.text, evidence.start, evidence.end, evidence.quote)
        if error:
            raise InterchangeError(f"Evidence {evidence.pk} in the backup is not verbatim: {error}")
    for proposal in Proposal.objects.filter(source__isnull=False).select_related("source").order_by("pk"):
        error = verbatim_error(proposal.source.text, proposal.start, proposal.end, proposal.quote)
        if error:
            raise InterchangeError(f"Proposal {proposal.pk} in the backup quotes its passage wrongly: {error}")
