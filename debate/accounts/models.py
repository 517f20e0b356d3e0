from django.db import models
from knox.models import AbstractAuthToken


class AttemptCounter(models.Model):
    """How many login failures, reset requests or sign-ups one key (a hashed account name and/or
    client address) has made lately. Kept in the database so every worker and machine shares the
    count; changed only by single UPDATE statements (debate/accounts/throttle.py)."""

    scope = models.CharField(max_length=24)
    key = models.CharField(max_length=64)
    count = models.PositiveIntegerField(default=0)
    # Forgotten after this: each counted attempt pushes it to now + the scope's window.
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="attempt_counter_scope_key")]

    def __str__(self):
        return f"{self.scope} {self.key[:8]}…: {self.count}"


class ApiToken(AbstractAuthToken):
    """A knox token (only its SHA-512 digest is stored) that also remembers which password it was
    issued under: once the password changes, by whatever path, it no longer authenticates."""

    password_fingerprint = models.CharField(max_length=64)

    class Meta:
        verbose_name = "API token"
