"""Imports are all-or-nothing, match what the user already has, and never overwrite notes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import vobject
from django.db import transaction

from rapport.agenda import due
from rapport.contacts import archive, imports, services
from rapport.contacts.imports import import_contacts
from rapport.contacts.models import Contact, Touch
from rapport.core.errors import RapportError
from rapport.core.formats import ImportFailed
from rapport.core.search import person_sort_key

DATA = Path(__file__).resolve().parent.parent / "data"


def load(name: str) -> bytes:
    return (DATA / name).read_bytes()


def snapshot(owner) -> dict:
    state = archive.export_json(owner)
    state.pop("exported_at")
    return state


def test_a_linkedin_import_creates_contacts_organizations_and_first_touches(dana):
    _plan, summary = import_contacts(dana, "linkedin", load("linkedin_connections.csv"))
    assert summary == {
        "created": 4,
        "merged": 0,
        "skipped": 1,
        "set_aside": 0,
        "errors": [],
        "merged_nothing_new": 0,
    }
    maria = Contact.objects.get(owner=dana, name="Maria Okafor")
    assert (maria.source, maria.organization.name) == ("linkedin", "Harbor Policy Institute")
    touch = maria.touches.get()
    assert touch.kind == "connected"
    assert touch.happened_at.date().isoformat() == "2026-09-04"
    assert services.find_contacts(dana, query="valley ledger").get().name == "Grace Liu"
    # Written in bulk, not by save: each in its place in the list all the same.
    assert (
        {(c.name, c.sort_name) for c in Contact.objects.filter(owner=dana)}
        == {(c.name, person_sort_key(c.name)) for c in Contact.objects.filter(owner=dana)}
        != set()
    )


def test_importing_the_same_file_again_creates_nothing(dana):
    import_contacts(dana, "linkedin", load("linkedin_connections.csv"))
    before = snapshot(dana)
    _, summary = import_contacts(dana, "linkedin", load("linkedin_connections.csv"))
    assert summary["created"] == 0
    assert summary["merged"] == 4
    assert snapshot(dana) == before


def test_a_dry_run_writes_nothing(dana):
    _, summary = import_contacts(dana, "vcard", load("contacts_v3.vcf"), dry_run=True)
    assert summary["created"] == 2
    assert Contact.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("linkedin", "linkedin_bad_date.csv"),
        ("linkedin", "linkedin_unterminated.csv"),
        ("linkedin", "binary.csv"),
        ("linkedin", "empty.csv"),
        ("vcard", "vcard_bad_photo.vcf"),
        ("vcard", "vcard_unterminated.vcf"),
        ("google", "linkedin_header_only.csv"),
    ],
)
def test_a_bad_file_changes_nothing_and_names_the_line(dana, network, kind, name):
    before = snapshot(dana)
    with pytest.raises(ImportFailed, match=r"line \d+"):
        import_contacts(dana, kind, load(name))
    assert snapshot(dana) == before


def test_a_file_over_the_limit_is_refused_before_reading(dana, settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(RapportError, match="limited to"):
        import_contacts(dana, "linkedin", load("linkedin_connections.csv"))


def test_matches_fill_empty_fields_and_keep_the_users_notes(dana):
    sam = services.save_contact(
        dana, Contact(name="Sam Whitaker", notes="Met at the transit hearing."), tags=["policy"]
    )
    plan, _summary = import_contacts(dana, "linkedin", load("linkedin_connections.csv"))
    assert [(record.name, contact.pk) for record, contact in plan.merges] == [
        ("Sam Whitaker", sam.pk)
    ]
    sam.refresh_from_db()
    assert sam.notes == "Met at the transit hearing."
    assert sam.email == "sam@example.org"
    assert sam.organization.name == "Office of State Senator R. Alvarez"
    assert sam.profile_url.endswith("sam-whitaker-12")
    assert services.find_contacts(dana, query="alvarez").get() == sam


def network_state(owner) -> list:
    """Every contact as the import may leave it, by name: ids and moments of writing aside."""
    contacts = (
        Contact.objects.owned_by(owner)
        .select_related("organization")
        .prefetch_related("tags", "touches")
    )
    return sorted(
        (
            contact.name,
            contact.organization.name if contact.organization else None,
            [getattr(contact, name) for name in imports.FILLED_COLUMNS],
            contact.search_text,
            sorted(tag.name for tag in contact.tags.all()),
            sorted((t.kind, t.happened_at, t.summary) for t in contact.touches.all()),
        )
        for contact in contacts
    )


class Undone(Exception):
    pass


def state_after(owner, write) -> tuple[list, list[str]]:
    """The network and what the stored due moments get wrong, after ``write``, which is then
    undone."""
    try:
        with transaction.atomic():
            write()
            state = network_state(owner), due.differences(owner)
            raise Undone
    except Undone:
        return state


def test_matches_the_file_changes_nothing_in_are_left_as_filling_each_in_would(
    dana, now, monkeypatch
):
    import_contacts(dana, "linkedin", load("linkedin_connections.csv"))
    import_contacts(dana, "google", load("google_current.csv"))
    # One contact for each thing a file may bring a match: a field, an organization, tags,
    # the first touch; the others it finds again as they are.
    mine = Contact.objects.owned_by(dana)
    mine.filter(name="Maria Okafor").update(role="")
    mine.filter(name="Jürgen Weiß").update(organization=None)
    mine.get(name="Aisha Karimi").tags.clear()
    Touch.objects.filter(contact__name="Grace Liu").delete()
    before = network_state(dana)

    def import_both():
        import_contacts(dana, "linkedin", load("linkedin_connections.csv"))
        import_contacts(dana, "google", load("google_current.csv"))

    skipping = state_after(dana, import_both)
    monkeypatch.setattr(imports, "changes_anything", lambda *args: True)
    filling_each = state_after(dana, import_both)
    assert skipping == filling_each
    assert filling_each[1] == []
    changed = [row[0] for row in filling_each[0] if row not in before]
    assert changed == ["Aisha Karimi", "Grace Liu", "Jürgen Weiß", "Maria Okafor"]


def test_duplicates_within_a_file_become_one_contact(dana):
    doubled = load("google_current.csv") + (
        b"Aisha,,Karimi,,,,,,,,UMass Amherst,,,,,,* myContacts ::: Policy,"
        b",aisha@example.edu,,,,,,\n"
    )
    _plan, summary = import_contacts(dana, "google", doubled)
    assert summary["created"] == 3
    aisha = Contact.objects.get(name="Aisha Karimi")
    assert sorted(tag.name for tag in aisha.tags.all()) == ["Classmates", "Policy"]
    assert "aisha.k@example.com" in aisha.notes


def test_two_rows_for_one_known_contact_give_one_first_touch(dana):
    sam = services.save_contact(dana, Contact(name="Sam Whitaker", email="sam@example.org"))
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Sam,Whitaker,,sam@example.org,,,15 Mar 2025\n"
        b"Sam,Whitaker,https://www.linkedin.com/in/sam-whitaker-12,,,Aide,16 Mar 2025\n"
    )
    plan, _summary = import_contacts(dana, "linkedin", data)
    assert [contact.pk for _record, contact in plan.merges] == [sam.pk, sam.pk]
    assert [touch.kind for touch in sam.touches.all()] == ["connected"]
    assert due.differences(dana) == []
    import_contacts(dana, "linkedin", data)
    assert sam.touches.count() == 1


def test_another_users_contacts_are_never_matched(dana, stranger):
    services.save_contact(stranger, Contact(name="Maria Okafor", email="maria@example.org"))
    _, summary = import_contacts(dana, "linkedin", load("linkedin_connections.csv"))
    assert summary["created"] == 4
    assert Contact.objects.filter(owner=stranger).count() == 1


def test_csv_export_neutralizes_formulas(dana):
    services.save_contact(dana, Contact(name="=cmd|' /C calc'!A0", phone="+1 413 555 0100"))
    header, row = csv.reader(io.StringIO(archive.export_csv(dana), newline=""))
    assert header[:3] == ["id", "name", "email"]
    assert "'=cmd|' /C calc'!A0" in row and "'+1 413 555 0100" in row


def test_vcard_export_is_read_back_by_a_vcard_library(dana, network):
    cards = list(vobject.readComponents(archive.export_vcard(dana)))
    assert sorted(card.fn.value for card in cards) == ["Joe Serra", "María Okafor"]
    maria = next(card for card in cards if card.fn.value == "María Okafor")
    assert maria.version.value == "4.0"
    assert maria.org.value == ["Harbor Policy Institute"]


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Prof. Alan Dwight", ("Dwight", "Alan", "Prof.")),
        ("Dr María José Núñez", ("Núñez", "María José", "Dr")),
        ("Joe Serra", ("Serra", "Joe", "")),
        ("Bo", ("Bo", "", "")),
        ("Prof.", ("Prof.", "", "")),  # a title alone is the whole name
    ],
)
def test_a_vcards_name_keeps_a_title_as_its_prefix(name, parts):
    empty = {spec.name: "" for spec in archive.FIELDS}
    row = empty | {"name": name, "organization__name": "", "tags": []}
    card = vobject.readOne(archive.vcard_of(row))
    assert (card.n.value.family, card.n.value.given, card.n.value.prefix) == parts
    assert card.fn.value == name


@pytest.mark.parametrize("fmt", ["json", "csv", "vcard"])
def test_an_export_asks_the_database_the_same_number_of_times_for_3_or_60_contacts(dana, fmt):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    export = {"json": archive.export_json, "csv": archive.export_csv, "vcard": archive.export_vcard}

    def queries_for(count: int) -> int:
        for n in range(count - Contact.objects.filter(owner=dana).count()):
            person = services.save_contact(dana, Contact(name=f"Person {n}"), tags=["policy"])
            services.add_commonality(dana, person, "school", "UMass", 3)
            services.log_touch(dana, person, "note", person.created_at, "met")
        with CaptureQueriesContext(connection) as captured:
            export[fmt](dana)
        return len(captured)

    assert queries_for(3) == queries_for(60)
