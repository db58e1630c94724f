"""Importing a LinkedIn export in a real browser: upload, preview, confirm, find them."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport.contacts.models import Contact
from tests.browser.test_journey import set_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DATA = Path(__file__).resolve().parent.parent / "data"


def test_import_a_linkedin_export_from_the_empty_list(page, shot):
    set_up(page)
    page.get_by_role("link", name="Import from LinkedIn, your phone or Google").click()
    page.get_by_label("LinkedIn connections").check()
    page.get_by_label("File").set_input_files(str(DATA / "linkedin_connections.csv"))
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_text("Nothing is written until you confirm.").wait_for()
    shot(page, "import-preview")
    assert Contact.objects.count() == 0
    page.get_by_role("button", name="Import 4 new, merge 0").click()
    page.get_by_text("4 new, 0 merged, 1 skipped").wait_for()
    page.wait_for_load_state("load")  # live search needs htmx, a deferred script
    page.get_by_label("Search").fill("weiss")
    page.locator("#results tbody tr").filter(has_text="Jürgen Weiß").wait_for()
    assert Contact.objects.count() == 4
