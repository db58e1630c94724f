"""Each contact's timeline in one row: the latest moment of each kind of touch
(``TimelineSummary``), replaced for the contacts a write changed, in its transaction, with
the contact's ``approached`` flag read from it, and the counts the pages read instead of
every summary (the asks and replies by commonality kind, ``AskHistory``, and the funnel,
``Funnel``) moved by what those contacts count for before and after."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q

from rapport.contacts.models import (
    AskHistory,
    Commonality,
    Contact,
    Funnel,
    Referral,
    TimelineSummary,
    Touch,
)
from rapport.core.network import TouchKind
from rapport.database import insert_many, raw_rows

if TYPE_CHECKING:
    from rapport.accounts.models import User

KINDS = [kind.value for kind in TouchKind]
COLUMNS = [f"last_{kind}" for kind in KINDS]
#: The funnel's stages after "Identified", each drawn from the one before.
FUNNEL_STAGES = ["contacted", "replied", "met", "thanked", "referred"]
#: A summary of a contact ever e-mailed, called or met: one who is no longer "to ask".
APPROACHED = (
    Q(last_email_sent__isnull=False) | Q(last_call__isnull=False) | Q(last_meeting__isnull=False)
)


def refresh_summaries(owner: User, ids: Collection[int] | None) -> None:
    """Recompute the summaries of these contacts (None: of all the account's) from their
    touches, their ``approached`` flags from the summaries, and the account's counts."""
    with transaction.atomic():
        mine = Contact.objects.owned_by(owner)
        if ids is None or mine.filter(pk__in=ids).count() < len(set(ids)):
            # A deleted contact's commonalities went with it, uncounted: the whole account.
            write_summaries(owner, ids)
            recount(owner)
        else:
            with counts_changing(owner, ids):
                write_summaries(owner, ids)
        mark_approached(owner, ids)


def write_summaries(owner: User, ids: Collection[int] | None) -> None:
    """Recompute the summaries of these contacts (None: of all the account's) from their
    touches, and only those (migration 0013 runs it before contacts have a flag)."""
    touches = Touch.objects.owned_by(owner)
    kept = TimelineSummary.objects.owned_by(owner)
    if ids is not None:
        touches, kept = touches.filter(contact_id__in=ids), kept.filter(contact_id__in=ids)
    latest = (
        touches.order_by()
        .values("contact_id")
        .annotate(
            **{
                column: Max("happened_at", filter=Q(kind=kind))
                for column, kind in zip(COLUMNS, KINDS, strict=True)
            }
        )
        .values_list("owner_id", "contact_id", *COLUMNS)
    )
    with transaction.atomic():
        kept.delete()
        insert_many(TimelineSummary, ["owner_id", "contact_id", *COLUMNS], raw_rows(latest))


def summarize_first_touches(owner: User, touches: list[tuple[int, str, object]]) -> None:
    """Write the summaries of contacts just made, each with one touch so far: (contact id,
    kind, moment as stored)."""
    at = {kind: index for index, kind in enumerate(KINDS)}
    rows = []
    for contact_id, kind, moment in touches:
        latest: list[object] = [None] * len(KINDS)
        latest[at[kind]] = moment
        rows.append((owner.pk, contact_id, *latest))
    insert_many(TimelineSummary, ["owner_id", "contact_id", *COLUMNS], rows)


def mark_approached(owner: User, ids: Collection[int] | None) -> None:
    """Set the ``approached`` flag of these contacts (None: of all the account's) from their
    summaries as they are now."""
    contacts = Contact.objects.owned_by(owner)
    if ids is not None:
        contacts = contacts.filter(pk__in=ids)
    summary = TimelineSummary.objects.filter(APPROACHED, contact_id=OuterRef("pk"))
    # Only the rows that change are written.
    contacts.filter(approached=False).filter(Exists(summary)).update(approached=True)
    contacts.filter(approached=True).exclude(Exists(summary)).update(approached=False)


def count_history(owner: User, ids: Collection[int] | None = None) -> Counter[tuple[str, str]]:
    """Asks and replies by commonality kind, counted from the summaries (of the contacts
    ``ids`` only, unless None): for each kind, the commonalities of contacts who were
    e-mailed, ``(kind, "asked")``, and of those who answered, ``(kind, "replied")``."""
    answered = Q(contact__timeline__last_reply_received__isnull=False)
    for kind in ("meeting", "call"):
        answered |= Q(**{f"contact__timeline__last_{kind}__isnull": False})
    rows = Commonality.objects.owned_by(owner)
    if ids is not None:
        rows = rows.filter(contact_id__in=ids)
    by_kind = (
        rows.filter(contact__timeline__last_email_sent__isnull=False)
        .order_by()
        .values("kind")
        # A row a commonality, as the history has always been counted: a contact who shares
        # two schools with the user counts twice for "school".
        .annotate(asked=Count("pk"), replied=Count("pk", filter=answered))
        .values_list("kind", "asked", "replied")
    )
    counts: Counter[tuple[str, str]] = Counter()
    for kind, asked, replied in by_kind:
        counts[kind, "asked"], counts[kind, "replied"] = asked, replied
    return counts


def stages_reached(had: set[str], referrer: bool) -> list[str]:
    """The funnel's stages a contact reached, from the kinds of touch on their timeline and
    whether they referred someone."""
    # Each stage is drawn from the one before, so the funnel never widens: a meeting or a
    # call is also a contact and an answer, however the timeline recorded the first ask.
    talked = bool(had & {TouchKind.MEETING, TouchKind.CALL})
    contacted = TouchKind.EMAIL_SENT in had or talked
    replied = contacted and (TouchKind.REPLY_RECEIVED in had or talked)
    met = replied and talked
    reached = [contacted, replied, met, met and TouchKind.THANK_YOU in had, met and referrer]
    return [stage for stage, done in zip(FUNNEL_STAGES, reached, strict=True) if done]


def count_funnel(owner: User, ids: Collection[int] | None = None) -> Counter[str]:
    """How many contacts (of ``ids`` only, unless None) reached each stage of the funnel:
    the whole account added up by the database, a few contacts by ``stages_reached``."""
    if ids is None:
        return count_whole_funnel(owner)
    kinds = [TouchKind.EMAIL_SENT, TouchKind.REPLY_RECEIVED, TouchKind.CALL, TouchKind.MEETING]
    kinds.append(TouchKind.THANK_YOU)
    rows = TimelineSummary.objects.owned_by(owner).filter(contact_id__in=ids)
    referrals = Referral.objects.owned_by(owner).filter(referrer_id__in=ids)
    referrers = set(referrals.values_list("referrer_id", flat=True))
    counts: Counter[str] = Counter()
    # Only whether each moment is there is read: the rows as the driver gives them.
    for contact_id, *moments in raw_rows(
        rows.order_by().values_list("contact_id", *(f"last_{kind}" for kind in kinds))
    ):
        had = {kind for kind, moment in zip(kinds, moments, strict=True) if moment is not None}
        counts.update(stages_reached(had, contact_id in referrers))
    return counts


def count_whole_funnel(owner: User) -> Counter[str]:
    """``stages_reached`` added up over every summary of the account, by the database."""

    def had(*kinds: str) -> Q:
        found = Q()
        for kind in kinds:
            found |= Q(**{f"last_{kind}__isnull": False})
        return found

    talked = had(TouchKind.MEETING, TouchKind.CALL)
    contacted = had(TouchKind.EMAIL_SENT) | talked
    replied = contacted & (had(TouchKind.REPLY_RECEIVED) | talked)
    met = replied & talked
    referrers = Referral.objects.owned_by(owner).values("referrer_id")
    counts = (
        TimelineSummary.objects.owned_by(owner)
        .order_by()
        .aggregate(
            contacted=Count("pk", filter=contacted),
            replied=Count("pk", filter=replied),
            met=Count("pk", filter=met),
            thanked=Count("pk", filter=met & had(TouchKind.THANK_YOU)),
            referred=Count("pk", filter=met & Q(contact_id__in=referrers)),
        )
    )
    return Counter(counts)


def recount(owner: User) -> None:
    """Count the account's history and funnel again, from scratch, and store them."""
    with transaction.atomic():
        AskHistory.objects.owned_by(owner).delete()
        store_history(owner, count_history(owner))
        counts = count_funnel(owner)
        stages = {stage: counts[stage] for stage in FUNNEL_STAGES}
        Funnel.objects.update_or_create(owner=owner, defaults=stages)


@contextmanager
def counts_changing(owner: User, ids: Collection[int]) -> Iterator[None]:
    """Around a write to the timelines, commonalities or referrals of the contacts ``ids``,
    none of them deleted: the stored counts lose what they counted for before it and gain
    what they count for after it, in its transaction."""
    with transaction.atomic():
        before = count_history(owner, ids), count_funnel(owner, ids)
        yield
        after = count_history(owner, ids), count_funnel(owner, ids)
        if after[0] != before[0]:
            move_history(owner, before[0], after[0])
        if after[1] != before[1]:
            stored, _ = Funnel.objects.get_or_create(owner=owner)
            for stage in FUNNEL_STAGES:
                moved = after[1][stage] - before[1][stage]
                setattr(stored, stage, getattr(stored, stage) + moved)
            stored.save()


def move_history(
    owner: User, before: Counter[tuple[str, str]], after: Counter[tuple[str, str]]
) -> None:
    kinds = {kind for kind, _ in [*after, *before]}
    kept = AskHistory.objects.owned_by(owner).filter(kind__in=kinds)
    counts: Counter[tuple[str, str]] = Counter()
    for kind, asked, replied in kept.values_list("kind", "asked", "replied"):
        counts[kind, "asked"], counts[kind, "replied"] = asked, replied
    counts.update(after)
    counts.subtract(before)
    kept.delete()
    store_history(owner, counts)


def store_history(owner: User, counts: Counter[tuple[str, str]]) -> None:
    """Store the kinds of ``counts`` asked through at least once (as ``count_history`` finds
    them)."""
    kinds = sorted({kind for kind, _ in counts})
    AskHistory.objects.bulk_create(
        AskHistory(
            owner=owner, kind=kind, asked=counts[kind, "asked"], replied=counts[kind, "replied"]
        )
        for kind in kinds
        if counts[kind, "asked"] > 0
    )


def history_from_touches(owner: User) -> dict[str, tuple[int, int]]:
    """``count_history`` read from every touch instead of the summaries, for comparing."""
    touches = Touch.objects.owned_by(owner)
    answers = [TouchKind.REPLY_RECEIVED, TouchKind.CALL, TouchKind.MEETING]
    asked = set(touches.filter(kind=TouchKind.EMAIL_SENT).values_list("contact_id", flat=True))
    answered = set(touches.filter(kind__in=answers).values_list("contact_id", flat=True))
    counts: dict[str, tuple[int, int]] = {}
    for contact_id, kind in Commonality.objects.owned_by(owner).values_list("contact_id", "kind"):
        if contact_id in asked:
            had, replied = counts.get(kind, (0, 0))
            counts[kind] = (had + 1, replied + (contact_id in answered))
    return counts


def funnel_from_touches(owner: User) -> dict[str, int]:
    """``count_funnel`` read from every touch instead of the summaries, for comparing."""
    touches = Touch.objects.owned_by(owner)

    def people(*kinds: str) -> set[int]:
        return set(touches.filter(kind__in=kinds).values_list("contact_id", flat=True))

    talked = people(TouchKind.MEETING, TouchKind.CALL)
    contacted = people(TouchKind.EMAIL_SENT) | talked
    replied = contacted & (people(TouchKind.REPLY_RECEIVED) | talked)
    met = replied & talked
    referrers = set(Referral.objects.owned_by(owner).values_list("referrer_id", flat=True))
    stages = [contacted, replied, met, met & people(TouchKind.THANK_YOU), met & referrers]
    return {stage: len(found) for stage, found in zip(FUNNEL_STAGES, stages, strict=True)}


def differences(owner: User) -> list[str]:
    """Summaries that disagree with the touches they come from: none when in step."""
    fields = ["contact_id", *COLUMNS]
    kept = set(TimelineSummary.objects.owned_by(owner).values_list(*fields))
    touches = Touch.objects.owned_by(owner).order_by().values("contact_id")
    fresh = set(
        touches.annotate(
            **{
                column: Max("happened_at", filter=Q(kind=kind))
                for column, kind in zip(COLUMNS, KINDS, strict=True)
            }
        ).values_list(*fields)
    )
    wrong = [f"missing: {row}" for row in fresh - kept] + [f"stale: {row}" for row in kept - fresh]
    asked = [TouchKind.EMAIL_SENT, TouchKind.CALL, TouchKind.MEETING]
    approached = set(touches.filter(kind__in=asked).values_list("contact_id", flat=True))
    flagged = set(
        Contact.objects.owned_by(owner).filter(approached=True).values_list("pk", flat=True)
    )
    wrong += [f"approached, not flagged: {pk}" for pk in sorted(approached - flagged)]
    wrong += [f"flagged, never approached: {pk}" for pk in sorted(flagged - approached)]
    kept_history = {
        kind: (asked, replied)
        for kind, asked, replied in AskHistory.objects.owned_by(owner).values_list(
            "kind", "asked", "replied"
        )
    }
    kept_funnel = Funnel.objects.owned_by(owner).values(*FUNNEL_STAGES).first()
    fresh_funnel = funnel_from_touches(owner)
    if (kept_funnel or dict.fromkeys(FUNNEL_STAGES, 0)) != fresh_funnel:
        wrong.append(f"funnel: kept {kept_funnel}, counted from the touches {fresh_funnel}")
    fresh_history = history_from_touches(owner)
    if kept_history != fresh_history:
        kept, fresh = sorted(kept_history.items()), sorted(fresh_history.items())
        wrong.append(f"history: kept {kept}, counted from the touches {fresh}")
    return wrong
