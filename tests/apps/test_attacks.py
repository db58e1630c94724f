"""The attacks of the outside review (shared/reviews/2026-12-01-attack.md), kept as tests so
that they stay fixed. Each goes through the real door: the compose page, a real SMTP server."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.utils import getaddresses

import icalendar
import pytest
from django.urls import reverse

from rapport.accounts.models import User
from rapport.contacts import services
from rapport.contacts.models import Contact
from rapport.core.errors import RapportError
from rapport.meetings import services as meeting_services
from rapport.meetings.models import Meeting, MeetingQuestion, OwnQuestion
from tests.conftest import PASSWORD

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
    assert "Kept the 1 question with your notes; the others are new." in page.content.decode()
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


@pytest.mark.parametrize("chosen", ["abc", "", "1 OR 1=1"])
def test_deleting_an_own_question_by_a_bad_id_deletes_nothing(dana_client, dana, chosen):
    OwnQuestion.objects.create(owner=dana, text="What surprised you most in your first year?")
    response = dana_client.post(reverse("question-bank"), {"delete": chosen})
    assert response.status_code == 302
    assert OwnQuestion.objects.filter(owner=dana).count() == 1


def test_a_practice_longer_than_a_day_is_refused_on_the_form(dana_client, network):
    meeting = network["meeting"]
    response = dana_client.post(
        reverse("meeting-practice", args=[meeting.pk]),
        {"friend": "Sam", "seconds": "99999999999999999999"},
    )
    assert response.status_code == 200
    assert "The clock: it says more than a day" in response.content.decode()
    assert not meeting.practice_runs.exists()


def test_a_line_break_in_the_students_name_is_a_space_and_the_feed_still_works(dana_client, dana):
    from rapport.agenda.services import feed_token

    form = {
        "profile": "1",
        "name": "Dana\r\nBrown\x1b[31m",
        "school": "UMass\nAmherst",
        "year": "junior",
        "major": "History",
        "interests": "policy",
        "phone": "",
        "time_zone": "America/New_York",
    }
    assert dana_client.post(reverse("profile"), form).status_code == 302
    dana.refresh_from_db()
    assert (dana.name, dana.school) == ("Dana Brown[31m", "UMass Amherst")
    feed = dana_client.get(reverse("feed", args=[feed_token(dana)]))
    assert feed.status_code == 200
    assert "Dana Brown" in str(icalendar.Calendar.from_ical(feed.content).get("X-WR-CALNAME"))


@pytest.mark.parametrize(
    "name",
    [
        "Ada \u202eecalevoL",  # right-to-left override: reads as "Ada Lovelace"
        "Ada\u2066 Lovelace\u2069",
        "Ada\x1b Lovelace\x07",
    ],
)
def test_bidi_overrides_and_control_characters_leave_a_contacts_name(dana_client, name):
    response = dana_client.post(reverse("contact-create"), {"name": name, "source": "other"})
    assert response.status_code == 302, response.content.decode()[:300]
    saved = Contact.objects.latest("id").name
    assert not any(
        ord(c) < 32 or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in saved
    )
    assert saved.startswith("Ada")


def test_closing_sign_up_ends_the_links_already_sent_and_the_invite_page(db, client, settings):
    from rapport.accounts import invitations

    settings.SIGNUP = "invite"
    admin = User.objects.create_user("ada@example.edu", "Ada Adviser", "x" * 20, is_staff=True)
    token = invitations.join_token("lee@example.edu")
    assert client.get(reverse("join", args=[token])).status_code == 200
    settings.SIGNUP = "closed"
    assert client.get(reverse("join", args=[token])).status_code == 404
    client.force_login(admin)
    page = client.post(reverse("invitations"), {"emails": "kim@example.edu"}).content.decode()
    assert "Sign-up is closed on this Rapport" in page
    with pytest.raises(RapportError, match="sign-up is closed"):
        invitations.invite(admin, ["kim@example.edu"])
    with pytest.raises(RapportError, match="sign-up is closed"):
        invitations.join_url("kim@example.edu")
    assert not User.objects.filter(email__in=["lee@example.edu", "kim@example.edu"]).exists()


@pytest.mark.parametrize(
    ("url", "field", "extra"),
    [
        ("account-delete", "password", {}),
        ("password-change", "old_password", {"new_password1": "n" * 20, "new_password2": "n" * 20}),
    ],
)
def test_a_stolen_session_cannot_guess_the_password_again_and_again(
    dana_client, dana, url, field, extra
):
    for _ in range(4):
        wrong = dana_client.post(reverse(url), {field: "not the password", **extra})
        assert wrong.status_code == 200
    fifth = dana_client.post(reverse(url), {field: "not the password", **extra})
    assert fifth.status_code == 429  # AXES_FAILURE_LIMIT: the fifth failure locks
    locked = dana_client.post(reverse(url), {field: PASSWORD, **extra})
    assert locked.status_code == 429  # the right one too, as on the log-in page
    assert User.objects.filter(pk=dana.pk).exists()
    dana.refresh_from_db()
    assert dana.check_password(PASSWORD)


def test_the_right_password_still_deletes_the_account(dana_client, dana):
    response = dana_client.post(reverse("account-delete"), {"password": PASSWORD})
    assert response["Location"] == reverse("login")
    assert not User.objects.filter(pk=dana.pk).exists()


def test_set_ups_arriving_together_make_one_first_account(transactional_db):
    import threading

    from django.db import connection
    from django.test import Client

    from tests.apps.test_accounts import SETUP

    start, answers = threading.Barrier(6), []

    def set_up(number: int) -> None:
        start.wait()
        try:
            form = {**SETUP, "email": f"racer{number}@example.edu"}
            answers.append(Client().post(reverse("setup"), form).status_code)
        finally:
            connection.close()

    racers = [threading.Thread(target=set_up, args=(n,)) for n in range(6)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(30)
    assert sorted(answers) == [302] * 6
    assert User.objects.count() == 1


def test_a_student_keeps_at_most_three_uploads_waiting_and_a_day_at_most(
    dana_client, dana, stranger, now
):
    from datetime import timedelta

    from click.testing import CliRunner

    from rapport.cli import cli
    from rapport.contacts.models import PendingImport
    from tests.apps.test_transfer_pages import upload

    previews = [upload(dana_client, "contacts_v3.vcf", "vcard")["Location"] for _ in range(5)]
    waiting = PendingImport.objects.filter(owner=dana)
    assert waiting.count() == 3
    assert dana_client.get(previews[-1]).status_code == 200  # the newest are the ones kept
    assert dana_client.get(previews[0]).status_code == 404
    theirs = PendingImport.objects.create(owner=stranger, kind="vcard", filename="a.vcf")
    PendingImport.objects.filter(pk=theirs.pk).update(created_at=now - timedelta(days=2))
    assert CliRunner().invoke(cli, ["remind"]).exit_code == 0
    assert not PendingImport.objects.filter(pk=theirs.pk).exists()  # cleared for everyone
    assert waiting.count() == 3


def test_an_address_with_an_internationalized_domain_is_sent_to(dana_client, dana, smtp):
    jorg = services.save_contact(dana, Contact(name="Jörg Weiß", email="jorg@bücher.de"))
    response = dana_client.post(
        reverse("compose-send", args=[jorg.pk]), {**SAFE_TEXT, "action": "smtp", "override": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:400]
    assert smtp.envelopes == [["jorg@xn--bcher-kva.de"]]
    [wire] = smtp.wire  # IDNA is ASCII: no SMTPUTF8 needed, none asked for
    assert "SMTPUTF8" not in wire.mail_options and wire.content.split(b"\r\n\r\n")[0].isascii()
    eml = dana_client.post(reverse("compose-send", args=[jorg.pk]), {**SAFE_TEXT, "action": "eml"})
    assert eml.status_code == 200
    assert addresses(message_from_bytes(eml.content, policy=policy.default).get_all("To")) == [
        "jorg@xn--bcher-kva.de"
    ]


def test_an_administrator_withdraws_an_invitation_and_its_link_stops_working(
    db, client, settings, smtp
):
    from rapport.accounts import invitations

    settings.SIGNUP = "invite"
    admin = User.objects.create_user("ada@example.edu", "Ada Adviser", "x" * 20, is_staff=True)
    sent_before = invitations.join_token("lee@example.edu")
    client.force_login(admin)
    page = client.post(
        reverse("invitations"), {"emails": "lee@example.edu", "action": "withdraw"}, follow=True
    )
    assert "Withdrew 1 invitation" in page.content.decode()
    client.logout()
    assert client.get(reverse("join", args=[sent_before])).status_code == 404
    invited_again = invitations.join_token("lee@example.edu")  # a new invitation works
    assert client.get(reverse("join", args=[invited_again])).status_code == 200


def test_a_deleted_account_cannot_be_made_again_with_the_link_that_made_it(db, client, settings):
    from rapport.accounts import invitations
    from tests.apps.test_signup import JOIN

    settings.SIGNUP = "invite"
    link = reverse("join", args=[invitations.join_token("lee@example.edu")])
    assert client.post(link, JOIN)["Location"] == reverse("home")
    lee = User.objects.get(email="lee@example.edu")
    client.force_login(lee)
    client.post(reverse("account-delete"), {"password": JOIN["password"]})
    assert not User.objects.filter(email="lee@example.edu").exists()
    assert client.get(link).status_code == 404
    assert client.post(link, JOIN).status_code == 404
    assert not User.objects.filter(email="lee@example.edu").exists()
