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


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Versioned(models.Model):
    """Content that moderators edit.

    ``version`` guards against lost updates: every save of an existing row
    increments it in the same UPDATE that checks the old value, so two editors
    working from the same version cannot both win, on any database.
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
                if current is not None:
                    raise EditConflict(self, current)
            self.version = expected + 1
            try:
                return super().save(*args, **kwargs)
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
