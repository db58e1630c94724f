"""Each contact's timeline in one row: the latest moment of each kind of touch
(``TimelineSummary``), replaced for the contacts a write changed, in its transaction, with
the contact's ``approached`` flag read from it."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q

from rapport.contacts.models import Contact, TimelineSummary, Touch
from rapport.core.network import TouchKind
from rapport.database import insert_many, raw_rows

if TYPE_CHECKING:
    from rapport.accounts.models import User

KINDS = [kind.value for kind in TouchKind]
COLUMNS = [f"last_{kind}" for kind in KINDS]
#: A summary of a contact ever e-mailed, called or met: one who is no longer "to ask".
APPROACHED = (
    Q(last_email_sent__isnull=False) | Q(last_call__isnull=False) | Q(last_meeting__isnull=False)
)


def refresh_summaries(owner: User, ids: Collection[int] | None) -> None:
    """Recompute the summaries of these contacts (None: of all the account's) from their
    touches, and their ``approached`` flags from the summaries."""
    with transaction.atomic():
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
    return wrong + [f"flagged, never approached: {pk}" for pk in sorted(flagged - approached)]
