"""The first run, signing in, and the profile that outreach is written from."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse

from rapport.accounts.models import User
from rapport.contacts.models import Contact
from tests.conftest import PASSWORD

SETUP = {
    "name": "Dana Brown",
    "email": "Dana@Example.edu",
    "password": PASSWORD,
    "password_again": PASSWORD,
    "school": "University of Massachusetts Amherst",
    "year": "junior",
    "major": "History",
    "interests": "public policy, government",
    "time_zone": "America/New_York",
}


@pytest.mark.django_db
def test_a_fresh_install_sends_every_page_to_set_up(client):
    for url in ["/", reverse("contact-list"), reverse("login")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("setup")
    assert client.get(reverse("setup")).status_code == 200


@pytest.mark.django_db
def test_set_up_creates_the_account_and_signs_in(client):
    response = client.post(reverse("setup"), SETUP)
    assert response.status_code == 302
    user = User.objects.get()
    assert (user.email, user.school, user.year) == ("dana@example.edu", SETUP["school"], "junior")
    assert user.interest_list == ["public policy", "government"]
    assert client.get(reverse("contact-list")).status_code == 200
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_set_up_can_load_the_demo_network(client):
    client.post(reverse("setup"), {**SETUP, "load_demo": "on"})
    assert Contact.objects.filter(owner__email="dana@example.edu").count() == 12


@pytest.mark.django_db
def test_set_up_with_bad_input_keeps_what_was_typed_and_creates_nothing(client):
    response = client.post(
        reverse("setup"), {**SETUP, "email": "not-an-address", "password_again": "different"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in body
    assert "The two passwords differ." in body
    assert 'value="University of Massachusetts Amherst"' in body
    assert 'value="not-an-address"' in body
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_set_up_refuses_a_weak_password(client):
    response = client.post(
        reverse("setup"), {**SETUP, "password": "short", "password_again": "short"}
    )
    assert "too short" in response.content.decode()
    assert User.objects.count() == 0


def test_set_up_is_closed_once_an_account_exists(client, dana):
    assert client.get(reverse("setup"))["Location"] == reverse("login")
    client.post(reverse("setup"), {**SETUP, "email": "intruder@example.com"})
    assert not User.objects.filter(email="intruder@example.com").exists()


def test_login_takes_the_email_in_any_case(client, dana):
    response = client.post(reverse("login"), {"username": "DANA@example.EDU", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("contact-list")).status_code == 200


def test_a_wrong_password_says_so_and_keeps_the_email(client, dana):
    response = client.post(reverse("login"), {"username": "dana@example.edu", "password": "nope"})
    body = response.content.decode()
    assert "do not match an account" in body
    assert 'value="dana@example.edu"' in body


def test_logging_out_ends_the_session(dana_client):
    dana_client.post(reverse("logout"))
    assert dana_client.get(reverse("contact-list")).status_code == 302


def test_the_profile_can_be_edited(dana_client, dana):
    response = dana_client.post(
        reverse("profile"),
        {
            "name": "Dana B.",
            "school": "UMass",
            "year": "senior",
            "major": "History",
            "interests": "policy",
            "time_zone": "Europe/Paris",
            "profile": "1",
        },
    )
    assert response.status_code == 302
    dana.refresh_from_db()
    assert (dana.name, dana.year, dana.time_zone) == ("Dana B.", "senior", "Europe/Paris")


def test_passwords_are_hashed_with_argon2_by_the_app():
    from rapport import settings as app_settings

    assert app_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.AUTH_USER_MODEL == "accounts.User"


def test_the_secret_key_lives_in_the_data_folder():
    assert (settings.DATA_DIR / "secret_key").read_text().strip() == settings.SECRET_KEY


def test_the_profile_shows_the_users_time_zone_chosen(dana_client):
    body = dana_client.get(reverse("profile")).content.decode()
    # By region, named by its place and its offset today (−05:00 in winter, −04:00 in summer).
    america = body.split('<optgroup label="America">')[1].split("</optgroup>")[0]
    assert re.search(
        r'<option value="America/New_York" selected>New York \(UTC−0[45]:00\)</option>', america
    )
    assert body.count('<option value="America/New_York" selected>') == 1
    assert body.count(" selected>") == 3  # the zone, the year and the reminder frequency


def test_reminders_are_chosen_on_the_profile(dana_client, dana):
    dana_client.post(reverse("profile"), {"reminders": "1", "frequency": "weekly", "hour": "7"})
    from rapport.agenda.models import Reminder

    reminder = Reminder.objects.get(owner=dana)
    assert (reminder.frequency, reminder.hour) == ("weekly", 7)
    assert reminder.next_due.astimezone(ZoneInfo("America/New_York")).weekday() == 0
    response = dana_client.post(
        reverse("profile"), {"reminders": "1", "frequency": "daily", "hour": "25"}
    )
    assert "0 to 23" in response.content.decode()
    reminder.refresh_from_db()
    assert reminder.hour == 7


def test_repeated_wrong_passwords_lock_that_email_from_that_address_with_429(client, dana):
    for _ in range(5):
        client.post(
            reverse("login"), {"username": dana.email, "password": "wrong"}, REMOTE_ADDR="10.0.0.5"
        )
    locked = client.post(
        reverse("login"), {"username": dana.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.5"
    )
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    elsewhere = client.post(
        reverse("login"), {"username": dana.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert elsewhere.status_code == 302  # an attacker elsewhere cannot lock the student out


def log_in(client, email: str, password: str, address: str):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def test_guesses_at_one_account_from_many_addresses_are_spaced_out(client, dana, now):
    from axes.models import AccessAttempt

    from rapport.accounts.backoff import ACCOUNT_FREE

    for number in range(ACCOUNT_FREE):  # two wrong passwords from each of five addresses
        log_in(client, dana.email.upper(), "wrong", f"10.0.1.{number // 2}")
    failures = sum(AccessAttempt.objects.values_list("failures_since_start", flat=True))
    refused = log_in(client, dana.email, PASSWORD, "10.0.2.1")
    assert refused.status_code == 200  # the right password, not checked yet
    assert "Try again in a minute, or reset your password" in refused.content.decode()
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == failures
    with time_machine.travel(now + timedelta(seconds=16)):
        assert log_in(client, dana.email, PASSWORD, "10.0.2.1").status_code == 302
        client.logout()
        log_in(client, dana.email, "wrong again", "10.0.3.1")
    with time_machine.travel(now + timedelta(seconds=40)):  # now 30 s from the last
        assert log_in(client, dana.email, PASSWORD, "10.0.2.2").status_code == 200
    with time_machine.travel(now + timedelta(seconds=47)):
        assert log_in(client, dana.email, PASSWORD, "10.0.2.2").status_code == 302


def test_the_password_asked_again_is_spaced_out_too(dana_client, dana):
    from rapport.accounts.backoff import ACCOUNT_FREE

    for number in range(ACCOUNT_FREE):
        log_in(Client(), dana.email, "wrong", f"10.0.4.{number}")
    response = dana_client.post(reverse("account-delete"), {"password": PASSWORD})
    assert response.status_code == 200
    assert User.objects.filter(pk=dana.pk).exists()


def test_pages_carry_a_content_security_policy_without_inline_script(dana_client):
    policy = dana_client.get(reverse("home"))["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy
        and "object-src 'none'" in policy
    )


def test_changing_the_password_signs_out_other_sessions(client, dana):
    from django.test import Client

    other = Client()
    other.force_login(dana)
    client.force_login(dana)
    response = client.post(
        reverse("password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase",
            "new_password2": "another long passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("contact-list")).status_code == 200  # this session stays
    assert other.get(reverse("contact-list")).status_code == 302  # the other is signed out


def test_deleting_the_account_removes_everything_it_owns(dana_client, dana, network):
    from rapport.contacts.models import Contact, Touch
    from rapport.meetings.models import Meeting

    wrong = dana_client.post(reverse("account-delete"), {"password": "nope"})
    assert "nothing was deleted" in wrong.content.decode()
    dana_client.post(reverse("account-delete"), {"password": PASSWORD})
    assert not User.objects.filter(pk=dana.pk).exists()
    assert Contact.objects.count() == Touch.objects.count() == Meeting.objects.count() == 0
    assert dana_client.get(reverse("contact-list")).status_code == 302
    for model in apps.get_models(include_auto_created=True):
        assert not model.objects.exists() or model not in owned_models(), model


def owned_models():
    from rapport.accounts.models import Owned

    return [m for m in apps.get_models(include_auto_created=True) if issubclass(m, Owned)] + [
        Contact.tags.through
    ]


def test_an_account_with_more_rows_than_a_statement_may_name_can_be_deleted(dana, stranger):
    """Django's cascade names every touch a meeting may point to in one UPDATE; at 100,000
    contacts that passed SQLite's and PostgreSQL's limits. Here the limit is made small."""
    from django.db import connection

    from bench.seed import seed_network
    from rapport import clock
    from rapport.accounts.services import remove_account

    seed_network(dana, 150, 400, clock.now())
    seed_network(stranger, 5, 10, clock.now())
    theirs = {m: m.objects.count() for m in owned_models()}
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER
        before = connection.connection.setlimit(limit, 250)
    try:
        remove_account(dana)
    finally:
        if connection.vendor == "sqlite":
            connection.connection.setlimit(limit, before)
    assert not User.objects.filter(pk=dana.pk).exists()
    left = {m: m.objects.count() for m in owned_models()}
    assert all(left[m] <= theirs[m] for m in left)
    assert Contact.objects.filter(owner=stranger).count() == 5  # nobody else's rows go
    assert all(m.objects.exclude(**owner_of(m, stranger)).count() == 0 for m in owned_models())


def owner_of(model, user):
    if model is Contact.tags.through:
        return {"contact__owner": user}
    return {"owner": user}


def test_signed_in_pages_are_never_cached(dana_client, client):
    for url in [reverse("home"), reverse("contact-list"), reverse("profile")]:
        policy = dana_client.get(url)["Cache-Control"]
        assert "private" in policy and "no-store" in policy
    assert (
        dana_client.get("/static/rapport/rapport.css").get("Cache-Control", "").find("no-store")
        == -1
    )  # static files stay cacheable


def test_expired_sessions_are_cleared_by_the_reminder_run(dana):
    from datetime import timedelta

    from click.testing import CliRunner
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    from rapport import clock
    from rapport.cli import cli

    old, current = SessionStore(), SessionStore()
    old.create()
    current.create()
    yesterday = clock.now() - timedelta(days=1)
    Session.objects.filter(session_key=old.session_key).update(expire_date=yesterday)
    assert CliRunner().invoke(cli, ["remind"]).exit_code == 0
    assert list(Session.objects.values_list("session_key", flat=True)) == [current.session_key]


def test_logging_in_gives_a_new_session_key(client, dana):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    client.post(reverse("login"), {"username": dana.email, "password": PASSWORD})
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(dana.pk)
