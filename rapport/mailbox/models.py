"""The student's mailbox: how to sign in, how far each folder has been read, and what the
syncs told the student."""

from __future__ import annotations

from django.db import models

from rapport.accounts.models import Owned
from rapport.contacts.models import Contact


class MailAccount(Owned):
    """Where the mailbox is and how to sign in; the password only sealed
    (rapport.credentials), with a key kept apart from the database. The sync's state lives
    here too: when it is next due, who holds it now, and what went wrong last."""

    TLS, STARTTLS, PLAIN = "tls", "starttls", "none"
    SECURITY = [
        (TLS, "TLS (usually port 993)"),
        (STARTTLS, "STARTTLS (usually port 143)"),
        (PLAIN, "None: only for a server on this computer"),
    ]
    host = models.CharField(max_length=253)
    port = models.PositiveIntegerField(default=993)
    security = models.CharField(max_length=10, choices=SECURITY, default=TLS)
    username = models.CharField("user name", max_length=254)
    sealed_password = models.TextField()
    #: The folder of sent mail; empty: the one the server marks \\Sent, else "Sent".
    sent_folder = models.CharField(max_length=200, blank=True)

    last_sync_at = models.DateTimeField(null=True, blank=True)
    #: What the last sync did: {"replies": n, "sent": n, "skipped": n, "errors": [...]}.
    last_result = models.JSONField(default=dict, blank=True)
    #: Why the last sync failed, for the profile page and the agenda; empty once one works.
    last_error = models.TextField(blank=True)
    #: Syncs that failed in a row; each waits longer before the next (backoff).
    failures = models.PositiveIntegerField(default=0)
    #: When the next sync is due; claimed by a conditional UPDATE, so one scheduler queues it.
    next_sync_at = models.DateTimeField(null=True, blank=True, db_index=True)
    #: A sync in progress holds the mailbox until then (a killed one lets go when it passes).
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint("owner", name="one_mail_account_per_owner")]

    def __str__(self) -> str:
        return f"{self.username} at {self.host}"


class MailFolder(Owned):
    """How far one folder has been read: IMAP UIDs grow within one UIDVALIDITY, so the next
    sync asks only for those above ``last_uid``; a new UIDVALIDITY starts the folder over
    (and the Message-IDs already on timelines keep anything from being logged twice)."""

    account = models.ForeignKey(MailAccount, on_delete=models.CASCADE, related_name="folders")
    name = models.CharField(max_length=200)
    uidvalidity = models.BigIntegerField(default=0)
    last_uid = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint("account", "name", name="one_state_per_mail_folder")]

    def __str__(self) -> str:
        return f"{self.name} up to {self.last_uid}"


class MailNotice(Owned):
    """Something a sync did that the student should hear of on the agenda: a meeting moved by
    the contact's answer, a follow-up put off past an out-of-office. Dismissed, it goes."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=500)
    #: The message it comes from, so that a re-run does not say it twice.
    message_id = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text
