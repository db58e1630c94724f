"""Reading LinkedIn, Google and vCard exports: the right records, and every problem's line."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
import vobject
from hypothesis import given
from hypothesis import strategies as st

from rapport.core.errors import RapportError
from rapport.core.formats import ImportFailed, clean, decode
from rapport.core.formats.google import parse_google
from rapport.core.formats.linkedin import parse_linkedin
from rapport.core.formats.vcard import parse_vcard

DATA = Path(__file__).resolve().parent.parent / "data"


def text(name: str, encoding: str | None = None) -> str:
    return decode((DATA / name).read_bytes(), encoding)


def test_linkedin_skips_the_notes_preamble_and_maps_columns_by_name():
    result = parse_linkedin(text("linkedin_connections.csv"))
    names = [record.name for record in result.records]
    assert names == ["Maria Okafor", "Sam Whitaker", "Grace Liu", "Jürgen Weiß"]
    maria = result.records[0]
    assert maria.profile_url == "https://www.linkedin.com/in/maria-okafor"
    assert (maria.organization, maria.role, maria.source) == (
        "Harbor Policy Institute",
        "Policy analyst",
        "linkedin",
    )
    assert maria.connected_on == date(2026, 9, 4)
    assert maria.line == 5


def test_linkedin_keeps_commas_and_quotes_inside_cells():
    grace = parse_linkedin(text("linkedin_connections.csv")).records[2]
    assert grace.organization == "The Valley Ledger, Inc."
    assert grace.role == 'Reporter "Statehouse"'


def test_linkedin_rows_without_a_name_are_skipped_with_a_reason():
    result = parse_linkedin(text("linkedin_connections.csv"))
    assert [(p.line, "left LinkedIn" in p.message) for p in result.skipped] == [(8, True)]


def test_an_older_linkedin_export_without_url_or_preamble_reads():
    result = parse_linkedin(text("linkedin_old_no_url.csv"))
    assert [(r.name, r.email, r.profile_url) for r in result.records] == [
        ("Elena Vasquez", "elena@example.org", ""),
        ("Tom Brennan", "", ""),
    ]
    assert result.records[1].connected_on == date(2021, 5, 3)


def test_a_bad_date_is_a_cell_set_aside_on_its_line():
    """The row is read without it; the import decides whether to go on (the preview asks)."""
    result = parse_linkedin(text("linkedin_bad_date.csv"))
    assert result.errors == []
    [record] = [r for r in result.records if r.unusable]
    assert record.connected_on is None
    assert [(c.line, c.label, c.value) for c in record.unusable] == [
        (7, "Connected On", "2024-13-01")
    ]


def test_an_unterminated_quote_fails_the_whole_file():
    with pytest.raises(ImportFailed, match="line"):
        parse_linkedin(text("linkedin_unterminated.csv"))


def test_a_header_with_no_rows_is_refused():
    with pytest.raises(ImportFailed, match="no connections"):
        parse_linkedin(text("linkedin_header_only.csv"))


def test_a_file_that_is_not_linkedins_says_so():
    with pytest.raises(ImportFailed, match="no header"):
        parse_linkedin(text("google_legacy.csv").replace("Given Name", "X").replace("Name,", "Y,"))


@pytest.mark.parametrize(
    ("name", "message"),
    [("empty.csv", "empty"), ("binary.csv", "binary file"), ("linkedin_latin1.csv", "line 2")],
)
def test_undecodable_files_name_the_problem(name, message):
    with pytest.raises(ImportFailed, match=message):
        text(name)


def test_another_encoding_can_be_named():
    result = parse_linkedin(text("linkedin_latin1.csv", "latin-1"))
    assert result.records[0].name == "Elena Vásquez"


def test_an_unknown_encoding_is_refused_clearly():
    with pytest.raises(RapportError, match="unknown encoding"):
        text("linkedin_latin1.csv", "klingon")


def test_google_current_layout_splits_multiple_values_and_drops_system_labels():
    result = parse_google(text("google_current.csv"))
    aisha, rosa, nameless = result.records
    assert aisha.emails == ("aisha@example.edu", "aisha.k@example.com")
    assert (aisha.organization, aisha.role) == ("UMass Amherst", "Graduate student")
    assert aisha.tags == ("Classmates",)
    assert rosa.phones == ("+1 413 555 0150", "+1 413 555 0151")
    assert rosa.profile_url == "https://pittsfield.example.gov/rosa"
    assert nameless.name == "no-name@example.org"
    assert [p.line for p in result.skipped] == [5]


def test_google_legacy_layout_reads_the_same_fields():
    (hannah,) = parse_google(text("google_legacy.csv")).records
    assert (hannah.name, hannah.organization, hannah.role) == (
        "Hannah Fischer",
        "The Valley Ledger",
        "Editor",
    )
    assert hannah.tags == ("Journalism",)
    assert hannah.notes == "Met at the housing forum"


def test_vcard_3_with_folded_lines_and_several_emails():
    daniel, marcus = parse_vcard(text("contacts_v3.vcf")).records
    assert daniel.emails == ("daniel@example.org", "dosei@example.com")
    assert (daniel.organization, daniel.role, daniel.location) == (
        "Civic Data Lab",
        "Data analyst",
        "Boston, MA",
    )
    assert daniel.notes == "Second-degree connection through Elena.\nPrefers e-mail."
    assert marcus.role.endswith("the phone folded this line")
    assert marcus.line == 15


def test_vcard_4_and_utf16_files_read():
    (priya,) = parse_vcard(text("contact_v4.vcf")).records
    assert priya.phones == ("+1-617-555-0199",)
    assert parse_vcard(text("contacts_utf16.vcf")).records[0].name == "Zoë Ünal"


def test_a_broken_card_is_an_error_on_the_line_it_starts():
    assert [p.line for p in parse_vcard(text("vcard_bad_photo.vcf")).errors] == [1]
    with pytest.raises(ImportFailed, match="line 15: the card that begins here never ends"):
        parse_vcard(text("vcard_unterminated.vcf"))


@given(st.binary(max_size=600))
def test_any_bytes_either_parse_or_fail_with_a_clear_error(data):
    for parse in (parse_linkedin, parse_google, parse_vcard):
        try:
            result = parse(decode(data))
        except RapportError as error:
            # Clear means it says that nothing was written, the line, and what is wrong there.
            assert isinstance(error, ImportFailed)
            assert re.match(r"nothing was imported: line \d+: \w", str(error)), str(error)
        else:
            assert all(problem.line >= 1 for problem in result.errors + result.skipped)


CELL = st.text(st.characters(exclude_categories=("Cs",)), max_size=25)


@given(st.lists(st.tuples(CELL, CELL, CELL), min_size=1, max_size=8))
def test_any_linkedin_rows_read_back_with_their_names(rows):
    """Whatever the cells hold (quotes, commas, line breaks, any script), a LinkedIn file
    written by a CSV library reads back name for name, or fails with a clear error."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["First Name", "Last Name", "Company"])
    writer.writerows(rows)
    try:
        result = parse_linkedin(decode(buffer.getvalue().encode()))
    except RapportError as error:
        assert str(error).startswith("nothing was imported: line ")
        return
    named = [(first, last, company) for first, last, company in rows if clean(f"{first} {last}")]
    assert [record.name for record in result.records] == [
        clean(f"{first} {last}") for first, last, _ in named
    ]
    assert [record.organization for record in result.records] == [
        clean(company) for _, _, company in named
    ]


NAME = CELL.filter(lambda name: clean(name) != "" and "\0" not in name)


@given(st.lists(NAME, min_size=1, max_size=5))
def test_any_names_in_vcards_written_by_vobject_read_back(names):
    cards = []
    for name in names:
        card = vobject.vCard()
        card.add("fn").value = name
        cards.append(card.serialize())
    result = parse_vcard(decode("".join(cards).encode()))
    assert [record.name for record in result.records] == [clean(name) for name in names]


#: Inputs kept from bench/fuzz_import.py runs, which once crashed the vCard reader: what each
#: must now give, as (errors or skipped, the message of its one problem at line 1).
FUZZ_FINDINGS = {
    "vobject-bad-base64.vcf": ("errors", "this card cannot be read (decoding with 'base64'"),
    "vobject-profile.vcf": ("errors", "this card cannot be read ('This component already"),
    "vobject-qp-soft-break.vcf": ("skipped", "the card has no name (FN or N)"),
}


def test_what_the_fuzzer_found_is_refused_clearly():
    assert sorted(path.name for path in (DATA / "fuzz").iterdir()) == sorted(FUZZ_FINDINGS)
    for name, (where, message) in FUZZ_FINDINGS.items():
        result = parse_vcard(decode((DATA / "fuzz" / name).read_bytes()))
        assert result.records == []
        [problem] = getattr(result, where)
        assert problem.line == 1 and problem.message.startswith(message), (name, problem)


def test_a_cell_loses_its_control_characters_whether_or_not_it_is_ascii():
    assert clean("Ann\x07 Lee\x1b\x7f") == "Ann Lee"
    assert clean("Zoë\x07 Lee") == "Zoë Lee"
    assert clean(" Ann \t\r\n Lee ") == "Ann Lee"
    assert clean("Ann Lee") == "Ann Lee"
