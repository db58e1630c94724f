"""The agenda's word on requests to volunteers answered lately: a meeting set, or someone
else to ask."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from rapport.agenda.panels import Panel
from rapport.alumni import services
from rapport.alumni.models import Request

if TYPE_CHECKING:
    from rapport.accounts.models import User

SHOWN_FOR = timedelta(days=14)


def panel_context(owner: User, now: datetime) -> dict[str, Any] | None:
    recent = Q(answered_at__gte=now - SHOWN_FOR) | Q(
        status=Request.EXPIRED, expires_at__gte=now - SHOWN_FOR
    )
    services.expire(now)
    answered = list(
        Request.objects.owned_by(owner)
        .exclude(status=Request.SENT)
        .filter(recent)
        .select_related("meeting")[:10]
    )
    if not answered:
        return None
    unlucky = any(r.status != Request.ACCEPTED for r in answered)
    return {"answered": answered, "next": services.next_volunteer(owner, now) if unlucky else None}


agenda_panel = Panel("alumni/_agenda_panel.html", panel_context, (Request,))
