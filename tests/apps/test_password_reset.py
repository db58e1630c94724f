"""A forgotten password: a link by e-mail that works once, built from the configured address,
and no hint of whether an account exists; without mail, the CLI sets one."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport import emails
from rapport.accounts import invitations
from rapport.cli import cli
from tests.conftest import PASSWORD, text_of

NEW = "a different long password 42"


@pytest.fixture
def mail(db, settings, smtp):
    settings.DEFAULT_FROM_EMAIL = "rapport@career.example.edu"
    settings.BASE_URL = "https://rapport.example.edu"
    return smtp


def test_a_reset_link_sets_a_new_password_once(client, dana, mail):
    assert "Forgotten your password?" in client.get(reverse("login")).content.decode()
    response = client.post(reverse("password-reset"), {"email": dana.email}, HTTP_HOST="localhost")
    assert response["Location"] == reverse("password-reset-done")
    (message,) = mail.messages
    link = re.search(r"https://rapport\.example\.edu(/password-reset/\S+/)", text_of(message))
    assert link, text_of(message)
    page = client.get(link.group(1), follow=True)
    form_url = page.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == "/password-reset/done/"
    dana.refresh_from_db()
    assert dana.check_password(NEW)
    again = client.get(link.group(1), follow=True).content.decode()
    assert "This link does not work" in again


def test_an_unknown_address_gets_the_same_page_and_no_mail(client, dana, mail):
    known = client.post(reverse("password-reset"), {"email": dana.email})
    unknown = client.post(reverse("password-reset"), {"email": "nobody@example.edu"})
    assert known["Location"] == unknown["Location"] == reverse("password-reset-done")
    assert [m["To"] for m in mail.messages] == [dana.email]


def test_without_mail_the_page_says_how_to_reset_on_the_computer(client, dana, settings):
    settings.SMTP_ENABLED = False
    page = client.get(reverse("password-reset")).content.decode()
    assert "rapport user password" in page


def test_the_cli_sets_a_checked_password_and_ends_sessions(dana, dana_client):
    runner = CliRunner()
    weak = runner.invoke(
        cli, ["user", "password", "--email", dana.email, "--password-stdin"], input="short\n"
    )
    assert weak.exit_code == 1 and "too short" in weak.output
    done = runner.invoke(
        cli, ["user", "password", "--email", dana.email, "--password-stdin"], input=NEW + "\n"
    )
    assert done.exit_code == 0, done.output
    dana.refresh_from_db()
    assert dana.check_password(NEW) and not dana.check_password(PASSWORD)
    assert dana_client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_one_address_gets_at_most_three_reset_e_mails_an_hour(client, dana, mail):
    for _ in range(6):
        response = client.post(reverse("password-reset"), {"email": dana.email})
        assert response["Location"] == reverse("password-reset-done")  # the same page always
    assert len(mail.messages) == invitations.PER_ADDRESS == 3


def test_one_network_is_told_to_wait_after_ten_requests(client, dana, mail, settings):
    settings.SIGNUP = "open"
    for number in range(settings.MAIL_REQUESTS_PER_NETWORK):  # sign-ups are counted apart
        client.post(reverse("signup"), {"email": f"joiner{number}@example.edu"})
    sent_for_sign_up = len(mail.messages)
    client.post(reverse("password-reset"), {"email": dana.email})
    assert len(mail.messages) == sent_for_sign_up + 1  # the sign-ups did not use up resets
    for number in range(settings.MAIL_REQUESTS_PER_NETWORK - 1):
        client.post(reverse("password-reset"), {"email": f"someone{number}@example.edu"})
    page = client.post(reverse("password-reset"), {"email": dana.email}).content.decode()
    assert "too many requests from your network" in page
    assert len(mail.messages) == sent_for_sign_up + 1  # the eleventh was refused


def test_the_answer_does_the_same_work_whether_or_not_there_is_an_account(
    client, dana, mail, monkeypatch
):
    made = []
    real = emails.password_reset
    monkeypatch.setattr(emails, "password_reset", lambda *a: made.append(a) or real(*a))
    queries = {}
    for email in (dana.email, "nobody@example.edu"):
        with CaptureQueriesContext(connection) as captured:
            client.post(reverse("password-reset"), {"email": email})
        queries[email] = len(captured)
    assert [to for to, _ in made] == [dana.email, "nobody@example.edu"]  # made both times
    assert queries[dana.email] == queries["nobody@example.edu"]
    assert [m["To"] for m in mail.messages] == [dana.email]  # sent once
