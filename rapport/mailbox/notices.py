"""What the agenda shows of the mailbox: what the syncs changed, and why the last failed."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rapport.agenda.panels import Panel
from rapport.mailbox.models import MailAccount, MailNotice

if TYPE_CHECKING:
    from rapport.accounts.models import User

#: The agenda lists this many notices, newest first.
SHOWN = 10


def panel_context(owner: User, now: datetime) -> dict[str, Any] | None:
    account = MailAccount.objects.owned_by(owner).only("last_error", "next_sync_at").first()
    notices = list(
        MailNotice.objects.owned_by(owner).select_related("contact").order_by("-created_at")[:SHOWN]
    )
    failed = account.last_error if account else ""
    if not (notices or failed):
        return None
    return {
        "notices": notices,
        "failed": failed,
        "retry_at": account.next_sync_at if account else None,
    }


agenda_panel = Panel("mailbox/_agenda_panel.html", panel_context, (MailAccount, MailNotice))
