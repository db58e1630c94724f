"""Writing to a contact in a real browser: the guard highlights a job ask as it is typed."""

from __future__ import annotations

import pytest

from rapport.contacts.models import Contact
from tests.browser.test_journey import set_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_are_you_hiring_is_highlighted_and_the_suggestion_replaces_it(page, shot):
    set_up(page, demo=True)
    elena = Contact.objects.get(name="Elena Vasquez")  # not written to yet
    page.goto(f"/contacts/{elena.pk}/compose/?moment=first")
    page.get_by_text("The guard has nothing to add.").wait_for()
    body = page.get_by_label("Message")
    body.press("Control+End")
    body.type(" Are you hiring?")
    page.locator("#guard mark", has_text="Are you hiring?").wait_for(timeout=5000)
    shot(page, "composer-flagged")
    assert page.get_by_text("Send anyway").is_visible()
    # One click on the suggestion puts a question about their work in its place.
    page.locator("#guard [data-apply-suggestion]").first.click()
    page.get_by_text("The guard has nothing to add.").wait_for(timeout=3000)
    assert "Are you hiring?" not in body.input_value()
