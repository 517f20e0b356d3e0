"""Debates, the positions taken in them, and the arguments (and rebuttals) for and against."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from debate.core.access import can_preview_drafts
from debate.core.hostile_input import forbidden_character
from debate.core.models import (
    ARGUMENT_MAX_LENGTH,
    BACKGROUND_MAX_LENGTH,
    GLOSSARY_DEFINITION_MAX_LENGTH,
    GLOSSARY_MAX_ENTRIES,
    GLOSSARY_TERM_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    Curated,
    PublishableQuerySet,
    Status,
)
from debate.sources.models import Evidence, Speaker, SpokenBy, unique_slug

# The deepest a thread may grow: a chain of at most this many replies below a top-level argument.
# Every recursive query stops here, so a cycle written straight into the database cannot make one
# spin; the model refuses a reply or a move that would go deeper.
MAX_THREAD_DEPTH = 2000


class DebateQuerySet(PublishableQuerySet):
    def with_position_counts(self):
        return self.annotate(
            position_count=Count("positions", filter=Q(positions__status=Status.PUBLISHED), distinct=True)
        )


class Debate(Curated):
    slug = models.SlugField(max_length=100, unique=True)
    motion = models.CharField(max_length=300)
    summary = models.TextField(blank=True, max_length=SUMMARY_MAX_LENGTH)
    background = models.TextField(
        blank=True,
        max_length=BACKGROUND_MAX_LENGTH,
        help_text="What a student should know before reading the arguments. Blank lines start paragraphs; "
        "<strong>, <em>, lists and links are kept, anything else is removed when shown.",
    )
    glossary = models.JSONField(
        default=list,
        blank=True,
        help_text='Terms a student may not know: a list of {"term": …, "definition": …}.',
    )

    objects = DebateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["motion"]

    def __str__(self):
        return self.motion

    def get_absolute_url(self):
        return reverse("arguments:debate", args=[self.slug])

    def clean(self):
        if not self.motion.strip():
            raise ValidationError({"motion": "A debate needs a motion."})
        if not self.slug:
            self.slug = unique_slug(Debate, self.motion, instance=self, max_length=100)
        problem = glossary_problem(self.glossary)
        if problem:
            raise ValidationError({"glossary": problem})


GLOSSARY_TERM = re.compile(r"\w[\w .'’-]*", re.UNICODE)


def glossary_problem(glossary):
    """What is wrong with a glossary, in words, or None: a list of distinct terms with short definitions."""
    if not isinstance(glossary, list):
        return "The glossary is a list of terms with their definitions."
    if len(glossary) > GLOSSARY_MAX_ENTRIES:
        return f"A glossary holds at most {GLOSSARY_MAX_ENTRIES} terms."
    seen = set()
    for entry in glossary:
        if not isinstance(entry, dict) or set(entry) != {"term", "definition"}:
            return 'Each glossary entry has a "term" and a "definition", and nothing else.'
        term, definition = entry["term"], entry["definition"]
        if not isinstance(term, str) or not isinstance(definition, str):
            return "A glossary term and its definition are text."
        if forbidden_character(term + definition):
            return f"Glossary entry “{term[:40]}” may not contain {forbidden_character(term + definition)}."
        if not GLOSSARY_TERM.fullmatch(term) or term != term.strip() or len(term) > GLOSSARY_TERM_MAX_LENGTH:
            return (
                f"“{term[:40]}” is not a glossary term: words of letters and digits (with spaces, hyphens, "
                f"apostrophes or full stops), at most {GLOSSARY_TERM_MAX_LENGTH} characters."
            )
        if not definition.strip() or len(definition) > GLOSSARY_DEFINITION_MAX_LENGTH:
            return f"The definition of “{term}” must be 1 to {GLOSSARY_DEFINITION_MAX_LENGTH} characters."
        if term.lower() in seen:
            return f"“{term}” is in the glossary twice."
        seen.add(term.lower())
    return None


class PositionQuerySet(PublishableQuerySet):
    def readable(self):
        return self.filter(status=Status.PUBLISHED, debate__status=Status.PUBLISHED)

    def with_stance_counts(self):
        """Each position with the number of visible arguments for and against it."""
        visible = Q(arguments__is_visible=True)
        return self.annotate(
            count_for=Count("arguments", filter=visible & Q(arguments__position_stance=Stance.FOR)),
            count_against=Count("arguments", filter=visible & Q(arguments__position_stance=Stance.AGAINST)),
        )


class Position(Curated):
    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="positions")
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True, max_length=SUMMARY_MAX_LENGTH)
    holders = models.ManyToManyField(Speaker, blank=True, related_name="positions_held")
    order = models.PositiveIntegerField(default=0)

    objects = PositionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[holders])

    class Meta:
        ordering = ["debate", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["debate", "slug"], name="position_unique_slug_in_debate")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("arguments:position", args=[self.debate.slug, self.slug])

    def clean(self):
        if not self.title.strip():
            raise ValidationError({"title": "A position needs a title."})
        if not self.slug:
            self.slug = unique_slug(Position, self.title, instance=self, debate_id=self.debate_id)


class Stance(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Against"


def combine_stances(parent_stance, stance):
    """The stance toward the position of a reply with ``stance`` to a parent with ``parent_stance``.

    Against an argument against the position is for it: signs multiply.
    """
    return Stance.FOR if (parent_stance == Stance.FOR) == (stance == Stance.FOR) else Stance.AGAINST


class ArgumentQuerySet(PublishableQuerySet):
    def readable(self):
        """Arguments a reader may see: published, with every ancestor, position and debate published."""
        return self.filter(
            is_visible=True,
            position__status=Status.PUBLISHED,
            position__debate__status=Status.PUBLISHED,
        )

    def visible(self):
        """Published arguments whose every ancestor is published (position and debate not checked)."""
        return self.filter(is_visible=True)

    def shown_to(self, user):
        """The arguments ``user``'s pages show: those readers see; for those who may preview drafts,
        drafts too, and what a draft hides (a retired argument still hides its replies).

        Threads are walked down from their roots, so a reply under a retired argument is never reached.
        """
        return self.exclude(status=Status.RETIRED) if can_preview_drafts(user) else self.visible()

    def for_display(self, user=None):
        """What an argument card shows: speaker, author, evidence with its source and speaker, reply count.

        With ``user``, the count is of the replies that user's pages show.
        """
        shown = ~Q(replies__status=Status.RETIRED) if can_preview_drafts(user) else Q(replies__is_visible=True)
        return (
            self.select_related("speaker", "author")
            .prefetch_related(
                models.Prefetch("evidence", queryset=Evidence.objects.visible().with_people().order_by("start"))
            )
            .annotate(reply_count=Count("replies", filter=shown))
        )

    def subtree_of(self, roots, max_depth, include_roots=False):
        """Arguments below ``roots`` (ids), at most ``max_depth`` levels down, in one query.

        A recursive SQL query works at any depth, where Python or template
        recursion would hit its limits on a thread a thousand replies deep.
        With ``include_roots`` the roots come too, from the same query: an ``OR``
        of two id lists would make PostgreSQL scan the whole table.
        """
        if not roots:
            return self.none()
        max_depth = min(max_depth, MAX_THREAD_DEPTH)
        table = Argument._meta.db_table
        placeholders = ", ".join(["%s"] * len(roots))
        anchor = (
            f"SELECT id, -1 FROM {table} WHERE id IN ({placeholders})"
            if include_roots
            else f"SELECT id, 0 FROM {table} WHERE parent_id IN ({placeholders})"
        )
        sql = (
            f"WITH RECURSIVE thread(id, lvl) AS ("
            f" {anchor}"
            f" UNION ALL SELECT a.id, thread.lvl + 1 FROM {table} a"
            f" JOIN thread ON a.parent_id = thread.id WHERE thread.lvl + 1 < %s"
            f") SELECT id FROM thread"
        )
        return self.filter(id__in=models.expressions.RawSQL(sql, [*roots, max_depth]))

    def ancestors_of(self, argument):
        """The chain from the top-level argument down to ``argument``'s parent, in one query."""
        if argument.parent_id is None:
            return self.none()
        table = Argument._meta.db_table
        sql = (
            f"WITH RECURSIVE chain(id, parent_id, lvl) AS ("
            f" SELECT id, parent_id, 1 FROM {table} WHERE id = %s"
            f" UNION ALL SELECT a.id, a.parent_id, chain.lvl + 1 FROM {table} a"
            f" JOIN chain ON a.id = chain.parent_id WHERE chain.lvl < %s"
            f") SELECT id FROM chain"
        )
        return self.filter(id__in=models.expressions.RawSQL(sql, [argument.parent_id, MAX_THREAD_DEPTH])).order_by(
            "depth"
        )


def lock_debates(debate_ids):
    """Lock the rows of these debates (ids or a subquery of them) until the transaction ends.

    SQLite has no row locks: there every transaction takes the database's write lock when it begins
    (``transaction_mode`` IMMEDIATE in settings), which serialises them anyway.
    """
    if connection.features.has_select_for_update:
        list(Debate.objects.select_for_update().filter(pk__in=debate_ids).order_by("pk").values_list("pk"))


THREAD_TOO_DEEP = f"A thread can be at most {MAX_THREAD_DEPTH} replies deep."


class Argument(SpokenBy, Curated):
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="arguments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    stance = models.CharField(
        max_length=8,
        choices=Stance.choices,
        help_text="For or against the parent argument, or the position for a top-level argument.",
    )
    slug = models.SlugField(max_length=100)
    text = models.TextField(max_length=ARGUMENT_MAX_LENGTH, help_text="The claim, in one or two sentences.")
    speaker = models.ForeignKey(
        Speaker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="arguments",
        help_text="The quoted person whose own claim this is (curated content), not whoever is quoted as evidence.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authored_arguments",
        help_text="The site user who wrote it (a student whose proposal was approved); empty for curated content.",
    )
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="arguments")

    # Derived from the parent chain on every save, so pages never walk the tree.
    depth = models.PositiveIntegerField(default=0, editable=False)
    position_stance = models.CharField(max_length=8, choices=Stance.choices, editable=False)
    is_visible = models.BooleanField(
        default=False, editable=False, help_text="Published, and every ancestor published."
    )

    objects = ArgumentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[evidence], excluded_fields=["depth", "position_stance", "is_visible"])

    class Meta:
        ordering = ["position", "depth", "id"]
        constraints = [
            models.UniqueConstraint(fields=["position", "slug"], name="argument_unique_slug_in_position"),
            models.CheckConstraint(condition=models.Q(stance__in=["for", "against"]), name="argument_stance_valid"),
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="argument_not_its_own_parent"),
        ]
        indexes = [
            models.Index(fields=["position", "parent", "is_visible"], name="argument_thread_idx"),
            models.Index(fields=["position", "position_stance", "is_visible"], name="argument_stance_idx"),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("arguments:argument", args=[self.pk])

    @property
    def is_rebuttal(self):
        return self.parent_id is not None and self.stance == Stance.AGAINST

    def clean(self):
        if not (self.text or "").strip():
            raise ValidationError({"text": "An argument needs a claim."})
        if self.stance not in Stance.values:
            raise ValidationError({"stance": "Stance must be “for” or “against”."})
        parent = self.parent
        if parent is not None:
            if parent.position_id != self.position_id:
                raise ValidationError({"parent": "A reply must be in the same position as the argument it answers."})
            if self.pk and (parent.pk == self.pk or parent.pk in self.descendant_ids()):
                raise ValidationError({"parent": "An argument cannot answer itself or one of its own replies."})
            if parent.depth + 1 >= MAX_THREAD_DEPTH:
                raise ValidationError({"parent": THREAD_TOO_DEEP})
        if self.pk and self.replies.exclude(position_id=self.position_id).exists():
            raise ValidationError(
                {"position": "This argument has replies; use “Move” so that they go to the new position with it."}
            )
        self.depth = parent.depth + 1 if parent else 0
        self.position_stance = combine_stances(parent.position_stance, self.stance) if parent else self.stance
        self.is_visible = self.status == Status.PUBLISHED and (parent is None or parent.is_visible)
        if not self.slug:
            self.slug = unique_slug(Argument, self.text, instance=self, max_length=60, position_id=self.position_id)

    def descendant_ids(self):
        return list(Argument.objects.subtree_of([self.pk], MAX_THREAD_DEPTH).values_list("id", flat=True))

    def lock_threads(self):
        """Take the lock that every change to the shape of this argument's debate takes: its debate's row.

        A save that changes or checks a parent holds it from before it reads the replies until it
        commits, so two opposite moves (X under Y, Y under X) run one after the other and the second
        sees the first's result. Whatever else locks a debate locks it first, before any of its rows.
        """
        where = Q(pk=self.position_id)
        if self.pk:
            where |= Q(arguments=self.pk)  # the debate it is in now, should it be leaving for another
        lock_debates(Position.objects.filter(where).values("debate_id"))

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.parent_id is not None or not self._state.adding:
                self.lock_threads()
                if self.parent_id is not None:
                    # Derive depth and stance from the parent as it is now, not as it was when loaded.
                    parent = Argument._base_manager.filter(pk=self.parent_id).first()
                    if parent is None:
                        raise ValidationError({"parent": "The argument it answers was removed meanwhile."})
                    self.parent = parent
            super().save(*args, **kwargs)
            self.refresh_descendants()

    def refresh_descendants(self):
        """Bring the derived fields of the whole subtree in step with this argument.

        One query reads the subtree and one bulk update writes it, whatever its depth.
        """
        rows = list(
            Argument.objects.subtree_of([self.pk], MAX_THREAD_DEPTH).values(
                "id", "parent_id", "stance", "status", "depth", "position_stance", "is_visible"
            )
        )
        if not rows:
            return
        children_of = {}
        for row in rows:
            children_of.setdefault(row["parent_id"], []).append(row)
        derived = {self.pk: (self.depth, self.position_stance, self.is_visible)}
        changed = []
        frontier = [self.pk]
        while frontier:
            parent_id = frontier.pop()
            parent_depth, parent_stance, parent_visible = derived[parent_id]
            for row in children_of.get(parent_id, ()):
                if row["id"] in derived:
                    continue  # a cycle written straight into the database: leave it to a moderator's move
                values = (
                    parent_depth + 1,
                    combine_stances(parent_stance, row["stance"]),
                    parent_visible and row["status"] == Status.PUBLISHED,
                )
                if values[0] >= MAX_THREAD_DEPTH:
                    raise ValidationError({"parent": THREAD_TOO_DEEP})
                derived[row["id"]] = values
                if values != (row["depth"], row["position_stance"], row["is_visible"]):
                    changed.append(
                        Argument(id=row["id"], depth=values[0], position_stance=values[1], is_visible=values[2])
                    )
                frontier.append(row["id"])
        if changed:
            Argument._base_manager.bulk_update(changed, ["depth", "position_stance", "is_visible"], batch_size=500)
