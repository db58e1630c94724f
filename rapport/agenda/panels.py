"""What apps above the agenda add to its page (the mailbox: what its syncs changed, and why
one failed). Each registers a panel when the apps are ready; the page shows those that have
something to say, above what is due."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rapport.accounts.models import User


@dataclass(frozen=True)
class Panel:
    template: str
    #: The template's context for this user now, or None when it has nothing to say.
    context: Callable[[User, datetime], dict[str, Any] | None]


PANELS: list[Panel] = []


def register(panel: Panel) -> None:
    if panel not in PANELS:
        PANELS.append(panel)


def panels_for(owner: User, now: datetime) -> list[tuple[str, dict[str, Any]]]:
    """Each panel with something to say: its template and its context."""
    shown = []
    for panel in PANELS:
        context = panel.context(owner, now)
        if context is not None:
            shown.append((panel.template, context))
    return shown
