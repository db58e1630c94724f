"""Who to ask next, warm paths, and how it is going: read from the network, decided in core."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from rapport.contacts.models import (
    AskHistory,
    Commonality,
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
from rapport.database import UtcMonth, moment_of, raw_rows
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
    ceilings = list(
        Contact.objects.owned_by(owner)
        .filter(NOT_APPROACHED)
        .annotate(ceiling=score_ceiling(history, interests, now))
        .order_by("-ceiling")
        .values_list("pk", "ceiling")[:reach]
    )
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


def score_ceiling(history: ranking.History, interests: list[str], now: datetime) -> Any:
    """The most a contact can score by ``ranking.score``, as an expression the database adds
    up: every reason counted at its best (the field matches whenever there is one)."""
    weights, other = ranking.kind_weights(history)
    weighted = Case(
        *(When(kind=kind, then=Value(5 * weight)) for kind, weight in weights.items()),
        default=Value(5 * other),
        output_field=FloatField(),
    )
    shared = (
        Commonality.objects.filter(contact_id=OuterRef("pk"))
        .order_by()
        .values("contact_id")
        .annotate(
            points=Max(ExpressionWrapper(weighted * F("strength"), output_field=FloatField()))
        )
        .values("points")
    )
    referred = Exists(Referral.objects.filter(referred_id=OuterRef("pk")))
    recently = now - ranking.RECENT
    recent = Q()
    for kind in ("reply_received", "thank_you", "note"):
        recent |= Q(**{f"timeline__last_{kind}__gte": recently})

    def points(condition: Any, worth: float) -> Case:
        return Case(When(condition, then=Value(float(worth))), default=Value(0.0))

    field = ~Q(field="") if any(interests) else Q(pk__in=[])
    return (
        points(referred, max(ranking.REFERRAL_POINTS.values()))
        + Coalesce(Subquery(shared, output_field=FloatField()), Value(0.0))
        + points(field, ranking.FIELD_POINTS)
        + points(recent, ranking.RECENT_POINTS)
        + ExpressionWrapper(
            ranking.MOTIVATION_POINTS * Coalesce(F("organization__motivation"), Value(0)),
            output_field=FloatField(),
        )
    )


def candidates_among(
    owner: User, ids: list[int] | None, open_orgs: set[int]
) -> list[ranking.Candidate]:
    """The contacts not yet approached (those of ``ids`` only, unless None) as candidates,
    in the contacts' own order."""
    contacts = Contact.objects.owned_by(owner).filter(NOT_APPROACHED)
    shared = Commonality.objects.owned_by(owner).filter(contact__approached=False)  # theirs only
    referrals = Referral.objects.owned_by(owner).select_related("referrer")
    if ids is not None:
        # The ids are this user's candidates already: looked up by id, not among all of the
        # account's rows.
        contacts = Contact.objects.filter(pk__in=ids)
        shared = Commonality.objects.filter(contact_id__in=ids)
        referrals = Referral.objects.filter(referred_id__in=ids).select_related("referrer")
    # A LinkedIn connection date is not a conversation: "in touch" counts only real touches
    # (of which a contact not approached can have only these).
    rows = contacts.values_list(
        "pk",
        "name",
        "organization_id",
        "organization__name",
        "organization__motivation",
        "field",
        "timeline__last_reply_received",
        "timeline__last_thank_you",
        "timeline__last_note",
    )
    commonalities: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for pk, kind, detail, strength in shared.values_list(
        "contact_id", "kind", "detail", "strength"
    ):
        commonalities[pk].append((kind, detail, strength))
    referred = {r.referred_id: r for r in referrals}
    return [
        ranking.Candidate(
            contact_id=pk,
            name=name,
            organization=organization or "",
            field=field,
            commonalities=tuple(commonalities.get(pk, [])),
            referrer=referred[pk].referrer.name if pk in referred else "",
            permission=referred[pk].permission if pk in referred else "",
            last_touch=max((m for m in map(moment_of, touched) if m is not None), default=None),
            motivation=motivation,
            ask_open_at_organization=organization_id in open_orgs,
        )
        for pk, name, organization_id, organization, motivation, field, *touched in raw_rows(rows)
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
