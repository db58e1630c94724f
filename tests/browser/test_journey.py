"""The first journey, in a real browser: set up, add a contact, find them, edit, delete."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rapport.accounts.models import User
from rapport.contacts.models import Contact
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def set_up(page, demo: bool = False) -> None:
    page.goto("/")
    page.get_by_label("Name").fill("Dana Brown")
    page.get_by_label("E-mail").fill("dana@example.edu")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password_again").fill(PASSWORD)
    page.get_by_label("School").fill("University of Massachusetts Amherst")
    page.get_by_label("Year").select_option("junior")
    page.get_by_label("Major").fill("History")
    if demo:
        page.get_by_label("Fill my account with a fictional demo network").check()
    page.get_by_role("button", name="Create my account").click()


def test_set_up_add_a_contact_and_find_them_by_search(page, shot):
    set_up(page)
    page.get_by_text("Nothing is due").wait_for()  # the agenda is the home page
    page.get_by_role("link", name="Add your first contact").click()
    page.get_by_label("Name").fill("Maria Okafor")
    page.get_by_label("Organization").fill("Harbor Policy Institute")
    page.get_by_label("Role").fill("Policy analyst")
    page.get_by_label("Tags").fill("policy, dc")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Maria Okafor").wait_for()
    shot(page, "contact-page")

    page.get_by_role("link", name="Contacts", exact=True).click()
    page.get_by_role("link", name="Add a contact").click()
    page.get_by_label("Name").fill("Joe Serra")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Contacts", exact=True).click()
    page.wait_for_load_state("load")  # the shortcut lives in a deferred script

    page.keyboard.press("/")  # the search shortcut
    expect(page.locator("#id_q")).to_be_focused()
    page.keyboard.type("harbor")
    results = page.locator("#results tbody tr")
    results.filter(has_text="Maria Okafor").wait_for()
    expect(results).to_have_count(1)
    assert "q=harbor" in page.url
    shot(page, "search")


def test_a_bad_form_keeps_what_was_typed(page):
    set_up(page)
    page.goto("/contacts/new/")
    page.get_by_label("Role").fill("Legislative aide")
    page.get_by_label("E-mail").fill("not an address")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("nothing was saved").wait_for()
    assert page.get_by_label("Role").input_value() == "Legislative aide"
    assert page.get_by_label("E-mail").input_value() == "not an address"
    assert Contact.objects.count() == 0


def test_edit_and_delete_a_demo_contact_on_a_phone(browser, live_server, shot):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    set_up(page, demo=True)
    page.goto("/contacts/")
    page.get_by_role("link", name="Joe Serra").click()
    shot(page, "phone-contact")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Role").fill("Planning director")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Planning director at").wait_for()

    page.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete Joe Serra").click()
    page.get_by_text("Deleted Joe Serra").wait_for()
    owner = User.objects.get()
    assert not Contact.objects.filter(owner=owner, name="Joe Serra").exists()
    assert Contact.objects.filter(owner=owner).count() == 11
    shot(page, "phone-list")
    context.close()
