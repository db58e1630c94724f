"""Large imports and exports, done by the worker: the page shows how far, and nothing is lost.

The test settings run tasks within the request that queues them (the immediate backend), so
each test here sees the work end; tests/cli/test_worker.py runs the real worker process.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapport.contacts import background, imports
from rapport.contacts.archive import prepare_in_background
from rapport.contacts.interrupted import resume_interrupted
from rapport.contacts.models import Contact, PendingImport, PreparedExport, Work
from tests.conftest import body_of

DATA = Path(__file__).resolve().parent.parent / "data"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def large(settings):
    """Every file counts as large: planned and written by the worker."""
    settings.IMPORT_INLINE_BYTES = 0
    settings.EXPORT_INLINE_CONTACTS = 0


def upload(client, name: str, kind: str):
    data = SimpleUploadedFile(name, (DATA / name).read_bytes())
    return client.post(reverse("import"), {"kind": kind, "file": data})


def test_a_large_upload_is_planned_by_the_worker_then_written_by_it(large, dana_client, dana):
    preview = upload(dana_client, "contacts_v3.vcf", "vcard")["Location"]
    pending = PendingImport.objects.get()
    assert pending.state == Work.READY  # planned by the task the upload queued
    assert "<strong>2</strong> new contacts" in dana_client.get(preview).content.decode()
    assert Contact.objects.filter(owner=dana).count() == 0

    assert dana_client.post(preview)["Location"] == preview  # the page shows the writing
    pending.refresh_from_db()
    assert (pending.state, pending.outcome["created"], bytes(pending.content)) == ("done", 2, b"")
    assert Contact.objects.filter(owner=dana).count() == 2
    page = dana_client.get(preview, follow=True)
    assert page.redirect_chain[-1][0] == reverse("contact-list")
    assert "Imported contacts_v3.vcf: 2 new, 0 merged, 0 skipped." in page.content.decode()
    assert not PendingImport.objects.exists()


def test_the_worker_writes_a_large_import_with_the_files_values_when_chosen(
    large, dana_client, dana, now
):
    from rapport.contacts import services

    sam = services.save_contact(dana, Contact(name="Sam Whitaker", email="sam@example.org"))
    services.save_contact(dana, sam, organization="Harbor Institute")
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Sam,Whitaker,,sam@example.org,Valley Ledger,,\n"
    )
    upload = SimpleUploadedFile("Connections.csv", data)
    preview = dana_client.post(reverse("import"), {"kind": "linkedin", "file": upload})["Location"]
    dana_client.post(preview, {"use_file_values": "1"})
    pending = PendingImport.objects.get()
    assert (pending.state, pending.use_file_values, pending.outcome["updated"]) == ("done", True, 1)
    sam.refresh_from_db()
    assert sam.organization.name == "Valley Ledger"
    assert sam.notes == "Before the import of 25 November 2026: organization “Harbor Institute”."


def test_a_second_confirmation_does_not_write_twice(large, dana_client, dana):
    preview = upload(dana_client, "contacts_v3.vcf", "vcard")["Location"]
    dana_client.post(preview)
    dana_client.post(preview)
    assert Contact.objects.filter(owner=dana).count() == 2


def test_a_large_file_that_cannot_be_read_says_why_and_writes_nothing(large, dana_client):
    preview = upload(dana_client, "linkedin_unterminated.csv", "linkedin")["Location"]
    body = dana_client.get(preview).content.decode()
    assert "was not imported" in body
    assert "line 7: the CSV is malformed" in body  # the problem the small file's form lists
    assert not Contact.objects.exists()


def waiting_import(owner, **fields) -> PendingImport:
    """An upload queued but not yet taken by a worker (none runs in this test)."""
    content = (DATA / "contacts_v3.vcf").read_bytes()
    values = {"kind": "vcard", "filename": "phone.vcf", "content": content}
    return PendingImport.objects.create(
        owner=owner, state=Work.WAITING, step="Waiting to read phone.vcf", **values | fields
    )


def test_the_page_shows_progress_and_its_poll_reloads_when_the_work_ends(large, dana_client, dana):
    pending = waiting_import(dana)
    url = reverse("import-preview", args=[pending.pk])
    body = dana_client.get(url).content.decode()
    assert "Reading phone.vcf" in body and "Waiting to read phone.vcf" in body
    assert 'hx-trigger="every 1s"' in body

    background.claim(PendingImport, pending.pk, "Reading the file")
    background.report(PendingImport, pending.pk, "Matching 4,000 people", 1500, 4000)
    poll = dana_client.get(url, **HTMX).content.decode()
    assert "Matching 4,000 people: 1,500 of 4,000" in poll
    assert 'value="37"' in poll  # the bar, in percent

    background.finish(PendingImport, pending.pk, Work.READY, preview={"summary": {}})
    assert dana_client.get(url, **HTMX)["HX-Refresh"] == "true"


def test_work_whose_worker_died_can_be_started_again(large, dana_client, dana, now):
    pending = waiting_import(dana)
    background.claim(PendingImport, pending.pk, "Reading the file")
    url = reverse("import-preview", args=[pending.pk])
    assert "stopped before it finished" not in dana_client.get(url).content.decode()
    with time_machine.travel(now + background.STALLED_AFTER + timedelta(minutes=1)):
        body = dana_client.get(url).content.decode()
        assert "stopped before it finished" in body
        assert 'hx-trigger="every 1s"' not in body  # no poll that would never end
        dana_client.post(url, {"again": "1"})
    pending.refresh_from_db()
    assert pending.state == Work.READY
    assert pending.preview["summary"]["created"] == 2


def test_a_restarted_server_queues_again_what_it_was_doing(large, dana):
    planning = waiting_import(dana)
    writing = waiting_import(dana, preview={"summary": {}})
    for pending in (planning, writing):
        background.claim(PendingImport, pending.pk, "Working")
    assert resume_interrupted() == 2
    planning.refresh_from_db()
    writing.refresh_from_db()
    assert planning.state == Work.READY  # planned again
    assert writing.state == Work.DONE  # written, once
    assert Contact.objects.filter(owner=dana).count() == 2


def test_cancelling_while_reading_stops_the_work_and_writing_cannot_be_cancelled(
    large, dana_client, dana
):
    reading = waiting_import(dana)
    background.claim(PendingImport, reading.pk, "Reading the file")
    dana_client.post(reverse("import-preview", args=[reading.pk]), {"cancel": "1"})
    assert not PendingImport.objects.filter(pk=reading.pk).exists()
    with pytest.raises(background.Cancelled):  # the worker's next report ends its work
        background.report(PendingImport, reading.pk, "Matching", 500, 4000)

    writing = waiting_import(dana, preview={"summary": {}})
    background.claim(PendingImport, writing.pk, "Writing")
    page = dana_client.post(reverse("import-preview", args=[writing.pk]), {"cancel": "1"})
    assert PendingImport.objects.filter(pk=writing.pk).exists()
    assert page["Location"] == reverse("import-preview", args=[writing.pk])


def test_a_task_queued_twice_runs_once(large, dana):
    pending = waiting_import(dana, preview={"summary": {}})
    imports.write_in_background.call(pending.pk)
    imports.write_in_background.call(pending.pk)
    pending.refresh_from_db()
    assert (pending.state, pending.outcome["created"]) == (Work.DONE, 2)
    assert Contact.objects.filter(owner=dana).count() == 2


def test_the_import_page_lists_files_in_progress(large, dana_client, dana):
    waiting_import(dana)
    body = dana_client.get(reverse("import")).content.decode()
    assert "Your recent files" in body
    assert 'phone.vcf</a> <span class="muted">— being read' in body


def test_a_large_network_prepares_its_exports_then_downloads_them(large, dana_client, network):
    page = dana_client.get(reverse("export")).content.decode()
    assert "Prepare Contacts (vCard 4.0)" in page
    direct = dana_client.get(reverse("export-vcard"))
    assert direct["Location"] == reverse("export")  # not made within the request

    dana_client.post(reverse("export"), {"format": "vcard"})
    export = PreparedExport.objects.filter(file_format="vcard").latest("created_at")
    assert export.state == Work.READY
    page = dana_client.get(reverse("export")).content.decode()
    assert f'href="{reverse("export-file", args=[export.pk])}"' in page
    card = body_of(dana_client.get(reverse("export-file", args=[export.pk]))).decode()
    assert "FN:María Okafor" in card
    assert (
        card.count("BEGIN:VCARD") == Contact.objects.filter(owner=network["contact"].owner).count()
    )


def test_an_export_being_made_is_polled_and_cannot_be_downloaded_yet(large, dana_client, dana):
    export = PreparedExport.objects.create(
        owner=dana, file_format="json", filename="rapport.json", state=Work.WAITING
    )
    assert dana_client.get(reverse("export-file", args=[export.pk])).status_code == 404
    poll = dana_client.get(reverse("export"), **HTMX).content.decode()
    assert "rapport.json: Waiting to start" in poll
    prepare_in_background.call(export.pk)
    assert dana_client.get(reverse("export"), **HTMX)["HX-Refresh"] == "true"
    body = body_of(dana_client.get(reverse("export-file", args=[export.pk]))).decode()
    assert '"format": "rapport"' in body


def test_a_small_network_downloads_at_once(dana_client, network):
    page = dana_client.get(reverse("export")).content.decode()
    assert "Prepare" not in page
    assert "BEGIN:VCARD" in body_of(dana_client.get(reverse("export-vcard"))).decode()


def test_remind_forgets_day_old_exports_and_finished_task_records(dana, stranger, now):
    from click.testing import CliRunner
    from django_tasks_db.models import DBTaskResult

    from rapport.cli import cli

    old, fresh = (
        PreparedExport.objects.create(owner=owner, file_format="csv", filename="c.csv")
        for owner in (dana, stranger)
    )
    PreparedExport.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=2))
    finished = {"status": "SUCCESSFUL", "task_path": "x.y", "args_kwargs": {}}
    _stale, recent = (
        DBTaskResult.objects.create(**finished, finished_at=when, backend_name="default")
        for when in (now - timedelta(days=2), now - timedelta(hours=1))
    )
    assert CliRunner().invoke(cli, ["remind"]).exit_code == 0
    assert list(PreparedExport.objects.all()) == [fresh]
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [recent.pk]
