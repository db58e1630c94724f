"""One sync of a student's mailbox: what arrived and what they sent since the last one, put
on the timelines of the contacts it concerns.

- A **reply** is mail whose In-Reply-To or References names a message already on a
  timeline (one Rapport sent, or one a sync logged), or mail from a contact's address. It
  is logged as "Reply received", which closes the 3B7 steps of the ask it answers.
- An **automatic answer** (Auto-Submitted, X-Autoreply, Precedence, an out-of-office
  subject) is not a reply; one that names a return date puts the follow-up off until then.
- An **answer to an invitation** (iTIP REPLY or COUNTER) changes the meeting it names.
- Mail in the **Sent folder** to a contact is logged as sent (an e-mail starts the 3B7
  clock), and the guard reads it after the fact.

Privacy by construction: every message is first read by its headers alone
(``mail.HEADER_FIELDS``); only one from or to a contact's address, or in a thread Rapport
knows, is read further, and of it Rapport keeps the subject and a short excerpt. Nothing is
stored of the rest. Messages are read in batches; each batch is logged in one transaction
with the folder's new high UID, so a sync killed at any point loses nothing and a re-run
logs nothing twice. The Message-ID on the timeline keeps a copy in another folder from
being logged again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from rapport import clock
from rapport.agenda.models import Snooze
from rapport.agenda.services import snooze
from rapport.contacts.changes import due_may_have_changed
from rapport.contacts.models import Contact, Touch
from rapport.contacts.services import log_touch
from rapport.core import mail, schedule
from rapport.core.errors import RapportError
from rapport.core.guard import ERROR, check
from rapport.core.network import TouchKind
from rapport.credentials import unseal
from rapport.mailbox import imap
from rapport.mailbox.models import MailAccount, MailFolder, MailNotice
from rapport.meetings.models import Meeting
from rapport.meetings.services import take_answer
from rapport.outreach.services import guard_context

if TYPE_CHECKING:
    from imapclient import IMAPClient

    from rapport.accounts.models import User

#: A first sync reads this far back, so that a reply from last week is found at once.
FIRST_LOOK_BACK = timedelta(days=30)
#: A sync holds its mailbox this long, renewed as it goes; a killed one lets go after it.
LEASE = timedelta(minutes=15)
#: Messages read in one round trip, and logged in one transaction (each in a savepoint).
BATCH = 100
#: A message is read at most this far (a reply's words are at its start; attachments are not).
BODY_LIMIT = 512 * 1024
#: A reply logged by hand this close to one read from the mailbox is the same reply.
SAME_TOUCH_WITHIN = timedelta(days=2)
#: A thank-you is mail to a contact this soon after a meeting with them, before any other.
THANK_YOU_WITHIN = timedelta(days=7)
#: What the guard's errors in sent mail are kept as; style rules are for drafts only.
AFTER_THE_FACT = ("job-ask", "resume-offer")
HEADERS = "BODY.PEEK[HEADER.FIELDS ({})]".format(" ".join(mail.HEADER_FIELDS))


@dataclass
class Result:
    replies: int = 0
    sent: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    #: What changed that the student should hear of (also kept for the agenda).
    notices: list[str] = field(default_factory=list)
    #: Why the mailbox could not be read (also in ``errors``); empty when it could, even if
    #: a message in it was passed over.
    failure: str = ""

    def counts(self) -> tuple[int, int, int, int]:
        return self.replies, self.sent, self.skipped, len(self.notices)

    def restore(self, counts: tuple[int, int, int, int]) -> None:
        self.replies, self.sent, self.skipped, shown = counts
        del self.notices[shown:]

    def as_dict(self) -> dict[str, Any]:
        return {
            "replies": self.replies,
            "sent": self.sent,
            "skipped": self.skipped,
            "errors": self.errors,
        }


@dataclass(frozen=True)
class Plan:
    """What the headers of one message say: who it concerns, and whether it went out."""

    uid: int
    headers: mail.Headers
    when: datetime
    outgoing: bool
    contacts: list[int]


def server_of(account: MailAccount) -> imap.Server:
    return imap.Server(
        account.host,
        account.port,
        account.security,
        account.username,
        unseal(account.sealed_password),
        timeout=settings.MAIL_TIMEOUT,
    )


@dataclass
class Lease:
    """A mailbox held by one sync until ``until``: taken, renewed and let go by conditional
    UPDATEs on that very moment, so that a sync whose lease ran out (and was taken over by
    another) or whose mailbox was disconnected writes nothing more."""

    account_pk: int
    until: datetime

    def renew(self) -> None:
        until = clock.now() + LEASE
        held = MailAccount.objects.filter(pk=self.account_pk, claimed_until=self.until)
        if not held.update(claimed_until=until):
            raise imap.MailboxError(
                "the mailbox was disconnected, or another sync took it over; this one stopped"
            )
        self.until = until

    def check(self) -> None:
        """Inside a transaction, before it writes: the mailbox is still this sync's."""
        held = MailAccount.objects.select_for_update().filter(
            pk=self.account_pk, claimed_until=self.until
        )
        if not held.exists():
            raise imap.MailboxError(
                "the mailbox was disconnected, or another sync took it over; this one stopped"
            )

    def release(self, **fields: Any) -> None:
        held = MailAccount.objects.filter(pk=self.account_pk, claimed_until=self.until)
        held.update(claimed_until=None, **fields)


def claim(account: MailAccount, now: datetime) -> Lease | None:
    """Hold the mailbox for one sync (a conditional UPDATE, so that two workers, or a worker
    and `rapport mail sync`, never read it at once); None if another holds it."""
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    until = now + LEASE
    won = MailAccount.objects.filter(free, pk=account.pk).update(claimed_until=until)
    return Lease(account.pk, until) if won == 1 else None


def backoff(failures: int) -> timedelta:
    """How long after the n-th failure in a row the next sync waits: the usual interval,
    doubled each time, at most six hours."""
    interval = timedelta(minutes=settings.MAIL_SYNC_MINUTES)
    return min(interval * 2 ** max(failures - 1, 0), timedelta(hours=6))


def sync(owner: User, now: datetime | None = None) -> Result:
    """Read what is new in the mailbox and log it; the account keeps how it went."""
    account = MailAccount.objects.owned_by(owner).first()
    if account is None:
        raise RapportError("no mailbox is connected; connect one first (rapport mail connect)")
    now = now or clock.now()
    lease = claim(account, now)
    if lease is None:
        raise RapportError("this mailbox is being synced already; try again in a minute")
    result = Result()
    try:
        with imap.session(server_of(account)) as client:
            Reader(owner, account, client, result, lease).read_all()
    except RapportError as error:  # a MailboxError, or a password this install cannot unseal
        result.failure = str(error)
    except Exception as error:  # a fault of Rapport's or the database's: said, tried again
        logging.getLogger("rapport.mailbox").exception("syncing mailbox %s failed", account.pk)
        result.failure = (
            f"the sync stopped on an unexpected error ({error.__class__.__name__}); "
            "it is tried again later"
        )
    except BaseException:  # stopped (Ctrl+C, the server stopping): let go of the mailbox now
        lease.release()
        raise
    if result.failure:
        result.errors.append(result.failure)
    finished = clock.now()
    failures = account.failures + 1 if result.failure else 0
    lease.release(
        last_sync_at=finished,
        last_result=result.as_dict(),
        last_error=result.failure,
        failures=failures,
        next_sync_at=finished + (backoff(failures) if failures else backoff(1)),
    )
    return result


class Reader:
    """Reads folders of one mailbox for one owner, with what it needs to know them by."""

    def __init__(
        self, owner: User, account: MailAccount, client: IMAPClient, result: Result, lease: Lease
    ) -> None:
        self.owner, self.account, self.client, self.result = owner, account, client, result
        self.lease = lease
        self.zone = ZoneInfo(owner.time_zone)
        self.contacts: dict[str, list[int]] = defaultdict(list)
        for pk, address in (
            Contact.objects.owned_by(owner).exclude(email="").values_list("pk", "email")
        ):
            self.contacts[mail.normal_address(address)].append(pk)
        self.own = {mail.normal_address(a) for a in (owner.email, account.username)} - {""}
        #: The contacts whose timelines the batch in hand changed, refreshed at its end.
        self.changed: set[int] = set()

    def read_all(self) -> None:
        """The Sent folder first, so that a reply in INBOX to mail sent since the last sync
        finds the message it answers on a timeline already."""
        sent = imap.sent_folder(self.client, self.account.sent_folder)
        for name, outgoing in ([(sent, True)] if sent else []) + [("INBOX", False)]:
            try:
                self.read_folder(name, outgoing=outgoing)
            except imap.FolderRefused as error:  # the other folder is still read
                self.result.errors.append(f"the folder {name} cannot be read: {error}")

    def read_folder(self, name: str, *, outgoing: bool) -> None:
        selected = imap.select(self.client, name)
        state, _ = MailFolder.objects.get_or_create(
            owner=self.owner, account=self.account, name=name
        )
        validity = imap.uidvalidity(selected)
        if state.uidvalidity != validity:  # the folder was rebuilt: its UIDs start over
            state.uidvalidity, state.last_uid = validity, 0
            state.save(update_fields=["uidvalidity", "last_uid"])
        if state.last_uid:
            found = self.client.search(["UID", f"{state.last_uid + 1}:*"])
        elif newest := self.newest_arrival():
            # By the server's own clock, which stamped the messages (ours may differ).
            found = self.client.search(["SINCE", (newest - FIRST_LOOK_BACK).date()])
        else:
            found = []  # an empty folder
        # "n:*" names the last message even when its UID is below n (RFC 3501).
        uids = sorted(uid for uid in found if uid > state.last_uid)
        for batch in chunks(uids, BATCH):
            self.read_batch(state, batch, outgoing)
            self.lease.renew()

    def newest_arrival(self) -> datetime | None:
        """When the newest message of the selected folder arrived, or None if it is empty."""
        last = self.client.search(["UID", "*"])  # "*" is the highest UID in use (RFC 3501)
        newest = self.client.fetch(last, ["INTERNALDATE"]) if last else {}
        dates = [data[b"INTERNALDATE"] for data in newest.values() if b"INTERNALDATE" in data]
        return max(dates, default=None)

    def read_batch(self, state: MailFolder, batch: list[int], outgoing: bool) -> None:
        """Read a batch of messages by their headers, then in one more round trip the whole
        of those that concern a contact; log them all in one transaction with the folder's
        new high UID and the agenda's refresh of the contacts they touched."""
        heads = self.client.fetch(batch, [HEADERS, "INTERNALDATE"])
        plans = [self.plan(uid, heads.get(uid, {}), outgoing) for uid in batch]
        wanted = [plan.uid for plan in plans if plan.contacts]
        bodies = self.client.fetch(wanted, [f"BODY.PEEK[]<0.{BODY_LIMIT}>"]) if wanted else {}
        with transaction.atomic():
            self.lease.check()
            for plan in plans:
                raw = imap.part(bodies.get(plan.uid, {}), b"BODY[]")
                before = self.result.counts(), set(self.changed)
                try:
                    with transaction.atomic():  # a savepoint: one message fails alone
                        self.read_one(state, plan, raw)
                except (RapportError, DatabaseError, ValueError, LookupError) as error:
                    # One message Rapport cannot take must not stop every sync after it: it
                    # is passed over (what it counted undone with it), and said.
                    self.result.restore(before[0])
                    self.changed = before[1]
                    self.result.errors.append(
                        f"message {plan.uid} in {state.name} was passed over: {error}"
                    )
            MailFolder.objects.filter(pk=state.pk).update(last_uid=batch[-1])
            due_may_have_changed(self.owner, self.changed)
        self.changed.clear()
        state.last_uid = batch[-1]

    def plan(self, uid: int, data: dict[bytes, Any], outgoing: bool) -> Plan:
        headers = mail.read_headers(imap.part(data, b"BODY[HEADER"))
        received = data.get(b"INTERNALDATE")
        when = headers.sent_at or (aware(received) if received else clock.now())
        outgoing = outgoing or headers.sender in self.own
        return Plan(uid, headers, when, outgoing, self.concerned(headers, outgoing))

    def read_one(self, state: MailFolder, plan: Plan, raw: bytes) -> None:
        source = f"mailbox:{state.name}"[:120]
        if not plan.contacts:
            self.result.skipped += 1
        elif plan.outgoing:
            self.log_sent(plan.headers, raw, plan.when, plan.contacts, source)
        else:
            self.log_received(plan.headers, raw, plan.when, plan.contacts, source)

    def concerned(self, headers: mail.Headers, outgoing: bool) -> list[int]:
        """The contacts a message is to (sent) or from (received); [] for anyone else's
        mail, which is read no further. A received message is the sender's: of the contacts
        at that address, those in the thread it answers, else all of them; a sender Rapport
        does not know (a contact's other address) is known by the thread alone."""
        if outgoing:
            return sorted({pk for a in headers.recipients for pk in self.contacts.get(a, [])})
        senders = self.contacts.get(headers.sender, [])
        if not headers.thread:
            return list(senders)
        in_thread = (
            Touch.objects.owned_by(self.owner)
            .filter(message_id__in=headers.thread)
            .order_by("-happened_at", "-id")
            .values_list("contact_id", flat=True)
        )
        if senders:
            return [pk for pk in senders if pk in set(in_thread)] or list(senders)
        latest = in_thread.first()
        return [latest] if latest else []

    def log_received(
        self, headers: mail.Headers, raw: bytes, when: datetime, pks: list[int], source: str
    ) -> None:
        message_id = headers.message_id[:300]
        mine = Touch.objects.owned_by(self.owner)
        if message_id and mine.filter(message_id=message_id).exists():
            self.result.skipped += 1  # read already, from another folder or before
            return
        text = mail.body_text(raw)
        answer = mail.meeting_answer(raw)  # before the automatic test: servers mark these so
        if answer is None and headers.automatic:
            for contact in Contact.objects.owned_by(self.owner).filter(pk__in=pks):
                if mail.is_out_of_office(raw):
                    self.put_off(contact, headers, text, when)
            self.result.skipped += 1
            return
        logged = False
        for contact in Contact.objects.owned_by(self.owner).filter(pk__in=pks):
            asked = (  # a clock behind the sender's must not put a reply before its ask
                mine.filter(contact=contact, message_id__in=headers.thread)
                .order_by("-happened_at")
                .values_list("happened_at", flat=True)
                .first()
                if headers.thread
                else None
            )
            moment = max(when, asked + timedelta(seconds=1)) if asked else when
            summary = f"Subject: {headers.subject}\n\n{mail.excerpt(text)}".strip()
            if answer is not None:
                summary = self.answered(contact, answer, message_id) or summary
            if self.adopted(contact, TouchKind.REPLY_RECEIVED, moment, message_id):
                continue
            log_touch(
                self.owner,
                contact,
                TouchKind.REPLY_RECEIVED,
                moment,
                summary,
                refresh=False,
                message_id=message_id,
                source=source,
            )
            self.changed.add(contact.pk)
            logged = True
        if logged:
            self.result.replies += 1
        else:
            self.result.skipped += 1  # its contact is gone, or it was logged by hand

    def log_sent(
        self, headers: mail.Headers, raw: bytes, when: datetime, pks: list[int], source: str
    ) -> None:
        text = mail.new_words(mail.body_text(raw))  # not the quoted mail it answers
        message_id = headers.message_id[:300]
        for contact in Contact.objects.owned_by(self.owner).filter(pk__in=pks):
            touches = Touch.objects.owned_by(self.owner).filter(contact=contact)
            if message_id and touches.filter(message_id=message_id).exists():
                self.result.skipped += 1  # sent through Rapport, or already read elsewhere
                continue
            kind = self.kind_of_sent(contact, when, f"{headers.subject}\n{text}")
            if self.adopted(contact, kind, when, message_id):
                self.result.skipped += 1
                continue
            guard_kind = "thank-you" if kind == TouchKind.THANK_YOU else "email"
            found = check(
                f"Subject: {headers.subject}\n\n{text}", guard_kind, guard_context(contact)
            )
            rules = sorted({f.rule for f in found if f.severity == ERROR} & set(AFTER_THE_FACT))
            summary = f"Subject: {headers.subject}\n\n{mail.excerpt(text)}".strip()
            log_touch(
                self.owner,
                contact,
                kind,
                when,
                summary,
                refresh=False,
                message_id=message_id,
                source=source,
                guard_override=",".join(rules),
            )
            self.changed.add(contact.pk)
            self.result.sent += 1

    def kind_of_sent(self, contact: Contact, when: datetime, text: str) -> str:
        """A thank-you when it thanks someone met in the last week who has not been thanked
        since; else an e-mail."""
        met = (
            Meeting.objects.owned_by(self.owner)
            .filter(contact=contact, status=Meeting.DONE, ended_at__lte=when)
            .filter(ended_at__gte=when - THANK_YOU_WITHIN)
            .order_by("-ended_at")
            .values_list("ended_at", flat=True)
            .first()
        )
        thanked = (
            met is not None
            and Touch.objects.owned_by(self.owner)
            .filter(contact=contact, kind=TouchKind.THANK_YOU, happened_at__gte=met)
            .exists()
        )
        if met is not None and not thanked and mail.thanks(text):
            return TouchKind.THANK_YOU
        return TouchKind.EMAIL_SENT

    def adopted(self, contact: Contact, kind: str, when: datetime, message_id: str) -> bool:
        """A touch of this kind the student logged by hand near this moment is this message:
        it gets the Message-ID instead of a second touch beside it. (A message without one
        cannot mark the touch as its own, so it is logged beside it.)"""
        if not message_id:
            return False
        typed = (
            Touch.objects.owned_by(self.owner)
            .filter(contact=contact, kind=kind, message_id="", source="")
            .filter(happened_at__range=(when - SAME_TOUCH_WITHIN, when + SAME_TOUCH_WITHIN))
            .order_by("-happened_at")
            .first()
        )
        if typed is None:
            return False
        Touch.objects.filter(pk=typed.pk).update(message_id=message_id)
        return True

    def put_off(self, contact: Contact, headers: mail.Headers, text: str, when: datetime) -> None:
        """An out-of-office that says when they are back moves the follow-up (and the step
        to a second person) past that day, and the agenda says so."""
        back = mail.return_date(f"{headers.subject}\n{text}", when)
        if back is None or back <= when.astimezone(self.zone).date():
            return
        until = datetime.combine(back, time(9), self.zone)
        later = Snooze.objects.owned_by(self.owner).filter(contact=contact, until__gte=until)
        for kind in (schedule.Due.FOLLOW_UP, schedule.Due.SECOND_PERSON):
            if not later.filter(kind=kind).exists():  # never shortens the student's own
                snooze(self.owner, contact, kind, clock.now(), until=until)
        day = f"{until:%a} {back.day} {until:%b}"
        self.notice(
            contact,
            f"{contact.name}'s automatic answer says they are back on {day}: "
            "the follow-up waits until then.",
            headers.message_id,
        )

    def answered(self, contact: Contact, answer: mail.Answer, message_id: str) -> str:
        """Put the contact's answer to an invitation on its meeting; what the timeline says."""
        uid = answer.uid.removesuffix("@rapport")
        meeting = (
            Meeting.objects.owned_by(self.owner).filter(uid__iexact=uid).first()
            if looks_like_uuid(uid)
            else None
        )
        if meeting is None:
            return ""
        invited = mail.normal_address(meeting.contact.email)
        if answer.attendee and answer.attendee not in (invited, mail.normal_address(contact.email)):
            return ""  # someone the invitation was passed on to does not answer for them
        contact = meeting.contact
        was = meeting.starts_at
        change = take_answer(
            self.owner,
            meeting,
            "" if answer.method == "COUNTER" else answer.status,
            answer.starts if answer.method == "COUNTER" else None,
            answer.ends if answer.method == "COUNTER" else None,
        )
        if not change:
            return ""
        words = {
            "accepted": "accepted the meeting on {was}",
            "tentative": "may come to the meeting on {was} (tentative)",
            "declined": "declined the meeting on {was}; it is cancelled",
            "moved": "proposed another time: the meeting on {was} is moved to {new}; send the "
            "invitation again to confirm",
        }
        line = words[change].format(was=self.moment(was), new=self.moment(meeting.starts_at))
        self.notice(contact, f"{contact.name} {line}.", message_id)
        return f"{line[0].upper()}{line[1:]}."

    def moment(self, value: datetime) -> str:
        local = value.astimezone(self.zone)
        return f"{local:%a} {local.day} {local:%b} at {local:%H:%M}"

    def notice(self, contact: Contact, text: str, message_id: str) -> None:
        if (
            not MailNotice.objects.owned_by(self.owner)
            .filter(contact=contact, message_id=message_id, text=text)
            .exists()
        ):
            MailNotice.objects.create(
                owner=self.owner, contact=contact, text=text[:500], message_id=message_id
            )
        self.result.notices.append(text)


def chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def aware(moment: datetime) -> datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, ZoneInfo("UTC"))


def looks_like_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
