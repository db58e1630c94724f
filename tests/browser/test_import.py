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


def test_a_file_with_unusable_cells_is_previewed_and_imported_with_them_in_notes(
    page, shot, tmp_path
):
    source = tmp_path / "Connections.csv"
    source.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        "Ann,Lee,,ann@@example.org,Acme,Analyst,04 Sep 2026\r\n"
        "Zoë,Lambert,,zoë@example.org,Acme,Economist,31 Feb 2026\r\n"
        "Cy,Diaz,,cy@example.org,,,\r\n",
        encoding="utf-8",
    )
    set_up(page)
    page.get_by_role("link", name="Import from LinkedIn, your phone or Google").click()
    page.get_by_label("LinkedIn connections").check()
    page.get_by_label("File").set_input_files(str(source))
    page.get_by_role("button", name="Preview the import").click()
    table = page.get_by_role("table", name="Values that cannot be used")
    table.wait_for()
    rows = table.locator("tbody tr")
    assert rows.count() == 2
    assert "ann@@example.org" in rows.nth(0).inner_text().replace("\u200b", "")
    assert "31 Feb 2026" in rows.nth(1).inner_text()
    shot(page, "import-preview-unusable")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "import-preview-unusable-phone")
    page.set_viewport_size({"width": 1200, "height": 900})
    assert Contact.objects.count() == 0
    page.get_by_role("button", name="Import 3 new, merge 0, keep 2 values in notes").click()
    page.wait_for_load_state("load")
    page.get_by_text("2 values kept in notes").wait_for()
    ann = Contact.objects.get(name="Ann Lee")
    assert "ann@@example.org" in ann.notes and ann.email == ""
    assert Contact.objects.get(name="Zoë Lambert").email == "zoë@example.org"
