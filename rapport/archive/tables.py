"""What the archive holds: every table the account owns, its fields, and how rows refer.

A table's fields are read from its model, so a field added later is archived without a
change here; a model added later must be named in TABLES or LEFT_OUT (a test fails until
it is). Rows refer to each other by the ids they had in the account that was exported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import models

from rapport import clock
from rapport.agenda.models import Reminder, Snooze
from rapport.alumni.models import Request as VolunteerRequest
from rapport.api.models import PersonalToken
from rapport.contacts.models import (
    Commonality,
    Contact,
    Organization,
    PendingImport,
    PreparedExport,
    Referral,
    Tag,
    Touch,
)
from rapport.core.search import fold
from rapport.dav.models import DavAccount, DavItem
from rapport.mailbox.models import MailAccount, MailFolder, MailNotice
from rapport.meetings.models import (
    HiddenQuestion,
    Meeting,
    MeetingQuestion,
    OwnQuestion,
    OwnSkill,
    PracticeAnswer,
    PracticeRun,
    Suggestion,
)

if TYPE_CHECKING:
    from rapport.accounts.models import User

FORMAT, VERSION = "rapport", 2
#: The versions this Rapport reads: version 1 held contacts, organizations, tags and referrals.
READS = (1, 2)
#: The profile fields an archive carries (the e-mail and password stay with the account).
PROFILE = ["name", "school", "year", "major", "interests", "phone", "time_zone", "resume_text"]
REMINDER = ["frequency", "hour"]

Row = dict[str, Any]


@dataclass(frozen=True)
class Table:
    """One owned table in the archive: its key in the file and its model; ``same`` says
    which row of the account a row of the file is when restoring into an account that has
    data (from the row with its references already turned into the account's ids), and
    ``unique`` whether the account can hold only one row of each such identity."""

    key: str
    model: type[models.Model]
    label: tuple[str, str]
    same: Callable[[Row], Hashable]
    unique: bool = False


def by(*names: str) -> Callable[[Row], Hashable]:
    return lambda row: tuple(row[name] for name in names)


#: In the order a restore writes them: every table after the ones it refers to.
TABLES = [
    Table(
        "organizations",
        Organization,
        ("organization", "organizations"),
        lambda row: fold(row["name"]),
        unique=True,
    ),
    Table("tags", Tag, ("tag", "tags"), lambda row: fold(row["name"]), unique=True),
    # Contacts are matched as an import matches them (rapport.core.matching), not by ``same``.
    Table("contacts", Contact, ("contact", "contacts"), by("name")),
    Table(
        "commonalities",
        Commonality,
        ("commonality", "commonalities"),
        lambda row: (row["contact"], row["kind"], fold(row["detail"])),
    ),
    Table(
        "touches",
        Touch,
        ("timeline entry", "timeline entries"),
        by("contact", "kind", "happened_at", "summary"),
    ),
    Table("meetings", Meeting, ("meeting", "meetings"), by("contact", "starts_at")),
    Table(
        "referrals", Referral, ("referral", "referrals"), by("referrer", "referred"), unique=True
    ),
    Table(
        "meeting_questions",
        MeetingQuestion,
        ("meeting question", "meeting questions"),
        by("meeting", "text"),
    ),
    Table(
        "practice_runs",
        PracticeRun,
        ("practice run", "practice runs"),
        by("meeting", "friend", "created_at"),
    ),
    Table(
        "practice_answers",
        PracticeAnswer,
        ("practice answer", "practice answers"),
        by("run", "question"),
    ),
    Table(
        "suggestions", Suggestion, ("suggestion", "suggestions"), by("contact", "meeting", "text")
    ),
    Table(
        "own_questions", OwnQuestion, ("question of your own", "questions of your own"), by("text")
    ),
    Table(
        "hidden_questions",
        HiddenQuestion,
        ("hidden question", "hidden questions"),
        by("key"),
        unique=True,
    ),
    Table("own_skills", OwnSkill, ("skill word", "skill words"), by("term"), unique=True),
    Table("snoozes", Snooze, ("snoozed item", "snoozed items"), by("contact", "kind"), unique=True),
]
TABLE_OF = {table.model: table for table in TABLES}
#: Owned tables an archive leaves out, and why.
LEFT_OUT = {
    PendingImport: "an uploaded file waiting for its preview to be confirmed",
    PreparedExport: "a copy of an export, kept a day for its download",
    PersonalToken: "a key to this install's API, kept as a hash: useless anywhere else",
    DavAccount: "a password sealed with this install's key: connect again after restoring",
    DavItem: "what this install pushed to an address book; a restored copy pushes anew",
    MailAccount: "a mailbox password sealed with this install's key: connect again",
    MailFolder: "how far this install read a mailbox; the timelines keep what it logged",
    MailNotice: "what the last syncs said on the agenda; the timelines keep what they logged",
    VolunteerRequest: "a request to one of this center's volunteers; what an acceptance made "
    "(the contact, the meeting) is archived with the rest",
}
#: Fields made again on restore rather than read from the file: worked out from others,
#: or (a meeting's calendar uid) unique to one install, so a restored copy never clashes.
DERIVED = {
    Contact: {"search_text", "sort_name", "approached"},
    Organization: {"sort_name"},
    Tag: {"sort_name"},
    Meeting: {"uid"},
}


def fields_of(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The fields of ``model`` an archive carries: all but the id, the owner and the derived."""
    left = {"id", "owner", *DERIVED.get(model, ())}
    return [field for field in model._meta.concrete_fields if field.name not in left]


def references(model: type[models.Model]) -> dict[str, type[models.Model]]:
    """The fields of ``model`` that refer to another archived table, and that table's model."""
    return {
        field.name: field.related_model
        for field in fields_of(model)
        if field.is_relation and field.related_model in TABLE_OF
    }


def many_to_many(model: type[models.Model]) -> list[models.ManyToManyField[Any, Any]]:
    return [f for f in model._meta.many_to_many if f.related_model in TABLE_OF]


def export_account(owner: User) -> dict[str, Any]:
    """Return everything ``owner`` owns as plain JSON values, in one query a table however
    many rows there are (model objects for 100,000 contacts and their timelines take minutes)."""
    reminder = Reminder.objects.filter(owner=owner).values(*REMINDER).first()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": clock.now().isoformat(),
        "profile": {name: getattr(owner, name) for name in PROFILE},
        "reminders": reminder,
        **{table.key: rows_of(owner, table.model) for table in TABLES},
    }


def rows_of(owner: User, model: type[models.Model]) -> list[Row]:
    fields = fields_of(model)
    names = [field.name for field in fields]
    linked = {field.name: linked_ids(owner, field) for field in many_to_many(model)}
    rows = model._default_manager.filter(owner=owner).order_by("id")
    return [
        {
            "id": values[0],
            **dict(zip(names, map(plain, values[1:]), strict=True)),
            **{name: ids.get(values[0], []) for name, ids in linked.items()},
        }
        for values in rows.values_list("id", *(field.attname for field in fields))
    ]


def linked_ids(owner: User, field: models.ManyToManyField[Any, Any]) -> dict[int, list[int]]:
    """The ids a many-to-many field links each of ``owner``'s rows to, in one query."""
    through = field.remote_field.through
    mine, theirs = field.m2m_column_name(), field.m2m_reverse_name()
    links: dict[int, list[int]] = defaultdict(list)
    rows = through.objects.filter(**{f"{field.m2m_field_name()}__owner": owner})
    for row_id, other_id in rows.order_by(theirs).values_list(mine, theirs):
        links[row_id].append(other_id)
    return links


def plain(value: Any) -> Any:
    """A field's value as JSON holds it: moments and days in ISO form."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
