"""Joining a shared Rapport: open sign-up by e-mailed link, or invitations from an
administrator; a local Rapport has neither."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.urls import reverse

from rapport.accounts import invitations
from rapport.accounts.models import User
from rapport.cli import cli
from tests.conftest import PASSWORD, text_of

JOIN = {
    "name": "Lee Park",
    "password": PASSWORD,
    "password_again": PASSWORD,
    "year": "sophomore",
    "time_zone": "America/Chicago",
}


@pytest.fixture
def mail(db, settings, smtp):
    settings.DEFAULT_FROM_EMAIL = "rapport@career.example.edu"
    settings.BASE_URL = "https://rapport.example.edu"
    return smtp


@pytest.fixture
def admin(db, settings):
    settings.SIGNUP = "invite"  # a Rapport closed to sign-up sends no invitations
    return User.objects.create_user("adviser@example.edu", "Ada Adviser", PASSWORD, is_staff=True)


def link_in(message) -> str:
    body = text_of(message)
    return re.search(r"https://rapport\.example\.edu(/join/\S+/)", body).group(1)


def test_open_sign_up_sends_a_link_that_makes_the_account(client, settings, mail):
    settings.SIGNUP, settings.MULTI_USER = "open", True
    assert "Join Rapport" in client.get(reverse("login")).content.decode()
    response = client.post(reverse("signup"), {"email": "Lee@Example.edu"})
    assert "Check your inbox" in response.content.decode()
    (message,) = mail.messages
    assert message["To"] == "lee@example.edu"
    page = client.get(link_in(message)).content.decode()
    assert "lee@example.edu" in page and "Choose a password" in page
    response = client.post(link_in(message), JOIN)
    assert response["Location"] == reverse("home")
    lee = User.objects.get(email="lee@example.edu")
    assert lee.name == "Lee Park" and not lee.is_staff
    assert client.get(reverse("home")).context["user"] == lee
    assert client.get(link_in(message))["Location"] == reverse("login")  # used up


def test_asking_for_a_link_never_tells_whether_an_account_exists(client, settings, mail, dana):
    settings.SIGNUP = "open"
    known = client.post(reverse("signup"), {"email": dana.email}).content.decode()
    unknown = client.post(reverse("signup"), {"email": "nobody@example.edu"}).content.decode()
    assert known.replace(dana.email, "X") == unknown.replace("nobody@example.edu", "X")
    to_dana, to_nobody = mail.messages
    assert "already has an account" in text_of(to_dana) and "/join/" not in str(to_dana)
    assert "/join/" in text_of(to_nobody)


def test_a_join_form_with_a_problem_keeps_what_was_typed(client, settings, mail):
    settings.SIGNUP = "invite"
    token = invitations.join_token("lee@example.edu")
    page = client.post(
        reverse("join", args=[token]), {**JOIN, "password_again": "something else"}
    ).content.decode()
    assert "The two passwords differ" in page and 'value="Lee Park"' in page
    assert not User.objects.filter(email="lee@example.edu").exists()


@pytest.mark.parametrize("mangle", ["forged", "expired", "cut"])
def test_a_forged_expired_or_cut_link_makes_nothing(client, db, monkeypatch, mangle):
    token = invitations.join_token("lee@example.edu")
    if mangle == "forged":
        token = invitations.join_token("lee@example.edu")[:-2] + "xx"
    elif mangle == "expired":
        monkeypatch.setattr(invitations, "VALID_FOR", timedelta(seconds=-1))
    else:
        token = token[: len(token) // 2]
    response = client.post(reverse("join", args=[token]), JOIN)
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert not User.objects.filter(email="lee@example.edu").exists()


def test_an_administrator_invites_and_the_invited_join(client, settings, mail, admin):
    settings.SIGNUP = "invite"
    assert client.get(reverse("signup")).status_code == 404
    client.force_login(admin)
    assert "Invite" in client.get(reverse("home")).content.decode()
    response = client.post(
        reverse("invitations"), {"emails": "lee@example.edu, kim@example.edu\nlee@example.edu"}
    )
    assert response["Location"] == reverse("invitations")
    assert sorted(m["To"] for m in mail.messages) == ["kim@example.edu", "lee@example.edu"]
    assert "Ada Adviser invites you" in text_of(mail.messages[0])
    client.logout()
    joined = client.post(link_in(mail.messages[0]), JOIN)
    assert joined["Location"] == reverse("home")  # signed in, not sent to log in
    assert User.objects.filter(email=mail.messages[0]["To"]).exists()


def test_a_bad_address_in_the_invitations_sends_none(client, mail, admin):
    client.force_login(admin)
    page = client.post(
        reverse("invitations"), {"emails": "lee@example.edu\nnot-an-address"}
    ).content.decode()
    assert "&#x27;not-an-address&#x27; is not an e-mail address" in page
    assert "lee@example.edu" in page and mail.messages == []


def test_only_administrators_have_the_invitations_page(dana_client):
    assert dana_client.get(reverse("invitations")).status_code == 404
    assert "Invite" not in dana_client.get(reverse("home")).content.decode()


def test_a_local_rapport_has_no_sign_up(client, settings, db):
    settings.SIGNUP = "closed"
    assert client.get(reverse("signup")).status_code == 404
    assert "Join Rapport" not in client.get(reverse("login")).content.decode()


def test_a_shared_rapport_has_no_public_set_up_page(client, settings, db):
    settings.MULTI_USER = True
    assert client.get(reverse("setup")).status_code == 404
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_the_cli_makes_an_administrator_who_invites(db, settings):
    settings.SIGNUP = "invite"
    runner = CliRunner()
    made = runner.invoke(
        cli,
        [
            "user",
            "add",
            "--admin",
            "--email",
            "ada@example.edu",
            "--name",
            "Ada",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert made.exit_code == 0 and "administrator account" in made.output
    printed = runner.invoke(
        cli, ["invite", "lee@example.edu", "--print", "--user", "ada@example.edu"]
    )
    assert printed.exit_code == 0, printed.output
    address, link = printed.output.strip().split("\t")
    token = link.rsplit("/join/", 1)[1].rstrip("/")
    assert address == "lee@example.edu" and invitations.email_of(token) == address


def test_someone_who_is_not_an_administrator_cannot_invite_from_the_cli(dana):
    result = CliRunner().invoke(cli, ["invite", "lee@example.edu", "--print", "--user", dana.email])
    assert result.exit_code == 1 and "only an administrator" in result.output


def test_one_address_gets_at_most_three_links_an_hour_and_the_page_never_says(
    client, settings, mail
):
    settings.SIGNUP = "open"
    pages = {
        client.post(reverse("signup"), {"email": "lee@example.edu"}).content.decode()
        for _ in range(5)
    }
    assert len(pages) == 1 and "Check your inbox" in pages.pop()
    assert len(mail.messages) == invitations.PER_ADDRESS == 3


def test_one_network_asking_for_many_links_is_told_to_wait(client, settings, mail):
    settings.SIGNUP = "open"
    for n in range(settings.MAIL_REQUESTS_PER_NETWORK):
        client.post(reverse("signup"), {"email": f"s{n}@example.edu"}, REMOTE_ADDR="10.1.1.1")
    page = client.post(
        reverse("signup"), {"email": "late@example.edu"}, REMOTE_ADDR="10.1.1.1"
    ).content.decode()
    assert "too many requests from your network" in page
    other = client.post(reverse("signup"), {"email": "else@example.edu"}, REMOTE_ADDR="10.2.2.2")
    assert "Check your inbox" in other.content.decode()
    assert len(mail.messages) == settings.MAIL_REQUESTS_PER_NETWORK + 1


def test_behind_the_proxy_the_client_is_the_address_the_proxy_added(rf, settings):
    from rapport.accounts.backoff import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="127.0.0.1")
    settings.MULTI_USER = True
    assert client_ip(request) == "203.0.113.9"  # the client's own claim (6.6.6.6) is ignored
    settings.MULTI_USER = False
    assert client_ip(request) == "127.0.0.1"


def test_with_open_sign_up_a_dead_link_offers_a_new_one(client, settings, db):
    settings.SIGNUP = "open"
    page = client.get(reverse("join", args=["not-a-link"])).content.decode()
    assert "This link does not work" in page and reverse("signup") in page
    settings.SIGNUP = "invite"
    page = client.get(reverse("join", args=["not-a-link"])).content.decode()
    assert "Ask whoever invited you" in page and reverse("signup") not in page
