"""Import and export in the browser's terms: upload, preview, confirm; three downloads."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rapport.contacts import services
from rapport.contacts.models import Contact, PendingImport
from tests.conftest import body_of

DATA = Path(__file__).resolve().parent.parent / "data"


def upload(client, name: str, kind: str, **extra):
    data = SimpleUploadedFile(name, (DATA / name).read_bytes())
    return client.post(reverse("import"), {"kind": kind, "file": data, **extra})


def test_an_upload_shows_a_preview_and_writes_nothing_yet(dana_client, network):
    response = upload(dana_client, "linkedin_connections.csv", "linkedin")
    pending = PendingImport.objects.latest("created_at")
    assert response["Location"] == reverse("import-preview", args=[pending.pk])
    preview = dana_client.get(response["Location"]).content.decode()
    assert "<strong>3</strong> new contacts" in preview
    assert "<strong>1</strong> merged" in preview  # Maria Okafor is the network's María Okafor
    assert "line 8: no name" in preview
    assert "Grace Liu" in preview
    assert Contact.objects.filter(name="Grace Liu").count() == 0


def test_confirming_imports_and_forgets_the_file(dana_client, dana):
    preview = upload(dana_client, "contacts_v3.vcf", "vcard")["Location"]
    response = dana_client.post(preview, follow=True)
    assert "Imported contacts_v3.vcf: 2 new, 0 merged, 0 skipped." in response.content.decode()
    assert Contact.objects.filter(owner=dana).count() == 2
    assert PendingImport.objects.count() == 0


def test_cancelling_writes_nothing(dana_client, dana):
    preview = upload(dana_client, "contacts_v3.vcf", "vcard")["Location"]
    dana_client.post(preview, {"cancel": "1"})
    assert Contact.objects.filter(owner=dana).count() == 0
    assert PendingImport.objects.count() == 0


def test_the_preview_shows_who_is_merged(dana_client, network):
    preview = upload(dana_client, "linkedin_old_no_url.csv", "linkedin")["Location"]
    dana_client.post(preview)
    preview = upload(dana_client, "linkedin_old_no_url.csv", "linkedin")["Location"]
    body = dana_client.get(preview).content.decode()
    assert "<strong>0</strong> new contacts" in body
    assert "<strong>2</strong> merged" in body


def test_a_bad_file_lists_its_lines_and_stores_nothing(dana_client):
    response = upload(dana_client, "linkedin_unterminated.csv", "linkedin")
    body = response.content.decode()
    assert "Nothing was imported." in body
    assert "line 7: the CSV is malformed" in body
    assert PendingImport.objects.count() == 0


def test_the_encoding_can_be_given(dana_client):
    refused = upload(dana_client, "linkedin_latin1.csv", "linkedin").content.decode()
    assert "line 2: this is not UTF-8 text; give its encoding, such as cp1252" in refused
    response = upload(dana_client, "linkedin_latin1.csv", "linkedin", encoding="latin-1")
    assert response.status_code == 302
    assert "Elena Vásquez" in dana_client.get(response["Location"]).content.decode()


def test_a_file_over_the_limit_is_refused(dana_client, settings):
    settings.IMPORT_MAX_BYTES = 50
    body = upload(dana_client, "linkedin_connections.csv", "linkedin").content.decode()
    assert "imports are limited to" in body


def test_downloads_are_attachments_of_the_users_own_data(dana_client, network):
    everything = dana_client.get(reverse("export-json"))
    assert everything["Content-Disposition"].startswith('attachment; filename="rapport-')
    assert everything["Cache-Control"] == "private, no-store"
    assert {c["name"] for c in json.loads(everything.content)["contacts"]} == {
        "Joe Serra",
        "María Okafor",
    }
    assert b"Harbor Policy Institute" in dana_client.get(reverse("export-csv")).content
    cards = dana_client.get(reverse("export-vcard"))
    assert cards.streaming and cards["Content-Disposition"].endswith('.vcf"')
    assert body_of(cards).count(b"BEGIN:VCARD") == 2


def test_the_preview_is_planned_once_and_the_confirmation_plans_afresh(
    dana_client, dana, network, monkeypatch
):
    from rapport.contacts import imports

    plans = []
    real = imports.plan_import
    monkeypatch.setattr(imports, "plan_import", lambda *a, **k: plans.append(1) or real(*a, **k))
    preview = upload(dana_client, "linkedin_connections.csv", "linkedin")["Location"]
    for _ in range(3):
        assert "<strong>3</strong> new contacts" in dana_client.get(preview).content.decode()
    assert len(plans) == 1  # planned with the upload; the page loads read that
    services.save_contact(dana, Contact(name="Grace Liu"))  # added meanwhile, by hand
    dana_client.post(preview)
    assert len(plans) == 2  # the import itself matched against the network as it is now
    assert Contact.objects.filter(owner=dana, name="Grace Liu").count() == 1


def test_the_csv_download_is_marked_as_utf8_for_excel(dana_client, dana):
    services.save_contact(dana, Contact(name="Zoë Lambert", role="=1+2"))
    content = dana_client.get(reverse("export-csv")).content
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel on Windows needs
    (row,) = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    assert (row["name"], row["role"]) == ("Zoë Lambert", "'=1+2")  # formulas still neutral


def test_the_export_page_says_what_each_file_holds(dana_client):
    page = dana_client.get(reverse("export")).content.decode()
    assert "meetings with their questions, notes, checklist, practice runs" in page
    assert "Your contacts only, one row each" in page


def preview_of_connections(client, data: bytes) -> tuple[str, str]:
    """Upload ``data`` as a LinkedIn Connections.csv: the preview's address, and its page."""
    upload = SimpleUploadedFile("Connections.csv", data)
    preview = client.post(reverse("import"), {"kind": "linkedin", "file": upload})["Location"]
    return preview, client.get(preview).content.decode()


def test_the_preview_tells_a_line_repeated_in_the_file_from_someone_you_have(dana_client, dana):
    services.save_contact(dana, Contact(name="Sam Whitaker", email="sam@example.org"))
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Priya,Raman,https://www.linkedin.com/in/priya-raman,,,,04 Sep 2026\n"
        b"Priya,Raman,https://www.linkedin.com/in/priya-raman,,,,04 Sep 2026\n"
        b"Sam,Whitaker,,sam@example.org,,,04 Sep 2026\n"
    )
    _preview, body = preview_of_connections(dana_client, data)
    assert "<strong>1</strong> new contact<" in body
    assert "<strong>1</strong> merged with someone you have" in body
    assert "<strong>1</strong> repeating an earlier line of this file" in body


def test_someone_else_at_a_known_address_comes_in_as_new_and_the_preview_says_so(dana_client, dana):
    # The walk of 2026-12-07: "Mo Okafor" with Sam's address was merged into Sam, who then
    # had Mo's LinkedIn page and a connection date that was Mo's.
    sam = services.save_contact(dana, Contact(name="Sam Whitaker", email="sam@example.org"))
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Mo,Okafor,https://www.linkedin.com/in/mookafor,SAM@example.org,Somewhere,,01 Mar 2026\n"
    )
    preview, body = preview_of_connections(dana_client, data)
    assert "<strong>1</strong> new contact<" in body
    assert (
        'id="shared-address"' in body
        and '<td data-label="Also the address of">Sam Whitaker' in body
    )
    dana_client.post(preview)
    sam.refresh_from_db()
    assert sam.profile_url == "" and not sam.touches.exists()
    mo = Contact.objects.get(owner=dana, name="Mo Okafor")
    assert mo.email == "SAM@example.org" and mo.profile_url.endswith("/in/mookafor")


def test_someone_of_a_known_name_at_another_organization_is_new_and_the_preview_says_so(
    dana_client, dana, tmp_path
):
    # The walk of 2026-12-07: Maria Okafor had moved to the Civic Data Lab; her row came in as
    # a second Maria with nothing on the page to say so.
    services.save_contact(dana, Contact(name="María Okafor"), "Harbor Policy Institute")
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Maria,Okafor,,,Civic Data Lab,Senior policy analyst,01 Mar 2026\n"
        b"Tom,Brennan,,,Acme,,01 Mar 2026\n"
        b"Tom,Brennan,,,Beta,,01 Mar 2026\n"
    )
    _preview, body = preview_of_connections(dana_client, data)
    assert "<strong>3</strong> new contacts<" in body
    table = body.split('id="same-name"')[1].split("</table>")[0]
    assert '<td data-label="In the file">Maria Okafor, Civic Data Lab</td>' in table
    assert '<td data-label="You have">María Okafor, Harbor Policy Institute</td>' in table
    assert "Tom Brennan" not in table  # two rows of one export are two connections
    from click.testing import CliRunner

    from rapport.cli import cli

    path = tmp_path / "Connections.csv"
    path.write_bytes(data)
    output = (
        CliRunner()
        .invoke(cli, ["import", "linkedin", str(path), "--dry-run", "--user", dana.email])
        .output
    )
    assert "line 2: Maria Okafor is new, though you have María Okafor at Harbor Policy" in output


def test_the_preview_says_what_each_merge_fills_in_keeps_or_leaves_as_it_is(dana_client, dana):
    services.save_contact(dana, Contact(name="Sam Whitaker", email="sam@example.org", role="Aide"))
    services.save_contact(
        dana,
        Contact(
            name="Priya Raman",
            email="priya@example.org",
            profile_url="https://www.linkedin.com/in/priya-raman",
        ),
    )
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Sam,Whitaker,https://www.linkedin.com/in/sam-whitaker-12,sam@example.org,"
        b"Harbor Policy Institute,Senior aide,\n"
        b"Priya,Raman,https://www.linkedin.com/in/priya-raman,priya@example.org,,,\n"
    )
    _preview, body = preview_of_connections(dana_client, data)
    body = body.replace("<wbr>", "")  # where a long address may wrap
    assert "of which <strong>1</strong> adds nothing new" in body
    assert (
        '<td data-label="What it changes"><span class="merge-adds">adds: profile URL '
        "<q>https://www.linkedin.com/in/sam-whitaker-12</q>, "
        'organization <q>Harbor Policy Institute</q></span> <span class="merge-kept">'
        "kept yours: role <q>Aide</q> (the file has <q>Senior aide</q>)</span></td>"
    ) in body
    assert '<td data-label="What it changes"><span class="muted">nothing new</span></td>' in body
    assert Contact.objects.get(name="Sam Whitaker").profile_url == ""


def test_a_preview_kept_from_before_merges_were_described_still_shows(dana_client, dana):
    services.save_contact(dana, Contact(name="Sam Whitaker", email="sam@example.org"))
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Sam,Whitaker,,sam@example.org,,Aide,\n"
    )
    preview, _body = preview_of_connections(dana_client, data)
    pending = PendingImport.objects.get()
    for row in pending.preview["merges"]:
        del row["adds"], row["kept"]
    del pending.preview["summary"]["merged_nothing_new"]
    pending.save(update_fields=["preview"])
    body = dana_client.get(preview).content.decode()
    assert '<td data-label="What it changes"></td>' in body
    assert "nothing new" not in body


# The walk of 2026-12-07: a newer LinkedIn export said "kept yours: role 'Data analyst'
# (the file has 'Senior data analyst')", with no way to take the newer title but by hand.
NEWER = (
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    b"Sam,Whitaker,,sam@example.org,Valley Ledger,Senior data analyst,\n"
    b"Priya,Raman,,priya@example.org,,,\n"
)


def sam_and_priya(owner) -> Contact:
    services.save_contact(owner, Contact(name="Priya Raman", email="priya@example.org"))
    return services.save_contact(
        owner,
        Contact(name="Sam Whitaker", email="sam@example.org", role="Data analyst", notes="Kind."),
        organization="Harbor Institute",
    )


def test_the_preview_offers_the_files_values_only_where_they_differ(dana_client, dana, now):
    sam_and_priya(dana)
    _preview, body = preview_of_connections(dana_client, NEWER)
    assert 'name="use_file_values"' in body
    assert "1 merge below keeps yours where the file differs" in body
    assert (
        "Before the import of 25 November 2026: role “Data analyst”; "
        "organization “Harbor Institute”."
    ) in body
    assert 'data-checked="Import 0 new, merge 2, update 1"' in body
    _preview, body = preview_of_connections(dana_client, NEWER.replace(b"Senior data", b"Data"))
    assert "kept yours: organization" in body and 'name="use_file_values"' in body
    _preview, body = preview_of_connections(
        dana_client, NEWER.replace(b"Valley Ledger", b"").replace(b"Senior data", b"Data")
    )
    assert "kept yours" not in body and "use_file_values" not in body


def test_confirming_without_the_files_values_keeps_yours(dana_client, dana, now):
    sam = sam_and_priya(dana)
    preview, _body = preview_of_connections(dana_client, NEWER)
    response = dana_client.post(preview, follow=True)
    assert "Imported Connections.csv: 0 new, 2 merged, 0 skipped.</li>" in response.content.decode()
    sam.refresh_from_db()
    assert (sam.role, sam.organization.name, sam.notes) == (
        "Data analyst",
        "Harbor Institute",
        "Kind.",
    )


def test_confirming_with_the_files_values_takes_them_and_keeps_yours_in_the_notes(
    dana_client, dana, now
):
    sam = sam_and_priya(dana)
    preview, _body = preview_of_connections(dana_client, NEWER)
    response = dana_client.post(preview, {"use_file_values": "1"}, follow=True)
    assert "2 merged, 0 skipped. 1 updated with the file" in response.content.decode()
    sam.refresh_from_db()
    assert (sam.role, sam.organization.name) == ("Senior data analyst", "Valley Ledger")
    assert sam.notes == (
        "Kind.\nBefore the import of 25 November 2026: role “Data analyst”; "
        "organization “Harbor Institute”."
    )
    # Found by its new values at once.
    found = dana_client.get(reverse("contact-list"), {"q": "senior valley"})
    assert "Sam Whitaker" in found.content.decode()


def test_another_users_pending_import_cannot_be_confirmed_with_the_files_values(
    dana_client, dana, stranger
):
    sam = sam_and_priya(dana)
    preview, _body = preview_of_connections(dana_client, NEWER)
    other = Client()
    other.force_login(stranger)
    response = other.post(preview, {"use_file_values": "1"})
    assert response.status_code == 404
    sam.refresh_from_db()
    assert sam.role == "Data analyst" and PendingImport.objects.count() == 1
