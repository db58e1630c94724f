"""One declaration of a contact's fields (rapport.core.contact_fields) and what reads it; imports
that set aside the cells they cannot use instead of refusing the file; ids from RETURNING."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
import time_machine
from click.testing import CliRunner
from django.db import connection

from rapport.cli import cli
from rapport.contacts import archive, imports
from rapport.contacts.forms import AS_TEXT, ContactForm
from rapport.contacts.imports import CONTACT_COLUMNS, import_contacts
from rapport.contacts.models import Contact
from rapport.core import contact_fields
from rapport.core.formats import ImportFailed
from rapport.database import insert_returning, stored

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def linkedin(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\r\n" for row in rows)).encode()


def test_the_model_the_form_the_import_and_the_exports_all_read_the_one_declaration():
    declared = {f.name for f in Contact._meta.concrete_fields} - {"id", "owner", "organization"}
    declared -= {
        "created_at",
        "updated_at",
        "search_text",
        "sort_name",
        "approached",
    }  # kept by the code
    assert declared == set(contact_fields.COLUMNS)
    for spec in contact_fields.FIELDS:
        if spec.column:
            field = Contact._meta.get_field(spec.name)
            assert field.max_length == (
                spec.limit if spec.kind is not contact_fields.Kind.DAYS else None
            )
            assert field.verbose_name == spec.label
    form_fields = list(ContactForm.base_fields)
    assert form_fields == [AS_TEXT.get(name, name) for name in contact_fields.FORM_ORDER]
    assert set(contact_fields.FORM_ORDER) == set(contact_fields.BY_NAME)
    # Every column of the table is written by the import (insert_returning needs them all),
    # but the flag the timeline keeps: a new contact was never approached, the column's default.
    table = {f.column for f in Contact._meta.concrete_fields} - {"id", "approached"}
    assert sorted(CONTACT_COLUMNS) == sorted(table)


def test_the_csv_export_has_a_column_for_every_field_the_declaration_puts_there(dana):
    Contact.objects.create(owner=dana, name="Ann Lee", role="Analyst", research="# Path")
    header = next(csv.reader(io.StringIO(archive.export_csv(dana).removeprefix(archive.BOM))))
    assert header == list(contact_fields.CSV_COLUMNS)
    assert "research" not in header  # long Markdown: in the JSON archive, not the spreadsheet
    assert archive.export_json(dana)["contacts"][0]["research"] == "# Path"


def test_a_linkedin_export_with_internationalized_addresses_imports_every_row_once(dana):
    rows = [
        "Zoë,Lambert,https://www.linkedin.com/in/zoe,zoë.lambert@example.org,Acme,,04 Sep 2026",
        "Li,Wei,,用户@例子.广告,Ministry,Advisor,05 Sep 2026",
        "José,Núñez,,josé@bücher.de,,,",
        "Ann,Lee,,ann@example.org,,,",
    ]
    _plan, summary = import_contacts(dana, "linkedin", linkedin(*rows))
    assert summary["created"] == 4 and summary["set_aside"] == 0
    assert sorted(Contact.objects.filter(owner=dana).values_list("email", flat=True)) == sorted(
        ["zoë.lambert@example.org", "用户@例子.广告", "josé@bücher.de", "ann@example.org"]
    )
    _plan, again = import_contacts(dana, "linkedin", linkedin(*rows))
    assert again["created"] == 0 and again["merged"] == 4
    assert Contact.objects.filter(owner=dana).count() == 4


TWO_BAD = linkedin(
    "Ann,Lee,javascript:alert(1),ann@@example.org,Acme,Analyst,04 Sep 2026",
    "Bo,Chen,,bo@example.org,Acme,Economist,31 Feb 2026",
    "Cy,Diaz,,cy@example.org,,,",
)


def test_without_being_told_an_import_with_unusable_cells_writes_nothing(dana):
    with pytest.raises(ImportFailed) as failed:
        import_contacts(dana, "linkedin", TWO_BAD)
    message = str(failed.value)
    assert "line 2: the profile URL 'javascript:alert(1)' is not a web link" in message
    assert "line 2: the e-mail 'ann@@example.org' is not an e-mail address" in message
    assert "line 3: the Connected On '31 Feb 2026' is not a date like 04 Sep 2026" in message
    assert "--keep-in-notes" in message
    assert not Contact.objects.filter(owner=dana).exists()


def test_told_to_keep_them_in_notes_the_rest_of_each_row_comes_in(dana):
    _plan, summary = import_contacts(dana, "linkedin", TWO_BAD, keep_in_notes=True)
    assert summary["created"] == 3 and summary["set_aside"] == 3
    ann, bo, cy = Contact.objects.filter(owner=dana).order_by("name")
    assert (ann.email, ann.profile_url, ann.role, ann.organization.name) == (
        "",
        "",
        "Analyst",
        "Acme",
    )
    assert ann.notes.splitlines() == [
        "From the import, profile URL (not a web link): javascript:alert(1)",
        "From the import, e-mail (not an e-mail address): ann@@example.org",
    ]
    assert ann.touches.get().summary == "Connected on LinkedIn"
    assert bo.email == "bo@example.org" and not bo.touches.exists()
    assert bo.notes == "From the import, Connected On (not a date like 04 Sep 2026): 31 Feb 2026"
    assert cy.notes == ""
    # Searching finds what was kept: it is the user's, not thrown away.
    assert "ann@@example.org" in Contact.objects.get(pk=ann.pk).search_text


def test_a_name_too_long_is_cut_and_kept_whole_in_the_notes(dana):
    name = "Ann " + "x" * 250
    _plan, summary = import_contacts(
        dana, "linkedin", linkedin(f"{name},Lee,,,,,"), keep_in_notes=True
    )
    [ann] = Contact.objects.filter(owner=dana)
    assert summary["set_aside"] == 1 and len(ann.name) <= 200 and ann.name.startswith("Ann x")
    assert f"name (258 characters long; at most 200): {name} Lee" in ann.notes


def test_the_cli_refuses_unusable_cells_without_its_flag_and_keeps_them_with_it(dana, tmp_path):
    source = tmp_path / "Connections.csv"
    source.write_bytes(TWO_BAD)
    refused = CliRunner().invoke(cli, ["import", "linkedin", str(source)])
    assert refused.exit_code == 1, refused.output
    assert "not a web link" in refused.output and "--keep-in-notes" in refused.output
    assert not Contact.objects.exists()
    done = CliRunner().invoke(cli, ["import", "linkedin", str(source), "--keep-in-notes"])
    assert done.exit_code == 0, done.output
    assert "Created 3" in done.output
    assert "line 2: the e-mail 'ann@@example.org' is not an e-mail address: kept in the notes" in (
        done.output
    )
    assert Contact.objects.count() == 3


def test_the_preview_lists_the_cells_and_cancelling_writes_nothing(dana_client, dana):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    response = dana_client.post(
        reverse("import"),
        {"kind": "linkedin", "file": SimpleUploadedFile("Connections.csv", TWO_BAD)},
    )
    assert response.status_code == 302
    page = dana_client.get(response["Location"]).content.decode().replace("<wbr>", "")
    assert "Values that cannot be used" in page
    assert "ann@@example.org" in page and "31 Feb 2026" in page
    assert "keep 3 values in notes" in page
    dana_client.post(response["Location"], {"cancel": "1"})
    assert not Contact.objects.filter(owner=dana).exists()


def test_ids_come_back_in_the_order_of_the_rows_across_statements(dana):
    when = stored(datetime(2026, 11, 25, 15, tzinfo=UTC))
    names = [f"Person {number:04}" for number in range(700)]
    empty = imports.contact_values(imports.ContactRecord(line=0, name=""))[1:]
    rows = [(dana.pk, when, when, None, name, *empty) for name in names]
    if connection.vendor == "sqlite":  # a few rows a statement: many statements
        import sqlite3

        connection.ensure_connection()
        raw = connection.connection
        before = raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 250)
        try:
            ids = insert_returning(Contact, CONTACT_COLUMNS, rows)
        finally:
            raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)
    else:
        ids = insert_returning(Contact, CONTACT_COLUMNS, rows)
    assert len(ids) == 700
    assert [Contact.objects.get(pk=pk).name for pk in ids[::97]] == names[::97]


def test_two_imports_at_the_same_instant_both_land(dana):
    """The ids used to be found again by their creation time; two imports stamped the same
    moment failed ("another import wrote at the same moment")."""
    with time_machine.travel(datetime(2026, 11, 25, 15, tzinfo=UTC), tick=False):
        import_contacts(dana, "linkedin", linkedin("Ann,Lee,,,Acme,,04 Sep 2026"))
        import_contacts(dana, "linkedin", linkedin("Bo,Chen,,,Beta,,04 Sep 2026"))
    ann, bo = Contact.objects.filter(owner=dana).order_by("name")
    assert (ann.organization.name, bo.organization.name) == ("Acme", "Beta")
    assert ann.touches.count() == 1 and bo.touches.count() == 1
