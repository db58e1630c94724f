"""What apps above the agenda add to its page (the mailbox: what its syncs changed, and why
one failed). Each registers a panel when the apps are ready; the page shows those that have
something to say, above what is due."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import connection, models

if TYPE_CHECKING:
    from rapport.accounts.models import User


@dataclass(frozen=True)
class Panel:
    template: str
    #: The template's context for this user now, or None when it has nothing to say.
    context: Callable[[User, datetime], dict[str, Any] | None]
    #: The panel has nothing to say to a user who owns no row of these (so most users cost
    #: the page one statement for all panels, not each panel's reads).
    reads: tuple[type[models.Model], ...]


PANELS: list[Panel] = []


def register(panel: Panel) -> None:
    if panel not in PANELS:
        PANELS.append(panel)


def panels_for(owner: User, now: datetime) -> list[tuple[str, dict[str, Any]]]:
    """Each panel with something to say: its template and its context."""
    if not PANELS:
        return []
    owns = [
        " OR ".join(
            f"EXISTS (SELECT 1 FROM {model._meta.db_table} WHERE owner_id = %(owner)s)"  # noqa: S608
            for model in panel.reads
        )
        for panel in PANELS
    ]
    with connection.cursor() as cursor:
        # Table names come from the code; the owner is a parameter.
        cursor.execute(
            "SELECT " + ", ".join(f"CASE WHEN {o} THEN 1 ELSE 0 END" for o in owns),
            {"owner": owner.pk},
        )
        asked = cursor.fetchone()
    shown = []
    for panel, owned in zip(PANELS, asked, strict=True):
        if not owned:
            continue
        context = panel.context(owner, now)
        if context is not None:
            shown.append((panel.template, context))
    return shown
