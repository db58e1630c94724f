"""A forgotten password: a link by e-mail that works once, built from the configured address,
and no hint of whether an account exists; without mail, the CLI sets one."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from django.urls import reverse

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
