"""Every e-mail Rapport sends comes from rapport/emails.py: a subject on one line, a text part
and an HTML part from the same context, names that can neither break the HTML nor add a
recipient."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.utils import getaddresses
from zoneinfo import ZoneInfo

import pytest

from rapport import emails
from rapport.core.schedule import Due, Item

HOSTILE = "O'Brien & <b>Sons</b>"


def parts(message):
    """The text and HTML bodies of ``message`` as a mail program would read them."""
    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    return (
        parsed.get_body(("plain",)).get_content(),
        parsed.get_body(("html",)).get_content(),
        parsed,
    )


def test_the_digest_lists_each_item_in_the_students_zone_in_both_parts():
    due = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
    item = Item(Due.THANK_YOU, 1, HOSTILE, due, False, "Send the thank-you", "met yesterday")
    message = emails.digest("dana@example.edu", "Dana", [item], ZoneInfo("America/New_York"))
    text, html, _ = parts(message)
    assert message.subject == "Rapport: 1 thing due"
    assert f"- Send the thank-you: {HOSTILE} (met yesterday), due Wed 25 Nov 09:00" in text
    assert "O&#x27;Brien &amp; &lt;b&gt;Sons&lt;/b&gt;" in html and "<b>Sons" not in html
    assert "Wed 25 Nov 09:00" in html


@pytest.mark.parametrize(
    ("build", "link"),
    [
        (lambda link: emails.join_link("a@example.edu", link, HOSTILE), "https://r.example/j/T/"),
        (lambda link: emails.account_exists("a@example.edu", link), "https://r.example/login/"),
        (lambda link: emails.password_reset("a@example.edu", link), "https://r.example/r/U/T/"),
    ],
)
def test_account_e_mails_carry_their_link_in_both_parts(build, link):
    message = build(link)
    text, html, _ = parts(message)
    assert message.subject and "\n" not in message.subject
    assert link in text and f'href="{link}"' in html
    assert message.to == ["a@example.edu"]


def test_an_inviters_name_is_verbatim_in_text_and_escaped_in_html():
    text, html, _ = parts(emails.join_link("a@example.edu", "https://r.example/j/", HOSTILE))
    assert f"{HOSTILE} invites you" in text
    assert "<b>Sons</b>" not in html and "&lt;b&gt;" in html


def test_a_contacts_name_can_never_add_a_recipient():
    message = emails.outreach(
        "Dana Brown",
        "dana@example.edu",
        "Eve <eve@evil.example>, Mallory",
        "maria@example.org",
        "Joe Serra suggested I contact you",
        "Hello",
    )
    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    assert [email for _, email in getaddresses(parsed.get_all("To"))] == ["maria@example.org"]
    assert message.recipients() == ["maria@example.org"]  # the SMTP envelope


def test_the_students_own_e_mail_goes_out_as_written_with_replies_to_them(settings):
    settings.DEFAULT_FROM_EMAIL = ""
    message = emails.outreach(
        "Dana Brown", "dana@example.edu", "María Okafor", "m@x.org", "Hi", "B"
    )
    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    assert parsed.get_body(("plain",)).get_content().strip() == "B"
    assert parsed.get_body(("html",)) is None
    assert "dana@example.edu" in parsed["Reply-To"] and "dana@example.edu" in parsed["From"]


@pytest.mark.parametrize(
    ("from_email", "user", "expected"),
    [
        ("careers@example.edu", "", "careers@example.edu"),
        ("", "mailer@example.edu", "mailer@example.edu"),
        ("", "apikey", "rapport@rapport.example.edu"),
    ],
)
def test_rapports_own_e_mails_have_a_sender_without_rapport_from_email(
    settings, from_email, user, expected
):
    settings.DEFAULT_FROM_EMAIL, settings.EMAIL_HOST_USER = from_email, user
    settings.BASE_URL = "https://rapport.example.edu"
    message = emails.join_link("a@example.edu", "https://rapport.example.edu/j/")
    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    assert [address for _, address in getaddresses([parsed["From"]])] == [expected]
