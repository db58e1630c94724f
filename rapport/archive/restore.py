"""Bringing an archive back: read and check it whole, plan it against the account (the
preview says what it would do), then write it in one transaction, all or nothing.

Into an account that has data the archive is merged: a contact is matched to one the account
has as an import matches people (rapport.core.matching), any other row to the account's row
of the same identity (``Table.same``) under the rows it hangs from. A matched row keeps what
it has and gets its empty fields filled, so restoring the same file twice doubles nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction

from rapport import clock
from rapport.accounts.models import User
from rapport.agenda.models import Reminder
from rapport.agenda.reminders import reschedule
from rapport.archive.tables import (
    FORMAT,
    PROFILE,
    READS,
    REMINDER,
    TABLES,
    VERSION,
    Row,
    Table,
    fields_of,
    many_to_many,
    references,
)
from rapport.archive.upgrade import from_version_1
from rapport.contacts.changes import due_may_have_changed
from rapport.contacts.models import Contact, Organization
from rapport.core.errors import RapportError
from rapport.core.matching import Matcher, Person
from rapport.database import update_many

Progress = Callable[[int, int], None]
#: Where a row of the file goes: ("old", pk), the account's row it was matched to, or
#: ("new", n), the n-th row of its table that the restore writes.
Ref = tuple[str, int]
MISSING = object()


@dataclass
class TablePlan:
    """What a restore does to one table: the rows it writes, the rows it matched."""

    table: Table
    #: The account's rows of this table by pk, as the file's rows are read.
    existing: dict[int, Row]
    new: list[Row] = field(default_factory=list)
    #: (the file's row, the account's pk) of each matched row.
    matched: list[tuple[Row, int]] = field(default_factory=list)
    #: The account's rows whose empty fields are filled: pk and the new values.
    fills: list[tuple[int, Row]] = field(default_factory=list)
    #: Many-to-many links to add: the field, the row, the rows it links to.
    links: list[tuple[str, Ref, list[Ref]]] = field(default_factory=list)
    #: Where each of the file's ids goes.
    refs: dict[int, Ref] = field(default_factory=dict)
    skipped: int = 0

    def value(self, ref: Ref, name: str) -> Any:
        return self.new[ref[1]][name] if ref[0] == "new" else self.existing[ref[1]][name]


@dataclass
class RestorePlan:
    profile: dict[str, str]
    reminders: dict[str, Any] | None
    tables: dict[type[models.Model], TablePlan]

    def summary(self) -> dict[str, Any]:
        contacts = self.tables[Contact]
        return {
            "created": len(contacts.new),
            "merged": len(contacts.matched),
            "skipped": sum(plan.skipped for plan in self.tables.values()),
            "errors": [],
            "restored": {plan.table.key: len(plan.new) for plan in self.tables.values()},
            "described": self.described(),
        }

    def described(self) -> str:
        """What the restore adds, e.g. "3 new contacts (2 matched to yours), 4 meetings"."""
        contacts = self.tables[Contact]
        told = [counted(len(contacts.new), ("new contact", "new contacts"))]
        if contacts.matched:
            told[0] += f" ({len(contacts.matched):,} matched to yours)"
        told += [
            counted(len(plan.new), plan.table.label)
            for plan in self.tables.values()
            if plan.new and plan.table.model is not Contact
        ]
        return ", ".join(told)


def counted(count: int, label: tuple[str, str]) -> str:
    return f"{count:,} {label[0] if count == 1 else label[1]}"


def restore(owner: User, data: bytes, progress: Progress | None = None) -> dict[str, Any]:
    """Restore the archive in ``data`` into ``owner``'s account, planned against the account
    as it is now, all or nothing; return the counts."""
    plan = plan_restore(owner, read(data), progress)
    with transaction.atomic():
        write(owner, plan)
        due_may_have_changed(owner, None)  # written in bulk: summaries and due moments anew
    return plan.summary()


def read(data: bytes) -> dict[str, Any]:
    """The archive in ``data``, checked to be one this Rapport reads, in the current shape."""
    try:
        archive = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise RapportError("this file is not a Rapport archive: it is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise RapportError(
            f"this file is not a Rapport archive: it is not JSON (line {error.lineno}, "
            f"column {error.colno}: {error.msg})"
        ) from None
    if not isinstance(archive, dict) or archive.get("format") != FORMAT:
        raise RapportError(
            'this file is not a Rapport archive (it has no "format": "rapport"); use the '
            "file “Everything (JSON)” from a Rapport Export page"
        )
    version = archive.get("version")
    if is_id(version) and version > VERSION:
        raise RapportError(
            f"this archive is of version {version}, made by a newer Rapport; this one reads "
            f"versions {READS[0]} to {VERSION}: update Rapport, then restore it"
        )
    if version not in READS:
        raise RapportError(f"this archive's version, {version!r}, is not one Rapport made")
    return from_version_1(archive) if version == 1 else archive


def plan_restore(
    owner: User, archive: dict[str, Any], progress: Progress | None = None
) -> RestorePlan:
    """Check every row of ``archive`` and match it against the account; write nothing."""
    plans: dict[type[models.Model], TablePlan] = {}
    for number, table in enumerate(TABLES, 1):
        rows = archive.get(table.key, [])
        if not isinstance(rows, list):
            raise RapportError(f'the archive\'s "{table.key}" should be a list')
        plans[table.model] = plan_table(table, rows, account_rows(owner, table.model), plans)
        if progress:
            progress(number, len(TABLES))
    return RestorePlan(
        profile=profile_to_fill(owner, archive.get("profile")),
        reminders=reminders_of(archive.get("reminders")),
        tables=plans,
    )


def account_rows(owner: User, model: type[models.Model]) -> dict[int, Row]:
    """The account's rows of ``model`` by pk, by field name, references as ids."""
    fields = fields_of(model)
    rows = model._default_manager.filter(owner=owner).order_by("id")
    return {
        values[0]: {"id": values[0], **dict(zip([f.name for f in fields], values[1:], strict=True))}
        for values in rows.values_list("id", *(f.attname for f in fields))
    }


def plan_table(
    table: Table,
    rows: list[Any],
    existing: dict[int, Row],
    plans: dict[type[models.Model], TablePlan],
) -> TablePlan:
    plan = TablePlan(table, existing)
    if table.model is Contact:
        find = contact_finder(plan, plans[Organization])
    else:
        find = finder(table, plan)
    for n, raw in enumerate(rows):
        where = f"{table.key}[{n}]"
        row = resolved(clean_row(table, raw, where), table, plans, where)
        if row["id"] in plan.refs:
            raise RapportError(f"{where}: the id {row['id']} is used twice in {table.key}")
        if table.key == "referrals" and row["referrer"] == row["referred"]:
            plan.skipped += 1  # two people of the file are one person of the account
            continue
        found = find(row)
        if found is None:
            found = ("new", len(plan.new))
            plan.new.append(row)
        elif found[0] == "old":
            plan.matched.append((row, found[1]))
            if changes := filled(table, existing[found[1]], row):
                plan.fills.append((found[1], changes))
        plan.refs[row["id"]] = found
        for link in many_to_many(table.model):
            if row[link.name]:
                plan.links.append((link.name, found, row[link.name]))
    return plan


def finder(table: Table, plan: TablePlan) -> Callable[[Row], Ref | None]:
    """How a row of the file is found: the account's row it is, a row above it in the file
    that it repeats (in a unique table), or None for a new row."""
    if table.unique:
        seen = {table.same(row): ("old", pk) for pk, row in plan.existing.items()}

        def find_unique(row: Row) -> Ref | None:
            key = table.same(comparable(row))
            found = seen.get(key)
            if found is None:
                seen[key] = ("new", len(plan.new))
            return found

        return find_unique
    # Without a unique identity each of the account's rows matches one row of the file:
    # two equal rows (two notes on one day) restore as two, and a second time as none.
    free: dict[Hashable, list[int]] = defaultdict(list)
    for pk, row in plan.existing.items():
        free[table.same(row)].append(pk)

    def find_free(row: Row) -> Ref | None:
        candidates = free.get(table.same(comparable(row)))
        return ("old", candidates.pop(0)) if candidates else None

    return find_free


def contact_finder(plan: TablePlan, organizations: TablePlan) -> Callable[[Row], Ref | None]:
    """A contact of the file is found as an import finds people: by profile, e-mail, name."""

    def organization(ref: Ref | int | None) -> str:
        if ref is None:
            return ""
        return str(organizations.value(("old", ref) if isinstance(ref, int) else ref, "name"))

    matcher = Matcher(
        [person(pk, row, organization(row["organization"])) for pk, row in plan.existing.items()]
    )

    def find(row: Row) -> Ref | None:
        found = matcher.find(person(None, row, organization(row["organization"])))
        return None if found is None else ("old", int(str(found)))

    return find


def person(key: object, row: Row, organization: str) -> Person:
    emails = (row["email"],) if row["email"] else ()
    return Person(key, row["name"], organization, emails, row["profile_url"])


def comparable(row: Row) -> Row:
    """``row`` with its references to the account's rows as their ids (a reference to a new
    row never equals an id, so nothing that hangs from a new row is matched)."""
    return {
        name: value[1] if isinstance(value, tuple) and value[0] == "old" else value
        for name, value in row.items()
    }


def filled(table: Table, mine: Row, theirs: Row) -> Row:
    """The values of the file's row for the fields the account's row has empty."""
    return {
        item.name: theirs[item.name]
        for item in fields_of(table.model)
        if mine[item.name] in ("", None)
        and theirs[item.name] not in ("", None)
        and not getattr(item, "auto_now", False)
    }


def clean_row(table: Table, raw: Any, where: str) -> Row:
    """The row ``raw`` of the file with each value checked as the forms check it."""
    if not isinstance(raw, dict):
        raise RapportError(f"{where}: expected an object with the row's fields")
    row: Row = {"id": raw.get("id")}
    if not is_id(row["id"]):
        raise RapportError(f"{where}: the row has no id (a whole number)")
    for item in fields_of(table.model):
        row[item.name] = clean_value(item, raw.get(item.name, MISSING), where)
    for link in many_to_many(table.model):
        ids = raw.get(link.name, [])
        if not isinstance(ids, list) or not all(is_id(pk) for pk in ids):
            raise RapportError(f"{where}: {link.name} should be a list of ids")
        row[link.name] = ids
    return row


def clean_value(item: models.Field[Any, Any], value: Any, where: str) -> Any:
    if value is MISSING and getattr(item, "auto_now", False):
        value = clock.now()  # an archive of version 1 had no "updated_at"
    elif value is MISSING:
        value = None if item.is_relation else item.get_default()
    if value is None and not item.null:
        raise RapportError(f"{where}: {item.name} is missing")
    if item.is_relation:
        if value is not None and not is_id(value):
            raise RapportError(f"{where}: {item.name} should be the id of a row, not {value!r}")
        return value
    try:
        value = item.clean(value, None)
    except ValidationError as error:
        raise RapportError(f"{where}: {item.name}: {' '.join(error.messages)}") from None
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def resolved(row: Row, table: Table, plans: dict[type[models.Model], TablePlan], where: str) -> Row:
    """``row`` with each reference turned into where the row it names goes (a ``Ref``); a
    reference to a row the file does not hold is refused."""
    targets = {name: plans[model] for name, model in references(table.model).items()}
    targets |= {link.name: plans[link.related_model] for link in many_to_many(table.model)}
    for name, target in targets.items():
        ids = row[name] if isinstance(row[name], list) else [row[name]]
        missing = [pk for pk in ids if pk is not None and pk not in target.refs]
        if missing:
            raise RapportError(
                f"{where}: {name} {missing[0]} is not among the archive's {target.table.key}"
            )
        refs = [None if pk is None else target.refs[pk] for pk in ids]
        row[name] = refs if isinstance(row[name], list) else refs[0]
    return row


def profile_to_fill(owner: User, profile: Any) -> dict[str, str]:
    """The profile fields of the archive for those the account has empty (never its name,
    which is the account's own). A time zone left at UTC, the default of an account made
    by `rapport user add`, counts as empty: the archive's meetings and deadlines were
    planned in the archive's zone."""
    if profile is None:
        return {}
    if not isinstance(profile, dict):
        raise RapportError("the archive's profile should be an object")
    values = {}
    for name in PROFILE:
        unset = owner.time_zone == "UTC" if name == "time_zone" else not getattr(owner, name)
        if name == "name" or not unset or not profile.get(name):
            continue
        values[name] = clean_value(User._meta.get_field(name), str(profile[name]), "profile")
    return values


def reminders_of(reminders: Any) -> dict[str, Any] | None:
    if reminders is None:
        return None
    if not isinstance(reminders, dict):
        raise RapportError("the archive's reminders should be an object")
    return {
        name: clean_value(Reminder._meta.get_field(name), reminders.get(name, MISSING), "reminders")
        for name in REMINDER
    }


def write(owner: User, plan: RestorePlan) -> None:
    """Write ``plan``: the new rows of each table in bulk, then the fills and the links."""
    ids: dict[type[models.Model], list[int]] = {}

    def pk_of(model: type[models.Model], ref: Ref | None) -> int | None:
        if ref is None:
            return None
        return ref[1] if ref[0] == "old" else ids[model][ref[1]]

    for model, table_plan in plan.tables.items():
        refs = references(model)
        ids[model] = insert(owner, model, table_plan.new, refs, pk_of)
        for pk, changes in table_plan.fills:
            values = {
                (model._meta.get_field(name).attname if name in refs else name): (
                    pk_of(refs[name], value) if name in refs else value
                )
                for name, value in changes.items()
            }
            model._default_manager.filter(pk=pk).update(**values)
        for link in many_to_many(model):
            through = link.remote_field.through
            rows = [
                through(
                    **{link.m2m_column_name(): pk_of(model, row), link.m2m_reverse_name(): other}
                )
                for name, row, others in table_plan.links
                if name == link.name
                for other in (pk_of(link.related_model, ref) for ref in others)
            ]
            through.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    refresh_contacts(owner, plan, ids[Contact])
    fill_profile(owner, plan.profile)
    restore_reminders(owner, plan.reminders)


def insert(
    owner: User,
    model: type[models.Model],
    rows: list[Row],
    refs: dict[str, type[models.Model]],
    pk_of: Callable[[type[models.Model], Ref | None], int | None],
) -> list[int]:
    """Insert the new ``rows`` of ``model``; return their ids in order."""
    fields = fields_of(model)
    items = [
        model(
            owner=owner,
            **{
                f.attname: pk_of(refs[f.name], row[f.name]) if f.name in refs else row[f.name]
                for f in fields
            },
        )
        for row in rows
    ]
    created = model._default_manager.bulk_create(items, batch_size=2000)
    # An insert stamps ``auto_now`` fields with this moment; the archive's are put back.
    ids = [item.pk for item in created]
    for stamped in [f for f in fields if getattr(f, "auto_now", False)]:
        values = [stamped.get_db_prep_save(row[stamped.name], connection) for row in rows]
        update_many(model, stamped.column, list(zip(values, ids, strict=True)))
    return ids


def refresh_contacts(owner: User, plan: RestorePlan, new_ids: list[int]) -> None:
    """Make search find the contacts the restore wrote or filled (``search_text``)."""
    from rapport.contacts.services import refresh_search_texts

    contacts = plan.tables[Contact]
    changed = {pk for pk, _ in contacts.fills}
    changed |= {ref[1] for _, ref, _ in contacts.links if ref[0] == "old"}
    refresh_search_texts(owner, [*new_ids, *changed])


def fill_profile(owner: User, values: dict[str, str]) -> None:
    for name, value in values.items():
        setattr(owner, name, value)
    if values:
        owner.save(update_fields=list(values))


def restore_reminders(owner: User, reminders: dict[str, Any] | None) -> None:
    """Take the archive's reminder settings unless the account has changed its own."""
    if reminders is None:
        return
    reminder, _ = Reminder.objects.get_or_create(owner=owner)
    defaults = {name: Reminder._meta.get_field(name).get_default() for name in REMINDER}
    if all(getattr(reminder, name) == value for name, value in defaults.items()):
        for name, value in reminders.items():
            setattr(reminder, name, value)
        reschedule(reminder, clock.now())
