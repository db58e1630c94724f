"""What accounts tells the apps above it, so that it never imports them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.dispatch import Signal

#: A new account asked for the demo network (``user``, ``now``); receivers return how many
#: contacts they loaded.
demo_wanted = Signal()

#: A write may have changed what is due for some of ``owner``'s contacts (``contacts``: their
#: ids, or None for all of them; ``new``, if given: the schedule's facts of contacts just made,
#: ``rapport.contacts.changes``); the agenda refreshes what it stores, in the same transaction.
due_changed = Signal()


def load_demo(user: Any, now: datetime) -> int:
    """Fill ``user``'s empty account with the demo network, every app's part of it or none
    (one transaction); return how many contacts it holds."""
    with transaction.atomic():
        return sum(loaded for _, loaded in demo_wanted.send(type(user), user=user, now=now))
