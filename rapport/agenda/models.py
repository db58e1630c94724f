"""What the user put off: an agenda item of one kind for one contact, until a moment."""

from __future__ import annotations

from django.db import models

from rapport.contacts.models import Contact, Owned


class Snooze(Owned):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="snoozes")
    kind = models.CharField(max_length=20)
    until = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint("contact", "kind", name="one_snooze_per_item")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.contact} until {self.until:%Y-%m-%d}"
