"""Joining a shared Rapport in a real browser: an adviser invites, the student follows the
e-mailed link, chooses a password and lands on an agenda of their own."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from rapport.accounts.models import User
from tests.conftest import PASSWORD, text_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_adviser_invites_and_a_student_joins(browser, live_server, settings, smtp, shot):
    settings.SIGNUP, settings.MULTI_USER = "invite", True
    settings.BASE_URL = live_server.url
    settings.DEFAULT_FROM_EMAIL = "rapport@career.example.edu"
    User.objects.create_user("adviser@example.edu", "Ada Adviser", PASSWORD, is_staff=True)

    adviser = browser.new_context(base_url=live_server.url).new_page()
    adviser.goto("/login/")
    adviser.get_by_label("E-mail").fill("adviser@example.edu")
    adviser.get_by_label("Password").fill(PASSWORD)
    adviser.get_by_role("button", name="Log in").click()
    adviser.get_by_role("link", name="Invite").click()
    adviser.get_by_label("E-mail addresses").fill("lee@example.edu\nnot an address")
    adviser.get_by_role("button", name="Send invitations").click()
    expect(adviser.get_by_text("'not an address' is not an e-mail address")).to_be_visible()
    expect(adviser.get_by_label("E-mail addresses")).to_have_value(
        "lee@example.edu\nnot an address"
    )
    shot(adviser, "invite-with-a-mistake")
    adviser.get_by_label("E-mail addresses").fill("lee@example.edu")
    adviser.get_by_role("button", name="Send invitations").click()
    expect(adviser.get_by_text("Sent 1 invitation.")).to_be_visible()

    (message,) = smtp.messages
    link = re.search(r"(http://\S+/join/\S+/)", text_of(message)).group(1)
    student = browser.new_context().new_page()
    student.goto(link)
    expect(student.get_by_text("lee@example.edu")).to_be_visible()
    student.get_by_label("Name").fill("Lee Park")
    student.locator("#id_password").fill(PASSWORD)
    student.locator("#id_password_again").fill(PASSWORD)
    student.get_by_label("Year").select_option("sophomore")
    shot(student, "join")
    student.get_by_role("button", name="Create my account").click()
    expect(student.get_by_text("Welcome, Lee Park")).to_be_visible()
    assert student.url.rstrip("/") == live_server.url
    assert not User.objects.get(email="lee@example.edu").is_staff


def test_a_forgotten_password_is_replaced_through_the_e_mailed_link(
    browser,
    live_server,
    settings,
    smtp,
    shot,
):
    settings.BASE_URL = live_server.url
    settings.DEFAULT_FROM_EMAIL = "rapport@career.example.edu"
    User.objects.create_user("lee@example.edu", "Lee Park", PASSWORD)
    page = browser.new_context(base_url=live_server.url).new_page()
    page.goto("/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email").fill("lee@example.edu")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    (message,) = smtp.messages
    page.goto(re.search(r"(http://\S+/password-reset/\S+/)", text_of(message)).group(1))
    new = "a brand new passphrase 77"
    page.locator("#id_new_password1").fill(new)
    page.locator("#id_new_password2").fill(new)
    shot(page, "password-reset")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", name="Your new password is set")).to_be_visible()
    page.get_by_role("link", name="Log in").last.click()
    page.get_by_label("E-mail").fill("lee@example.edu")
    page.get_by_label("Password").fill(new)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Lee Park")).to_be_visible()
