"""Telling the agenda that a write may have changed what is due for some contacts.

The agenda stores each contact's due moments (``rapport.agenda.due``) and listens on the
``due_changed`` signal; every write to a timeline, a referral, a contact's organization or
cadence says here which contacts it changed, inside its own transaction, so that the stored
moments never disagree with the timeline they come from.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q

from rapport.accounts.signals import due_changed
from rapport.contacts.models import Contact, Referral
from rapport.contacts.summary import refresh_summaries
from rapport.core.schedule import ContactFacts

if TYPE_CHECKING:
    from rapport.accounts.models import User

#: Past this many contacts a change is refreshed as a rebuild of the whole account: one
#: pass over the timeline costs less than lists of ids that long.
MANY = 1000


def depending_on(owner: User, ids: Collection[int]) -> set[int]:
    """``ids`` and the contacts whose due moments read theirs: everyone at their
    organizations (3B7's second person waits for someone not yet asked there), whoever
    referred them (the report back follows a talk with the person referred) and whoever they
    referred (the reminder to reach out names the referrer)."""
    mine = Contact.objects.owned_by(owner)
    organizations = mine.filter(pk__in=ids, organization__isnull=False).values("organization_id")
    mates = mine.filter(organization_id__in=organizations).values_list("pk", flat=True)
    referrals = Referral.objects.owned_by(owner).filter(
        Q(referred_id__in=ids) | Q(referrer_id__in=ids)
    )
    ends = {end for pair in referrals.values_list("referrer_id", "referred_id") for end in pair}
    return set(ids) | set(mates) | ends


def due_may_have_changed(
    owner: User, ids: Collection[int] | None, new: Sequence[ContactFacts] = ()
) -> None:
    """Say that the timelines of the contacts ``ids`` (None: of all of them) may have changed:
    their summaries are recomputed, and the agenda refreshes what is due for them and for
    those that depend on them. ``new`` are the facts of contacts just made (an import's),
    whose summaries the caller wrote: the agenda stores what they make due without reading
    their timelines back, unless it reads them anyway for ``ids``."""
    if ids is not None and not ids and not new:
        return
    if ids is None or ids:
        refresh_summaries(owner, None if ids is None or len(ids) > MANY else ids)
    due_changed.send(sender=Contact, owner=owner, contacts=ids, new=new)


@contextmanager
def changing(owner: User, ids: Collection[int]) -> Iterator[set[int]]:
    """Around a write that may move contacts between organizations, delete them or change
    who referred whom: in one transaction, whoever depended on them before the write is
    refreshed after it, with whoever depends on them now. The write adds to the set it is
    given the contacts it makes."""
    with transaction.atomic():
        before = None if len(ids) > MANY else depending_on(owner, ids)
        changed = set(ids)
        yield changed
        due_may_have_changed(owner, None if before is None else before | changed)
