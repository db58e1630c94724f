"""A back-off for guesses at one account from many addresses.

django-axes locks an e-mail and address pair out after five wrong passwords, so one machine
cannot guess on; someone rotating addresses could. Past ACCOUNT_FREE wrong passwords for one
account within django-axes's cool-off, from addresses other than the one trying, each
further try waits twice as long as the one before, from 15 seconds up to the cool-off
itself. The refused try checks no password and counts for nothing, so guessing cannot make
the owner's wait longer, and a password reset always works.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum

#: Wrong passwords for one account, from any addresses, before its tries are spaced out.
ACCOUNT_FREE = 10
FIRST_WAIT = timedelta(seconds=15)


def client_ip(request: Any) -> str | None:
    """The address a request came from. Behind the one reverse proxy of a shared Rapport,
    the last X-Forwarded-For entry, the one the proxy itself added (entries before it are
    whatever the client claimed); on a laptop, the socket's address."""
    if settings.MULTI_USER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return str(last)
    return request.META.get("REMOTE_ADDR") or None


def wait_before_trying(username: str, address: str | None, now: datetime) -> timedelta | None:
    """How long ``username`` must wait, trying from ``address``, before its password may be
    checked again, or None. Only the failures from other addresses count: from this one,
    django-axes's lock-out answers."""
    recent = (
        AccessAttempt.objects.filter(
            username=username.strip().lower(), attempt_time__gte=now - settings.AXES_COOLOFF_TIME
        )
        .exclude(ip_address=address)
        .aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    )
    failures, last = recent["failures"] or 0, recent["last"]
    if failures < ACCOUNT_FREE or last is None:
        return None
    wait = min(FIRST_WAIT * 2 ** min(failures - ACCOUNT_FREE, 16), settings.AXES_COOLOFF_TIME)
    left = last + wait - now
    return left if left > timedelta(0) else None


def refusal(left: timedelta) -> str:
    """What the page says while an account's tries are spaced out."""
    minutes = -(-int(left.total_seconds()) // 60)
    when = "in a minute" if minutes <= 1 else f"in {minutes} minutes"
    return (
        "There have been many wrong passwords for this account, from several places, so "
        f"its password is not checked for a while. Try again {when}, or reset your password."
    )
