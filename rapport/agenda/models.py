"""What the user put off: an agenda item of one kind for one contact, until a moment."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from rapport.accounts.models import Owned, OwnedQuerySet
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


class DueItem(models.Model):
    """One thing the schedule makes due for a contact (``schedule.due_for``), stored so that
    the agenda, the digest and the feed read only what falls in their window. It holds the
    moment, never whether it is late, so time passing needs no write; every write that
    changes a contact's timeline replaces its rows in the same transaction
    (``rapport.agenda.due``)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    due_at = models.DateTimeField()
    detail = models.TextField(blank=True)
    #: Put off until then ("Snooze a week"); the item shows again once it has passed.
    snoozed_until = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        indexes = [
            # Covers the agenda's counts, so they read the index alone.
            models.Index(
                fields=["owner", "due_at", "kind", "snoozed_until"], name="due_item_owner_due"
            ),
            # Thank-yous whatever their date, and "Losing touch", most overdue first; covers
            # the counts of one kind.
            models.Index(
                fields=["owner", "kind", "due_at", "snoozed_until"], name="due_item_owner_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.contact_id} at {self.due_at:%Y-%m-%d %H:%M}"
