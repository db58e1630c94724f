"""What the review saw break on a phone, measured: one line of menu, buttons and headers
that keep their words whole, chart text that can be read, focus that stays put."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from rapport import clock
from rapport.contacts.models import Contact
from rapport.meetings.models import Meeting
from rapport.meetings.services import schedule_meeting
from tests.browser.test_journey import set_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Body text is 16 px; a line of it with its leading is about 24 px.
ONE_LINE = 30
#: The smallest chart text we call legible, in CSS pixels as shown.
LEGIBLE = 11


@pytest.fixture
def meeting(page) -> Meeting:
    set_up(page, demo=True)
    page.get_by_text("demo contacts are loaded").wait_for()
    maria = Contact.objects.get(name="Maria Okafor")
    return schedule_meeting(maria.owner, maria, Meeting(starts_at=clock.now() + timedelta(days=1)))


def height(locator) -> float:
    return locator.bounding_box()["height"]


def test_on_a_phone_nothing_breaks_mid_word_and_the_menu_is_one_line(page, meeting, shot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/meetings/{meeting.pk}/")
    assert height(page.locator("header.site")) < 60  # was three lines of links
    assert height(page.get_by_role("button", name="Add", exact=True)) < ONE_LINE  # was A/d/d
    assert height(page.get_by_role("button", name="Propose a fresh set")) < ONE_LINE
    shot(page, "phone-meeting")
    page.goto("/dashboard/")
    for header in page.locator("table.numbers th").all():
        assert height(header) < ONE_LINE + 8, header.inner_text()  # was Iden/tifie/d
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out
    # The menu folds behind one button; opened, every page of it is in view at once.
    page.goto("/next/")
    menu = page.get_by_role("button", name="Menu")
    expect(page.get_by_role("link", name="Progress")).to_be_hidden()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    for name in ["Agenda", "Contacts", "Ask next", "Progress", "Organizations"]:
        expect(page.get_by_role("link", name=name, exact=True)).to_be_in_viewport()
    expect(page.get_by_role("button", name="Log out")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1200, "height": 900})
    expect(menu).to_be_hidden()  # a laptop shows the menu itself
    expect(page.get_by_role("link", name="Progress")).to_be_visible()


@pytest.mark.parametrize("width", [390, 1200])
def test_a_contacts_address_reads_on_one_line_in_its_card(page, meeting, width):
    """The facts sat in two columns in a card a third of the page wide (or a phone's), and
    "maria.okafor@example.org" broke after the "@"."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/contacts/{meeting.contact_id}/")
    assert height(page.locator("dl.facts a[href^='mailto:']")) < ONE_LINE


@pytest.mark.parametrize("width", [390, 1200])
def test_chart_text_can_be_read_on_a_phone_and_a_laptop(page, meeting, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/dashboard/")
    sizes = page.eval_on_selector_all(
        "svg.chart text", "texts => texts.map(t => t.getBoundingClientRect().height)"
    )
    assert sizes and min(sizes) >= LEGIBLE, sizes  # were about 5 px in a card


def test_focus_comes_back_to_the_question_moved_or_added(page, meeting):
    page.goto(f"/meetings/{meeting.pk}/")
    third = list(meeting.questions.all())[2]
    page.locator(f"#q-{third.pk}-up").focus()
    for place in (1, 0):
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state("load")
        expect(page.locator(f"#q-{third.pk}-up")).to_be_focused()  # press again to move it again
        assert list(meeting.questions.all()).index(third) == place

    page.get_by_label("Your own question").fill("What do you read each week?")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    added = meeting.questions.get(text="What do you read each week?")
    expect(page.locator(f"#q-{added.pk}")).to_be_focused()


def test_a_mistake_far_down_a_page_is_brought_into_view(page, meeting):
    # "What you share" sits below the fold of a contact's page: sent back with a mistake,
    # the page used to open at its top, the mistake out of sight.
    page.set_viewport_size({"width": 390, "height": 844})
    # The compose page's "add what you share" links here: the form is open, not folded.
    page.goto(f"/contacts/{meeting.contact_id}/#add-commonality")
    page.locator("#commonalities form").get_by_role("button", name="Add").click()
    detail = page.locator(
        "#commonalities .field.invalid input, #commonalities .field.invalid select"
    ).first
    expect(detail).to_be_focused()
    expect(detail).to_be_in_viewport()
