"""Personal access tokens: a script's or an extension's key to one account's API."""

from __future__ import annotations

from django.db import models

from rapport.accounts.models import Owned


class PersonalToken(Owned):
    """A token the user made; only its SHA-256 is kept, the token itself is shown once.

    ``window_started_at`` and ``window_requests`` count the requests of the current minute,
    for the rate limit; both move in the one conditional UPDATE that also records the use.
    """

    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    #: The token's first characters, shown so that the user can tell tokens apart.
    prefix = models.CharField(max_length=12)
    read_only = models.BooleanField(default=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    window_started_at = models.DateTimeField(null=True, blank=True)
    window_requests = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
