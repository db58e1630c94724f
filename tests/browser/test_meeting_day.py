"""The day of a meeting, in a real browser: it is on the agenda, one tap opens the notes, and
"The meeting is over" asks when it ended (and, before its planned start, whether to move it)
and puts the thank-you 12 hours after that."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from rapport import clock
from rapport.contacts.models import Contact
from rapport.core import when
from rapport.core.schedule import thank_you_due
from rapport.meetings.models import Meeting
from tests.browser.conftest import go_to
from tests.browser.test_journey import set_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ZONE = "America/New_York"


@pytest.mark.parametrize("width", [1200, 390])
def test_tomorrows_meeting_from_the_agenda_to_the_thank_you(browser, live_server, shot, width):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}, timezone_id=ZONE
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    set_up(page, demo=True)
    zone = ZoneInfo(ZONE)
    sam = Contact.objects.get(name="Sam Whitaker")
    assert sam.owner.time_zone == ZONE  # taken from the browser at set-up

    page.goto(f"/contacts/{sam.pk}/")
    page.get_by_role("link", name="Schedule a meeting").click()
    tomorrow = (clock.now().astimezone(zone) + timedelta(days=1)).replace(hour=11, minute=0)
    page.get_by_label("When").fill(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Mode").select_option("phone")
    page.get_by_label("Place, number or link").fill("+1 617 555 0100")
    page.get_by_role("button", name="Save the meeting").click()
    page.get_by_text("Meeting saved").wait_for()
    meeting = Meeting.objects.get(contact=sam)

    go_to(page, "Agenda")
    heading = page.get_by_role("heading", name="Meetings in the next 7 days")
    meetings = page.locator("section", has=heading)
    row = meetings.locator("li", has_text="Sam Whitaker")
    row.get_by_text("Tomorrow at 11 a.m.").wait_for()
    shot(page, f"agenda-meeting-tomorrow-{width}")
    row.get_by_role("link", name="Take notes").click()

    first = meeting.questions.first()
    page.locator(f"#note-{first.pk}").fill("Success takes data analysis and public speaking.")
    page.get_by_text("Planned: Tomorrow at 11 a.m.").wait_for()  # under the button
    page.get_by_role("button", name="The meeting is over").click()
    page.get_by_role("heading", name="How did it go with Sam Whitaker?").wait_for()
    page.get_by_text("Its planned start is still to come").wait_for()
    ended_field = page.get_by_label("When did it end?")
    offered = ended_field.input_value()  # ended early: the moment of the click
    shot(page, f"when-did-it-end-{width}")
    page.get_by_role("button", name="It ended then").click()
    # Before its planned start: the page says what that does, and nothing changes yet.
    moves = page.get_by_role("alert")
    moves.get_by_text("This meeting was planned for tomorrow at 11 a.m.").wait_for()
    assert ended_field.input_value() == offered
    meeting.refresh_from_db()
    assert meeting.status == Meeting.SCHEDULED and meeting.starts_at > clock.now()
    shot(page, f"when-did-it-end-moves-it-{width}")
    page.get_by_role("button", name="Yes, it took place then: move it").click()

    meeting.refresh_from_db()
    assert meeting.status == Meeting.DONE
    assert meeting.ended_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M") == offered
    assert sam.touches.filter(kind="meeting").count() == 1
    deadline = when.deadline(thank_you_due(meeting.ended_at), clock.now(), zone)
    follow_up = page.locator("#followup")
    follow_up.get_by_text(f"Send it {deadline}").wait_for()
    follow_up.get_by_text("Success takes data analysis and public speaking.").wait_for()
    follow_up.locator("mark.skill", has_text="public speaking").wait_for()
    shot(page, f"meeting-follow-up-{width}")

    go_to(page, "Agenda")
    due_today = page.locator("section", has=page.get_by_role("heading", name="Due today"))
    item = due_today.locator("li", has_text="Sam Whitaker")
    item.get_by_text(deadline).wait_for()
    assert item.get_by_role("button", name="Snooze a week").count() == 0
    shot(page, f"agenda-thank-you-due-{width}")
    context.close()
