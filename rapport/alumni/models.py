"""A volunteer's profile, and the requests students send them."""

from __future__ import annotations

import secrets

from django.db import models

from rapport import clock
from rapport.accounts.models import Owned
from rapport.contacts.models import Contact
from rapport.meetings.models import Meeting


def new_key() -> str:
    return secrets.token_urlsafe(24)


class Volunteer(models.Model):
    """Someone happy to talk with students. No account: they manage their profile, and
    answer requests, from links in their e-mails. Their address is never shown to a
    student before they accept."""

    name = models.CharField(max_length=150)
    email = models.CharField(max_length=254, unique=True)
    role = models.CharField(max_length=150, blank=True)
    organization = models.CharField(max_length=150, blank=True)
    field = models.CharField(max_length=100, blank=True)
    location = models.CharField(max_length=100, blank=True)
    graduation_year = models.PositiveSmallIntegerField(null=True, blank=True)
    major = models.CharField(max_length=150, blank=True)
    topics = models.CharField(
        "topics they are happy to talk about",
        max_length=500,
        blank=True,
        help_text="Separated by commas, e.g. getting started, policy research.",
    )
    modes = models.CharField(max_length=50, default="phone,video,in_person")
    monthly_limit = models.PositiveSmallIntegerField("conversations a month", default=2)
    paused = models.BooleanField(default=False)
    #: The month (YYYY-MM) and the requests accepted in it: one conditional UPDATE claims a
    #: place, so two acceptances at once can never pass the limit.
    month = models.CharField(max_length=7, blank=True)
    accepted_in_month = models.PositiveSmallIntegerField(default=0)
    #: The secret in the link with which they manage their profile.
    key = models.CharField(max_length=64, unique=True, default=new_key)
    created_at = models.DateTimeField(default=clock.model_default)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def is_full(self, month: str) -> bool:
        return self.month == month and self.accepted_in_month >= self.monthly_limit


class Request(Owned):
    """A student's request to talk with a volunteer; answered once, from the e-mail."""

    SENT, ACCEPTED, DECLINED, EXPIRED, FULL = "sent", "accepted", "declined", "expired", "full"
    STATUSES = [
        (SENT, "Waiting for an answer"),
        (ACCEPTED, "Accepted"),
        (DECLINED, "Declined"),
        (EXPIRED, "Not answered in 7 days"),
        (FULL, "Their month was full"),
    ]
    volunteer = models.ForeignKey(
        Volunteer, null=True, on_delete=models.SET_NULL, related_name="requests"
    )
    #: The volunteer's name as it was, kept when they leave.
    volunteer_name = models.CharField(max_length=150)
    commonality = models.CharField(max_length=300, blank=True)
    message = models.TextField()
    #: The times the student proposed, ISO 8601.
    slots = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=STATUSES, default=SENT)
    #: The answer link's secret, as its SHA-256 (the link itself is only in the e-mail).
    answer_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"request to {self.volunteer_name}"
