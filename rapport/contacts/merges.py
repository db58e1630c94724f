"""What merging a file's row into a contact you have would change, worked out before anything
is written: the empty fields it fills in, and the fields where the file says something else
but your value is kept. It follows ``imports.fill_in``, the rule that writes the merge, and,
when the user chooses to use the file's values, ``imports.take_file_values``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapport.core.contact_fields import BY_NAME, IMPORTED, Kind
from rapport.core.search import fold

#: The contact's columns an import fills in when empty (the organization and tags aside).
FILLED_COLUMNS = tuple(name for name in IMPORTED if BY_NAME[name].column)
#: What the preview calls the first touch a LinkedIn row brings (not a field of the contact).
FIRST_TOUCH = "connected_on"
LABELS = {name: spec.label for name, spec in BY_NAME.items()} | {FIRST_TOUCH: "connected on"}
#: The kept fields that "use the file's values" replaces, the contact's value going to its
#: notes: a person's title, employer, town and profile change, and LinkedIn has the new one.
REPLACED = ("role", "organization", "location", "profile_url")
#: The kept fields it adds to the notes instead: another e-mail address or phone number is
#: as likely a second one as a new one, so the contact keeps its own.
NOTED = ("email", "phone")


@dataclass(frozen=True)
class Change:
    """One field of a merge: the file's value, and the contact's own where it is kept."""

    field: str
    value: str
    yours: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.field]


@dataclass(frozen=True)
class MergeChanges:
    """What one merged row fills in, and where the contact's own value is kept."""

    fills: tuple[Change, ...] = ()
    kept: tuple[Change, ...] = ()

    @property
    def taken(self) -> tuple[Change, ...]:
        """The kept values that "use the file's values" takes (all but the file's notes)."""
        return tuple(change for change in self.kept if change.field in REPLACED + NOTED)


@dataclass
class Current:
    """A contact as the merges of one file leave it, row after row: two rows for one contact
    fill in what the first left empty (``fill_in`` writes them one after the other)."""

    #: The contact's values of ``FILLED_COLUMNS``, in that order.
    filled: list[Any]
    #: Its organization's name, or None when it has none.
    organization: str | None
    #: Its tags' names, as ``tag_key`` reads them.
    tags: set[str] = field(default_factory=set)
    connected: bool = False


def merge_changes(
    values: tuple[Any, ...],
    organization: str,
    tags: tuple[str, ...],
    connected_on: date | None,
    current: Current,
) -> MergeChanges:
    """What a row with these ``values`` (of ``FILLED_COLUMNS``, as ``imports.imported_values``
    gives them), organization, tags and connection day changes in the contact as it is
    (``current``, which is updated as the merge would leave it)."""
    fills, kept = [], []
    for at, (name, value) in enumerate(zip(FILLED_COLUMNS, values, strict=True)):
        now = current.filled[at]
        if not value or value == now:
            continue
        if not now:
            fills.append(Change(name, value))
            current.filled[at] = value
        elif differs(name, value, now):
            kept.append(Change(name, value, now))
    if organization and organization != current.organization:
        if current.organization is None:
            fills.append(Change("organization", organization))
            current.organization = organization
        elif fold(organization) != fold(current.organization):
            kept.append(Change("organization", organization, current.organization))
    new_tags = {tag_key(tag): tag for tag in tags if tag_key(tag) not in current.tags}
    if new_tags:
        fills.append(Change("tags", ", ".join(new_tags.values())))
        current.tags |= set(new_tags)
    if connected_on and not current.connected:
        fills.append(Change(FIRST_TOUCH, connected_on.isoformat()))
        current.connected = True
    return MergeChanges(tuple(fills), tuple(kept))


def differs(name: str, value: Any, yours: Any) -> bool:
    """Whether the file's ``value`` says something other than the contact's: not for a
    difference of case or spacing, nor a link's closing slash."""
    return comparable(name, value) != comparable(name, yours)


def comparable(name: str, value: Any) -> str:
    text = " ".join(str(value).split()).casefold()
    return text.rstrip("/") if BY_NAME[name].kind is Kind.URL else text


def tag_key(name: str) -> str:
    """A tag's name as ``services.tags_named`` finds it (``models.of_name``): "Policy" is the
    tag "policy", "Ärzte" is "ärzte"."""
    return name.casefold()


def day_in_words(day: date) -> str:
    """ "7 December 2026"."""
    return f"{day.day} {day:%B %Y}"


def note_of_values_before(day: date, replaced: list[Change], noted: list[Change]) -> str:
    """The line "use the file's values" adds to a contact's notes: its own values it replaced
    (``yours`` of ``replaced``), and the file's other e-mail or phone (``noted``)."""
    lines = []
    if replaced:
        values = "; ".join(f"{change.label} “{change.yours}”" for change in replaced)
        lines.append(f"Before the import of {day_in_words(day)}: {values}.")
    if noted:
        values = "; ".join(f"{change.label} “{change.value}”" for change in noted)
        lines.append(f"Also in the import of {day_in_words(day)}: {values}.")
    return " ".join(lines)
