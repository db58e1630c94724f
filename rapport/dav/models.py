"""Where the student's address book and calendar are, and what was put there."""

from __future__ import annotations

from django.db import models

from rapport.accounts.models import Owned


class DavAccount(Owned):
    """The collections to push to, and how to sign in; the password only sealed
    (rapport.credentials), with a key kept apart from the database."""

    addressbook_url = models.URLField(max_length=500, blank=True)
    calendar_url = models.URLField(max_length=500, blank=True)
    username = models.CharField(max_length=200)
    sealed_password = models.TextField()
    last_push_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint("owner", name="one_dav_account_per_owner")]

    def __str__(self) -> str:
        return f"{self.username} at {self.addressbook_url or self.calendar_url}"


class DavItem(Owned):
    """One card or event pushed: where it is, its ETag there, and a digest of what was sent,
    so that a push sends only what changed and sees what was edited on the other side."""

    CARD, EVENT = "card", "event"
    collection = models.CharField(max_length=5, choices=[(CARD, "card"), (EVENT, "event")])
    #: What it stands for: "contact:12", "meeting:5", "due:<the feed's uid>".
    key = models.CharField(max_length=120)
    label = models.CharField(max_length=300)
    href = models.CharField(max_length=1000)
    etag = models.CharField(max_length=200)
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint("owner", "collection", "key", name="one_dav_item_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.collection} {self.label}"
