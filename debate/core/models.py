"""Behaviour shared by every piece of curated content: publishing state and edit versions."""

from django.core.exceptions import ValidationError
from django.db import models, transaction

from .hostile_input import forbidden_character

# Free text's limits, in characters: generous for what each field is for, small enough that one
# submission cannot make a page megabytes long. Forms and the API check them as they check a
# CharField's max_length; ``check_text_fields`` holds them on every other path.
SUMMARY_MAX_LENGTH = 5_000
ARGUMENT_MAX_LENGTH = 2_000  # "one or two sentences"; a proposal's text becomes an argument's
QUOTE_MAX_LENGTH = 10_000  # an excerpt of an article, not the article
COMMENT_MAX_LENGTH = 2_000  # a flag's comment, a moderator's reason
BACKGROUND_MAX_LENGTH = 20_000  # a debate's background brief: a page of reading, with its markup
GLOSSARY_MAX_ENTRIES = 60
GLOSSARY_TERM_MAX_LENGTH = 80
GLOSSARY_DEFINITION_MAX_LENGTH = 400  # one or two sentences


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class EditConflict(Exception):
    """Raised when a save carries a version older than the stored one."""

    def __init__(self, instance, current):
        self.instance = instance
        self.current = current
        super().__init__(
            f"{instance._meta.verbose_name.capitalize()} was changed by someone else "
            f"(version {current.version}); your edit was based on version {instance.version}."
        )


def check_text_fields(instance):
    """Every text field of ``instance`` within its max_length and free of NUL characters and lone surrogates.

    The database enforces neither (SQLite stores anything; PostgreSQL fails on a NUL with a server
    error), so every save runs this: imports, commands and the shell are held to what forms and the
    API already check.
    """
    errors = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if not isinstance(field, (models.CharField, models.TextField)) or not isinstance(value, str):
            continue
        problem = forbidden_character(value)
        if problem:
            errors[field.name] = f"Text may not contain {problem}."
        elif field.max_length is not None and len(value) > field.max_length:
            errors[field.name] = f"At most {field.max_length:,} characters are allowed here (this has {len(value):,})."
    if errors:
        raise ValidationError(errors)


class MergeRecord(models.Model):
    """A merge: the ``kind`` object ``old_id`` was folded into ``kept_id`` and removed.

    It answers "where did it go?" for an edit that arrives after the merge, and for old addresses.
    """

    kind = models.CharField(max_length=100, help_text="The model's label, e.g. arguments.argument.")
    old_id = models.BigIntegerField()
    kept_id = models.BigIntegerField()
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "old_id"], name="merge_record_unique_old_id")]

    def __str__(self):
        return f"{self.kind} {self.old_id} merged into {self.kept_id}"

    @classmethod
    def record(cls, *, duplicate, survivor):
        cls.objects.create(kind=duplicate._meta.label_lower, old_id=duplicate.pk, kept_id=survivor.pk)

    @classmethod
    def kept_for(cls, model, pk):
        """The object ``pk`` of ``model`` lives on as, following merges of merges; None if it was deleted."""
        kind, seen = model._meta.label_lower, {pk}
        while (
            kept_id := cls.objects.filter(kind=kind, old_id=pk).values_list("kept_id", flat=True).first()
        ) is not None:
            if kept_id in seen:  # only a hand-edited table could loop
                return None
            seen.add(kept_id)
            pk = kept_id
        return model._base_manager.filter(pk=pk).first() if len(seen) > 1 else None


class ObjectGone(Exception):
    """Raised when a save updates a row that is no longer there: removed or merged away meanwhile.

    The save never re-creates it; ``merged_into`` is the object it was merged into, if any.
    """

    def __init__(self, instance):
        self.instance = instance
        self.merged_into = MergeRecord.kept_for(type(instance), instance.pk)
        name = instance._meta.verbose_name.capitalize()
        if self.merged_into is not None:
            message = f"{name} was merged into “{self.merged_into}” while you were editing it."
        else:
            message = f"{name} was deleted while you were editing it."
        super().__init__(message)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Versioned(models.Model):
    """Content that moderators edit.

    ``version`` guards against lost updates: every save of an existing row
    increments it in the same UPDATE that checks the old value, so two editors
    working from the same version cannot both win, on any database. An edit of a
    row removed meanwhile fails with ``ObjectGone`` rather than inserting it again.
    """

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Integrity rules live in clean(); running them here means no path
        # (admin, API, fixture, shell) can skip them.
        check_text_fields(self)
        self.clean()
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            expected = self.version
            updated = type(self)._base_manager.filter(pk=self.pk, version=expected).update(version=expected + 1)
            if not updated:
                current = type(self)._base_manager.filter(pk=self.pk).first()
                if current is None:
                    raise ObjectGone(self)
                raise EditConflict(self, current)
            self.version = expected + 1
            try:
                # The UPDATE above holds the row, so this only updates: it never falls back to an INSERT.
                return super().save(*args, **{**kwargs, "force_update": True, "force_insert": False})
            except Exception:
                self.version = expected
                raise


class Curated(Versioned):
    """Versioned content with a publishing state: readers see only what is published."""

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def is_retired(self):
        return self.status == Status.RETIRED


class ContentStamp(models.Model):
    """A single row saying when reader-visible content last changed (see ``debate.core.freshness``)."""

    counter = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"content change {self.counter} at {self.changed_at.isoformat()}"
