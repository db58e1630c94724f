"""On a phone-sized screen: notes during a meeting, skill words, referrals, the thank-you."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rapport.contacts.models import Contact, Referral
from rapport.meetings.models import Meeting, MeetingQuestion, Suggestion
from rapport.meetings.services import schedule_meeting
from rapport.outreach.services import drafts_for
from tests.browser.conftest import PATIENCE_MS
from tests.browser.test_journey import set_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_notes_skill_words_referrals_and_the_thank_you_on_a_phone(browser, live_server, shot):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(PATIENCE_MS)
    page = context.new_page()
    set_up(page, demo=True)
    maria = Contact.objects.get(name="Maria Okafor")
    from rapport import clock

    # Begun five minutes ago: an end now is after its start, not a move to earlier.
    meeting = schedule_meeting(
        maria.owner, maria, Meeting(starts_at=clock.now() - timedelta(minutes=5))
    )
    page.goto(f"/meetings/{meeting.pk}/notes/")
    page.get_by_role("button", name="Start the clock").click()
    first = meeting.questions.first()
    page.locator(f"#note-{first.pk}").type("Success takes data analysis and public speaking.")
    page.locator("#heard mark", has_text="public speaking").wait_for()
    shot(page, "phone-notes")
    assert MeetingQuestion.objects.get(pk=first.pk).note.startswith("Success takes")
    page.get_by_role("button", name="The meeting is over").click()
    page.get_by_role("button", name="It ended then").click()
    page.get_by_text("Marked done.").wait_for()
    assert page.url.endswith(f"/meetings/{meeting.pk}/#followup")
    for name, permission in [("Elena Vasquez", "yes"), ("Tom Brennan", "no")]:
        page.get_by_role("textbox", name="Name", exact=True).fill(name)
        page.get_by_label("May you use").select_option(permission)
        page.get_by_role("button", name="Add the referral").click()
        # Both are in the demo network already: linked, not added twice.
        page.get_by_text(f"{name} was already among your contacts").wait_for()
    for text in ["Read the CRS report on transit", "Join the state planning association"]:
        page.get_by_label("What they suggested").fill(text)
        page.get_by_role("button", name="Keep it").click()
        page.get_by_text("Suggestion kept").wait_for()
    assert Referral.objects.filter(referrer=maria).count() == 2
    assert Suggestion.objects.filter(meeting=meeting).count() == 2

    page.get_by_role("link", name="Write the thank-you").click()
    body = page.get_by_label("Message").input_value()
    assert "data analysis" in body.lower() or "success takes" in body.lower()
    page.get_by_text("The guard has nothing to add.").wait_for()
    shot(page, "phone-thank-you")
    tom = Contact.objects.get(name="Tom Brennan")
    assert all("Maria" not in d.full_text for drafts in drafts_for(tom).values() for d in drafts)
    context.close()
