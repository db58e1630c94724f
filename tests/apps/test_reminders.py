"""E-mail digests: what fell due since the last one, sent once however many runs start."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from aiosmtpd.controller import Controller

from rapport.agenda import reminders
from rapport.agenda.models import Reminder
from rapport.contacts import services as contacts
from rapport.contacts.models import Contact
from rapport.core.schedule import next_digest
from tests.conftest import Inbox, free_port, text_of

BOSTON = ZoneInfo("America/New_York")


def test_the_next_digest_is_at_the_chosen_hour_daily_or_on_mondays():
    wednesday = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # 10:00 in Boston
    assert next_digest(wednesday, "daily", 8, BOSTON) == datetime(2026, 11, 26, 13, 0, tzinfo=UTC)
    assert next_digest(wednesday, "daily", 11, BOSTON) == datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
    assert next_digest(wednesday, "weekly", 8, BOSTON) == datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
    assert next_digest(wednesday, "off", 8, BOSTON) is None


def test_a_digest_is_claimed_by_one_run_only(dana, now):
    reminder = reminders.reminder_for(dana, now - timedelta(days=1))
    stale = Reminder.objects.get(pk=reminder.pk)  # what a second run read at the same moment
    assert reminders.claim(reminder, now) is True
    assert reminders.claim(stale, now) is False


def test_the_digest_lists_what_fell_due_since_the_last_one(dana, now, mailoutbox):
    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"))
    contacts.log_touch(dana, maria, "meeting", now - timedelta(hours=20))
    reminders.reminder_for(dana, now - timedelta(days=1))
    assert reminders.send_due_digests(now) == 1
    (message,) = mailoutbox
    assert message.subject == "Rapport: 1 thing due"
    assert "Send the thank-you: Maria Okafor" in message.body
    assert message.to == [dana.email]
    # Nothing new fell due: the next digest is skipped, not repeated.
    Reminder.objects.filter(owner=dana).update(next_due=now + timedelta(hours=1))
    assert reminders.send_due_digests(now + timedelta(hours=2)) == 0


def test_a_missed_run_skips_nothing(dana, now, mailoutbox):
    reminders.reminder_for(dana, now - timedelta(days=3))
    Reminder.objects.filter(owner=dana).update(last_sent=now - timedelta(days=3))
    joe = contacts.save_contact(dana, Contact(name="Joe Serra"))
    contacts.log_touch(dana, joe, "meeting", now - timedelta(days=2))  # due while no run came
    assert reminders.send_due_digests(now) == 1
    assert "Joe Serra" in mailoutbox[0].body


def test_two_remind_runs_started_together_send_one_email(rapport_cli):
    """Real processes, a real SQLite file and a real SMTP server."""
    inbox, port = Inbox(), free_port()
    server = Controller(inbox.handler, hostname="127.0.0.1", port=port)
    server.start()
    try:
        smtp = {"EMAIL_URL": f"smtp://127.0.0.1:{port}"}
        rapport_cli.first_account()
        contact = json.loads(
            rapport_cli("contacts", "add", "--name", "Maria Okafor", "--json").stdout
        )
        rapport_cli("log", str(contact["id"]), "--kind", "meeting", "--at", "2026-11-20T15:00Z")
        rapport_cli("remind", "--at", "2026-11-01T00:00Z", env=smtp)  # makes the reminder
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "rapport", "remind", "--at", "2026-11-25T12:00Z"],
                env=rapport_cli.env | smtp,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=60)[1] for run in runs]
        assert all(run.returncode == 0 for run in runs), outputs
        assert sorted(outputs) == ["Sent 0 digests.\n", "Sent 1 digest.\n"]
        assert len(inbox.messages) == 1
        assert "Maria Okafor" in text_of(inbox.messages[0])
    finally:
        server.stop()
