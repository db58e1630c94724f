"""What is due, stored: each contact's due moments (``schedule.due_for``) as rows, replaced by
every write that changes them, so the agenda, the digest and the feed read only the rows in
their window, through an index, instead of running the schedule over every timeline.

The schedule stays the one source of truth: ``refresh_due`` runs the same facts and schedule
as ever, for just the contacts a write changed (an import gives the facts of the contacts it
made, which hold nothing but what it wrote). Only moments are stored, never "overdue":
time passing needs no write, and each page sorts the rows against its own ``now``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from rapport.agenda.facts import facts_for
from rapport.agenda.models import DueItem, Snooze
from rapport.contacts.changes import MANY, depending_on
from rapport.core import schedule
from rapport.core.schedule import ACTIONS, UPCOMING, Due, Item
from rapport.database import insert_many, moment_of, raw_rows, stored

if TYPE_CHECKING:
    from rapport.accounts.models import User

COLUMNS = ["owner_id", "contact_id", "kind", "due_at", "detail", "snoozed_until"]
ITEM_FIELDS = ["kind", "contact_id", "contact__name", "due_at", "detail"]


Row = tuple[int, str, datetime, str, datetime | None]  # contact, kind, due, detail, snoozed


def due_rows(owner: User, all_facts: Iterable[schedule.ContactFacts]) -> list[Row]:
    """What is due for each contact, as it is stored."""
    zone = ZoneInfo(owner.time_zone)
    return [
        (facts.contact_id, kind.value, due, detail, facts.snoozed.get(kind))
        for facts in all_facts
        for kind, due, detail in schedule.due_for(facts, zone)
    ]


def store(owner: User, rows: list[Row]) -> None:
    insert_many(
        DueItem,
        COLUMNS,
        [
            (owner.pk, contact, kind, stored(due), detail, until and stored(until))
            for contact, kind, due, detail, until in rows
        ],
    )


def differences(owner: User) -> list[str]:
    """What the stored due moments get wrong against the schedule run from scratch over the
    whole timeline: nothing when they are in step."""
    kept = Counter(
        DueItem.objects.owned_by(owner).values_list(
            "contact_id", "kind", "due_at", "detail", "snoozed_until"
        )
    )
    fresh = Counter(due_rows(owner, facts_for(owner)))
    missing = [f"missing: {row}" for row in sorted(fresh - kept, key=str)]
    return missing + [f"stale: {row}" for row in sorted(kept - fresh, key=str)]


def refresh_due(
    owner: User,
    contact_ids: Collection[int] | None = None,
    new: Sequence[schedule.ContactFacts] = (),
) -> None:
    """Replace what is stored as due for these contacts and for those whose due moments read
    theirs (None: for the whole account), from their timelines as they are now; and store
    what the facts ``new`` make due, for contacts just made (none of it stored yet)."""
    if contact_ids is None or len(contact_ids) > MANY:
        return rebuild_due(owner)
    targets = depending_on(owner, contact_ids) if contact_ids else set()
    if len(targets) > MANY:
        return rebuild_due(owner)
    with transaction.atomic():
        DueItem.objects.owned_by(owner).filter(contact_id__in=targets).delete()
        read = facts_for(owner, targets) if targets else []
        # A new contact at a neighbour's organization was just read with it.
        given = [facts for facts in new if facts.contact_id not in targets]
        store(owner, due_rows(owner, [*read, *given]))
    return None


def rebuild_due(owner: User) -> None:
    """Compute what is due for the whole account from scratch and store it."""
    with transaction.atomic():
        DueItem.objects.owned_by(owner).delete()
        store(owner, due_rows(owner, facts_for(owner)))


def rebuild_everyone() -> int:
    """``rebuild_due`` for every account (after a migration or a restore); returns how many."""
    from rapport.accounts.models import User

    # Only the columns it needs: it runs from a migration, before later ones add others.
    owners = list(User.objects.only("pk", "time_zone"))
    for owner in owners:
        rebuild_due(owner)
    return len(owners)


def visible(owner: User, now: datetime) -> QuerySet[DueItem]:
    """The stored items not snoozed at ``now``."""
    awake = Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=now)
    return DueItem.objects.owned_by(owner).filter(awake)


def items_of(rows: QuerySet[DueItem], now: datetime, limit: int | None = None) -> list[Item]:
    """The agenda items of these stored rows (the first ``limit``), as they stand at ``now``."""
    found = rows.values_list(*ITEM_FIELDS, "contact__organization__name")
    if limit is not None:
        found = found[:limit]
    return [item for row in raw_rows(found) if (item := item_of(row, now)) is not None]


def item_of(row: tuple[Any, ...], now: datetime) -> Item | None:
    """The agenda item of a stored row read raw (kind, contact, name, due moment, detail,
    organization), as it stands at ``now``."""
    kind, contact_id, name, due, detail, organization = row
    moment = moment_of(due)
    if moment is None:
        return None
    due_kind = Due(kind)
    return Item(
        due_kind,
        contact_id,
        name,
        moment,
        moment <= now,
        ACTIONS[due_kind],
        detail,
        organization or "",
    )


def snoozed(owner: User, now: datetime) -> list[tuple[Item, datetime]]:
    """What the user put off and is not back yet, with the moment each comes back, the
    soonest first: read from the snoozes (a few rows), not from every stored item."""
    waiting = list(
        Snooze.objects.owned_by(owner).filter(until__gt=now).values_list("contact_id", flat=True)
    )
    if not waiting:  # most of the time: one look at the snoozes, none at the items
        return []
    rows = (
        DueItem.objects.owned_by(owner)
        .filter(contact_id__in=waiting, snoozed_until__gt=now)
        .order_by("snoozed_until", "contact__sort_name", "id")
        .values_list(*ITEM_FIELDS, "contact__organization__name", "snoozed_until")
    )
    return [
        (item, until)
        for *row, back in raw_rows(rows)
        if (item := item_of(tuple(row), now)) is not None and (until := moment_of(back))
    ]


def stored_items(owner: User, now: datetime) -> list[Item]:
    """Everything due and not snoozed at ``now``, whenever it falls (for the feed)."""
    return items_of(visible(owner, now), now)


def in_agenda(owner: User, now: datetime) -> list[Item]:
    """The items the agenda can show at ``now``: due within the coming week, and every
    thank-you (one not yet late belongs to today, whatever its date)."""
    window = Q(due_at__lt=now + UPCOMING) | Q(kind=Due.THANK_YOU)
    return items_of(visible(owner, now).filter(window), now)


def fallen_due(owner: User, since: datetime | None, now: datetime) -> list[Item]:
    """What fell due after ``since`` (or at any time, without one) up to ``now``, in order."""
    rows = visible(owner, now).filter(due_at__lte=now)
    if since is not None:
        rows = rows.filter(due_at__gt=since)
    return sorted(items_of(rows, now), key=lambda item: (item.due, item.kind, item.name))


@dataclass(frozen=True)
class Home:
    """The home page's groups, each cut to what it shows, and how many each holds."""

    overdue: list[Item]
    today: list[Item]
    upcoming: list[Item]
    losing_touch: list[Item]
    counts: dict[str, int]


#: The home page's groups, as conditions on a stored row (``{t}`` is the table's name and a
#: dot, or nothing). A thank-you not yet late is today's, however far off its deadline.
HOME_GROUPS = {
    "overdue": "{t}due_at <= %(now)s AND {t}kind <> %(kept)s",
    "losing_touch": "{t}kind = %(kept)s AND {t}due_at <= %(now)s",
    "soon": "{t}due_at > %(now)s AND {t}due_at < %(end_of_today)s",
    "this_week": "{t}due_at >= %(end_of_today)s AND {t}due_at < %(week)s AND {t}kind <> %(thanks)s",
    "later_thanks": "{t}kind = %(thanks)s AND {t}due_at >= %(end_of_today)s",
}
AWAKE = "({t}snoozed_until IS NULL OR {t}snoozed_until <= %(now)s)"


def _where(*conditions: str, table: str = "") -> str:
    return " AND ".join(condition.format(t=table) for condition in conditions)


#: How many items each group holds: a count of an index range each, read from a covering
#: index. (One pass with a FILTER per group read the same rows once but took three times as
#: long: each row then evaluates every group's comparisons.) Overdue is counted as everything
#: late less keep-in-touch, two ranges of the two indexes. Every value is a parameter.
COUNT = "(SELECT COUNT(*) FROM agenda_dueitem WHERE owner_id = %(owner)s AND {where})"
HOME_COUNTS = "SELECT " + ", ".join(
    COUNT.format(where=_where(group, AWAKE))
    for group in [
        "{t}due_at <= %(now)s",
        HOME_GROUPS["losing_touch"],
        HOME_GROUPS["soon"],
        HOME_GROUPS["this_week"],
        HOME_GROUPS["later_thanks"],
    ]
)

#: The first items of each group, in the agenda's order, in one statement.
HOME_ITEMS = " UNION ALL ".join(
    f"""SELECT * FROM (
  SELECT '{group}', item.kind, item.contact_id, contact.name, item.due_at, item.detail,
         organization.name
  FROM agenda_dueitem AS item
  JOIN contacts_contact AS contact ON contact.id = item.contact_id
  LEFT JOIN contacts_organization AS organization ON organization.id = contact.organization_id
  WHERE item.owner_id = %(owner)s AND {_where(where, AWAKE, table="item.")}
  ORDER BY item.due_at, item.kind, contact.name, item.contact_id
  LIMIT %({group}_limit)s
) AS {group}"""  # noqa: S608
    for group, where in HOME_GROUPS.items()
)


def home(owner: User, now: datetime, shown: Mapping[str, int]) -> Home:
    """The agenda's groups as ``schedule.agenda_of`` and ``losing_touch_of`` make them, read
    from the index: overdue (less keep-in-touch, which "Losing touch" lists), today, this
    week and losing touch, each the first ``shown[group]`` with its count.

    Two constant statements, the counts and the items: built with the ORM, the same seven
    reads took longer to write than the database took to answer them."""
    zone = ZoneInfo(owner.time_zone)
    end_of_today = datetime.combine(
        now.astimezone(zone).date() + timedelta(days=1), datetime.min.time(), tzinfo=zone
    )
    values: dict[str, object] = {
        "owner": owner.pk,
        "now": stored(now),
        "end_of_today": stored(end_of_today),
        "week": stored(now + UPCOMING),
        "kept": Due.KEEP_IN_TOUCH.value,
        "thanks": Due.THANK_YOU.value,
        "overdue_limit": shown["overdue"],
        "losing_touch_limit": shown["losing_touch"],
        "soon_limit": shown["today"],
        "this_week_limit": shown["upcoming"],
        "later_thanks_limit": shown["today"],
    }
    groups: dict[str, list[Item]] = {group: [] for group in HOME_GROUPS}
    with connection.cursor() as cursor:
        cursor.execute(HOME_COUNTS, values)
        late, kept, soon, this_week, later_thanks = cursor.fetchone()
        cursor.execute(HOME_ITEMS, values)
        for group, *row in cursor.fetchall():
            if (item := item_of(tuple(row), now)) is not None:
                groups[group].append(item)
    today = sorted(
        groups["soon"] + groups["later_thanks"], key=lambda item: (item.due, item.kind, item.name)
    )
    return Home(
        overdue=groups["overdue"],
        today=today[: shown["today"]],
        upcoming=groups["this_week"],
        losing_touch=groups["losing_touch"],
        counts={
            "overdue": late - kept,
            "losing_touch": kept,
            "today": soon + later_thanks,
            "upcoming": this_week,
        },
    )
