"""Notes typed on a phone with no connection reach the server once it returns, untouched."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from rapport import clock
from rapport.contacts.models import Contact
from rapport.meetings.models import Meeting, MeetingQuestion
from rapport.meetings.services import schedule_meeting
from tests.browser.test_journey import set_up
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Well under the page's 15-second retry timer: what arrives this fast was sent because the
#: connection came back, not because the timer happened to fire.
PROMPTLY_MS = 5_000
SAVED = re.compile(r"^Saved \d\d:\d\d\.$")


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    yield context
    context.close()


def meeting_notes(page) -> Meeting:
    set_up(page, demo=True)
    maria = Contact.objects.get(name="Maria Okafor")
    # Begun five minutes ago: an end now is after its start, not a move to earlier.
    began = clock.now() - timedelta(minutes=5)
    meeting = schedule_meeting(maria.owner, maria, Meeting(starts_at=began))
    page.goto(f"/meetings/{meeting.pk}/notes/")
    page.wait_for_load_state("load")  # rapport.js is deferred
    return meeting


def note_on_server(question: MeetingQuestion) -> str:
    # As a browser sends a textarea: its line breaks as CR LF.
    return MeetingQuestion.objects.get(pk=question.pk).note.replace("\r\n", "\n")


def test_notes_typed_offline_are_sent_when_the_connection_returns(
    phone, browser, live_server, shot
):
    page = phone.new_page()
    meeting = meeting_notes(page)
    first, *_, last = meeting.questions.all()
    status = page.locator("[data-save-status]")

    page.locator(f"#note-{first.pk}").type("Mornings: budget hearings.")
    expect(status).to_have_text(SAVED)
    assert note_on_server(first) == "Mornings: budget hearings."

    phone.set_offline(True)
    page.locator(f"#note-{last.pk}").type("Ask Lena about the Rennie Center.")
    expect(status).to_contain_text("Not saved yet — offline; will send when the connection returns")
    expect(status).to_be_in_viewport()  # sticky: seen while typing at the last question
    shot(page, "phone-notes-offline")
    page.wait_for_timeout(1_500)  # past the pause after typing: nothing could have been sent
    assert note_on_server(last) == ""

    phone.set_offline(False)  # and no more typing
    expect(status).to_have_text(SAVED, timeout=PROMPTLY_MS)
    assert note_on_server(last) == "Ask Lena about the Rennie Center."
    assert (
        page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('rapport-note'))") == []
    )

    # A fresh browser with nothing kept locally sees it too: it came from the server.
    laptop = browser.new_context(base_url=live_server.url)
    try:
        other = laptop.new_page()
        other.goto("/login/")
        other.get_by_label("E-mail").fill("dana@example.edu")
        other.get_by_label("Password").fill(PASSWORD)
        other.get_by_role("button", name="Log in").click()
        other.goto(f"/meetings/{meeting.pk}/notes/")
        expect(other.locator(f"#note-{last.pk}")).to_have_value("Ask Lena about the Rennie Center.")
    finally:
        laptop.close()


def test_notes_kept_in_the_browser_are_sent_when_the_page_opens(phone):
    """Typed offline, then the page was closed: the next visit sends what the server lacks."""
    page = phone.new_page()
    meeting = meeting_notes(page)
    question = meeting.questions.first()
    page.get_by_role("button", name="Start the clock").click()
    draft = {"text": "Start at the state house.", "base": ""}
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [f"rapport-note-{question.pk}", json.dumps(draft)],
    )
    page.reload()
    field = page.locator(f"#note-{question.pk}")
    expect(field).to_have_value("Start at the state house.")
    expect(page.locator("[data-save-status]")).to_have_text(SAVED)
    assert note_on_server(question) == "Start at the state house."
    expect(field).not_to_have_class("restored")
    # The clock kept running through the reload, and offers no second start.
    expect(page.locator("[data-start-clock]")).to_be_hidden()
    expect(page.locator("[data-timer]")).not_to_have_text("0:00")


def test_a_note_changed_elsewhere_meanwhile_keeps_both_versions(phone):
    page = phone.new_page()
    meeting = meeting_notes(page)
    question = meeting.questions.first()
    MeetingQuestion.objects.filter(pk=question.pk).update(note="Typed on the laptop.")
    draft = {"text": "Typed on the phone.", "base": ""}
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [f"rapport-note-{question.pk}", json.dumps(draft)],
    )
    page.reload()
    expect(page.locator("[data-save-status]")).to_have_text(SAVED)
    assert note_on_server(question) == "Typed on the laptop.\n\nTyped on the phone."


def clock_kept(page, meeting: Meeting):
    return page.evaluate(f"localStorage.getItem('rapport-clock-{meeting.pk}')")


def test_the_clock_resets_and_is_put_away_once_the_meeting_is_done(phone):
    page = phone.new_page()
    meeting = meeting_notes(page)
    timer, start = page.locator("[data-timer]"), page.locator("[data-start-clock]")
    reset = page.get_by_role("button", name="Reset the clock")
    expect(reset).to_be_hidden()
    start.click()
    expect(timer).not_to_have_text("0:00")
    assert clock_kept(page, meeting)
    reset.click()
    expect(timer).to_have_text("0:00")
    expect(start).to_be_visible()
    expect(reset).to_be_hidden()
    assert clock_kept(page, meeting) is None
    page.wait_for_timeout(1_500)
    expect(timer).to_have_text("0:00")  # stopped, not only set back

    start.click()
    expect(timer).not_to_have_text("0:00")
    page.get_by_role("button", name="The meeting is over").click()
    page.get_by_role("button", name="It ended then").click()
    page.locator("#followup").wait_for()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.DONE

    page.goto(f"/meetings/{meeting.pk}/notes/")
    page.wait_for_load_state("load")
    page.locator("[data-clock-put-away]").wait_for()
    expect(page.locator("[data-timer]")).to_have_count(0)
    expect(page.locator("[data-start-clock]")).to_have_count(0)
    assert clock_kept(page, meeting) is None
