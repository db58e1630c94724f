"""Each contact's timeline in one row: the latest moment of each kind of touch
(``TimelineSummary``), replaced for the contacts a write changed, in its transaction."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max, Q

from rapport.contacts.models import TimelineSummary, Touch
from rapport.core.network import TouchKind
from rapport.database import insert_many, raw_rows

if TYPE_CHECKING:
    from rapport.accounts.models import User

KINDS = [kind.value for kind in TouchKind]
COLUMNS = [f"last_{kind}" for kind in KINDS]


def refresh_summaries(owner: User, ids: Collection[int] | None) -> None:
    """Recompute the summaries of these contacts (None: of all the account's) from their
    touches."""
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
    return [f"missing: {row}" for row in fresh - kept] + [f"stale: {row}" for row in kept - fresh]
