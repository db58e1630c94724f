"""Before a meeting, in a real browser: schedule, questions, the prep folder on paper, practice."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rapport.contacts.models import Contact
from rapport.meetings.models import PracticeRun
from tests.browser.test_journey import set_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_schedule_prepare_print_and_practise(page, shot):
    set_up(page, demo=True)
    maria = Contact.objects.get(name="Maria Okafor")
    page.goto(f"/contacts/{maria.pk}/")
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Length (minutes)").fill("20")
    page.get_by_label("Mode").select_option("phone")
    page.get_by_role("button", name="Save the meeting").click()
    page.get_by_text("Meeting saved").wait_for()
    questions = page.locator("ol.questions > li")
    assert 5 <= questions.count() <= 8
    assert "two or three other people" in questions.last.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Invitation (.ics)").click()
    assert download.value.suggested_filename.endswith(".ics")

    page.get_by_role("link", name="Prep folder").click()
    page.get_by_text("Resume: bring it in your folder, do not offer it.").wait_for()
    page.emulate_media(media="print")
    shot(page, "prep-folder-print")
    assert not page.get_by_role("button", name="Print").is_visible()  # not on paper
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Back to the meeting").click()
    page.get_by_role("link", name="Practice").click()
    timer, start = (
        page.locator("[data-timer]"),
        page.get_by_role("button", name="Start", exact=True),
    )
    next_card = page.get_by_role("button", name="Next card")
    page.wait_for_timeout(1_500)
    expect(timer).to_have_text("0:00")  # the clock waits for Start, not the page
    expect(next_card).to_be_hidden()
    start.click()  # before the friend is named: asks for the name, starts nothing
    expect(page.get_by_label("Practicing with")).to_be_focused()
    expect(start).to_be_visible()
    page.get_by_label("Practicing with").fill("Aisha")
    start.click()
    expect(timer).not_to_have_text("0:00")
    expect(start).to_be_hidden()
    page.get_by_label("Focused").first.check()
    cards = page.locator("[data-card]")
    for shown in range(1, cards.count()):
        next_card.click()
        expect(cards.nth(shown)).to_be_visible()
    # The last card: nothing to go on to, and the focus is on saving.
    expect(next_card).to_be_hidden()
    expect(page.get_by_role("button", name="Save this practice")).to_be_focused()
    shot(page, "practice")
    page.get_by_role("button", name="Save this practice").click()
    page.get_by_text("Practice saved").wait_for()
    run = PracticeRun.objects.get()
    assert run.friend == "Aisha" and run.seconds >= 1
    assert run.answers.filter(focused=True).count() == 1


def test_adding_an_empty_question_says_so_at_the_field_and_proposing_still_works(page):
    set_up(page, demo=True)
    meeting = Contact.objects.get(name="Maria Okafor").meetings.get()
    page.goto(f"/meetings/{meeting.pk}/")
    field = page.get_by_label("Your own question")
    page.get_by_role("button", name="Add", exact=True).click()
    # The browser stops the form at the empty field (it used to post, and the reason showed
    # at the top of the page while the focus went to the field at the bottom).
    assert field.evaluate("field => field.validity.valueMissing")
    assert page.url.endswith(f"/meetings/{meeting.pk}/")
    count = page.locator("ol.questions > li").count()
    page.get_by_role("button", name="Propose a fresh set").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/#questions")
    assert page.locator("ol.questions > li").count() >= min(count, 5)
