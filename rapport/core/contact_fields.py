"""A contact's fields, declared once: what each is called, how long it may be, how it is
checked, and where it sits in the files people bring and take away.

The model (``rapport.contacts.schema`` makes its Django fields from these), the contact form,
the imports (limits, checks, what they fill in, the columns they write), the CSV, JSON and
vCard exports and the CLI all read this table, so adding a field is one change here and a
migration. Pure data: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How a value is entered and checked."""

    LINE = "line"  # one line of text
    TEXT = "text"  # several lines
    EMAIL = "email"  # an address, internationalized ones too (RFC 6531)
    URL = "url"  # an http(s) link
    PHONE = "phone"
    CHOICE = "choice"  # one of rapport.core.network.Source
    DAYS = "days"  # a whole number of days, 1 to 3650
    ORGANIZATION = "organization"  # a relation, named by the organization's name
    TAGS = "tags"  # a relation, named by the tags' names


#: The kinds that are relations rather than a column of the contact.
RELATIONS = {Kind.ORGANIZATION, Kind.TAGS}


@dataclass(frozen=True)
class Field:
    name: str  # the attribute of the model and of an imported ContactRecord
    label: str  # as the form and the messages say it
    kind: Kind = Kind.LINE
    limit: int | None = None  # the longest value (of a tag: of each), in characters
    help: str = ""
    #: An import fills it in when the contact's own is empty (never overwriting).
    imported: bool = False
    #: The vCard 4.0 property a plain value is written to and read from, if any.
    vcard: str = ""
    #: The column of LinkedIn's Connections.csv it is read from, if any.
    linkedin: str = ""
    #: Whether the contacts CSV export has a column for it.
    csv: bool = True

    @property
    def column(self) -> bool:
        """Whether it is a column of the contact's table (not a relation)."""
        return self.kind not in RELATIONS


#: In the order of the contacts CSV export and of a contact's plain record.
FIELDS: tuple[Field, ...] = (
    Field("name", "name", limit=200),
    Field(
        "email",
        "e-mail",
        Kind.EMAIL,
        limit=254,
        imported=True,
        vcard="email",
        linkedin="Email Address",
    ),
    Field("phone", "phone", Kind.PHONE, limit=40, imported=True, vcard="tel"),
    Field(
        "organization",
        "organization",
        Kind.ORGANIZATION,
        limit=200,
        imported=True,
        linkedin="Company",
    ),
    Field("role", "role", limit=200, imported=True, vcard="title", linkedin="Position"),
    Field("field", "field", limit=150),
    Field("location", "location", limit=150, imported=True),
    Field(
        "profile_url",
        "profile URL",
        Kind.URL,
        limit=500,
        imported=True,
        vcard="url",
        linkedin="URL",
    ),
    Field("source", "source", Kind.CHOICE, limit=20),
    Field("how_we_know", "how you know them", Kind.TEXT),
    Field("notes", "notes", Kind.TEXT, imported=True, vcard="note"),
    Field("tags", "tags", Kind.TAGS, limit=60, imported=True),
    Field(
        "cadence_days",
        "keep in touch every (days)",
        Kind.DAYS,
        help="Leave empty for the default of 90 days.",
    ),
    Field(
        "research",
        "research",
        Kind.TEXT,
        help="Markdown: their path, their work, what to ask.",
        csv=False,
    ),
)
BY_NAME = {field.name: field for field in FIELDS}
#: The contact's own columns, in the order above.
COLUMNS = tuple(field.name for field in FIELDS if field.column)
#: The fields an import fills in when empty.
IMPORTED = tuple(field.name for field in FIELDS if field.imported)
#: The columns of the contacts CSV export.
CSV_COLUMNS = ("id", *(field.name for field in FIELDS if field.csv), "created_at")
#: The contact form's order: what you know first, your own notes last.
FORM_ORDER = (
    "name",
    "organization",
    "role",
    "field",
    "email",
    "phone",
    "location",
    "source",
    "how_we_know",
    "profile_url",
    "tags",
    "cadence_days",
    "notes",
    "research",
)
