"""What the user put off: an agenda item of one kind for one contact, until a moment."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from rapport.accounts.models import Owned
from rapport.contacts.models import Contact


class Snooze(Owned):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="snoozes")
    kind = models.CharField(max_length=20)
    until = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint("contact", "kind", name="one_snooze_per_item")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.contact} until {self.until:%Y-%m-%d}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The secret in the calendar feed's address; regenerating it retires the old address."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"feed of {self.owner_id}"


class Reminder(models.Model):
    """When the user wants the e-mail digest of what fell due; ``next_due`` is claimed by a
    conditional UPDATE, so two `rapport remind` runs never send the same digest twice."""

    DAILY, WEEKLY, OFF = "daily", "weekly", "off"
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(
        max_length=10,
        default=DAILY,
        choices=[(DAILY, "Every morning"), (WEEKLY, "Once a week, on Mondays"), (OFF, "Never")],
    )
    hour = models.PositiveSmallIntegerField(default=8, help_text="In your time zone, 0 to 23.")
    next_due = models.DateTimeField(null=True, blank=True)
    last_sent = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.frequency} reminders for {self.owner_id}"
