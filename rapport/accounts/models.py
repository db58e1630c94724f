"""The user is the student: their account and the profile that outreach is written from."""

from __future__ import annotations

import functools
import zoneinfo
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models

from rapport import clock
from rapport.addresses import check_address
from rapport.core.network import Year, parse_tags


@functools.cache
def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class UserManager(BaseUserManager):
    def create_user(self, email: str, name: str, password: str | None, **profile: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), name=name, **profile)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, name: str, password: str | None, **profile: Any) -> User:
        return self.create_user(email, name, password, is_staff=True, is_superuser=True, **profile)

    def get_by_natural_key(self, username: str | None) -> User:
        # E-mail addresses are stored in lower case; people type them any way.
        return self.get(email=(username or "").strip().lower())


class User(AbstractBaseUser, PermissionsMixin):
    # Any address a person may have, internationalized ones too (rapport/addresses.py).
    email = models.CharField("e-mail", max_length=254, unique=True, validators=[check_address])
    name = models.CharField(max_length=150)
    school = models.CharField(max_length=150, blank=True)
    year = models.CharField(max_length=20, choices=Year.choices(), blank=True)
    major = models.CharField(max_length=150, blank=True)
    interests = models.CharField(
        "fields of interest",
        max_length=500,
        blank=True,
        help_text="Separate fields with commas, e.g. public policy, journalism.",
    )
    phone = models.CharField(max_length=40, blank=True, help_text="Said twice in voicemails.")
    resume_text = models.TextField("your resume, as text", blank=True)
    time_zone = models.CharField(max_length=64, choices=time_zone_choices, default="UTC")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=clock.model_default)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def interest_list(self) -> list[str]:
        return parse_tags(self.interests)


class OwnedQuerySet(models.QuerySet[Any]):
    def owned_by(self, user: User) -> OwnedQuerySet:
        return self.filter(owner=user)


class Owned(models.Model):
    """A row that belongs to one user; every query of it starts from ``owned_by(user)``."""

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=clock.model_default, editable=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class LinkRequest(models.Model):
    """A request that e-mails an address (a sign-up link, a password reset), kept a day to
    throttle abuse: the address only as an HMAC, so the table lists no one who did not join."""

    address = models.CharField(max_length=64, db_index=True)
    ip = models.GenericIPAddressField(null=True)
    #: "signup" or "password-reset": each is limited on its own, so that a campus behind one
    #: address can both join and reset passwords.
    purpose = models.CharField(max_length=20, default="signup")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"link request at {self.created_at:%Y-%m-%d %H:%M}"


class WithdrawnLink(models.Model):
    """Join links to an address made before ``at`` no longer work: an administrator withdrew
    the invitation, or the account made with one was deleted. The address only as an HMAC."""

    address = models.CharField(max_length=64, unique=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"join links withdrawn at {self.at:%Y-%m-%d %H:%M}"


class RetentionWarning(models.Model):
    """An inactive account was warned, on ``warned_at``, that it will be deleted; signing in
    again takes the warning back (rapport.accounts.retention)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="+")
    warned_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id} warned at {self.warned_at:%Y-%m-%d}"
