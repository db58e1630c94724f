from __future__ import annotations

from datetime import timedelta

import pytest

from rapport.api import tokens
from rapport.contacts import services
from rapport.contacts.models import Contact, PendingImport, PreparedExport
from rapport.mailbox.models import MailNotice
from rapport.meetings import services as meetings
from rapport.meetings.models import Meeting, Suggestion

CANARY = "CANARY-7f3a9"


@pytest.fixture
def network(dana, now):
    """A small slice of Dana's network, one object of every kind, each marked with a canary."""
    joe = services.save_contact(
        dana,
        Contact(name="Joe Serra", role="Senior planner", notes=f"family friend {CANARY}"),
        organization="Connecticut River Planning Council",
        tags=["mentor"],
    )
    maria = services.save_contact(
        dana,
        Contact(name="María Okafor", role="Policy analyst", field="public policy"),
        organization="Harbor Policy Institute",
        tags=["policy", "dc"],
    )
    meeting = meetings.schedule_meeting(
        dana, maria, Meeting(starts_at=now + timedelta(days=3), place=f"Room {CANARY}")
    )
    meeting.questions.update(note=f"data analysis {CANARY}")
    suggestion = Suggestion.objects.create(
        owner=dana, contact=maria, meeting=meeting, text=f"Read {CANARY}"
    )
    return {
        "suggestion": suggestion,
        "meeting": meeting,
        "meeting_question": meeting.questions.first(),
        "contact": maria,
        "referrer": joe,
        "organization": maria.organization,
        "commonality": services.add_commonality(dana, maria, "school", f"UMass {CANARY}", 4),
        "touch": services.log_touch(dana, maria, "email_sent", now - timedelta(days=2), CANARY),
        "referral": services.add_referral(dana, joe, maria, "yes"),
        "tag": joe.tags.get(),
        "mail_notice": MailNotice.objects.create(
            owner=dana, contact=maria, text=f"María moved the meeting {CANARY}"
        ),
        "token": tokens.create_token(dana, f"script {CANARY}", False, now).token,
        "pending": PendingImport.objects.create(
            owner=dana,
            kind="vcard",
            filename="phone.vcf",
            content=f"BEGIN:VCARD\nVERSION:3.0\nFN:{CANARY}\nEND:VCARD\n".encode(),
        ),
        "export": PreparedExport.objects.create(
            owner=dana,
            file_format="vcard",
            filename="contacts.vcf",
            state="ready",
            content=f"BEGIN:VCARD\nFN:{CANARY}\nEND:VCARD\n".encode(),
        ),
    }
