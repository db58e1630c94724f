"""Keeping and letting go: on a shared Rapport with RAPPORT_RETENTION_MONTHS set, an account
inactive that long is warned by e-mail, and deleted with everything it owns if it is still
inactive GRACE later. Signing in takes the warning back. Administrators are never deleted.
A graduate keeps their network by exporting it (the JSON export restores into a local
Rapport)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max, Q
from django.urls import reverse

from rapport import emails
from rapport.accounts.models import Owned, RetentionWarning, User
from rapport.accounts.services import remove_account
from rapport.core.errors import RapportError

GRACE = timedelta(days=30)
MONTH = timedelta(days=30.44)


@dataclass
class Outcome:
    warned: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    #: Warnings that could not be sent: tried again on the next run.
    failed: list[str] = field(default_factory=list)


#: Rows that background work writes on the account's behalf (a mailbox sync, a push to the
#: phone): not the person's own activity.
BACKGROUND = {"mailbox", "dav"}


def last_activity(user: User) -> datetime:
    """The latest of signing up, signing in, and writing anything the account owns; what a
    background sync logged does not count (a graduate's mailbox, left connected, must not
    keep an account alive for ever)."""
    from django.apps import apps

    moments = [user.date_joined, user.last_login]
    for model in apps.get_models():
        if issubclass(model, Owned) and model._meta.app_label not in BACKGROUND:
            rows = model._default_manager.filter(owner=user)
            if "source" in {field.name for field in model._meta.concrete_fields}:
                rows = rows.exclude(source__startswith="mailbox:")  # a touch a sync logged
            moments.append(rows.aggregate(m=Max("created_at"))["m"])
    return max(m for m in moments if m is not None)


def apply_retention(now: datetime, months: int | None = None) -> Outcome:
    """Warn the accounts inactive for ``months`` (RAPPORT_RETENTION_MONTHS), and delete those
    warned more than GRACE ago that stayed inactive. Nothing when the setting is 0, and
    nothing without a mail server: no account is deleted that was not really warned."""
    months = settings.RETENTION_MONTHS if months is None else months
    outcome = Outcome()
    if months <= 0:
        return outcome
    if not settings.SMTP_ENABLED:
        raise RapportError(
            "retention needs a mail server (EMAIL_URL) to warn accounts before deleting them"
        )
    limit = now - MONTH * months
    warned = dict(RetentionWarning.objects.values_list("user_id", "warned_at"))
    # Only those who have not signed in since the limit can be inactive; administrators and
    # advisors (whose consents are students' history) are kept.
    quiet = User.objects.filter(
        is_staff=False, date_joined__lt=limit, advisor_role__isnull=True
    ).filter(Q(last_login__isnull=True) | Q(last_login__lt=limit))
    for user in quiet:
        active = last_activity(user)
        when = warned.get(user.pk)
        if when is not None and active > when:  # back since the warning
            RetentionWarning.objects.filter(user=user).delete()
            continue
        if active >= limit:
            continue
        if when is None:
            deadline = now + GRACE + timedelta(days=1)  # a whole last day, in any zone
            try:
                emails.retention_warning(
                    user.email,
                    user.name,
                    deadline.astimezone(ZoneInfo(user.time_zone)),
                    emails.base_url() + reverse("login"),
                ).send()
            except OSError as error:  # not warned: not counted as warned, tried tomorrow
                outcome.failed.append(f"{user.email}: {error}")
                continue
            RetentionWarning.objects.create(user=user, warned_at=now)
            outcome.warned.append(user.email)
        elif now - when > GRACE + timedelta(days=1):
            outcome.deleted.append(user.email)
            remove_account(user)
    return outcome


def signed_in(user: User) -> None:
    """Signing in is activity: the warning is taken back."""
    RetentionWarning.objects.filter(user=user).delete()
