"""The student's mailbox read by a real IMAP server (Dovecot, started here): a reply to what
Rapport sent closes its follow-up, an automatic answer does not, mail sent from another
program starts the 3B7 clock and is checked by the guard, an answer to an invitation moves
the meeting, a second sync logs nothing, a stranger's mail leaves nothing behind, and a
sync cut short or refused loses and duplicates nothing."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import escape

import pytest
from django.urls import reverse
from imapclient import IMAPClient

from rapport import clock
from rapport.agenda.models import DueItem
from rapport.contacts import services as contacts
from rapport.contacts.models import Contact, Touch
from rapport.core.errors import RapportError
from rapport.core.guard import check
from rapport.core.network import TouchKind
from rapport.mailbox import services
from rapport.mailbox import sync as mailbox_sync
from rapport.mailbox.models import MailAccount, MailFolder, MailNotice
from rapport.mailbox.sync import Reader, claim, sync
from rapport.meetings.models import Meeting
from rapport.outreach.services import Message, send_email
from tests import imap_server

pytestmark = pytest.mark.skipif(
    not imap_server.available(), reason="Debian's dovecot-imapd is not installed"
)


@pytest.fixture(scope="module")
def dovecot():
    server = imap_server.start()
    yield server
    imap_server.stop(server)


@pytest.fixture
def mailbox(dovecot, dana, request):
    """Dana's mailbox on the test server, connected: an empty one for each test."""
    user = f"dana-{request.node.name[:40]}"
    services.connect(dana, "127.0.0.1", dovecot.port, "none", user, imap_server.PASSWORD)
    return Box(dovecot.port, user)


class Box:
    """The mailbox as a mail client sees it: messages are put in with APPEND."""

    def __init__(self, port: int, user: str) -> None:
        self.port, self.user = port, user

    def put(self, message: EmailMessage | bytes, folder: str = "INBOX") -> None:
        raw = message if isinstance(message, bytes) else message.as_bytes()
        with IMAPClient("127.0.0.1", port=self.port, ssl=False) as client:
            client.login(self.user, imap_server.PASSWORD)
            # The message's own date as its arrival, on whatever clock the suite runs.
            client.append(folder, raw, msg_time=clock.now())

    def flags(self, folder: str = "INBOX") -> list[tuple[bytes, ...]]:
        with IMAPClient("127.0.0.1", port=self.port, ssl=False) as client:
            client.login(self.user, imap_server.PASSWORD)
            client.select_folder(folder, readonly=True)
            return list(client.get_flags(client.search()).values())


def mail(sender: str, to: str, subject: str, body: str, **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = headers.pop("message_id", make_msgid(domain="mail.example.org"))
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


@pytest.fixture
def ana(dana):
    ana = Contact(name="Ana Ortiz", email="ana@policy.example.org")
    return contacts.save_contact(dana, ana, organization="Policy Lab")


def due_kinds(contact: Contact) -> set[str]:
    return set(DueItem.objects.filter(contact=contact).values_list("kind", flat=True))


def open_kinds(contact: Contact) -> set[str]:
    """What is due for the contact and not put off."""
    rows = DueItem.objects.filter(contact=contact)
    return {r.kind for r in rows if not r.snoozed_until or r.snoozed_until <= clock.now()}


def test_a_reply_to_what_rapport_sent_closes_its_follow_up_in_one_sync(
    dana, ana, mailbox, smtp, dana_client
):
    message = Message("Your path into policy", "Hello Ana, ...")
    send_email(dana, ana, message, clock.now(), override=True)
    (sent,) = smtp.messages
    assert "follow-up" in open_kinds(ana)
    # Ana answers from another address of hers: the thread, not the address, says who it is.
    reply = mail(
        "Ana Ortiz <a.ortiz@home.example>",
        "dana@example.edu",
        "Re: Your path into policy",
        "Happy to talk on Thursday.\n\nOn Mon, Dana wrote:\n> Hello Ana, ...",
        In_Reply_To=sent["Message-ID"],
        References=sent["Message-ID"],
    )
    mailbox.put(reply)

    result = sync(dana)

    assert result.as_dict() == {"replies": 1, "sent": 0, "skipped": 0, "errors": []}
    touch = Touch.objects.get(contact=ana, kind=TouchKind.REPLY_RECEIVED)
    assert touch.source == "mailbox:INBOX"
    assert touch.summary == "Subject: Re: Your path into policy\n\nHappy to talk on Thursday."
    assert "follow-up" not in due_kinds(ana)
    page = dana_client.get(reverse("contact-detail", args=[ana.pk])).content.decode()
    assert "Read from your mailbox (INBOX)." in page
    (flags,) = mailbox.flags()
    assert b"\\Seen" not in flags  # not marked read: Rapport changes nothing there


def test_an_automatic_answer_is_no_reply_and_puts_the_follow_up_off_past_its_date(
    dana, ana, mailbox, dana_client
):
    contacts.log_touch(dana, ana, TouchKind.EMAIL_SENT, clock.now() - timedelta(days=1))
    back = clock.now() + timedelta(days=20)
    day = f"{back:%B} {back.day}"
    mailbox.put(
        mail(
            "ana@policy.example.org",
            "dana@example.edu",
            "Automatic reply: Your path into policy",
            f"I am out of the office until {day} with limited access to e-mail.",
            Auto_Submitted="auto-replied",
        )
    )

    result = sync(dana)

    assert result.as_dict() == {"replies": 0, "sent": 0, "skipped": 1, "errors": []}
    assert not Touch.objects.filter(contact=ana, kind=TouchKind.REPLY_RECEIVED).exists()
    item = DueItem.objects.get(contact=ana, kind="follow-up")
    assert item.snoozed_until is not None
    assert item.snoozed_until.date() >= back.date() - timedelta(days=1)
    (notice,) = MailNotice.objects.filter(owner=dana)
    assert "Ana Ortiz's automatic answer says they are back on" in notice.text
    assert escape(notice.text) in dana_client.get(reverse("home")).content.decode()


def test_mail_sent_from_another_program_starts_the_clock_and_the_guard_reads_it(
    dana, ana, mailbox, dana_client
):
    mailbox.put(
        mail(
            "Dana Brown <dana@example.edu>",
            "Ana Ortiz <ANA@policy.example.org>",
            "Internship",
            "Hi Ana, is your team hiring interns this summer? I would love to be considered.",
        ),
        folder="Sent",
    )
    assert "follow-up" not in due_kinds(ana)

    result = sync(dana)

    assert result.as_dict() == {"replies": 0, "sent": 1, "skipped": 0, "errors": []}
    touch = Touch.objects.get(contact=ana)
    assert (touch.kind, touch.source, touch.guard_override) == (
        TouchKind.EMAIL_SENT,
        "mailbox:Sent",
        "job-ask",
    )
    assert "follow-up" in due_kinds(ana)
    page = dana_client.get(reverse("contact-detail", args=[ana.pk])).content.decode()
    assert "Sent outside Rapport: asks for a job." in page


def test_a_second_sync_logs_nothing_and_a_message_in_two_folders_is_logged_once(dana, ana, mailbox):
    copy = mail(
        "Dana Brown <dana@example.edu>",
        "ana@policy.example.org",
        "Thank you",
        "Thank you for the time yesterday.",
        Cc="dana@example.edu",
    )
    mailbox.put(copy, folder="Sent")
    mailbox.put(copy, folder="INBOX")  # her own copy, by Cc

    first, second = sync(dana), sync(dana)

    assert first.sent == 1
    assert second.as_dict() == {"replies": 0, "sent": 0, "skipped": 0, "errors": []}
    assert Touch.objects.filter(contact=ana).count() == 1


def test_a_strangers_mail_is_read_by_its_headers_alone_and_leaves_nothing(
    dana, ana, mailbox, monkeypatch
):
    mailbox.put(mail("x@unknown.example", "dana@example.edu", "Win a prize", "Secret words"))
    asked, fetch = [], IMAPClient.fetch

    def spied(self, messages, data, *args, **kwargs):
        asked.extend(data)
        return fetch(self, messages, data, *args, **kwargs)

    monkeypatch.setattr(IMAPClient, "fetch", spied)

    result = sync(dana)

    assert result.as_dict() == {"replies": 0, "sent": 0, "skipped": 1, "errors": []}
    assert asked and all(item.startswith(("BODY.PEEK[HEADER.", "INTERNALDATE")) for item in asked)
    assert not Touch.objects.filter(owner=dana).exists()
    assert not MailNotice.objects.filter(owner=dana).exists()


def test_another_students_contact_with_the_same_address_is_never_touched(
    dana, stranger, ana, mailbox
):
    theirs = contacts.save_contact(
        stranger, Contact(name="Ana Ortiz", email="ana@policy.example.org")
    )
    mailbox.put(mail("ana@policy.example.org", "dana@example.edu", "Hello", "Nice to meet you."))

    assert sync(dana).replies == 1

    assert Touch.objects.filter(contact=ana).count() == 1
    assert not Touch.objects.filter(contact=theirs).exists()


def invitation_answer(
    meeting: Meeting, method: str, partstat: str, starts: datetime | None = None
) -> bytes:
    """An answer as a calendar program mails it: text/calendar with METHOD REPLY or COUNTER
    (a new time of 30 minutes from ``starts``)."""
    ends = starts + timedelta(minutes=30) if starts else None
    moved = f"DTSTART:{starts:%Y%m%dT%H%M%SZ}\r\nDTEND:{ends:%Y%m%dT%H%M%SZ}\r\n" if starts else ""
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Calendar//EN\r\n"
        f"METHOD:{method}\r\nBEGIN:VEVENT\r\nUID:{meeting.uid}@rapport\r\n"
        f"DTSTAMP:20261120T120000Z\r\n{moved}"
        f"ATTENDEE;PARTSTAT={partstat}:mailto:ana@policy.example.org\r\n"
        "ORGANIZER:mailto:dana@example.edu\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    message = mail("ana@policy.example.org", "dana@example.edu", f"{method}: Meeting", "See below")
    message.add_alternative(calendar, subtype="calendar", params={"method": method})
    return message.as_bytes()


def test_answers_to_an_invitation_accept_then_move_the_meeting(dana, ana, mailbox, dana_client):
    starts = (clock.now() + timedelta(days=9)).replace(hour=15, minute=0, second=0, microsecond=0)
    meeting = Meeting.objects.create(
        owner=dana, contact=ana, starts_at=starts, status=Meeting.REQUESTED
    )
    mailbox.put(invitation_answer(meeting, "REPLY", "ACCEPTED"))
    assert sync(dana).replies == 1
    meeting.refresh_from_db()
    assert meeting.status == Meeting.SCHEDULED

    later = starts + timedelta(days=1, hours=1)
    mailbox.put(invitation_answer(meeting, "COUNTER", "NEEDS-ACTION", later))
    sync(dana)

    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.minutes) == (later, 30)
    texts = list(MailNotice.objects.filter(owner=dana).values_list("text", flat=True))
    assert any("accepted the meeting" in t for t in texts)
    assert any("proposed another time" in t for t in texts)
    agenda = dana_client.get(reverse("home")).content.decode()
    assert "proposed another time" in agenda


def test_a_wrong_password_or_a_tls_mismatch_connects_nothing(dana, dovecot):
    with pytest.raises(RapportError, match="refused this user name and password"):
        services.connect(dana, "127.0.0.1", dovecot.port, "none", "dana-x", "wrong")
    with pytest.raises(RapportError, match=r"TLS with 127\.0\.0\.1"):
        services.connect(dana, "127.0.0.1", dovecot.port, "tls", "dana-x", imap_server.PASSWORD)
    assert not MailAccount.objects.exists()


def test_a_silent_server_is_reported_and_tried_again_later(dana, mailbox, settings):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    MailAccount.objects.filter(owner=dana).update(port=silent.getsockname()[1])
    settings.MAIL_TIMEOUT = 1
    try:
        result = sync(dana)
    finally:
        silent.close()
    assert result.errors == ["127.0.0.1 stopped answering (nothing for 1 seconds)"]
    account = MailAccount.objects.get(owner=dana)
    assert account.failures == 1 and account.last_error == result.errors[0]
    assert account.next_sync_at > clock.now() and account.claimed_until is None


class Cutter:
    """A proxy to the IMAP server that cuts the connection once the server has sent
    ``limit`` bytes: a network that drops in the middle of a fetch."""

    def __init__(self, port: int, limit: int) -> None:
        self.port, self.limit = port, limit
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.address = self.listener.getsockname()[1]
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        client, _ = self.listener.accept()
        server = socket.create_connection(("127.0.0.1", self.port))
        threading.Thread(target=self.pipe, args=(client, server, None), daemon=True).start()
        self.pipe(server, client, self.limit)

    @staticmethod
    def pipe(source: socket.socket, sink: socket.socket, limit: int | None) -> None:
        sent = 0
        try:
            while data := source.recv(4096):
                if limit is not None and sent + len(data) > limit:
                    sink.sendall(data[: limit - sent])
                    break
                sink.sendall(data)
                sent += len(data)
        except OSError:
            pass
        for end in (source, sink):  # shut down first: the other direction's recv() returns
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()


def test_a_connection_dropped_mid_fetch_loses_and_duplicates_nothing(dana, mailbox, monkeypatch):
    people = [
        contacts.save_contact(dana, Contact(name=f"P{n}", email=f"p{n}@x.example"))
        for n in range(6)
    ]
    for person in people:
        mailbox.put(mail(person.email, "dana@example.edu", "Re: hello", "Glad to help " * 200))
    monkeypatch.setattr(mailbox_sync, "BATCH", 2)  # three batches: the cut falls in one
    cut = Cutter(mailbox.port, limit=12000)
    MailAccount.objects.filter(owner=dana).update(port=cut.address)

    broken = sync(dana)

    assert broken.errors and "broke off" in broken.errors[0]
    logged = Touch.objects.filter(owner=dana).count()
    assert 0 < logged < 6  # cut in the middle
    MailAccount.objects.filter(owner=dana).update(port=mailbox.port, next_sync_at=None)
    again = sync(dana)
    assert again.errors == [] and again.replies == 6 - logged
    assert sorted(Touch.objects.filter(owner=dana).values_list("contact__name", flat=True)) == [
        f"P{n}" for n in range(6)
    ]


def test_a_sync_killed_between_messages_is_finished_by_the_next(dana, mailbox, monkeypatch):
    people = [
        contacts.save_contact(dana, Contact(name=f"K{n}", email=f"k{n}@x.example"))
        for n in range(3)
    ]
    for person in people:
        mailbox.put(mail(person.email, "dana@example.edu", "Re: hi", "Yes."))
    real, calls = Reader.read_one, []

    def dies_on_the_second(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise SystemExit("killed")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Reader, "read_one", dies_on_the_second)
    with pytest.raises(SystemExit):
        sync(dana)
    monkeypatch.setattr(Reader, "read_one", real)
    # The killed sync still holds the mailbox; its lease runs out.
    MailAccount.objects.filter(owner=dana).update(claimed_until=None)

    # The batch in hand was rolled back whole: the next sync logs all three, once.
    assert sync(dana).replies == 3
    assert Touch.objects.filter(owner=dana).count() == 3
    assert MailFolder.objects.get(owner=dana, name="INBOX").last_uid == 3


def test_one_sync_at_a_time_and_one_queued_sync_per_due_mailbox(dana, mailbox, settings):
    account = MailAccount.objects.get(owner=dana)
    assert claim(account, clock.now())
    assert not claim(account, clock.now())
    with pytest.raises(RapportError, match="being synced already"):
        sync(dana)
    MailAccount.objects.filter(pk=account.pk).update(claimed_until=None, next_sync_at=None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    now = clock.now()
    assert services.queue_due_syncs(now) == 1
    assert services.queue_due_syncs(now) == 0


def test_the_password_is_sealed_and_disconnecting_can_forget_what_was_read(dana, ana, mailbox):
    account = MailAccount.objects.get(owner=dana)
    assert imap_server.PASSWORD not in account.sealed_password
    mailbox.put(mail("ana@policy.example.org", "dana@example.edu", "Re: hi", "Sure."))
    contacts.log_touch(dana, ana, TouchKind.NOTE, clock.now(), "typed by Dana")
    sync(dana)

    assert services.disconnect(dana, forget=True) == (True, 1)

    assert list(Touch.objects.filter(owner=dana).values_list("summary", flat=True)) == [
        "typed by Dana"
    ]
    assert not MailAccount.objects.exists() and not MailFolder.objects.exists()


def test_the_profile_page_connects_keeps_what_was_typed_and_shows_the_last_sync(
    dana, dana_client, dovecot, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    form = {
        "mailbox": "1",
        "mailbox-host": "127.0.0.1",
        "mailbox-security": "none",
        "mailbox-port": str(dovecot.port),
        "mailbox-username": "dana-profile",
        "mailbox-password": "not it",
        "mailbox-sent_folder": "",
    }
    page = dana_client.post(reverse("profile"), form).content.decode()
    assert "Not connected: 127.0.0.1 refused this user name and password" in page
    assert 'value="dana-profile"' in page
    assert not MailAccount.objects.exists()

    form["mailbox-password"] = imap_server.PASSWORD
    answer = dana_client.post(reverse("profile"), form, follow=True)
    page = answer.content.decode()
    assert "Mailbox connected." in page
    assert "dana-profile at 127.0.0.1" in page
    assert "0 replies, 0 sent, 0 passed over" in page  # the first sync ran


def test_a_stranger_cannot_dismiss_a_notice_or_disconnect_anothers_mailbox(
    dana, ana, stranger_client
):
    notice = MailNotice.objects.create(owner=dana, contact=ana, text="x")
    assert stranger_client.post(reverse("mail-notice-dismiss", args=[notice.pk])).status_code == 404
    assert stranger_client.post(reverse("mail-disconnect")).status_code == 404
    assert MailNotice.objects.filter(pk=notice.pk).exists()


def test_the_command_line_connects_syncs_as_json_and_disconnects(rapport_cli, dovecot):
    rapport_cli.first_account()
    rapport_cli(
        "mail",
        "connect",
        "--host",
        "127.0.0.1",
        "--security",
        "none",
        "--port",
        str(dovecot.port),
        "--username",
        "dana-cli",
        "--password-stdin",
        stdin=imap_server.PASSWORD + "\n",
    )
    answer = rapport_cli("mail", "sync", "--json")
    assert json.loads(answer.stdout) == {"replies": 0, "sent": 0, "skipped": 0, "errors": []}
    assert "Disconnected" in rapport_cli("mail", "disconnect").stdout
    refused = rapport_cli("mail", "sync", check=False)
    assert refused.returncode == 1 and "no mailbox is connected" in refused.stderr


def test_a_message_that_cannot_be_logged_is_passed_over_and_said_not_retried_forever(
    dana, mailbox, monkeypatch
):
    people = [
        contacts.save_contact(dana, Contact(name=f"M{n}", email=f"m{n}@x.example"))
        for n in range(2)
    ]
    for person in people:
        mailbox.put(mail(person.email, "dana@example.edu", "Re: hi", "Yes."))
    real = Reader.log_received

    def refuses_the_first(self, headers, *args, **kwargs):
        if headers.sender == "m0@x.example":
            raise RapportError("that contact is gone")
        return real(self, headers, *args, **kwargs)

    monkeypatch.setattr(Reader, "log_received", refuses_the_first)
    result = sync(dana)

    assert result.replies == 1 and result.failure == ""
    assert result.errors == ["message 1 in INBOX was passed over: that contact is gone"]
    account = MailAccount.objects.get(owner=dana)
    assert (account.failures, account.last_error) == (0, "")
    assert sync(dana).as_dict() == {"replies": 0, "sent": 0, "skipped": 0, "errors": []}


def test_an_invitation_sent_by_rapport_is_answered_and_the_answer_updates_the_meeting(
    dana, ana, mailbox, smtp, dana_client
):
    starts = (clock.now() + timedelta(days=6)).replace(hour=14, minute=0, second=0, microsecond=0)
    meeting = Meeting.objects.create(
        owner=dana, contact=ana, starts_at=starts, status=Meeting.REQUESTED, place="Room 4"
    )
    answer = dana_client.post(reverse("meeting-invitation-send", args=[meeting.pk]), follow=True)
    assert "Invitation sent to ana@policy.example.org." in answer.content.decode()
    (sent,) = smtp.messages
    request = next(p for p in sent.walk() if p.get_content_type() == "text/calendar")
    assert request.get_param("method") == "REQUEST"
    calendar = request.get_content()
    assert f"UID:{meeting.uid}@rapport" in calendar and "ORGANIZER" in calendar
    note = sent.get_body(("plain",)).get_content()
    # Checked as the guard checks Dana's own text: it asks for nothing and offers nothing.
    assert check(f"Subject: {sent['Subject']}\n\n{note}", "text") == []
    assert "Room 4" in note and "in person" in note
    assert Touch.objects.get(contact=ana, kind=TouchKind.NOTE).source == "rapport"

    # Ana's calendar answers with the same UID, as calendar programs do.
    accepted = calendar.replace("METHOD:REQUEST", "METHOD:REPLY").replace(
        "RSVP=TRUE", "PARTSTAT=ACCEPTED"
    )
    reply = mail("ana@policy.example.org", "dana@example.edu", "Accepted: Invitation", "Yes")
    reply.add_alternative(accepted, subtype="calendar", params={"method": "REPLY"})
    mailbox.put(reply)

    assert sync(dana).replies == 1
    meeting.refresh_from_db()
    assert meeting.status == Meeting.SCHEDULED


def test_an_invitation_is_not_sent_without_an_address_and_says_why(dana, dana_client, smtp):
    nobody = contacts.save_contact(dana, Contact(name="Bo Lee"))
    meeting = Meeting.objects.create(owner=dana, contact=nobody, starts_at=clock.now())
    page = dana_client.post(reverse("meeting-invitation-send", args=[meeting.pk]), follow=True)
    assert "Bo Lee has no e-mail address; add one on their page first." in page.content.decode()
    assert smtp.messages == []


def test_in_a_thread_of_several_contacts_each_reply_goes_to_its_sender(dana, mailbox):
    """An introduction: Dana writes to Ana and Ben at once; Ben answers, then Ana answers
    all, naming both earlier messages. Each reply is its sender's, not the thread's latest."""
    for name in ("Ana", "Ben"):
        contacts.save_contact(dana, Contact(name=name, email=f"{name.lower()}@x.example"))
    first = mail(
        "dana@example.edu", "ana@x.example", "Meet Ben", "Ana, meet Ben.", Cc="ben@x.example"
    )
    mailbox.put(first, folder="Sent")
    bens = mail(
        "ben@x.example", "ana@x.example", "Re: Meet Ben", "Hi Ana!", In_Reply_To=first["Message-ID"]
    )
    mailbox.put(bens)
    anas = mail(
        "ana@x.example",
        "ben@x.example",
        "Re: Meet Ben",
        "Hi Ben!",
        In_Reply_To=bens["Message-ID"],
        References=f"{first['Message-ID']} {bens['Message-ID']}",
    )
    mailbox.put(anas)

    assert sync(dana).as_dict() == {"replies": 2, "sent": 2, "skipped": 0, "errors": []}

    replies = Touch.objects.filter(owner=dana, kind=TouchKind.REPLY_RECEIVED)
    assert sorted((t.contact.name, t.summary.split("\n")[-1]) for t in replies) == [
        ("Ana", "Hi Ben!"),
        ("Ben", "Hi Ana!"),
    ]


def test_a_reply_from_another_address_to_mail_sent_since_the_last_sync_is_found(dana, ana, mailbox):
    sent = mail("dana@example.edu", "ana@policy.example.org", "Your path", "Hello Ana")
    mailbox.put(sent, folder="Sent")
    mailbox.put(
        mail(
            "ana.home@example.net",
            "dana@example.edu",
            "Re: Your path",
            "Gladly.",
            In_Reply_To=sent["Message-ID"],
        )
    )

    assert sync(dana).as_dict() == {"replies": 1, "sent": 1, "skipped": 0, "errors": []}
    assert "follow-up" not in due_kinds(ana)


def test_list_mail_from_a_contact_with_a_date_puts_nothing_off(dana, ana, mailbox):
    contacts.log_touch(dana, ana, TouchKind.EMAIL_SENT, clock.now() - timedelta(days=1))
    mailbox.put(
        mail(
            "ana@policy.example.org",
            "policy-list@lists.example.org",
            "Workshop",
            "Registration is open until 14 December.",
            Precedence="list",
            List_Id="<policy.lists.example.org>",
        )
    )

    assert sync(dana).as_dict() == {"replies": 0, "sent": 0, "skipped": 1, "errors": []}
    assert not DueItem.objects.get(contact=ana, kind="follow-up").snoozed_until
    assert not MailNotice.objects.exists()


def test_a_quoted_job_ask_and_a_thanks_sign_off_are_not_the_students_words(dana, ana, mailbox):
    mailbox.put(
        mail(
            "dana@example.edu",
            "ana@policy.example.org",
            "Re: Openings",
            "Understood, I would still love to hear how you chose the field.\n\nThanks,\nDana\n\n"
            "On Mon, Ana wrote:\n"
            "> Could you send me your resume? Are you looking for a job with us?",
        ),
        folder="Sent",
    )
    sync(dana)
    touch = Touch.objects.get(contact=ana)
    assert (touch.kind, touch.guard_override) == (TouchKind.EMAIL_SENT, "")


def test_a_sync_stops_writing_once_the_mailbox_is_disconnected(dana, ana, mailbox, monkeypatch):
    mailbox.put(mail("ana@policy.example.org", "dana@example.edu", "Re: hi", "Sure."))
    real = Reader.plan

    def disconnects_first(self, *args, **kwargs):
        services.disconnect(dana, forget=True)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Reader, "plan", disconnects_first)
    result = sync(dana)

    assert result.failure.startswith("the mailbox was disconnected")
    assert not Touch.objects.filter(owner=dana).exists()
    assert not MailAccount.objects.exists() and not MailFolder.objects.exists()


def test_a_contact_deleted_during_a_sync_is_passed_over(dana, ana, mailbox, monkeypatch):
    mailbox.put(mail("ana@policy.example.org", "dana@example.edu", "Re: hi", "Sure."))
    real = Reader.plan

    def deletes_ana(self, *args, **kwargs):
        Contact.objects.filter(pk=ana.pk).delete()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Reader, "plan", deletes_ana)
    assert sync(dana).as_dict() == {"replies": 0, "sent": 0, "skipped": 1, "errors": []}


def test_a_password_never_crosses_the_network_in_clear_and_a_shared_rapport_stays_outside(
    dana, dovecot, settings
):
    with pytest.raises(RapportError) as refused:
        services.connect(dana, "192.0.2.7", 143, "none", "dana", "secret")
    assert refused.value.problems == {
        "host": [
            "without TLS the password would cross the network in clear; choose TLS or STARTTLS"
        ]
    }
    settings.MULTI_USER = True
    with pytest.raises(RapportError) as inside:
        services.connect(dana, "127.0.0.1", dovecot.port, "none", "dana-x", imap_server.PASSWORD)
    assert inside.value.problems == {
        "host": ["a server on a private network cannot be used from this shared Rapport"]
    }
    settings.MAIL_PRIVATE_HOSTS = True
    services.connect(dana, "127.0.0.1", dovecot.port, "none", "dana-x", imap_server.PASSWORD)
