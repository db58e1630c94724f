"""Advisors see a student's progress only with the student's consent, as counts and never
text, and every look is in the student's access log, which nothing in the app can change.
The cohort page counts everyone and breaks down no group smaller than five."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from rapport import clock
from rapport.accounts.models import User
from rapport.advising import services
from rapport.advising.models import AccessLog, Consent
from rapport.contacts import services as contacts
from rapport.contacts.models import Contact
from rapport.core.errors import NotFound, RapportError
from rapport.core.network import TouchKind
from tests.conftest import PASSWORD

SECRET = "my private words about Ana"


@pytest.fixture
def admin(db):
    return User.objects.create_user("admin@center.edu", "Center Admin", PASSWORD, is_staff=True)


@pytest.fixture
def advisor(admin):
    user = User.objects.create_user("lee@center.edu", "Lee Advisor", PASSWORD)
    services.make_advisor(admin, user.email)
    return user


@pytest.fixture
def busy_dana(dana):
    """Dana with a contact, an e-mail (with words of her own) and a reply."""
    ana = contacts.save_contact(dana, Contact(name="Ana Ortiz", notes=SECRET))
    contacts.log_touch(dana, ana, TouchKind.EMAIL_SENT, clock.now() - timedelta(days=2), SECRET)
    contacts.log_touch(dana, ana, TouchKind.REPLY_RECEIVED, clock.now() - timedelta(days=1))
    return dana


def test_without_consent_an_advisor_sees_nothing_of_a_student(advisor, busy_dana):
    lee = logged_in(advisor)
    page = lee.get(reverse("advising")).content.decode()
    assert "No student shares their progress with you yet." in page
    assert busy_dana.name not in page
    assert lee.get(reverse("advising-student", args=[busy_dana.pk])).status_code == 404
    assert not AccessLog.objects.exists()


def logged_in(user: User) -> Client:
    """A browser of its own (the ``client`` fixture is one browser for every persona)."""
    browser = Client()
    browser.force_login(user)
    return browser


def test_with_consent_counts_never_text_and_every_look_is_logged(dana_client, advisor, busy_dana):
    answer = dana_client.post(reverse("advisor-share"), {"advisor": advisor.pk}, follow=True)
    assert "Lee Advisor can now see your progress" in answer.content.decode()
    (consent,) = Consent.objects.filter(student=busy_dana)
    assert consent.granted_at is not None and consent.revoked_at is None

    lee = logged_in(advisor)
    listing = lee.get(reverse("advising")).content.decode()
    one = lee.get(reverse("advising-student", args=[busy_dana.pk])).content.decode()
    for page in (listing, one):
        assert "Dana Brown" in page and SECRET not in page and "Ana Ortiz" not in page
    assert "<dt>Outreach sent</dt><dd>1," in one and "<dt>Replies</dt><dd>1</dd>" in one

    log = list(AccessLog.objects.filter(student=busy_dana).values_list("advisor_name", "what"))
    assert log == [
        ("Lee Advisor <lee@center.edu>", "looked at your progress"),
        ("Lee Advisor <lee@center.edu>", "looked at your progress in the list of students"),
    ]
    profile = dana_client.get(reverse("profile")).content.decode()
    assert "looked at your progress in the list of students" in profile


def test_a_revoked_consent_closes_the_door_at_once_and_keeps_its_dates(
    dana_client, advisor, busy_dana
):
    consent = services.share(busy_dana, advisor.pk, clock.now())
    dana_client.post(reverse("advisor-revoke", args=[consent.pk]))
    consent.refresh_from_db()
    assert consent.revoked_at is not None

    lee = logged_in(advisor)
    assert lee.get(reverse("advising-student", args=[busy_dana.pk])).status_code == 404
    assert busy_dana.name not in lee.get(reverse("advising")).content.decode()


def test_another_advisor_or_a_student_cannot_look_or_revoke(
    stranger_client, stranger, admin, advisor, busy_dana
):
    consent = services.share(busy_dana, advisor.pk, clock.now())
    other = User.objects.create_user("kim@center.edu", "Kim Advisor", PASSWORD)
    services.make_advisor(admin, other.email)
    kim = logged_in(other)
    assert kim.get(reverse("advising-student", args=[busy_dana.pk])).status_code == 404
    assert stranger_client.get(reverse("advising")).status_code == 404
    assert stranger_client.get(reverse("advising-student", args=[busy_dana.pk])).status_code == 404
    assert stranger_client.post(reverse("advisor-revoke", args=[consent.pk])).status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_the_access_log_cannot_be_changed_through_the_application(advisor, busy_dana):
    services.share(busy_dana, advisor.pk, clock.now())
    services.student_page(advisor, busy_dana.pk, clock.now())
    entry = AccessLog.objects.get()
    entry.what = "nothing"
    for change in (entry.save, entry.delete, AccessLog.objects.all().delete):
        with pytest.raises(PermissionError):
            change()
    with pytest.raises(PermissionError):
        AccessLog.objects.update(what="nothing")
    assert AccessLog.objects.get().what == "looked at your progress"


def test_only_an_administrator_makes_advisors_and_removing_one_ends_the_sharing(
    dana, admin, advisor, busy_dana
):
    with pytest.raises(RapportError, match="only an administrator"):
        services.make_advisor(dana, "sam@example.edu")
    with pytest.raises(NotFound):
        services.make_advisor(admin, "nobody@center.edu")
    services.share(busy_dana, advisor.pk, clock.now())
    assert services.remove_advisor(admin, advisor.email) == 1
    assert Consent.objects.get().revoked_at is not None
    with pytest.raises(NotFound):
        services.students_page(advisor, clock.now())


def test_a_student_may_share_only_with_an_advisor(dana, stranger):
    with pytest.raises(NotFound):
        services.share(dana, stranger.pk, clock.now())


def test_students_without_outreach_for_three_weeks_may_need_a_nudge(advisor, busy_dana, stranger):
    services.share(busy_dana, advisor.pk, clock.now())
    services.share(stranger, advisor.pk, clock.now())
    rows = {row.name: row.needs_nudge for row in services.students_page(advisor, clock.now())}
    assert rows == {"Dana Brown": False, "Sam Stranger": True}
    later = clock.now() + timedelta(weeks=3, days=1)
    assert services.progress_of(busy_dana, later).needs_nudge


def test_the_cohort_shows_the_funnel_and_no_group_under_five_even_by_subtraction(
    db, admin, advisor
):
    def students(year: str, count: int) -> list[User]:
        return [
            User.objects.create_user(f"{year}{n}@x.edu", f"{year} {n}", PASSWORD, year=year)
            for n in range(count)
        ]

    juniors, _, seniors = (
        students("junior", 6),
        students("sophomore", 7),
        students("senior", 4),
    )
    for student in juniors[:3] + seniors[:1]:
        ana = contacts.save_contact(student, Contact(name="Ana"))
        contacts.log_touch(student, ana, TouchKind.EMAIL_SENT, clock.now())
    groups = {group.label: group for group in services.cohort(clock.now())}

    assert groups["All students"].size == 17  # neither the admin nor the advisor
    assert dict(groups["All students"].steps)["Reached out"] == 4
    assert dict(groups["Sophomore"].steps)["Students"] == 7
    # The 4 seniors alone would be too few, and "All" minus the others would show them: they
    # are pooled with the next smallest group, the juniors.
    assert "Senior" not in groups and "Junior" not in groups
    pooled = groups["Other students (senior, junior)"]
    assert dict(pooled.steps) == {
        "Students": 10,
        "With a contact": 4,
        "Reached out": 4,
        "Had a reply": 0,
        "Met someone": 0,
        "Sent a thank-you": 0,
    }
    shown = [g for g in groups.values() if g.label != "All students"]
    assert all(g.size >= 5 for g in shown) and sum(g.size for g in shown) == 17


def test_a_center_of_fewer_than_five_shows_no_numbers(db, admin, advisor):
    for n in range(3):
        User.objects.create_user(f"s{n}@x.edu", f"S{n}", PASSWORD)
    assert all(group.steps == [] for group in services.cohort(clock.now()))


def test_the_cohort_page_is_for_advisors_and_administrators(dana_client, advisor, admin):
    assert dana_client.get(reverse("advising-cohort")).status_code == 404
    for user in (advisor, admin):
        page = logged_in(user).get(reverse("advising-cohort")).content.decode()
        assert "Fewer than 5 students: not shown." in page


def test_the_command_line_makes_lists_and_removes_advisors_for_an_administrator(rapport_cli):
    add = ("user", "add", "--password-stdin")
    rapport_cli(*add, "--email", "admin@center.edu", "--name", "Admin", "--admin", stdin=PASSWORD)
    rapport_cli(*add, "--email", "lee@center.edu", "--name", "Lee Advisor", stdin=PASSWORD)

    as_lee = rapport_cli(
        "advisor", "add", "lee@center.edu", "--user", "lee@center.edu", check=False
    )
    assert as_lee.returncode == 1 and "only an administrator" in as_lee.stderr
    made = rapport_cli("advisor", "add", "lee@center.edu", "--user", "admin@center.edu")
    assert made.stdout == "Lee Advisor <lee@center.edu> is an advisor.\n"
    assert rapport_cli("advisor", "list").stdout == "lee@center.edu\tLee Advisor\n"
    rapport_cli("advisor", "remove", "lee@center.edu", "--user", "admin@center.edu")
    assert rapport_cli("advisor", "list").stdout == ""


def test_deleting_the_students_account_takes_the_log_with_it(advisor, busy_dana):
    from rapport.accounts.services import remove_account

    services.share(busy_dana, advisor.pk, clock.now())
    services.students_page(advisor, clock.now())
    remove_account(busy_dana)
    assert not AccessLog.objects.exists() and not Consent.objects.exists()
