"""Internationalized addresses (RFC 6531) for the accounts and Rapport's own e-mails: an
account may be zoë@…, and the join link, the password reset and the digest reach it with
SMTPUTF8 where the server offers it, and fail clearly, sending nothing, where it does not."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.urls import reverse

from rapport.accounts.models import User
from rapport.agenda import reminders
from rapport.cli import cli
from rapport.contacts import services as contacts
from rapport.contacts.models import Contact
from tests.conftest import PASSWORD, headers_of, text_of

ZOE = "zoë@example.edu"
JOIN = {
    "name": "Zoë Lambert",
    "password": PASSWORD,
    "password_again": PASSWORD,
    "year": "sophomore",
    "time_zone": "America/Chicago",
}


@pytest.fixture
def site(db, settings):
    settings.DEFAULT_FROM_EMAIL = "rapport@career.example.edu"
    settings.BASE_URL = "https://rapport.example.edu"
    settings.SIGNUP, settings.MULTI_USER = "open", True


@pytest.fixture
def zoe(db):
    return User.objects.create_user(ZOE, "Zoë Lambert", PASSWORD, time_zone="America/New_York")


def test_open_sign_up_sends_the_link_with_smtputf8_and_makes_the_account(client, site, smtp_utf8):
    response = client.post(reverse("signup"), {"email": "Zoë@Example.edu"})
    assert "Check your inbox" in response.content.decode()
    [wire] = smtp_utf8.wire
    assert wire.rcpt_tos == [ZOE] and "SMTPUTF8" in wire.mail_options
    assert headers_of(wire)["To"].addresses[0].username == "zoë"
    [message] = smtp_utf8.messages
    link = re.search(r"https://rapport\.example\.edu(/join/\S+/)", text_of(message)).group(1)
    assert client.post(link, JOIN)["Location"] == reverse("home")
    assert User.objects.get(email=ZOE).name == "Zoë Lambert"


def test_without_smtputf8_the_sign_up_page_says_the_link_was_not_sent(client, site, smtp):
    page = client.post(reverse("signup"), {"email": ZOE}).content.decode()
    assert f"the link to {ZOE} was not sent" in page and "SMTPUTF8" in page
    assert not smtp.wire


def test_an_administrator_invites_an_internationalized_address(client, site, smtp_utf8):
    admin = User.objects.create_user("ada@example.edu", "Ada Adviser", PASSWORD, is_staff=True)
    client.force_login(admin)
    response = client.post(reverse("invitations"), {"emails": f"{ZOE}\nlee@bücher.de"})
    assert response["Location"] == reverse("invitations")
    assert sorted(wire.rcpt_tos[0] for wire in smtp_utf8.wire) == [
        "lee@xn--bcher-kva.de",
        ZOE,
    ]
    options = {wire.rcpt_tos[0]: wire.mail_options for wire in smtp_utf8.wire}
    assert "SMTPUTF8" in options[ZOE] and "SMTPUTF8" not in options["lee@xn--bcher-kva.de"]


def test_the_password_reset_reaches_an_internationalized_account(client, site, zoe, smtp_utf8):
    response = client.post(reverse("password-reset"), {"email": ZOE})
    assert response["Location"] == reverse("password-reset-done")
    [message] = smtp_utf8.messages
    assert "/password-reset/" in text_of(message)
    assert smtp_utf8.wire[0].rcpt_tos == [ZOE]


def test_without_smtputf8_the_password_reset_is_logged_not_sent(client, site, zoe, smtp, caplog):
    with caplog.at_level(logging.WARNING, logger="rapport.emails"):
        client.post(reverse("password-reset"), {"email": ZOE})
        assert not smtp.messages  # waits for the background send
    assert f"{ZOE} has letters beyond A to Z before the @" in caplog.text


def a_thank_you_due(owner, now):
    """A meeting 20 hours ago, and a digest due since yesterday."""
    maria = contacts.save_contact(owner, Contact(name="Maria Okafor"))
    contacts.log_touch(owner, maria, "meeting", now - timedelta(hours=20))
    reminders.reminder_for(owner, now - timedelta(days=1))


def test_the_digest_reaches_an_internationalized_account(zoe, now, smtp_utf8):
    a_thank_you_due(zoe, now)
    assert reminders.send_due_digests(now) == 1
    [wire] = smtp_utf8.wire
    assert wire.rcpt_tos == [ZOE] and "SMTPUTF8" in wire.mail_options


def test_without_smtputf8_a_digest_is_skipped_with_a_warning_and_the_others_go(
    zoe, dana, now, smtp, caplog
):
    a_thank_you_due(zoe, now)
    a_thank_you_due(dana, now)
    with caplog.at_level(logging.WARNING, logger="rapport.agenda"):
        assert reminders.send_due_digests(now) == 1
    assert [wire.rcpt_tos for wire in smtp.wire] == [[dana.email]]
    assert f"a digest was not sent: {ZOE} has letters beyond A to Z" in caplog.text


def test_the_cli_makes_an_account_with_an_internationalized_address(db):
    result = CliRunner().invoke(
        cli,
        ["user", "add", "--email", "用户@例子.广告", "--name", "Yu", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert User.objects.filter(email="用户@例子.广告").exists()
    bad = CliRunner().invoke(
        cli, ["user", "add", "--email", "zoë@", "--name", "Z", "--password-stdin"], input="x\n"
    )
    assert bad.exit_code != 0 and "valid email address" in bad.output
