"""The attacks of the outside review (shared/reviews/2026-12-01-attack.md), kept as tests so
that they stay fixed. Each goes through the real door: the compose page, a real SMTP server."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.utils import getaddresses

import pytest
from django.urls import reverse

from rapport.accounts.models import User
from rapport.contacts import services
from rapport.contacts.models import Contact
from rapport.meetings import services as meeting_services
from rapport.meetings.models import Meeting, MeetingQuestion, OwnQuestion

SAFE_TEXT = {
    "subject": "Joe Serra suggested I contact you",
    "body": "Dear Ada,\n\nWould you have 15 minutes to tell me about your work?\n\nDana",
}
#: Names that once chose where mail went, or broke the headers it was written into.
HOSTILE_NAMES = [
    "Prof Ada Lovelace <attacker@evil.example> (",
    "Ada <x@evil.example>, y@evil.example",
    "Doe, Jane",
    "Jane Doe, PhD",
    "Martin Luther King, Jr.",
    "ada@evil.example: group;",
    'Ada "The Countess" Lovelace',
    "Ada\r\nBcc: spy@evil.example",
]


def addresses(header_values: list[str]) -> list[str]:
    return [address for _, address in getaddresses(header_values)]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_contacts_name_never_chooses_where_mail_goes(dana_client, dana, smtp, name):
    ada = services.save_contact(dana, Contact(name="Ada", email="ada@example.org"))
    Contact.objects.filter(pk=ada.pk).update(name=name)  # as an import would store it
    response = dana_client.post(
        reverse("compose-send", args=[ada.pk]), {**SAFE_TEXT, "action": "smtp", "override": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    [envelope] = smtp.envelopes
    assert envelope == ["ada@example.org"]
    [message] = smtp.messages
    assert addresses(message.get_all("To")) == ["ada@example.org"]
    assert message.get_all("Cc") is None and message.get_all("Bcc") is None
    assert ada.touches.filter(kind="email_sent").count() == 1


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_the_eml_file_has_one_recipient_whatever_the_name(dana_client, dana, name):
    ada = services.save_contact(dana, Contact(name="Ada", email="ada@example.org"))
    Contact.objects.filter(pk=ada.pk).update(name=name)
    response = dana_client.post(
        reverse("compose-send", args=[ada.pk]), {**SAFE_TEXT, "action": "eml"}
    )
    assert response.status_code == 200
    message = message_from_bytes(response.content, policy=policy.default)
    assert addresses(message.get_all("To")) == ["ada@example.org"]
    assert message.get_all("Bcc") is None


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_the_students_own_name_cannot_redirect_replies_either(dana_client, dana, smtp, name):
    User.objects.filter(pk=dana.pk).update(name=name)
    ada = services.save_contact(dana, Contact(name="Ada Lovelace", email="ada@example.org"))
    response = dana_client.post(
        reverse("compose-send", args=[ada.pk]), {**SAFE_TEXT, "action": "smtp", "override": "1"}
    )
    assert response.status_code == 302
    [message] = smtp.messages
    assert addresses(message.get_all("From")) == [dana.email]
    assert addresses(message.get_all("Reply-To")) == [dana.email]
    assert smtp.envelopes == [["ada@example.org"]]
    eml = dana_client.post(reverse("compose-send", args=[ada.pk]), {**SAFE_TEXT, "action": "eml"})
    assert eml.status_code == 200
    parsed = message_from_bytes(eml.content, policy=policy.default)
    assert addresses(parsed.get_all("Reply-To")) == [dana.email]


def test_braces_in_a_students_own_question_are_kept_as_typed(dana_client, dana, network, now):
    OwnQuestion.objects.create(owner=dana, text="What is your {favourite} tool, {0}?", minutes=2)
    maria = network["contact"]
    response = dana_client.post(
        reverse("meeting-create", args=[maria.pk]),
        {"starts_at": "2026-12-02T10:00", "minutes": "60", "mode": "phone", "status": "scheduled"},
    )
    assert response.status_code == 302, response.content.decode()[:400]
    meeting = Meeting.objects.filter(contact=maria).latest("id")
    assert "What is your {favourite} tool, {0}?" in [q.text for q in meeting.questions.all()]
    proposed = dana_client.post(reverse("meeting-questions", args=[meeting.pk]), {"propose": "1"})
    assert proposed.status_code == 302


def test_proposing_a_fresh_set_keeps_the_questions_with_notes(dana_client, network):
    meeting = network["meeting"]  # every question has a note under it (see the fixture)
    noted = sorted(meeting.questions.values_list("text", "note"))
    dana_client.post(reverse("meeting-questions", args=[meeting.pk]), {"propose": "1"})
    assert sorted(meeting.questions.values_list("text", "note")) == noted
    meeting.questions.update(note="")
    first = meeting.questions.first()
    first.note = "She started in a state budget office"
    first.save()
    page = dana_client.post(
        reverse("meeting-questions", args=[meeting.pk]), {"propose": "1"}, follow=True
    )
    assert "Kept 1 with your notes" in page.content.decode()
    assert meeting.questions.filter(note="She started in a state budget office").count() == 1
    assert meeting.questions.count() > 1


def test_a_proposal_that_fails_halfway_loses_nothing(dana, network, monkeypatch):
    meeting = network["meeting"]
    meeting.questions.exclude(pk=meeting.questions.first().pk).update(note="")
    before = sorted(meeting.questions.values_list("text", "note"))

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(MeetingQuestion.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        meeting_services.propose_questions(dana, meeting)
    assert sorted(meeting.questions.values_list("text", "note")) == before
