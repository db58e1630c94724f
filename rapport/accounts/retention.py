"""Keeping and letting go: on a shared Rapport with RAPPORT_RETENTION_MONTHS set, an account
inactive that long is warned by e-mail, and deleted with everything it owns if it is still
inactive GRACE later. Signing in takes the warning back. Administrators are never deleted.
A graduate keeps their network by exporting it (the JSON export restores into a local
Rapport)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max
from django.urls import reverse

from rapport import emails
from rapport.accounts.models import Owned, RetentionWarning, User
from rapport.accounts.services import remove_account

GRACE = timedelta(days=30)
MONTH = timedelta(days=30.44)


@dataclass
class Outcome:
    warned: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def last_activity(user: User) -> datetime:
    """The latest of signing up, signing in, and writing anything the account owns."""
    from django.apps import apps

    moments = [user.date_joined, user.last_login]
    for model in apps.get_models():
        if issubclass(model, Owned):
            moments.append(
                model._default_manager.filter(owner=user).aggregate(m=Max("created_at"))["m"]
            )
    return max(m for m in moments if m is not None)


def apply_retention(now: datetime, months: int | None = None) -> Outcome:
    """Warn the accounts inactive for ``months`` (RAPPORT_RETENTION_MONTHS), and delete those
    warned GRACE ago that stayed inactive. Nothing when the setting is 0."""
    months = settings.RETENTION_MONTHS if months is None else months
    outcome = Outcome()
    if months <= 0:
        return outcome
    limit = now - MONTH * months
    warned = dict(RetentionWarning.objects.values_list("user_id", "warned_at"))
    for user in User.objects.filter(is_staff=False, date_joined__lt=limit):
        active = last_activity(user)
        when = warned.get(user.pk)
        if when is not None and active > when:  # back since the warning
            RetentionWarning.objects.filter(user=user).delete()
            continue
        if active >= limit:
            continue
        if when is None:
            RetentionWarning.objects.create(user=user, warned_at=now)
            emails.retention_warning(
                user.email,
                user.name,
                now + GRACE,
                emails.base_url() + reverse("login"),
            ).send()
            outcome.warned.append(user.email)
        elif now - when >= GRACE:
            outcome.deleted.append(user.email)
            remove_account(user)
    return outcome


def signed_in(user: User) -> None:
    """Signing in is activity: the warning is taken back."""
    RetentionWarning.objects.filter(user=user).delete()
