"""What a merge with someone you have fills in, and keeps, said before anything is written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rapport.contacts import imports, services
from rapport.contacts.merges import NOTED, REPLACED, tag_key
from rapport.contacts.models import Contact, Touch
from rapport.core.formats import ContactRecord, ParseResult
from rapport.core.network import TouchKind
from rapport.core.search import fold

DATA = Path(__file__).resolve().parent.parent / "data"
SAM_ROW = (
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    b"Sam,Whitaker,https://www.linkedin.com/in/sam-whitaker-12,sam@example.org,"
    b"Office of State Senator R. Alvarez,Legislative aide,15 Mar 2025\n"
)


def fills(changes) -> dict[str, str]:
    return {change.field: change.value for change in changes.fills}


def test_the_plan_says_what_a_merge_fills_in_and_where_it_keeps_yours(dana):
    sam = services.save_contact(
        dana, Contact(name="Sam Whitaker", role="Chief of staff", notes="Met at the hearing.")
    )
    plan, summary = imports.import_contacts(dana, "linkedin", SAM_ROW, dry_run=True)
    [changes] = plan.changes
    assert fills(changes) == {
        "email": "sam@example.org",
        "profile_url": "https://www.linkedin.com/in/sam-whitaker-12",
        "organization": "Office of State Senator R. Alvarez",
        "connected_on": "2025-03-15",
    }
    assert [(c.label, c.yours, c.value) for c in changes.kept] == [
        ("role", "Chief of staff", "Legislative aide")
    ]
    assert summary["merged_nothing_new"] == 0
    sam.refresh_from_db()
    assert (sam.email, sam.organization, sam.touches.count()) == ("", None, 0)


def test_a_file_imported_again_merges_everyone_with_nothing_new(dana):
    imports.import_contacts(dana, "linkedin", (DATA / "linkedin_connections.csv").read_bytes())
    plan, summary = imports.import_contacts(
        dana, "linkedin", (DATA / "linkedin_connections.csv").read_bytes(), dry_run=True
    )
    assert summary["merged"] == summary["merged_nothing_new"] == 4
    assert all(not changes.fills and not changes.kept for changes in plan.changes)


def test_the_second_row_for_one_contact_fills_in_only_what_the_first_left_empty(dana):
    services.save_contact(dana, Contact(name="Sam Whitaker", email="sam@example.org"))
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Sam,Whitaker,,sam@example.org,,Aide,15 Mar 2025\n"
        b"Sam,Whitaker,https://www.linkedin.com/in/sam-whitaker-12,,,Senior aide,16 Mar 2025\n"
    )
    plan, _summary = imports.import_contacts(dana, "linkedin", data, dry_run=True)
    first, second = plan.changes
    assert fills(first) == {"role": "Aide", "connected_on": "2025-03-15"}
    assert fills(second) == {"profile_url": "https://www.linkedin.com/in/sam-whitaker-12"}
    assert [(c.field, c.yours, c.value) for c in second.kept] == [("role", "Aide", "Senior aide")]


def test_differences_of_case_or_a_closing_slash_are_not_kept_yours(dana):
    services.save_contact(
        dana,
        Contact(
            name="Sam Whitaker",
            email="Sam@Example.org",
            profile_url="https://www.linkedin.com/in/sam-whitaker-12/",
        ),
        organization="office of state senator r. alvarez",
    )
    plan, _summary = imports.import_contacts(dana, "linkedin", SAM_ROW, dry_run=True)
    assert [c.field for c in plan.changes[0].kept] == []


# The property: what the plan says a merge fills in is exactly what confirming it changes,
# and what it says is kept does not change; unless the user chose to use the file's values,
# and then the kept values it takes are the file's, the contact's own in its notes. The
# contact and the file's rows are drawn from small sets of values, so that empty, equal,
# differently written and different all occur.
maybe = st.sampled_from
contacts = st.fixed_dictionaries(
    {
        "email": maybe(["", "sam@example.org", "SAM@example.org"]),
        "phone": maybe(["", "555 0100"]),
        "role": maybe(["", "Aide", "aide", "Analyst"]),
        "location": maybe(["", "Boston"]),
        "profile_url": maybe(["", "https://www.linkedin.com/in/sam"]),
        "notes": maybe(["", "Met at the hearing."]),
        "organization": maybe(["", "Harbor Institute", "Valley Ledger"]),
        "tags": st.lists(maybe(["policy", "Alumni", "Ärzte"]), unique=True),
        "connected": st.booleans(),
    }
)
rows = st.builds(
    ContactRecord,
    line=st.just(2),
    name=st.just("Sam Whitaker"),
    emails=st.lists(maybe(["sam@example.org", "s.w@example.org"]), unique=True).map(tuple),
    phones=st.lists(maybe(["555 0100", "555 0199"]), unique=True, max_size=2).map(tuple),
    organization=maybe(["", "Harbor Institute", "harbor institute", "Valley Ledger"]),
    role=maybe(["", "Aide", "Senior aide"]),
    location=maybe(["", "Boston", "Springfield"]),
    profile_url=maybe(["", "https://www.linkedin.com/in/sam", "https://www.linkedin.com/in/sam/"]),
    notes=maybe(["", "From the file."]),
    tags=st.lists(maybe(["Policy", "alumni", "ärzte", "Mentor"]), unique=True).map(tuple),
    source=st.just("linkedin"),
    connected_on=maybe([None, date(2025, 3, 15), date(2025, 3, 16)]),
)


class Undone(Exception):
    pass


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    contact=contacts, records=st.lists(rows, min_size=1, max_size=2), use_file_values=st.booleans()
)
def test_what_the_preview_says_a_merge_fills_in_is_exactly_what_confirming_changes(
    dana, contact, records, use_file_values
):
    try:
        with transaction.atomic():
            sam = sam_as(dana, contact)
            before = state_of(sam)
            plan = imports.plan_import(dana, ParseResult(records=[*records]))
            plan.use_file_values = use_file_values
            said = [
                (changes, known.pk == sam.pk)
                for (_record, known), changes in zip(plan.merges, plan.changes, strict=True)
            ]
            imports.apply_import(dana, plan)
            after = state_of(Contact.objects.get(pk=sam.pk))
            raise Undone
    except Undone:
        pass
    filled = [change for changes, his in said if his for change in changes.fills]
    kept = [change for changes, his in said if his for change in changes.kept]
    taken = [c for c in kept if use_file_values and c.field in REPLACED + NOTED]
    replaced = {c.field: c for c in taken if c.field in REPLACED}  # the last row's
    # What goes to the notes: the contact's own values replaced, the file's other addresses.
    noted = [f"{c.label} “{before[c.field]}”" for c in replaced.values() if before[c.field]]
    noted += [f"{c.label} “{c.value}”" for c in taken if c.field in NOTED]
    event(f"rows merged with Sam: {sum(his for _, his in said)}")
    event(f"fills in: {bool(filled)}, keeps: {bool(kept)}, takes: {bool(taken)}")
    changed = {c.field for c in filled} | set(replaced) | ({"notes"} if noted else set())
    assert {name for name in before if before[name] != after[name]} == changed
    said_filled: dict[str, set] = {}
    for change in filled:
        said_filled.setdefault(change.field, set()).update(said_as(change.field, change.value))
    for name in said_filled.keys() - {"notes", *replaced}:
        assert said_filled[name] == written(name, before, after)
    for name, change in replaced.items():
        assert said_as(name, change.value) == written(name, before, after)
    notes_before = next((c.value for c in filled if c.field == "notes"), before["notes"])
    assert after["notes"].startswith(notes_before)
    assert all(value in after["notes"][len(notes_before) :] for value in noted)
    assert noted or after["notes"] == notes_before
    for change in kept:  # as it was, or as an earlier row of the file filled it in
        if change not in taken and change.field != "notes":
            assert after[change.field] == change.yours


def sam_as(owner, contact: dict) -> Contact:
    columns = {name: contact[name] for name in imports.FILLED_COLUMNS}
    sam = services.save_contact(
        owner,
        Contact(name="Sam Whitaker", **columns),
        organization=contact["organization"],
        tags=contact["tags"],
    )
    if contact["connected"]:
        Touch.objects.create(owner=owner, contact=sam, kind=TouchKind.CONNECTED)
    return sam


def state_of(contact: Contact) -> dict:
    """The contact's fields an import may change, by the names the plan gives them."""
    state = {name: getattr(contact, name) for name in imports.FILLED_COLUMNS}
    state["organization"] = contact.organization.name if contact.organization else None
    state["tags"] = {tag.name for tag in contact.tags.all()}
    connected = contact.touches.filter(kind=TouchKind.CONNECTED)
    state["connected_on"] = {t.happened_at.date().isoformat() for t in connected}
    return state


def written(name: str, before: dict, after: dict) -> set:
    """What confirming wrote into ``name``, as ``said_as`` reads the changes' values."""
    if name == "organization":  # an organization of that name, however the file writes it
        return {fold(after[name])}
    if name in {"tags", "connected_on"}:  # those added
        return {tag_key(value) for value in after[name] - before[name]}
    return {after[name]}


def said_as(name: str, value: str) -> set:
    if name == "organization":
        return {fold(value)}
    if name in {"tags", "connected_on"}:
        return {tag_key(part) for part in value.split(", ")}
    return {value}
