"""Who to ask next, warm paths, and how it is going: read from the network, decided in core."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import (
    Count,
    Q,
)

from rapport.contacts.models import (
    AskHistory,
    Contact,
    Funnel,
    Organization,
    Referral,
    TimelineSummary,
    Touch,
)
from rapport.contacts.summary import FUNNEL_STAGES
from rapport.core import charts, paths, ranking, schedule
from rapport.core.network import Source, TouchKind
from rapport.core.schedule import SECOND_PERSON_AFTER
from rapport.core.search import fold
from rapport.database import UtcMonth, moment_of, raw_rows, stored
from rapport.meetings.followup import on_time_rate
from rapport.meetings.models import Meeting

if TYPE_CHECKING:
    from rapport.accounts.models import User

ASKED = [TouchKind.EMAIL_SENT, TouchKind.CALL, TouchKind.MEETING]
ANSWERED = [TouchKind.REPLY_RECEIVED, TouchKind.MEETING, TouchKind.CALL]
#: n business days are at most n + 2 weekend days for each five, and an hour of a clock change.
ASK_STAYS_OPEN_AT_MOST = timedelta(days=2 * SECOND_PERSON_AFTER + 2)
KNOWN_DIRECTLY = {Source.RELATIVE, Source.FRIEND, Source.PROFESSOR, Source.CLASSMATE, Source.CLUB}


def history_of(owner: User) -> ranking.History:
    """Asks and replies by commonality kind, as stored with the timelines
    (``rapport.contacts.summary.count_history``)."""
    stored = AskHistory.objects.owned_by(owner).values_list("kind", "asked", "replied")
    return ranking.History({kind: (asked, replied) for kind, asked, replied in stored})


#: A contact not yet approached: never e-mailed, called or met (the flag the summary keeps).
NOT_APPROACHED = Q(approached=False)


def next_to_ask(owner: User, now: datetime, limit: int = 50) -> list[ranking.Ranked]:
    """Contacts not yet approached, best first, each with its reasons."""
    history, interests = history_of(owner), owner.interest_list
    open_orgs = organizations_with_open_asks(owner, now)
    # Only the candidates whose ceiling, worked out by the database, could reach the first
    # ``limit`` are scored here; when the ones scored cannot prove that, all of them are.
    reach = 2 * limit
    ceilings = highest_ceilings(owner, history, interests, now, reach)
    ids = [pk for pk, _ in ceilings] if len(ceilings) == reach else None
    ranked = ranking.rank(candidates_among(owner, ids, open_orgs), interests, history, now)
    if ids is not None and not ranking.settled(ranked, limit, ceilings[-1][1]):
        ranked = ranking.rank(candidates_among(owner, None, open_orgs), interests, history, now)
    return ranked[:limit]


def organizations_with_open_asks(owner: User, now: datetime) -> set[int]:
    """Organizations where someone was asked and has not answered yet."""
    # An ask is open until it is answered or, by 3B7, until 3 business days have passed
    # without a reply: then the agenda says to try a second person there, and so does this.
    # Asked and not answered: e-mailed, and no reply, call or meeting since ever.
    zone = ZoneInfo(owner.time_zone)
    waiting = (
        TimelineSummary.objects.owned_by(owner)
        .filter(
            # An older ask is closed whatever the calendar: not read.
            last_email_sent__gt=now - ASK_STAYS_OPEN_AT_MOST,
            last_reply_received__isnull=True,
            last_call__isnull=True,
            last_meeting__isnull=True,
            contact__organization__isnull=False,
        )
        .order_by()
        .values_list("contact__organization_id", "last_email_sent")
    )
    return {
        organization_id
        for organization_id, asked_at in raw_rows(waiting)
        if schedule.add_business_days(moment_of(asked_at), SECOND_PERSON_AFTER, zone) > now
    }


#: The most a contact not yet approached can score by ``ranking.score``, added up by the
#: database, every reason counted at its best (the field matches whenever there is one); the
#: ``reach`` highest. A constant statement: built with the ORM, its CASE of every commonality
#: kind took longer to write than the database to answer it. Every value is a parameter.
CEILINGS = """
SELECT contact.id,
  CASE WHEN EXISTS (SELECT 1 FROM contacts_referral WHERE referred_id = contact.id)
    THEN %(referral)s ELSE %(zero)s END
  + COALESCE((
      SELECT MAX(CASE {weights} ELSE %(other)s END * shared.strength)
      FROM contacts_commonality AS shared WHERE shared.contact_id = contact.id
    ), %(zero)s)
  + CASE WHEN {field} THEN %(field_points)s ELSE %(zero)s END
  + CASE WHEN timeline.last_reply_received >= %(recently)s
      OR timeline.last_thank_you >= %(recently)s OR timeline.last_note >= %(recently)s
    THEN %(recent_points)s ELSE %(zero)s END
  + %(motivation)s * COALESCE(organization.motivation, 0) AS ceiling
FROM contacts_contact AS contact
LEFT JOIN contacts_timelinesummary AS timeline ON timeline.contact_id = contact.id
LEFT JOIN contacts_organization AS organization ON organization.id = contact.organization_id
WHERE contact.owner_id = %(owner)s AND contact.approached = %(approached)s
ORDER BY ceiling DESC
LIMIT %(reach)s
"""


def highest_ceilings(
    owner: User, history: ranking.History, interests: list[str], now: datetime, reach: int
) -> list[tuple[int, float]]:
    """The ``reach`` contacts not yet approached who could score most, with that most."""
    weights, other = ranking.kind_weights(history)
    values: dict[str, Any] = {
        "owner": owner.pk,
        "approached": False,
        "reach": reach,
        "zero": 0.0,
        "referral": float(max(ranking.REFERRAL_POINTS.values())),
        "other": 5 * other,
        "field_points": float(ranking.FIELD_POINTS),
        "recently": stored(now - ranking.RECENT),
        "recent_points": float(ranking.RECENT_POINTS),
        "motivation": float(ranking.MOTIVATION_POINTS),
    }
    cases = []
    for number, (kind, weight) in enumerate(sorted(weights.items())):
        values[f"kind_{number}"], values[f"weight_{number}"] = kind, 5 * weight
        cases.append(f"WHEN shared.kind = %(kind_{number})s THEN %(weight_{number})s")
    sql = CEILINGS.format(
        weights=" ".join(cases) or "WHEN 1 = 0 THEN %(zero)s",
        # Without interests no field matches: the reason adds nothing.
        field="contact.field <> ''" if any(interests) else "1 = 0",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return [(pk, float(ceiling)) for pk, ceiling in cursor.fetchall()]


#: The candidates' rows in the contacts' own order (``Meta.ordering``), their commonalities
#: and who referred them in theirs, read with constant statements ({among}: which contacts).
CANDIDATES = """
SELECT contact.id, contact.name, contact.organization_id, organization.name,
       organization.motivation, contact.field, {last_touch}
FROM contacts_contact AS contact
LEFT JOIN contacts_organization AS organization ON organization.id = contact.organization_id
LEFT JOIN contacts_timelinesummary AS timeline ON timeline.contact_id = contact.id{timeline}
WHERE {among} ORDER BY contact.sort_name, contact.id
"""
#: The latest real touch (a LinkedIn connection date is not a conversation: "in touch"
#: counts only real touches, of which a contact not approached can have only these), worked
#: out by the database: reading three moments a row cost PostgreSQL's driver more than the
#: rest of the row.
LAST_TOUCH = {
    "postgresql": "GREATEST(timeline.last_reply_received, timeline.last_thank_you,"
    " timeline.last_note)",
    # SQLite's MAX of several values is NULL if one is; its moments are ISO text.
    "sqlite": "NULLIF(MAX(COALESCE(timeline.last_reply_received, ''),"
    " COALESCE(timeline.last_thank_you, ''), COALESCE(timeline.last_note, '')), '')",
}
SHARED = """
SELECT shared.contact_id, shared.kind, shared.detail, shared.strength
FROM contacts_commonality AS shared {join}
WHERE {among} ORDER BY shared.strength DESC, shared.id
"""
REFERRERS = """
SELECT referral.referred_id, referrer.name, referral.permission
FROM contacts_referral AS referral
JOIN contacts_contact AS referrer ON referrer.id = referral.referrer_id {join}
WHERE {among} ORDER BY referral.created_at DESC, referral.id DESC
"""
#: Where the commonalities and referrals are those of every contact not yet approached.
THEIRS = "JOIN contacts_contact AS contact ON contact.id = {column}"


def candidates_among(
    owner: User, ids: list[int] | None, open_orgs: set[int]
) -> list[ranking.Candidate]:
    """The contacts not yet approached (those of ``ids`` only, unless None) as candidates,
    in the contacts' own order."""
    timeline = ""
    if ids is not None:
        # The ids are this user's candidates already: looked up by id, not among all of the
        # account's rows (nor through the contacts: the rows name them). PostgreSQL takes
        # them as one array, and looks the summaries up by them too.
        if connection.vendor == "postgresql":
            marks, values = "= ANY(%s)", [list(ids)]
            timeline = " AND timeline.contact_id = ANY(%s)"
        else:
            marks, values = f"IN ({', '.join(['%s'] * len(ids))})", list(ids)
        among = {
            CANDIDATES: ("", f"contact.id {marks}"),
            SHARED: ("", f"shared.contact_id {marks}"),
            REFERRERS: ("", f"referral.referred_id {marks}"),
        }
    else:
        values = [owner.pk, False]
        mine = "contact.owner_id = %s AND contact.approached = %s"
        among = {
            CANDIDATES: ("", mine),
            SHARED: (THEIRS.format(column="shared.contact_id"), mine),
            REFERRERS: (THEIRS.format(column="referral.referred_id"), mine),
        }
    if not ids and ids is not None:
        return []

    def read(sql: str, before: list[Any]) -> list[tuple[Any, ...]]:
        join, where = among[sql]
        text = sql.format(
            join=join, among=where, timeline=timeline, last_touch=LAST_TOUCH[connection.vendor]
        )
        cursor.execute(text, [*before, *values])
        return cursor.fetchall()

    with connection.cursor() as cursor:
        # The summaries' ids come first: their condition is in the join, before the WHERE.
        rows = read(CANDIDATES, values if timeline else [])
        commonalities: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
        for pk, kind, detail, strength in read(SHARED, []):
            commonalities[pk].append((kind, detail, strength))
        # The oldest referral wins, as it always has: the last in newest-first order.
        referred = {pk: (name, permission) for pk, name, permission in read(REFERRERS, [])}
    return [
        ranking.Candidate(
            contact_id=pk,
            name=name,
            organization=organization or "",
            field=field,
            commonalities=tuple(commonalities.get(pk, [])),
            referrer=referred[pk][0] if pk in referred else "",
            permission=referred[pk][1] if pk in referred else "",
            last_touch=moment_of(last_touch),
            motivation=motivation,
            ask_open_at_organization=organization_id in open_orgs,
        )
        for pk, name, organization_id, organization, motivation, field, last_touch in rows
    ]


def network_links(owner: User) -> tuple[list[paths.Link], dict[str, Contact]]:
    """The user's network as links between "you" and contacts, and the contacts by node key."""
    contacts = {
        f"c{c.pk}": c for c in Contact.objects.owned_by(owner).select_related("organization")
    }
    talked = set(
        Touch.objects.owned_by(owner).filter(kind__in=ANSWERED).values_list("contact_id", flat=True)
    )
    links = []
    for key, contact in contacts.items():
        if contact.pk in talked:
            links.append(paths.Link(paths.YOU, key, 1.0, f"you have talked with {contact.name}"))
        elif contact.source in KNOWN_DIRECTLY:
            links.append(
                paths.Link(
                    paths.YOU,
                    key,
                    1.5,
                    f"{contact.name} is your {contact.get_source_display().lower()}",
                )
            )
    for referral in Referral.objects.owned_by(owner):
        a, b = f"c{referral.referrer_id}", f"c{referral.referred_id}"
        links.append(
            paths.Link(a, b, 1.0, f"{contacts[a].name} knows {contacts[b].name} (a referral)")
        )
    by_org: dict[int, list[str]] = defaultdict(list)
    for key, contact in contacts.items():
        if contact.organization_id:
            by_org[contact.organization_id].append(key)
    for keys in by_org.values():
        for a in keys:
            for b in keys:
                if a < b:
                    org = str(contacts[a].organization)
                    links.append(
                        paths.Link(
                            a,
                            b,
                            2.0,
                            f"{contacts[a].name} and {contacts[b].name} both work at {org}",
                        )
                    )
    return links, contacts


def paths_to(owner: User, target: str) -> list[dict[str, Any]]:
    """Warm paths to people at the organization, or in the field, named by ``target``."""
    links, contacts = network_links(owner)
    wanted = fold(target)
    targets = {
        key
        for key, c in contacts.items()
        if (c.organization and wanted in fold(c.organization.name))
        or (c.field and wanted in fold(c.field))
    }
    return [
        {
            "people": [{"id": contacts[k].pk, "name": contacts[k].name} for k in p.steps[1:]],
            "because": list(p.links),
            "cost": p.cost,
        }
        for p in paths.warm_paths(links, targets)
    ]


def stats(owner: User, now: datetime) -> dict[str, Any]:
    """The dashboard's numbers: the funnel, reply rates by commonality, thank-yous, growth."""
    # Counted from the timeline summaries and the referrals as they are written
    # (``rapport.contacts.summary.count_funnel``).
    stored = Funnel.objects.owned_by(owner).values(*FUNNEL_STAGES).first() or {}
    labels = ["Contacted", "Replied", "Met or talked", "Thanked", "Referred others"]
    funnel = [
        ("Identified", Contact.objects.owned_by(owner).count()),
        *(
            (label, stored.get(stage, 0))
            for label, stage in zip(labels, FUNNEL_STAGES, strict=True)
        ),
    ]
    history = history_of(owner)
    reply_rates = [
        {
            "kind": ranking.KIND_LABELS.get(kind, kind),
            "asked": asked,
            "replied": rep,
            "rate": round(100 * rep / asked) if asked else 0,
        }
        for kind, (asked, rep) in sorted(history.by_kind.items())
    ]
    on_time, total = on_time_rate(owner, now)
    meetings = per_month(Meeting.objects.owned_by(owner), "starts_at")
    growth = per_month(Contact.objects.owned_by(owner), "created_at")
    cumulative, running = [], 0
    for month in sorted(growth):
        running += growth[month]
        cumulative.append((month, running))
    return {
        "funnel": funnel,
        "reply_rates": reply_rates,
        "thank_you": {"on_time": on_time, "total": total},
        "meetings_per_month": sorted(meetings.items()),
        "growth": cumulative,
        "organizations": Organization.objects.owned_by(owner).count(),
    }


def per_month(rows: Any, moment: str) -> Counter[str]:
    """How many of ``rows`` fall in each month (UTC) by their ``moment``, counted by the
    database rather than by reading 10,000 datetimes."""
    months = rows.order_by().annotate(month=UtcMonth(moment)).values("month")
    return Counter(dict(months.annotate(n=Count("pk")).values_list("month", "n")))


def charts_for(numbers: dict[str, Any]) -> dict[str, str]:
    return {
        "funnel": charts.bars(numbers["funnel"], "From identified to referred"),
        "reply_rates": charts.bars(
            [(r["kind"], r["rate"]) for r in numbers["reply_rates"]],
            "Reply rate by what you share",
            "%",
        ),
        "meetings": charts.bars(numbers["meetings_per_month"], "Meetings a month"),
        "growth": charts.line(numbers["growth"], "Your network over time"),
    }


def referral_tree(owner: User) -> list[dict[str, Any]]:
    """Who led to whom, from the people who started chains."""
    children: dict[int, list[int]] = defaultdict(list)
    referred: set[int] = set()
    for referrer, person in Referral.objects.owned_by(owner).values_list(
        "referrer_id", "referred_id"
    ):
        children[referrer].append(person)
        referred.add(person)
    names = dict(
        Contact.objects.owned_by(owner)
        .filter(pk__in=[*children, *referred])
        .values_list("pk", "name")
    )

    def node(pk: int, seen: frozenset[int]) -> dict[str, Any]:
        kids = [node(child, seen | {pk}) for child in children.get(pk, []) if child not in seen]
        return {"id": pk, "name": names.get(pk, "?"), "children": kids}

    return [node(root, frozenset()) for root in children if root not in referred]
