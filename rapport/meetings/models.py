"""Meetings: when and how, what to ask, the checklist before, and practice on a friend."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from rapport.accounts.models import Owned
from rapport.contacts.models import Contact, Touch


class Meeting(Owned):
    IN_PERSON, PHONE, VIDEO = "in_person", "phone", "video"
    MODES = [(IN_PERSON, "In person, at their workplace"), (PHONE, "Phone"), (VIDEO, "Video")]
    REQUESTED, SCHEDULED, DONE, CANCELLED = "requested", "scheduled", "done", "cancelled"
    STATUSES = [
        (REQUESTED, "Requested"),
        (SCHEDULED, "Scheduled"),
        (DONE, "Done"),
        (CANCELLED, "Cancelled"),
    ]

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField("when")
    minutes = models.PositiveSmallIntegerField(
        "length (minutes)",
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
        help_text="15 to 20 minutes is the method's length; more than 30 asks a lot.",
    )
    mode = models.CharField(max_length=10, choices=MODES, default=IN_PERSON)
    place = models.CharField("place, number or link", max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=SCHEDULED)
    from_touch = models.ForeignKey(
        Touch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: When it really ended, as the student said; its thank-you is due 12 hours later.
    ended_at = models.DateTimeField(null=True, blank=True)
    #: Its "Meeting" on the contact's timeline: one, made when it is marked done and moved
    #: when its end is corrected.
    touch = models.OneToOneField(
        Touch,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="meeting",
    )
    #: Names it in calendars (the invitation, the feed): random, so no two meetings of any
    #: user on any install share it, and fixed, so a new copy replaces the old one.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The checklist before the meeting.
    read_field = models.BooleanField("read up on the field", default=False)
    browsed_site = models.BooleanField("browsed their organization's site", default=False)
    found_commonality = models.BooleanField("found what we share", default=False)
    chose_questions = models.BooleanField("chose my questions", default=False)
    planned_outfit = models.BooleanField(
        "planned what to wear (their everyday wear)", default=False
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]

    CHECKLIST = [
        "read_field",
        "browsed_site",
        "found_commonality",
        "chose_questions",
        "planned_outfit",
    ]

    def __str__(self) -> str:
        return f"{self.contact} on {self.starts_at:%Y-%m-%d}"

    @property
    def ends_at(self) -> datetime:
        """When it ended, once it has; until then when it is planned to end."""
        return self.ended_at or self.starts_at + timedelta(minutes=self.minutes)

    @property
    def is_done(self) -> bool:
        return self.status == self.DONE

    @property
    def is_open(self) -> bool:
        """Still to happen, or to be marked done: requested or scheduled."""
        return self.status in (self.REQUESTED, self.SCHEDULED)


class MeetingQuestion(Owned):
    """A question chosen for a meeting, in order; the text is kept as the user left it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=500)
    theme = models.CharField(max_length=30, blank=True)
    minutes = models.PositiveSmallIntegerField(default=2)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class OwnQuestion(Owned):
    """A question the user added to their bank."""

    text = models.CharField(max_length=500)
    theme = models.CharField(max_length=30, default="advice")
    minutes = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )

    def __str__(self) -> str:
        return self.text


class HiddenQuestion(Owned):
    """A question of the built-in bank the user does not want offered."""

    key = models.CharField(max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint("owner", "key", name="hide_once")]


class PracticeRun(Owned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="practice_runs")
    friend = models.CharField("practicing with", max_length=100)
    seconds = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]


class PracticeAnswer(Owned):
    """The friend's feedback on one question of a practice run."""

    run = models.ForeignKey(PracticeRun, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=500)
    focused = models.BooleanField(default=False)
    sincere = models.BooleanField(default=False)
    listened = models.BooleanField("listened more than talked", default=False)
    note = models.CharField(max_length=500, blank=True)


class Suggestion(Owned):
    """Something a contact suggested, kept as an action with a due date."""

    KINDS = [
        ("read", "Read"),
        ("join", "Join an association"),
        ("attend", "Attend a meeting or event"),
        ("program", "Look at a graduate program"),
        ("contact", "Contact a person"),
        ("other", "Other"),
    ]
    OPEN, DONE, DISMISSED = "open", "done", "dismissed"
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="suggestions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    kind = models.CharField(max_length=10, choices=KINDS, default="read")
    text = models.CharField("what they suggested", max_length=300)
    due = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10,
        default=OPEN,
        choices=[(OPEN, "Open"), (DONE, "Done"), (DISMISSED, "Dismissed")],
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "due", "id"]

    def __str__(self) -> str:
        return self.text

    def said(self) -> str:
        """The suggestion as a list shows it: its kind before its words, unless they begin
        with the kind's verb already ("Read the CRS report", not "Read: Read the CRS report")
        or it has none ("Other")."""
        label = str(self.get_kind_display())
        verb, first = label.split()[0].casefold(), (self.text.split() or [""])[0].casefold()
        return self.text if self.kind == "other" or first == verb else f"{label}: {self.text}"


class OwnSkill(Owned):
    """A skill term the user added to the shipped vocabulary."""

    term = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint("owner", "term", name="own_skill_once")]

    def __str__(self) -> str:
        return self.term
