"""Search through the trigram index finds exactly what a plain substring test finds, and the
index follows every write: the services, the imports' raw inserts, the archive's restore."""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.accounts.services import remove_account
from rapport.archive import restore
from rapport.contacts import archive, services
from rapport.contacts.imports import import_contacts
from rapport.contacts.models import Contact, Organization
from rapport.core.search import query_terms

index = import_module("rapport.contacts.migrations.0013_contact_search_index")

DATA = Path(__file__).resolve().parent.parent / "data"

PEOPLE = [
    ("María José Núñez", "Harbor Policy Institute", "Policy analyst", "met at the DC forum"),
    ("Zoë Müller-Lüdenscheidt", "Straße & Söhne", "Ingénieur", "ßtraße; naïve café"),
    ('Seán O"Brien', "O'Neill AND Partners", "NEAR the top", "likes pol* and ^carets"),
    ("Ana Li", "OR", "NOT", 'quote "" twice, a colon: and (parens) - minus + plus'),
    ("Bo", "AI Lab", "R&D", "100% sure_under scored\\back"),
    ("Åsa Ångström", "ÉCOLE", "Ph.D.", "日本語のメモ and emoji 🎓"),
]

QUERIES = [
    "policy analyst",
    "MARIA",
    "maría",
    "nunez jose",
    "zoe muller",
    "strasse",
    "straße",
    "naive cafe",
    'o"brien',
    '"',
    '""',
    "o'neill",
    "AND",
    "and partners",
    "or",
    "NOT",
    "near",
    "NEAR(",
    "pol*",
    "*",
    "^carets",
    "^",
    "(parens)",
    "colon:",
    "- minus",
    "+",
    "100%",
    "%",
    "_",
    "sure_under",
    "\\back",
    "a",
    "bo",
    "li",
    "ai lab",
    "r&d",
    "ph.d.",
    "日本",
    "日本語",
    "🎓",
    "asa angstrom",
    "ecole ingenieur",
    "zzzz",
    "dc forum",
    "analyst zzzz",
]


@pytest.fixture
def people(dana, stranger):
    for name, organization, role, notes in PEOPLE:
        for owner in (dana, stranger):
            services.save_contact(
                owner,
                Contact(name=name, role=role, notes=notes),
                organization=organization,
                tags=["policy", "dc"] if "DC" in notes else [],
            )
    return dana


def by_substring(owner, query: str) -> set[int]:
    """What search found before the index: every term a substring of the folded text."""
    terms = query_terms(query)
    return {
        contact.pk
        for contact in Contact.objects.filter(owner=owner)
        if all(term in contact.search_text for term in terms)
    }


def found(owner, query: str) -> set[int]:
    return set(services.find_contacts(owner, query=query).values_list("pk", flat=True))


def index_agrees_with_the_rows() -> None:
    """On SQLite, FTS5 compares its index with the contacts' search text and fails if any
    row was written without the index hearing of it."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            table = index.TABLE  # a name from the code
            cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")  # noqa: S608


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_what_a_plain_substring_test_finds(people, query):
    assert found(people, query) == by_substring(people, query)


def in_order(owner, query: str) -> list[int]:
    """What the contact list shows for a search of words alone: ``search_ids``, which must be
    ``find_contacts`` exactly, order included."""
    written = services.search_ids(owner, query)
    assert written == list(services.find_contacts(owner, query=query).values_list("pk", flat=True))
    return written


@pytest.mark.parametrize("query", [*QUERIES, "", "   ", "\u200b", "a", "ana li", "%_%"])
def test_the_lists_search_statement_is_find_contacts_in_its_order(people, query):
    assert set(in_order(people, query)) == by_substring(people, query)


def test_letters_of_their_own_are_found_as_people_type_them(dana):
    # Ø and Ł are letters, not a letter and an accent: decomposing kept them, and a search
    # for "orsted" missed the organization, the tag and the notes that wrote them.
    services.save_contact(
        dana,
        Contact(name="Ann Lee", notes="Met in Łódź"),
        organization="Ørsted A/S",
        tags=["Øresund"],
    )
    for query in ["orsted", "oresund", "lodz", "ØRSTED", "łódź"]:
        assert [c.name for c in services.find_contacts(dana, query=query)] == ["Ann Lee"], query
        assert len(services.search_ids(dana, query)) == 1, query


def test_search_finds_someone_by_a_part_of_any_word(people):
    assert {c.name for c in services.find_contacts(people, query="lic analy")} == {
        "María José Núñez"
    }


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    query=st.text(alphabet=st.sampled_from(list('aeinorsuäéñß"*^():-+%_ \\日🎓AND')), max_size=12)
)
def test_any_typed_query_finds_what_a_plain_substring_test_finds(people, query):
    assert found(people, query) == by_substring(people, query)
    assert set(in_order(people, query)) == by_substring(people, query)


def test_search_never_finds_another_users_contacts(people, stranger):
    mine = found(people, "policy analyst")
    assert set(in_order(people, "policy analyst")) == mine
    assert set(in_order(stranger, "policy analyst")).isdisjoint(mine)
    assert mine and mine.isdisjoint(found(stranger, "policy analyst"))


def test_an_edited_contact_is_found_by_its_new_text_only(people):
    maria = Contact.objects.get(owner=people, name="María José Núñez")
    maria.name = "Mariela Quispe"
    services.save_contact(people, maria, organization="Valley Ledger", tags=["alumni"])
    index_agrees_with_the_rows()
    assert found(people, "quispe") == found(people, "valley ledger") == {maria.pk}
    assert found(people, "alumni") == {maria.pk}
    assert found(people, "nunez") == set()


def test_a_renamed_or_deleted_organization_changes_what_finds_its_people(people):
    harbor = Organization.objects.get(owner=people, name="Harbor Policy Institute")
    harbor.name = "Estuary Research Trust"
    services.save_organization(people, harbor)
    index_agrees_with_the_rows()
    assert len(found(people, "estuary")) == 1
    services.delete_organization(harbor)
    index_agrees_with_the_rows()
    assert found(people, "estuary") == set()


def test_a_deleted_contact_is_found_no_more(people):
    zoe = Contact.objects.get(owner=people, name__startswith="Zoë")
    zoe.delete()
    index_agrees_with_the_rows()
    assert found(people, "muller") == set()


def test_imported_contacts_are_found(dana):
    import_contacts(dana, "linkedin", (DATA / "linkedin_connections.csv").read_bytes())
    index_agrees_with_the_rows()
    assert {c.name for c in services.find_contacts(dana, query="ledger")} == {"Grace Liu"}


def test_restored_contacts_are_found(people, stranger):
    Contact.objects.filter(owner=stranger).delete()
    data = json.dumps(archive.export_json(people), default=str).encode()
    restore.restore(stranger, data)
    index_agrees_with_the_rows()
    assert len(found(stranger, "policy analyst")) == 1


def test_a_removed_account_leaves_nothing_in_the_index(people, stranger):
    remove_account(stranger)
    index_agrees_with_the_rows()
    assert found(people, "policy analyst") == by_substring(people, "policy analyst")


def test_the_trigram_index_and_what_keeps_it_are_in_place(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            assert set(index.SQLITE_TRIGGERS) <= {name for (name,) in cursor.fetchall()}
        else:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index.GIN_INDEX]
            )
            (definition,) = cursor.fetchone()
            assert "gin_trgm_ops" in definition


def test_a_search_reads_the_trigram_index(dana):
    if connection.vendor == "sqlite":
        search = services.find_contacts(dana, query="policy analyst").order_by().values("pk")
        assert f"SCAN {index.TABLE} VIRTUAL TABLE" in search.explain()
        assert "USING INTEGER PRIMARY KEY" in search.explain()  # then only the matching rows
    else:
        # The substring test as find_contacts writes it can use the index; whether it does
        # for one owner is the planner's choice (an empty table is read whole unless told).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        search = Contact.objects.filter(search_text__contains="policy").values("pk")
        assert f"Bitmap Index Scan on {index.GIN_INDEX}" in search.explain()
