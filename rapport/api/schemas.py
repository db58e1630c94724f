"""The API's shapes, the contact's made from its one declaration (rapport.core.contact_fields):
a new field there is a new field here."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import (
    AfterValidator,
    AwareDatetime,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    create_model,
)

from rapport.core.contact_fields import FIELDS, Kind
from rapport.core.guard import KINDS
from rapport.core.network import CommonalityKind, Permission, TouchKind


def no_nul(value: str) -> str:
    # PostgreSQL cannot store it and no one types it: refuse it as the web forms do.
    if "\0" in value:
        raise ValueError("contains a NUL character, which text cannot hold")
    return value


Text = Annotated[str, AfterValidator(no_nul)]


def one_tag(value: str) -> str:
    # Tags are separated by commas everywhere else (the form, the imports, the exports).
    if "," in value:
        raise ValueError("a tag cannot hold a comma")
    return value


Tag = Annotated[Text, AfterValidator(one_tag)]


def plausible(value: datetime) -> datetime:
    # Far-off years cannot be stored once moved to UTC, and are never what a student meant.
    if not 1900 <= value.year <= 2200:  # checked before moving it, which could overflow
        raise ValueError("give a date between the years 1900 and 2200")
    return value


Moment = Annotated[AwareDatetime, AfterValidator(plausible)]
GuardKind = Literal[KINDS]  # type: ignore[valid-type]


def _type_of(kind: Kind) -> Any:
    if kind is Kind.TAGS:
        return list[Tag]
    if kind is Kind.DAYS:
        return StrictInt | None  # no "3" or 3.0 for 3
    return Text


class Closed(Schema):
    """What a client sends: an unknown field is refused by name."""

    model_config = ConfigDict(extra="forbid")


ContactIn = create_model(
    "ContactIn",
    __base__=Closed,
    **{
        f.name: (
            (_type_of(f.kind) if f.name == "name" else _type_of(f.kind) | None),
            Field(... if f.name == "name" else None, description=f.help or f.label),
        )
        for f in FIELDS
    },
)
ContactPatch = create_model(
    "ContactPatch",
    __base__=Closed,
    **{
        f.name: (_type_of(f.kind) | None, Field(None, description=f.help or f.label))
        for f in FIELDS
    },
)
ContactOut = create_model(
    "ContactOut",
    __base__=Schema,
    id=(int, ...),
    created_at=(str, ...),
    **{
        f.name: (
            list[str] if f.kind is Kind.TAGS else int | None if f.kind is Kind.DAYS else str,
            ...,
        )
        for f in FIELDS
    },
)


class ContactPage(Schema):
    items: list[ContactOut]
    count: int
    page: int
    pages: int


class Known(Schema):
    """Who a person seen on a page may already be."""

    same_profile: int | None = Field(
        description="The contact with this profile address (and, on a page that may list "
        "several people, this name): saving them again would fill in this one."
    )
    known: list[ContactOut] = Field(description="Everyone who may be them, by address or name.")


class TouchIn(Closed):
    kind: TouchKind
    happened_at: Moment | None = Field(
        None, description="When, with its offset (2026-12-07T15:30:00-05:00); now if left out."
    )
    summary: Text = ""


class TouchOut(Schema):
    id: int
    contact_id: int
    kind: str
    happened_at: datetime
    summary: str


class LintIn(Closed):
    text: Text
    kind: GuardKind = Field("text", description="What the text is, as `rapport lint --kind`.")
    referrer: Text = ""
    strict: StrictBool = False  # no 0 for false


class FindingOut(Schema):
    rule: str
    severity: str
    start: int
    end: int
    message: str
    suggestion: str


class LintOut(Schema):
    ok: bool
    findings: list[FindingOut]


class OrganizationIn(Closed):
    name: Text = Field(..., max_length=200)
    website: Text = ""
    field: Text = Field("", max_length=150)
    location: Text = Field("", max_length=150)
    motivation: StrictInt | None = Field(
        None, ge=1, le=5, description="How much you want to work there, 1 to 5."
    )
    dress: Text = Field("", max_length=300, description="What people wear there.")
    notes: Text = ""
    research: Text = ""


class OrganizationPatch(Closed):
    name: Text | None = Field(None, max_length=200)
    website: Text | None = None
    field: Text | None = Field(None, max_length=150)
    location: Text | None = Field(None, max_length=150)
    motivation: StrictInt | None = Field(None, ge=1, le=5)
    dress: Text | None = Field(None, max_length=300)
    notes: Text | None = None
    research: Text | None = None


class OrganizationOut(Schema):
    id: int
    name: str
    website: str
    field: str
    location: str
    motivation: int | None
    dress: str
    notes: str
    research: str


class CommonalityIn(Closed):
    kind: CommonalityKind
    detail: Text = Field(..., min_length=1, max_length=200)
    strength: StrictInt = Field(3, ge=1, le=5, description="How much it matters to them.")


class CommonalityOut(Schema):
    id: int
    contact_id: int
    kind: str
    detail: str
    strength: int


class ReferralIn(Closed):
    referrer_id: StrictInt = Field(..., description="The contact who suggested the other.")
    referred_id: StrictInt = Field(..., description="The contact they suggested.")
    permission: Permission = Permission.NOT_ASKED
    note: Text = ""


class ReferralOut(Schema):
    id: int
    referrer_id: int
    referred_id: int
    permission: str
    note: str


class MeetingIn(Closed):
    contact_id: StrictInt
    starts_at: Moment
    minutes: StrictInt = Field(20, ge=5, le=120)
    mode: Literal["in_person", "phone", "video"] = "in_person"
    place: Text = Field("", max_length=300)


class QuestionOut(Schema):
    text: str
    note: str


class MeetingOut(Schema):
    id: int
    contact_id: int
    starts_at: datetime
    minutes: int
    mode: str
    place: str
    status: str
    ended_at: datetime | None
    questions: list[QuestionOut]


class DraftOut(Schema):
    kind: str
    subject: str
    text: str
    words: int
    seconds: int = Field(description="Spoken, at 150 words a minute.")
    ok: bool = Field(description="No finding is an error.")
    findings: list[FindingOut]
