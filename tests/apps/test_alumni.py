"""Alumni volunteers: a request that asks for a job cannot be sent; the volunteer's address
stays hidden until they accept from the e-mail's link, which creates the contact and the
meeting in the student's Rapport; the monthly limit holds; unanswered requests expire and
point to the next volunteer; the volunteer pauses, changes the limit or leaves."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rapport import clock
from rapport.accounts.models import User
from rapport.alumni import services
from rapport.alumni.models import Request, Volunteer
from rapport.contacts.models import Commonality, Contact, Touch
from rapport.core.errors import InvalidInput, RapportError
from rapport.core.network import TouchKind
from rapport.meetings.models import Meeting
from tests.conftest import PASSWORD, text_of

HIDDEN = "rosa.private@alumni.example.org"
QUESTION = (
    "Dear Rosa,\n\nI am a junior studying History. I am exploring transit planning and would "
    "value 15 minutes of your insight into how you got started.\n\nThank you,\nDana"
)


@pytest.fixture
def rosa(db):
    return Volunteer.objects.create(
        name="Rosa Delgado",
        email=HIDDEN,
        role="Transit planner",
        organization="City of Springfield",
        field="urban planning",
        major="History",
        topics="getting started, public policy",
    )


@pytest.fixture
def omar(db):
    return Volunteer.objects.create(name="Omar Haddad", email="omar@alumni.example.org")


def student(n: int) -> User:
    return User.objects.create_user(
        f"s{n}@example.edu",
        f"Student {n}",
        PASSWORD,
        major="History",
        year="junior",
        interests="public policy",
        time_zone="America/New_York",
    )


def ask(person: User, volunteer: Volunteer, smtp, message: str = QUESTION):
    """The student's browser sends a request; returns the page and the answer link."""
    browser = Client()
    browser.force_login(person)
    soon = (clock.now() + timedelta(days=3)).astimezone().strftime("%Y-%m-%dT10:00")
    later = (clock.now() + timedelta(days=4)).astimezone().strftime("%Y-%m-%dT15:30")
    sent_before = len(smtp.messages)
    page = browser.post(
        reverse("volunteer-ask", args=[volunteer.pk]),
        {"message": message, "slot_1": soon, "slot_2": later},
        follow=True,
    )
    fresh = smtp.messages[sent_before:]
    link = re.search(r"http\S+/volunteer/answer/\S+/", text_of(fresh[0])).group(0) if fresh else ""
    return page.content.decode(), link


def test_a_request_that_asks_for_a_job_cannot_be_sent_at_all(dana, rosa, smtp):
    page, link = ask(
        dana, rosa, smtp, "Hi Rosa, is your department hiring? I'd love to be considered."
    )
    assert "the guard found that it asks for a job" in page
    assert link == "" and not Request.objects.exists()


def test_the_address_stays_hidden_until_the_volunteer_accepts_from_the_email(dana, rosa, smtp):
    browser = Client()
    browser.force_login(dana)
    directory = browser.get(reverse("volunteers")).content.decode()
    assert "Rosa Delgado" in directory and HIDDEN not in directory
    assert "you both studied History" in directory  # what they share, from the profile
    draft = browser.get(reverse("volunteer-ask", args=[rosa.pk])).content.decode()
    assert HIDDEN not in draft and "a junior studying History" in draft

    page, link = ask(dana, rosa, smtp)
    assert "Sent to Rosa Delgado." in page and HIDDEN not in page
    (request,) = Request.objects.filter(owner=dana)
    assert smtp.envelopes[-1] == [HIDDEN]

    volunteer_side = Client()  # no account, no login
    shown = volunteer_side.get(link).content.decode()
    assert "Dana Brown would like to hear about your work" in shown
    answered = volunteer_side.post(link, {"action": "accept", "slot": request.slots[1]})
    assert "The conversation is set" in answered.content.decode()

    request.refresh_from_db()
    contact = Contact.objects.get(owner=dana, name="Rosa Delgado")
    assert (request.status, request.contact, contact.email) == ("accepted", contact, HIDDEN)
    meeting = Meeting.objects.get(contact=contact)
    assert meeting.starts_at == datetime.fromisoformat(request.slots[1])
    assert meeting.status == "scheduled"
    assert Commonality.objects.get(contact=contact).detail == "you both studied History"
    kinds = set(Touch.objects.filter(contact=contact).values_list("kind", flat=True))
    assert kinds == {TouchKind.EMAIL_SENT, TouchKind.REPLY_RECEIVED}
    assert volunteer_side.get(link).status_code == 404  # the link works once
    agenda = browser.get(reverse("home")).content.decode()
    assert "Rosa Delgado accepted: a meeting on" in agenda


def test_a_limit_of_two_takes_two_and_the_third_student_is_told_she_is_full(rosa, omar, smtp):
    links = [ask(student(n), rosa, smtp)[1] for n in range(3)]
    volunteer_side = Client()
    for link in links:
        request = Request.objects.get(
            answer_hash=services.digest(link.rstrip("/").rsplit("/", 1)[1])
        )
        volunteer_side.post(link, {"action": "accept", "slot": request.slots[0]})

    assert list(Request.objects.order_by("pk").values_list("status", flat=True)) == [
        "accepted",
        "accepted",
        "full",
    ]
    assert Meeting.objects.count() == 2
    third = Client()
    third.force_login(User.objects.get(email="s2@example.edu"))
    page = third.get(reverse("volunteer-requests")).content.decode()
    assert "Their month was full" in page and "Ask Omar Haddad" in page
    assert "Full this month" in third.get(reverse("volunteers")).content.decode()


def test_the_place_is_claimed_by_one_update_and_a_new_month_starts_over(rosa):
    assert services.claim_place(rosa, "2026-12") and services.claim_place(rosa, "2026-12")
    assert not services.claim_place(rosa, "2026-12")
    assert services.claim_place(rosa, "2027-01")
    rosa.refresh_from_db()
    assert (rosa.month, rosa.accepted_in_month) == ("2027-01", 1)


def test_a_volunteer_may_propose_another_time_or_decline(dana, stranger, rosa, smtp):
    _, link = ask(dana, rosa, smtp)
    Client().post(link, {"action": "accept", "other": "2031-05-04T16:45"})
    meeting = Meeting.objects.get(owner=dana)
    local = meeting.starts_at.astimezone(ZoneInfo(dana.time_zone))
    assert f"{local:%Y-%m-%d %H:%M}" == "2031-05-04 16:45"  # read in the zone the page showed

    _, second = ask(stranger, rosa, smtp)
    assert "Declined" in Client().post(second, {"action": "decline"}).content.decode()
    assert Request.objects.get(owner=stranger).status == "declined"
    assert not Contact.objects.filter(owner=stranger).exists()


def test_a_request_not_answered_in_seven_days_expires_and_its_link_stops(dana, rosa, omar, smtp):
    _, link = ask(dana, rosa, smtp)
    with time_machine.travel(clock.now() + timedelta(days=7, minutes=1)):
        assert Client().get(link).status_code == 404
        browser = Client()
        browser.force_login(dana)
        page = browser.get(reverse("volunteer-requests")).content.decode()
        assert "Not answered in 7 days" in page and "Ask Omar Haddad" in page
    assert Request.objects.get().status == "expired"


def test_another_students_requests_stay_hidden(dana, stranger, rosa, smtp):
    ask(dana, rosa, smtp)
    browser = Client()
    browser.force_login(stranger)
    page = browser.get(reverse("volunteer-requests")).content.decode()
    assert "Rosa Delgado" not in page and "No requests yet." in page
    assert Client().get(reverse("volunteer-answer", args=["not-a-token"])).status_code == 404


def test_the_volunteer_pauses_changes_the_limit_and_leaves(dana, rosa, smtp):
    _, link = ask(dana, rosa, smtp)
    own = reverse("volunteer-manage", args=[rosa.key])
    Client().post(own, {"action": "limit", "limit": "5"})
    Client().post(own, {"action": "pause"})
    rosa.refresh_from_db()
    assert (rosa.monthly_limit, rosa.paused) == (5, True)
    assert services.directory(dana, clock.now()) == []

    assert "You have left" in Client().post(own, {"action": "leave"}).content.decode()
    assert not Volunteer.objects.exists() and not Request.objects.exists()
    assert Client().get(link).status_code == 404
    assert Client().get(own).status_code == 404


def test_slots_in_the_past_or_none_are_refused(dana, rosa, settings):
    settings.SMTP_ENABLED = True
    with pytest.raises(InvalidInput) as error:
        services.send_request(
            dana, rosa.pk, QUESTION, [clock.now() - timedelta(hours=1)], clock.now(), "x/{token}"
        )
    assert error.value.problems == {"slots": ["propose times still to come"]}


def test_only_an_administrator_adds_volunteers_from_the_command_line(rapport_cli):
    add = ("user", "add", "--password-stdin")
    rapport_cli(*add, "--email", "admin@center.edu", "--name", "Admin", "--admin", stdin=PASSWORD)
    rapport_cli(*add, "--email", "dana@example.edu", "--name", "Dana", stdin=PASSWORD)
    volunteer = ("volunteer", "add", "--name", "Rosa Delgado", "--email", HIDDEN)

    refused = rapport_cli(*volunteer, "--user", "dana@example.edu", check=False)
    assert refused.returncode == 1 and "only an administrator" in refused.stderr
    made = rapport_cli(*volunteer, "--organization", "City", "--user", "admin@center.edu")
    assert re.search(r"/volunteer/manage/[\w-]+/$", made.stdout.strip())
    assert rapport_cli("volunteer", "list").stdout == "Rosa Delgado\tCity\t2 a month\n"


def test_someone_already_in_the_network_stays_one_contact(dana, rosa, smtp):
    known = Contact.objects.create(owner=dana, name="Rosa D.", email=HIDDEN.upper())
    _, link = ask(dana, rosa, smtp)
    request = Request.objects.get()
    Client().post(link, {"action": "accept", "slot": request.slots[0]})
    assert list(Contact.objects.filter(owner=dana)) == [known]
    assert Meeting.objects.get().contact == known


def test_the_draft_says_only_what_is_true_and_the_guard_finds_nothing_to_refuse(dana, rosa):
    shared = services.shared_with(dana, rosa)
    draft = services.first_words(dana, rosa, shared)
    assert "I saw that we both studied History." in draft
    assert "a junior studying History at University of Massachusetts Amherst" in draft
    assert services.refusals(draft) == []
    assert "you both went to" not in " ".join(services.shared_with(dana, rosa))  # no year


def test_alumni_sign_up_through_the_centers_link_until_it_expires(db, dana):
    admin = User.objects.create_user("admin@center.edu", "Admin", PASSWORD, is_staff=True)
    with pytest.raises(RapportError, match="only an administrator"):
        services.join_link(dana, "http://testserver")
    link = services.join_link(admin, "http://testserver", days=30).removeprefix("http://testserver")
    visitor = Client()
    assert "Volunteer to talk with students" in visitor.get(link).content.decode()

    typed = {"name": "Lee Park", "email": "not an address", "role": "Editor", "monthly_limit": 3}
    page = visitor.post(link, typed).content.decode()
    assert "Enter a valid email address." in page and 'value="Lee Park"' in page
    assert not Volunteer.objects.exists()

    page = visitor.post(link, typed | {"email": "Lee@Alumni.example.org"}).content.decode()
    lee = Volunteer.objects.get()
    assert (lee.email, lee.monthly_limit, lee.role) == ("lee@alumni.example.org", 3, "Editor")
    assert f"/volunteer/manage/{lee.key}/" in page
    again = visitor.post(link, typed | {"email": "lee@alumni.example.org"}).content.decode()
    assert "this address is a volunteer already" in again

    assert visitor.get(link[:-3] + "xx/").status_code == 404  # not the center's
    with time_machine.travel(clock.now() + timedelta(days=31)):
        assert visitor.get(link).status_code == 404


def test_a_second_answer_on_the_same_link_changes_nothing(dana, rosa, smtp):
    _, link = ask(dana, rosa, smtp)
    slot = Request.objects.get().slots[0]
    volunteer_side = Client()
    volunteer_side.post(link, {"action": "accept", "slot": slot})
    assert volunteer_side.post(link, {"action": "accept", "slot": slot}).status_code == 404
    assert volunteer_side.post(link, {"action": "decline"}).status_code == 404
    assert (Request.objects.get().status, Meeting.objects.count()) == ("accepted", 1)
    rosa.refresh_from_db()
    assert rosa.accepted_in_month == 1


def test_one_request_waits_per_volunteer_and_the_email_links_their_own_page(dana, rosa, smtp):
    ask(dana, rosa, smtp)
    page, link = ask(dana, rosa, smtp)
    assert "still waiting for an answer" in page and link == ""
    assert f"/volunteer/manage/{rosa.key}/" in text_of(smtp.messages[0])


def test_requests_count_against_the_hourly_sending_limit(dana, rosa, omar, smtp, settings):
    settings.SEND_LIMIT_PER_HOUR = 1
    ask(dana, rosa, smtp)
    page, link = ask(dana, omar, smtp)
    assert "You have sent 1 request in the last hour" in page and link == ""
    assert Request.objects.filter(owner=dana).count() == 1
