"""Who advises, who shares their progress with whom (and since when), and every look."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from rapport import clock


class Advisor(models.Model):
    """An account that may be shared progress with: made by an administrator."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="advisor_role"
    )
    added_at = models.DateTimeField(default=clock.model_default)

    def __str__(self) -> str:
        return f"advisor {self.user_id}"


class Consent(models.Model):
    """A student's consent to one advisor seeing their progress: granted on a date, and
    revoked on another. A new consent after a revocation is a new row, so the history of
    who could see what, and when, stays whole."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents_given"
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents_received"
    )
    granted_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                "student",
                "advisor",
                condition=models.Q(revoked_at__isnull=True),
                name="one_open_consent_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.student_id} shares with {self.advisor_id}"


class ReadOnly(models.QuerySet["AccessLog"]):
    """The log is written once a look and never changed: no update or delete through the
    application (deleting the student's account takes their log with it, in the database)."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("the access log cannot be changed")

    def delete(self) -> NoReturn:
        raise PermissionError("the access log cannot be changed")


class AccessLog(models.Model):
    """One look by an advisor at a student's progress: who, what, when."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_log"
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Kept as it was at the time, so the entry still says who after the advisor is gone.
    advisor_name = models.CharField(max_length=300)
    what = models.CharField(max_length=200)
    at = models.DateTimeField(default=clock.model_default, db_index=True)

    objects = ReadOnly.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.advisor_name} {self.what} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("the access log cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("the access log cannot be changed")
