"""The people the user finds, what they share with them, and every touch since.

Every row carries its owner, and every query starts from it (``Model.objects.owned_by``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from rapport import clock
from rapport.accounts.models import Owned, OwnedQuerySet
from rapport.contacts import schema
from rapport.core.network import (
    STRENGTH_DEFAULT,
    STRENGTH_MAX,
    STRENGTH_MIN,
    CommonalityKind,
    Permission,
    TouchKind,
)
from rapport.core.search import person_sort_key, sort_key

M = TypeVar("M", bound=models.Model)


class SortKeyField(models.TextField):
    """A row's name as lists order it (``sort_key``: "Émile" among the e's), worked out
    whenever the ORM writes the row (``save`` and ``bulk_create`` both ask ``pre_save``);
    writers in SQL work it out themselves. It compares code point by code point: on
    PostgreSQL its column is in the "C" collation (migrations 0021 and 0022). A person's
    (``person=True``) passes over a title before the name."""

    def __init__(self, *args: Any, person: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        self.person = person
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.person:
            kwargs["person"] = True
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        key = person_sort_key if self.person else sort_key
        value = key(model_instance.name)  # type: ignore[attr-defined]
        setattr(model_instance, self.attname, value)
        return value


def with_sort_key(instance: models.Model, kwargs: dict[str, Any]) -> dict[str, Any]:
    """``save``'s arguments, the sort key written wherever the name is: by a save that names
    the fields it writes, or (of an object read without its key) writes only those read."""
    fields = kwargs.get("update_fields")
    if fields is None and not instance._state.adding and not kwargs.get("force_insert"):
        deferred = instance.get_deferred_fields()
        if "sort_name" in deferred and "name" not in deferred:
            fields = [
                field.attname
                for field in instance._meta.concrete_fields
                if not field.primary_key and field.attname not in deferred
            ]
    if fields is not None and "name" in fields and "sort_name" not in fields:
        return {**kwargs, "update_fields": [*fields, "sort_name"]}
    return kwargs


class Organization(Owned):
    name = models.CharField(max_length=200)
    sort_name = SortKeyField()
    website = models.URLField(max_length=500, blank=True)
    field = models.CharField(max_length=150, blank=True)
    location = models.CharField(max_length=150, blank=True)
    dress = models.CharField(
        "what people wear there",
        max_length=300,
        blank=True,
        help_text="Dress like their everyday wear, not like a job interview.",
    )
    notes = models.TextField(blank=True)
    research = models.TextField(blank=True, help_text="Markdown: what they do, recent news, links.")
    motivation = models.PositiveSmallIntegerField(
        "how much you want to work there (1 to 5)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="Your own rating, as in a LAMP list; it lifts its people in “who to ask next”.",
    )

    class Meta:
        ordering = ["sort_name", "id"]
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="organization_name_per_owner"),
        ]
        indexes = [models.Index(fields=["owner", "sort_name"], name="organization_owner_sorted")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **with_sort_key(self, kwargs))


def organization_of_name(owner: Any, name: str, but: int | None = None) -> Organization | None:
    """The user's organization of this name in any case, accented letters too ("ÉCOLE" is
    "école"), other than ``but``. SQLite's case-blind comparison knows only ASCII, so a name
    that is not is compared here."""
    return of_name(Organization.objects.owned_by(owner).exclude(pk=but), name)


def of_name(rows: models.QuerySet[M], name: str) -> M | None:
    """The row of ``rows`` whose name is ``name`` in any case, accented letters too."""
    found = rows.filter(name__iexact=name).first()
    if found is None and not name.isascii():
        wanted = name.casefold()
        found = next((row for row in rows.only("name") if row.name.casefold() == wanted), None)
    return found


class Tag(Owned):
    name = models.CharField(max_length=60)
    sort_name = SortKeyField()
    cadence_days = models.PositiveSmallIntegerField(
        "keep in touch every (days)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="For contacts with this tag and no cadence of their own.",
    )

    class Meta:
        ordering = ["sort_name", "id"]
        constraints = [models.UniqueConstraint("owner", Lower("name"), name="tag_name_per_owner")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **with_sort_key(self, kwargs))


class Contact(Owned):
    """A person in the network. Its fields are declared in rapport.core.contact_fields; the
    lines here only place them."""

    name = schema.model_field("name")
    email = schema.model_field("email")
    phone = schema.model_field("phone")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    role = schema.model_field("role")
    field = schema.model_field("field")
    location = schema.model_field("location")
    profile_url = schema.model_field("profile_url")
    source = schema.model_field("source")
    how_we_know = schema.model_field("how_we_know")
    notes = schema.model_field("notes")
    research = schema.model_field("research")
    tags = models.ManyToManyField(Tag, blank=True, related_name="contacts")
    cadence_days = schema.model_field("cadence_days")
    updated_at = models.DateTimeField(auto_now=True)
    # Folded name, organization, role, notes and tags (rapport.core.search); kept by the services.
    search_text = models.TextField(blank=True, editable=False)
    sort_name = SortKeyField(person=True)
    # Ever e-mailed, called or met, read from the timeline summary and kept with it
    # (``rapport.contacts.summary``): who to ask next finds the people not yet asked through
    # an index instead of joining every contact to its summary. False in the database too,
    # for the INSERTs that name their columns (imports, the benchmark's seed).
    approached = models.BooleanField(default=False, db_default=False, editable=False)

    class Meta:
        ordering = ["sort_name", "id"]
        # The index for listing and searching by name is made per database in migration 0021.
        indexes = [
            models.Index(fields=["owner", "field"], name="contact_owner_field"),
            # The dashboard counts contacts by the month they were added, from the index alone.
            models.Index(fields=["owner", "created_at"], name="contact_owner_added"),
            models.Index(fields=["owner", "approached"], name="contact_owner_approached"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, never writing ``approached`` back: only the summary moves it, in the
        database, so an object read before a touch would otherwise put back what it read."""
        stored = not self._state.adding and self.pk is not None and not args
        if stored and not kwargs.get("force_insert") and kwargs.get("update_fields") is None:
            deferred = self.get_deferred_fields()  # not read: not written back either
            kwargs["update_fields"] = [name for name in SAVED_FIELDS if name not in deferred]
        super().save(*args, **with_sort_key(self, kwargs))


#: What a save of a contact already stored writes: every column but the summary's flag.
SAVED_FIELDS = [
    field.attname  # as get_deferred_fields names them
    for field in Contact._meta.concrete_fields
    if not field.primary_key and field.name != "approached"
]


class Commonality(Owned):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="commonalities")
    kind = models.CharField(max_length=20, choices=CommonalityKind.choices())
    detail = models.CharField(
        max_length=200, help_text="e.g. UMass Amherst, Uncle Joe, Debate club"
    )
    strength = models.PositiveSmallIntegerField(
        "how much it matters to them",
        default=STRENGTH_DEFAULT,
        validators=[MinValueValidator(STRENGTH_MIN), MaxValueValidator(STRENGTH_MAX)],
    )

    class Meta:
        ordering = ["-strength", "id"]
        verbose_name_plural = "commonalities"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.detail}"


class Touch(Owned):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="touches")
    kind = models.CharField(max_length=20, choices=TouchKind.choices())
    happened_at = models.DateTimeField("when", default=clock.model_default)
    summary = models.TextField(blank=True)
    # The guard's error rules the user chose to send past, e.g. "job-ask"; empty when none.
    # For mail read from the student's Sent folder, the rules the guard found after the fact.
    guard_override = models.CharField(max_length=200, blank=True, editable=False)
    #: The e-mail it is, when it is one: what Rapport put in the Message-ID of what it sent, or
    #: what a mailbox sync read. A reply's In-Reply-To finds the ask it answers by it, and a
    #: sync never logs one message twice (a re-run, a copy in another folder).
    message_id = models.CharField(
        max_length=300, blank=True, default="", db_default="", editable=False
    )
    #: Where it came from: "" typed by the student, "rapport" sent by Rapport, "mailbox:FOLDER"
    #: read from that folder of the student's mailbox.
    source = models.CharField(max_length=120, blank=True, default="", db_default="", editable=False)

    class Meta:
        ordering = ["-happened_at", "-id"]
        verbose_name_plural = "touches"
        indexes = [
            models.Index(fields=["contact", "-happened_at"], name="touch_contact_when"),
            models.Index(
                fields=["owner", "message_id"],
                name="touch_message_id",
                condition=~models.Q(message_id=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_at:%Y-%m-%d}"


class Referral(Owned):
    referrer = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="referrals_made")
    referred = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="referred_by")
    permission = models.CharField(
        "may you use the referrer's name?",
        max_length=10,
        choices=Permission.choices(),
        default=Permission.NOT_ASKED,
    )
    note = models.CharField(max_length=300, blank=True)
    # The meeting where the referrer suggested the person, when it was one.
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint("referrer", "referred", name="one_referral_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(referrer=models.F("referred")), name="no_self_referral"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referrer} referred {self.referred}"


class Work(models.TextChoices):
    """Where a piece of background work stands (a large import, a large export)."""

    WAITING = "waiting", "Waiting to start"
    RUNNING = "running", "Working"
    READY = "ready", "Ready"
    DONE = "done", "Done"
    FAILED = "failed", "Stopped"


class Progress(models.Model):
    """What the page shows of work done in the background: a step, how far, and a heartbeat
    (``updated_at``) that tells a page whether the worker is still on it."""

    state = models.CharField(max_length=10, choices=Work.choices, default=Work.READY)
    step = models.CharField(max_length=120, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    #: Why the work stopped, one line per problem, for the page to list.
    problems = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(default=clock.model_default)

    class Meta:
        abstract = True

    @property
    def busy(self) -> bool:
        return self.state in (Work.WAITING, Work.RUNNING)

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0


class PendingImport(Owned, Progress):
    """An uploaded file between its preview and the user's confirmation.

    A small file is planned in the request; a large one is planned, and later written, by the
    worker (``imports.plan_in_background``), and ``state`` says how far it got."""

    kind = models.CharField(max_length=20)
    encoding = models.CharField(max_length=40, blank=True)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    #: What the preview page shows, planned once (``imports.preview_of``); the confirmation
    #: plans again against the network as it is then.
    preview = models.JSONField(null=True, blank=True)
    #: After a background import: its counts, for the page to report.
    outcome = models.JSONField(null=True, blank=True)
    #: The user's choice on confirming: the merges take the file's values where they differ.
    use_file_values = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class PreparedExport(Owned, Progress):
    """A download too large to make within a request, made by the worker and kept a day."""

    file_format = models.CharField(max_length=10)
    filename = models.CharField(max_length=100)
    content = models.BinaryField(default=b"")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class TimelineSummary(models.Model):
    """The latest moment of each kind of touch on one contact's timeline (a row only for a
    contact with a touch), kept in step with every write to the timeline
    (``rapport.contacts.changes``): who to ask next and the dashboard read 10,000 of these
    instead of 50,000 touches."""

    contact = models.OneToOneField(
        Contact, primary_key=True, on_delete=models.CASCADE, related_name="timeline"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_email_sent = models.DateTimeField(null=True)
    last_reply_received = models.DateTimeField(null=True)
    last_call = models.DateTimeField(null=True)
    last_meeting = models.DateTimeField(null=True)
    last_thank_you = models.DateTimeField(null=True)
    last_note = models.DateTimeField(null=True)
    last_connected = models.DateTimeField(null=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        # Who to ask next reads only the last few days' asks, to find the ones still open.
        indexes = [models.Index(fields=["owner", "last_email_sent"], name="timeline_owner_asked")]

    def __str__(self) -> str:
        return f"timeline of {self.contact_id}"


class AskHistory(models.Model):
    """The user's asks and replies through one kind of commonality (``ranking.History``): how
    many commonalities of that kind the contacts ever e-mailed have, and how many of those
    the contacts who answered have. Recomputed in the transaction of every write to a
    timeline or to the commonalities (``rapport.contacts.summary``): who to ask next and the
    dashboard read a row a kind instead of joining 10,000 commonalities to their timelines."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    asked = models.PositiveIntegerField()
    replied = models.PositiveIntegerField()

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind"], name="ask_history_kind_per_owner")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.replied} of {self.asked}"


class Funnel(models.Model):
    """How many of the user's contacts reached each stage of the dashboard's funnel, from
    their timeline summaries and referrals, kept in step like ``AskHistory``."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    contacted = models.PositiveIntegerField(default=0)
    replied = models.PositiveIntegerField(default=0)
    met = models.PositiveIntegerField(default=0)
    thanked = models.PositiveIntegerField(default=0)
    referred = models.PositiveIntegerField(default=0)

    objects = OwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"funnel of {self.owner_id}"
