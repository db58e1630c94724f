"""Reaching out: drafts that pass the guard, checked as typed, sent for real over SMTP."""

from __future__ import annotations

import email
import socket
from email import policy

import pytest
from django.urls import reverse

from rapport.accounts.models import User
from rapport.contacts import services as contacts
from rapport.contacts.demo import load_demo
from rapport.contacts.models import Contact, Touch
from rapport.core.errors import RapportError
from rapport.core.guard import has_error, word_limits
from rapport.outreach import services
from rapport.outreach.services import GuardBlocked, Message
from tests.conftest import headers_of, text_of


@pytest.fixture
def demo(dana, now):
    load_demo(dana, now)
    return {contact.name: contact for contact in Contact.objects.filter(owner=dana)}


def test_every_draft_for_the_demo_contacts_passes_the_guard(demo):
    for contact in demo.values():
        for kind, drafts in services.drafts_for(contact).items():
            assert drafts, (contact.name, kind)
            best = drafts[0]
            assert best.ok, (contact.name, kind, best.text, best.findings)
            assert not has_error(list(best.findings))


def test_a_referrer_who_allowed_it_is_named_first_and_in_the_subject(demo):
    email_draft = services.drafts_for(demo["Maria Okafor"])["email"][0]
    assert email_draft.subject == "Joe Serra suggested I reach out"
    assert email_draft.text.split("\n\n")[1].startswith("Joe Serra suggested")
    assert email_draft.words < 100
    bite = services.drafts_for(demo["Maria Okafor"])["soundbite"][0]
    assert bite.words <= 35 and bite.seconds <= 15
    assert "Joe Serra" in " ".join(bite.text.split()[:10])


def test_a_referrer_who_did_not_allow_it_is_never_named(demo):
    for drafts in services.drafts_for(demo["Sam Whitaker"]).values():
        for draft in drafts:
            assert "Joe Serra" not in draft.full_text


def test_the_compose_page_shows_every_kind_of_draft(dana_client, demo):
    # Elena Vasquez, whom Prof. Dwight suggested, has not been written to yet.
    url = reverse("compose", args=[demo["Elena Vasquez"].pk]) + "?moment=first"
    body = dana_client.get(url).content.decode()
    for heading in ["E-mail", "Ten-second sound bite", "Phone script", "Voicemail"]:
        assert heading in body
    assert "The guard has nothing to add." in body
    assert "words · about" in body
    # The LinkedIn note counts characters, as LinkedIn does; the text message its words.
    note = services.drafts_for(demo["Elena Vasquez"])["linkedin_note"][0]
    assert "LinkedIn connection note" in body and f"{len(note.text)} characters" in body
    assert len(note.text) <= 200 and note.text.startswith("Hi Elena, Prof. Alan Dwight suggested")
    text = services.drafts_for(demo["Elena Vasquez"])["text_message"][0]
    assert "Text message" in body and f'"muted">{text.words} words\n' in body


def test_a_contact_from_linkedin_gets_a_message_not_a_connection_request(dana_client, demo):
    marcus = demo["Marcus Bell"]
    assert marcus.source == "linkedin"
    drafts = services.drafts_for(marcus)
    assert "linkedin_note" not in drafts
    (message,) = drafts["linkedin_message"]
    assert message.kind == "linkedin-message" and message.ok, message.findings
    assert message.text.startswith("Hi Marcus, we're both members of Model UN")
    assert "connect" not in message.text.replace("connected", "")
    body = dana_client.get(reverse("compose", args=[marcus.pk]) + "?moment=first").content
    page = body.decode()
    assert "LinkedIn connection note" not in page and "love to connect" not in page
    assert "LinkedIn message" in page and "connected on LinkedIn already" in page
    assert f'"muted">{message.words} words\n' in page


def test_a_contact_found_elsewhere_still_gets_a_connection_note_and_no_message(demo):
    drafts = services.drafts_for(demo["Maria Okafor"])
    assert "linkedin_message" not in drafts
    assert "I'd love to connect" in drafts["linkedin_note"][0].text


def test_someone_already_talked_with_is_offered_no_first_contact(dana_client, demo):
    maria = demo["Maria Okafor"]  # she replied: "talk by phone next Tuesday"
    page = dana_client.get(reverse("compose", args=[maria.pk]) + "?moment=first").content.decode()
    assert ">First contact<" not in page
    assert 'aria-current="page">Keep in touch<' in page  # what the timeline calls for
    elena = demo["Elena Vasquez"]  # never written to
    page = dana_client.get(reverse("compose", args=[elena.pk])).content.decode()
    assert 'aria-current="page">First contact<' in page


def test_the_composer_help_gives_the_guards_own_word_limits(dana_client, demo):
    """The help once said "under 100 words" while the guard warned from 76."""
    _, high, most = word_limits("email")
    elena = demo["Elena Vasquez"]
    body = dana_client.get(reverse("compose", args=[elena.pk]) + "?moment=first").content.decode()
    assert f"{high} words or fewer ({most} at most)" in body
    words = " ".join(["word"] * (high + 1))
    text = f"Subject: Prof. Dwight suggested I reach out\n\nDear Elena,\n\n{words}\n\nBest,\nDana"
    length = [f for f in services.check_draft(elena, text, "email") if f.rule == "length"]
    assert [f.message for f in length] == [f"{high + 1} words: aim for {high} or fewer."]


def test_typing_a_job_ask_is_flagged_with_the_span_and_a_suggestion(dana_client, demo):
    maria = demo["Maria Okafor"]
    draft = services.drafts_for(maria)["email"][0]
    body = draft.text.replace("Thank you,", "Are you hiring?\n\nThank you,")
    response = dana_client.post(
        reverse("compose-check", args=[maria.pk]), {"subject": draft.subject, "body": body}
    )
    html = response.content.decode()
    assert "<mark>Are you hiring?</mark>" in html
    assert 'data-field="body"' in html
    start = int(html.split('data-start="')[1].split('"')[0])
    assert body[start : start + len("Are you hiring?")] == "Are you hiring?"
    assert "Send anyway" in html


def test_sending_over_smtp_arrives_and_lands_on_the_timeline(dana_client, demo, smtp, dana):
    maria = demo["Maria Okafor"]
    draft = services.drafts_for(maria)["email"][0]
    response = dana_client.post(
        reverse("compose-send", args=[maria.pk]),
        {"subject": draft.subject, "body": draft.text, "action": "smtp"},
    )
    assert response.status_code == 302
    (message,) = smtp.messages
    assert message["Subject"] == "Joe Serra suggested I reach out"
    assert message["To"] == "Maria Okafor <maria.okafor@example.org>"
    assert message["Reply-To"] == f"Dana Brown <{dana.email}>"
    assert message.get_content().replace("\r\n", "\n").strip() == draft.text.strip()
    touch = maria.touches.order_by("-id").first()
    assert touch.kind == "email_sent" and touch.guard_override == ""
    assert touch.summary.startswith("Subject: Joe Serra suggested I reach out")


def test_a_draft_with_an_error_is_not_sent_without_the_override(dana_client, demo, smtp):
    maria = demo["Maria Okafor"]
    before = maria.touches.count()
    url = reverse("compose-send", args=[maria.pk])
    form = {
        "subject": "Hello",
        "body": "Are you hiring? I'd love to be considered.",
        "action": "smtp",
    }
    response = dana_client.post(url, form)
    assert response.status_code == 422
    assert "Are you hiring? I&#x27;d love to be considered." in response.content.decode()
    assert smtp.messages == [] and maria.touches.count() == before
    dana_client.post(url, {**form, "override": "1"})
    assert len(smtp.messages) == 1
    assert "job-ask" in maria.touches.order_by("-id").first().guard_override


def test_a_refused_connection_sends_nothing_and_records_nothing(dana, demo, settings, now):
    settings.EMAIL_BACKEND = "rapport.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.SMTP_ENABLED = "127.0.0.1", 9, True
    maria = demo["Maria Okafor"]
    draft = services.drafts_for(maria)["email"][0]
    before = maria.touches.count()
    with pytest.raises(RapportError, match="not sent"):
        services.send_email(dana, maria, Message(draft.subject, draft.text), now)
    assert maria.touches.count() == before


def test_without_smtp_the_mail_program_and_eml_still_work(dana_client, demo, settings):
    settings.SMTP_ENABLED = False
    maria = demo["Maria Okafor"]
    url = reverse("compose-send", args=[maria.pk])
    page = dana_client.get(reverse("compose", args=[maria.pk])).content.decode()
    assert "Send now" not in page and "EMAIL_URL" in page
    mailto = dana_client.post(
        url, {"subject": "Joe Serra suggested I reach out", "body": "Hi there?", "action": "mailto"}
    )
    assert mailto["Location"].startswith("mailto:maria.okafor%40example.org?subject=Joe%20Serra")
    eml = dana_client.post(
        url, {"subject": "Joe Serra suggested I reach out", "body": "Hi there?", "action": "eml"}
    )
    parsed = email.message_from_bytes(eml.content, policy=policy.default)
    assert parsed["Subject"] == "Joe Serra suggested I reach out" and parsed["X-Unsent"] == "1"
    assert Touch.objects.filter(contact=maria, kind="email_sent").count() == 1  # the demo's own


def test_recording_a_message_sent_elsewhere(dana_client, demo):
    maria = demo["Maria Okafor"]
    draft = services.drafts_for(maria)["email"][0]
    dana_client.post(
        reverse("compose-send", args=[maria.pk]),
        {"subject": draft.subject, "body": draft.text, "action": "record"},
    )
    assert maria.touches.filter(kind="email_sent").count() == 2  # the demo's, and this one


def test_a_contact_without_email_cannot_be_sent_to(dana, now, smtp):
    nobody = contacts.save_contact(dana, Contact(name="No Address"))
    with pytest.raises(RapportError, match="no e-mail address"):
        services.send_email(
            dana, nobody, Message("Hi", "Would you have 15 minutes?"), now, override=True
        )


def test_guard_blocked_names_the_rules_it_found():
    from rapport.core.guard import check

    error = GuardBlocked(check("Are you hiring? I've attached my resume."))
    assert "(job-ask, resume-offer)" in str(error)


@pytest.fixture
def silent_smtp(settings):
    """A mail server that takes the connection and then never says a word."""
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "rapport.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = listener.getsockname()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SMTP_ENABLED, settings.EMAIL_TIMEOUT = True, 1
    yield
    for connection, _ in accepted:
        connection.close()
    listener.close()


def test_a_silent_mail_server_keeps_the_draft_and_says_why(dana_client, demo, silent_smtp):
    maria = demo["Maria Okafor"]
    before = maria.touches.count()
    typed = {
        "subject": "Fellow UMass history major",
        "body": "Dear Ms. Okafor, would you have 20 minutes to talk about your work?",
        "action": "smtp",
    }
    response = dana_client.post(
        reverse("compose-send", args=[maria.pk]), {**typed, "override": "1"}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "the mail server did not answer within 1 seconds; the draft is kept" in page
    assert typed["subject"] in page and "would you have 20 minutes" in page
    assert maria.touches.count() == before


def test_an_account_sends_at_most_the_hourly_limit(dana_client, demo, smtp, settings):
    settings.SEND_LIMIT_PER_HOUR = 2
    maria = demo["Maria Okafor"]
    draft = services.drafts_for(maria)["email"][0]
    typed = {"subject": draft.subject, "body": draft.text, "action": "smtp"}
    url = reverse("compose-send", args=[maria.pk])
    assert [dana_client.post(url, typed).status_code for _ in range(2)] == [302, 302]
    refused = dana_client.post(url, typed)
    assert refused.status_code == 422
    assert "Rapport sends at most 2 an hour; the draft is kept" in refused.content.decode()
    assert len(smtp.messages) == 2


def compose_page(client, contact, moment=""):
    url = reverse("compose", args=[contact.pk]) + (f"?moment={moment}" if moment else "")
    return client.get(url).content.decode()


def editor_text(page: str) -> str:
    """The subject and body the compose page puts in its editor."""
    import html
    import re

    subject = re.search(r'id="id_subject" name="subject" value="([^"]*)"', page).group(1)
    body = re.search(r'<textarea id="id_body" name="body"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(f"{subject}\n{body.group(1)}")


def test_the_follow_up_replies_in_the_first_emails_thread_without_a_new_introduction(
    dana_client, demo, now
):
    grace = demo["Grace Liu"]  # e-mailed 12 days ago (a note logged by hand), no answer
    page = compose_page(dana_client, grace)  # what the agenda's "Write the follow-up" opens
    assert 'aria-current="page">Follow-up<' in page
    subject, _, body = editor_text(page).partition("\n")
    assert subject == "Following up"  # no subject was kept with the note
    assert ">" not in body and "(below)" not in body  # a note is not quoted as the e-mail
    first = Message("A question about the statehouse beat", "Dear Grace,\n\nAs a fellow alum…")
    services.record_sent(grace.owner, grace, first, now)
    subject, _, body = editor_text(compose_page(dana_client, grace)).partition("\n")
    assert subject == "Re: A question about the statehouse beat"
    assert "my message of Wednesday 25 November (below)" in body
    assert "Dana Brown wrote:\n> Dear Grace," in body  # the first e-mail, quoted
    assert "I'm Dana Brown" not in body and "junior" not in body
    assert body.startswith("Dear Grace,")
    assert "'14" not in body  # the contact's class year is never written as Dana's


def test_someone_already_met_gets_a_warm_note_not_a_cold_introduction(dana_client, demo):
    joe = demo["Joe Serra"]  # a family friend: calls and a meeting on his timeline
    text = editor_text(compose_page(dana_client, joe))
    assert text.split("\n", 1)[1].startswith("Dear Joe,")
    for introduction in ("I'm Dana", "My name is", "a junior at", "which is why I'm writing"):
        assert introduction not in text


def test_a_first_contact_says_only_what_is_true_of_the_student(dana_client, demo):
    hannah = demo["Hannah Fischer"]  # a journalist; Dana's interests are policy
    text = editor_text(compose_page(dana_client, hannah, "first"))
    assert "exploring journalism" not in text
    assert "exploring careers" not in text  # neither of Dana's interests is Hannah's field
    assert "We met at the community forum on housing." in text  # where they met, said so
    assert "in common (" not in text and "which is why I'm writing" not in text
    assert "Dear Hannah," in text and "Dear Hannah Fischer" not in text
    assert "a junior at the University of Massachusetts Amherst" in text


def test_a_first_contact_names_the_students_interest_that_fits_the_contact(demo):
    # Dana lists "public policy, government": Sam works in government, Maria in policy.
    sam = services.drafts_for(demo["Sam Whitaker"])["email"][0].text
    assert "exploring careers in government." in sam and "public policy" not in sam
    maria = services.drafts_for(demo["Maria Okafor"])["email"][0].text
    assert "exploring careers in public policy." in maria
    # A sound bite is said face to face too: the referrer suggested we talk, not a call.
    drafts = services.drafts_for(demo["Maria Okafor"])
    assert "Joe Serra suggested we talk." in drafts["soundbite"][0].text
    assert "Joe Serra suggested I call." in drafts["phone"][0].text


def test_a_linkedin_connection_is_said_as_one_not_as_something_shared(dana_client, dana):
    lee = contacts.save_contact(dana, Contact(name="Lee Chen", source="linkedin"))
    page = compose_page(dana_client, lee, "first")
    assert "Opening with your connection on LinkedIn" in page
    assert "what you share: <strong>LinkedIn" not in page
    assert f'href="/contacts/{lee.pk}/#add-commonality"' in page


def test_a_contact_without_an_address_is_offered_a_way_to_add_one(dana_client, dana):
    lee = contacts.save_contact(dana, Contact(name="Lee Chen"))
    page = compose_page(dana_client, lee, "first")
    assert "(no e-mail address yet)" in page
    assert f'<a href="/contacts/{lee.pk}/edit/">Add their address</a>' in page


def test_a_title_in_the_name_is_used_in_a_first_contact(dana_client, demo):
    text = editor_text(compose_page(dana_client, demo["Prof. Alan Dwight"], "first"))
    assert "Dear Professor Dwight," in text


def test_a_referrer_hears_how_it_went_with_the_person_they_suggested(dana_client, demo, now):
    joe, maria = demo["Joe Serra"], demo["Maria Okafor"]
    contacts.log_touch(maria.owner, maria, "meeting", now, "Video meeting, 20 minutes")
    page = compose_page(dana_client, joe, "report-back")
    text = editor_text(page)
    assert text.startswith("Thank you for suggesting ")
    assert "Thank you again for suggesting I talk with" in text
    assert "We spoke on Wednesday 25 November" in text
    # Someone who suggested nobody is not offered a report back.
    assert "Tell them how it went" not in compose_page(dana_client, demo["Hannah Fischer"])


def test_the_moment_asked_is_checked_as_that_moment_when_sent(dana_client, demo, smtp):
    grace = demo["Grace Liu"]
    response = dana_client.post(
        reverse("compose-send", args=[grace.pk]),
        {
            "subject": "Re: Asked about covering the statehouse",
            "body": "Dear Grace,\n\nI'm writing once more about my note below. Would 15 minutes "
            "at your convenience suit you to hear about your work?\n\nThank you,\nDana",
            "kind": "follow-up",
            "action": "smtp",
        },
    )
    assert response.status_code == 302  # no connection-first or self-intro rule for a reply
    assert grace.touches.filter(kind="email_sent").count() == 2


def test_cli_drafts_each_moment(dana, demo):
    from click.testing import CliRunner

    from rapport.cli import cli

    def draft(kind: str, name: str) -> str:
        result = CliRunner().invoke(cli, ["draft", kind, str(demo[name].pk), "--user", dana.email])
        assert result.exit_code == 0, result.output
        return result.output

    assert draft("follow-up", "Grace Liu").startswith("Subject: Following up\n\nDear Grace,")
    assert "I'm Dana" not in draft("keep-in-touch", "Joe Serra")
    assert "Thank you again for suggesting I talk with" in draft("report-back", "Joe Serra")


def test_after_a_first_email_the_page_says_what_happens_next(dana_client, demo, now):
    hannah = demo["Hannah Fischer"]  # at The Valley Ledger, never written to
    response = dana_client.post(
        reverse("compose-send", args=[hannah.pk]),
        {"subject": "s", "body": "b", "action": "record", "override": "1", "kind": "email"},
        follow=True,
    )
    page = response.content.decode()
    # Wed 25 Nov: 3 business days is Mon 30 Nov, 7 is Fri 4 Dec (in New York).
    waiting = "Waiting for Hannah&#x27;s reply; if not by Mon 30 Nov, you may try someone else"
    assert f"{waiting} at The Valley Ledger." in page
    assert "one follow-up on Fri 4 Dec" in page
    # Maria has replied: an e-mail to her waits on no one (3B7 chases an unanswered ask).
    maria = demo["Maria Okafor"]
    assert maria.touches.filter(kind="reply_received").exists()
    page = dana_client.post(
        reverse("compose-send", args=[maria.pk]),
        {"subject": "s", "body": "b", "action": "record", "override": "1", "kind": "email"},
        follow=True,
    ).content.decode()
    assert "Added to the timeline as sent." in page and "Waiting for" not in page


def test_only_the_moments_the_timeline_makes_true_are_offered(dana_client, demo, now):
    hannah = demo["Hannah Fischer"]  # never written to, never heard from
    page = compose_page(dana_client, hannah, "follow-up")
    assert 'aria-current="page">First contact<' in page  # not a follow-up to nothing
    assert ">Follow-up<" not in page and ">Keep in touch<" not in page
    services.record_sent(hannah.owner, hannah, Message("Hello", "Dear Hannah"), now)
    assert 'aria-current="page">Follow-up<' in compose_page(dana_client, hannah)
    contacts.log_touch(hannah.owner, hannah, "reply_received", now, "Glad to talk")
    page = compose_page(dana_client, hannah)
    assert ">Follow-up<" not in page  # she answered: nothing to follow up
    assert 'aria-current="page">Keep in touch<' in page
    assert "Thank you again for your note" in editor_text(page)  # not "it has been a while"


def test_an_address_beyond_ascii_goes_with_smtputf8_where_the_server_offers_it(
    dana_client, dana, smtp_utf8
):
    zoe = contacts.save_contact(dana, Contact(name="Zoë Lambert", email="zoë@bücher.de"))
    message = {"subject": "Hello", "body": "Dear Zoë", "kind": "email", "override": "1"}
    response = dana_client.post(
        reverse("compose-send", args=[zoe.pk]), {**message, "action": "smtp"}
    )
    assert response.status_code == 302, response.content.decode()[:400]
    [wire] = smtp_utf8.wire
    assert "SMTPUTF8" in wire.mail_options and wire.mail_from == "dana@example.edu"
    assert wire.rcpt_tos == ["zoë@xn--bcher-kva.de"]  # the domain as DNS knows it
    assert "To: Zoë Lambert <zoë@bücher.de>\r\n".encode() in wire.content  # UTF-8, as written
    assert b"=?utf-8?" not in wire.content.split(b"\r\n\r\n")[0]  # no encoded-word address
    headers = headers_of(wire)
    [to] = headers["To"].addresses
    assert (to.display_name, to.username, to.domain) == ("Zoë Lambert", "zoë", "bücher.de")
    assert headers["Reply-To"].addresses[0].addr_spec == "dana@example.edu"
    [received] = smtp_utf8.messages
    assert received["Subject"] == "Hello" and text_of(received).strip() == "Dear Zoë"
    assert zoe.touches.get().kind == "email_sent"


def test_without_smtputf8_an_address_beyond_ascii_is_refused_and_nothing_changes(
    dana_client, dana, smtp
):
    zoe = contacts.save_contact(dana, Contact(name="Zoë Lambert", email="zoë@example.org"))
    message = {"subject": "Hello", "body": "Dear Zoë", "kind": "email", "override": "1"}
    response = dana_client.post(
        reverse("compose-send", args=[zoe.pk]), {**message, "action": "smtp"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "zoë@example.org has letters beyond A to Z before the @" in page
    assert "does not offer SMTPUTF8" in page and "Open in my mail program" in page
    assert "Dear Zoë" in page  # the draft is kept
    assert not zoe.touches.exists() and not smtp.wire
    mailto = dana_client.post(
        reverse("compose-send", args=[zoe.pk]), {**message, "action": "mailto"}
    )
    assert mailto["Location"].startswith("mailto:zo%C3%AB%40example.org")
    eml = dana_client.post(reverse("compose-send", args=[zoe.pk]), {**message, "action": "eml"})
    assert eml.status_code == 200
    assert (
        "To: Zoë Lambert <zoë@example.org>\r\n".encode() in eml.content
    )  # a mail program reads it
    parsed = email.message_from_string(eml.content.decode(), policy=policy.default)
    assert parsed["To"].addresses[0].username == "zoë" and parsed["X-Unsent"] == "1"


def test_the_students_own_address_beyond_ascii_needs_smtputf8_too(
    dana, now, smtp, smtp_utf8, settings
):
    User.objects.filter(pk=dana.pk).update(email="dána@example.edu")
    dana.refresh_from_db()
    maria = contacts.save_contact(dana, Contact(name="Maria Okafor", email="maria@example.org"))
    hello = Message("Hello", "Dear Maria")
    settings.EMAIL_PORT = smtp.port
    with pytest.raises(RapportError, match=r"dána@example\.edu has letters beyond A to Z"):
        services.send_email(dana, maria, hello, now, override=True)
    assert not maria.touches.exists() and not smtp.wire
    settings.EMAIL_PORT = smtp_utf8.port
    services.send_email(dana, maria, hello, now, override=True)
    [wire] = smtp_utf8.wire
    assert wire.mail_from == "dána@example.edu" and wire.rcpt_tos == ["maria@example.org"]
    assert "Reply-To: Dana Brown <dána@example.edu>\r\n".encode() in wire.content
    assert maria.touches.count() == 1


def test_a_voicemail_without_a_phone_number_links_to_the_profile(dana_client, dana, demo):
    dana.phone = ""
    dana.save(update_fields=["phone"])
    page = compose_page(dana_client, demo["Hannah Fischer"], "first")
    assert f'<a href="{reverse("profile")}">add it</a>' in page
    assert "warning: Say your phone number twice" not in page


def test_a_note_to_keep_in_touch_says_when_you_last_talked_if_lately(dana_client, dana, now):
    """Straight after a meeting and its thank-you the page says a note would come early and
    leaves the day it is due to the agenda (which counts snoozes and a tag's cadence); a
    month on, it says nothing of it."""
    from datetime import timedelta

    from rapport.contacts import services as contacts
    from rapport.contacts.models import Contact

    nadia = contacts.save_contact(dana, Contact(name="Nadia Haddad"))
    contacts.log_touch(dana, nadia, "meeting", now - timedelta(hours=3), "Coffee")
    contacts.log_touch(dana, nadia, "thank_you", now - timedelta(minutes=5), "Thanked her")
    url = reverse("compose", args=[nadia.pk]) + "?moment=keep-in-touch"
    body = dana_client.get(url).content.decode()
    assert "<strong>You were last in touch today</strong>: the agenda tells you when" in body
    omar = contacts.save_contact(dana, Contact(name="Omar Reyes"))
    contacts.log_touch(dana, omar, "call", now - timedelta(days=31), "Phoned")
    url = reverse("compose", args=[omar.pk]) + "?moment=keep-in-touch"
    assert "You were last in touch" not in dana_client.get(url).content.decode()
