"""The Rapport archive: everything the account owns goes out, and comes back through the web,
into an empty account or merged into one that has data, all or nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.accounts.models import Owned
from rapport.agenda import reminders
from rapport.agenda import services as agenda
from rapport.agenda.models import Reminder
from rapport.archive import restore, tables
from rapport.contacts import archive, services
from rapport.contacts.models import Contact, Organization, PendingImport, Tag
from rapport.core.errors import RapportError
from rapport.core.search import person_sort_key
from rapport.meetings import followup
from rapport.meetings import services as meetings
from rapport.meetings.models import HiddenQuestion, Meeting, OwnQuestion, OwnSkill, Suggestion
from tests.apps.conftest import CANARY

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def rich(dana, network, now):
    """Dana's network with a row of every table the account owns, each field filled."""
    maria, joe, meeting = network["contact"], network["referrer"], network["meeting"]
    Meeting.objects.filter(pk=meeting.pk).update(
        from_touch=network["touch"], read_field=True, notes=f"Notes {CANARY}"
    )
    meetings.add_question(dana, meeting, f"What surprised you? {CANARY}", minutes=3)
    meetings.save_practice(
        dana,
        meeting,
        "Lee",
        420,
        [{"question": "Your path?", "focused": True, "sincere": True, "note": f"slow {CANARY}"}],
    )
    followup.close_suggestion(network["suggestion"], Suggestion.DONE, now)
    followup.add_suggestion(dana, meeting, "attend", f"Go to {CANARY}", now.date())
    followup.refer_from_meeting(dana, meeting, "Ann Park", "Brookings", "yes")
    past = meetings.schedule_meeting(
        dana, joe, Meeting(starts_at=now - timedelta(days=2), mode=Meeting.PHONE)
    )
    meetings.finish(dana, past, now - timedelta(days=2) + timedelta(minutes=25), now)
    OwnQuestion.objects.create(owner=dana, text=f"How do you pick projects? {CANARY}", minutes=3)
    HiddenQuestion.objects.create(owner=dana, key="typical-week")
    OwnSkill.objects.create(owner=dana, term="GIS")
    agenda.snooze(dana, maria, "follow-up", now, days=3)
    Tag.objects.filter(owner=dana, name="mentor").update(cadence_days=30)
    Organization.objects.filter(pk=maria.organization_id).update(
        motivation=4, research=f"Research {CANARY}", website="https://harbor.example.org"
    )
    Contact.objects.filter(pk=maria.pk).update(
        email="maria@harbor.example.org", cadence_days=45, research=f"Her path {CANARY}"
    )
    reminder = reminders.reminder_for(dana, now)
    reminder.frequency, reminder.hour = Reminder.WEEKLY, 7
    reminders.reschedule(reminder, now)
    dana.resume_text = f"Research assistant {CANARY}"
    dana.save()
    return network


def owned_models() -> list[type]:
    """Every table whose rows belong to a user, but those an archive leaves out on purpose."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Owned) and model not in tables.LEFT_OUT
    ]


def holdings(owner) -> dict[str, list[dict]]:
    """Every row ``owner`` owns, table by table in id order, field by field but the id and
    the owner; a reference is given as the place, in its table, of the row it names."""
    rows = {m: m.objects.filter(owner=owner).order_by("id") for m in owned_models()}
    place = {
        model: {pk: n for n, pk in enumerate(queryset.values_list("id", flat=True))}
        for model, queryset in rows.items()
    }
    held = {}
    for model, queryset in rows.items():
        left = {"id", "owner", *tables.DERIVED.get(model, ())}  # what search is made of
        fields = [f for f in model._meta.concrete_fields if f.name not in left]
        listed = []
        for values in queryset.values("id", *(f.attname for f in fields)):
            row = {f.name: values[f.attname] for f in fields}
            for f in fields:
                if f.is_relation and row[f.name] is not None:
                    row[f.name] = (f.related_model.__name__, place[f.related_model][row[f.name]])
            for f in model._meta.many_to_many:
                item = model.objects.get(pk=values["id"])
                linked = getattr(item, f.name).values_list("id", flat=True)
                row[f.name] = sorted(place[f.related_model][pk] for pk in linked)
            listed.append(row)
        held[model.__name__] = listed
    filled = ["school", "year", "major", "interests", "phone", "resume_text"]
    owner.refresh_from_db()
    held["profile"] = [{name: getattr(owner, name) for name in filled}]
    held["reminders"] = list(Reminder.objects.filter(owner=owner).values(*tables.REMINDER))
    return held


def restore_through_the_web(owner, data: bytes, name="rapport.json"):
    """Upload ``data`` on the Import page as a Rapport archive, read the preview, confirm."""
    client = Client()
    client.force_login(owner)
    file = SimpleUploadedFile(name, data, content_type="application/json")
    uploaded = client.post(reverse("import"), {"kind": "rapport", "file": file})
    assert uploaded.status_code == 302, uploaded.content.decode()
    preview = client.get(uploaded["Location"]).content.decode()
    done = client.post(uploaded["Location"], follow=True)
    return preview, done.content.decode()


def download(owner) -> bytes:
    client = Client()
    client.force_login(owner)
    return client.get(reverse("export-json")).content


def test_the_rich_account_has_a_row_of_every_owned_table(dana, rich):
    """The round trip below checks every table that has rows: a new table needs one here."""
    empty = [name for name, rows in holdings(dana).items() if not rows]
    assert empty == []


def test_every_owned_table_is_archived_or_left_out_for_a_reason():
    archived = {table.model for table in tables.TABLES}
    assert set(owned_models()) == archived
    assert archived.isdisjoint(tables.LEFT_OUT)


def test_an_archive_restored_into_a_fresh_account_through_the_web_holds_everything(
    dana, stranger, rich
):
    exported = download(dana)
    assert CANARY in exported.decode()
    preview, done = restore_through_the_web(stranger, exported)
    assert "<strong>3</strong> new contacts" in preview
    assert "Meetings" in preview and "Practice answers" in preview
    assert "Restored rapport.json: 3 new contacts, 3 organizations" in done
    assert holdings(stranger) == holdings(dana)
    assert services.find_contacts(stranger, query="maria okafor").get().name == "María Okafor"
    restored = Contact.objects.filter(owner=stranger)
    assert [c.sort_name for c in restored] == [person_sort_key(c.name) for c in restored] != []
    # Sort keys are worked out again, never read from a file.
    assert not {"sort_name"} & {f.name for t in tables.TABLES for f in tables.fields_of(t.model)}
    assert stranger.name == "Sam Stranger"  # the account keeps its own name and address
    stranger.refresh_from_db()
    assert stranger.time_zone == dana.time_zone == "America/New_York"  # not left at UTC
    assert not PendingImport.objects.filter(owner=stranger).exists()


def test_restoring_the_same_archive_into_the_same_account_doubles_nothing(dana, rich):
    exported = download(dana)
    before = holdings(dana)
    preview, done = restore_through_the_web(dana, exported)
    assert "<strong>0</strong> new contacts" in preview
    assert "<strong>3</strong> matched to someone you have" in preview
    assert "Restored rapport.json: 0 new contacts (3 matched to yours)." in done
    assert holdings(dana) == before


def test_an_archive_merged_into_an_account_with_data_matches_its_people(dana, stranger, rich):
    joe = services.save_contact(
        stranger, Contact(name="Joe Serra"), organization="Connecticut River Planning Council"
    )
    services.log_touch(stranger, joe, "note", joe.created_at, "Met at the fair")
    exported = download(dana)
    preview, _ = restore_through_the_web(stranger, exported)
    assert "<strong>2</strong> new contacts" in preview
    assert f'<a href="/contacts/{joe.pk}/">Joe Serra</a>' in preview
    joe.refresh_from_db()
    assert joe.notes == f"family friend {CANARY}"  # an empty field filled in
    assert joe.meetings.get().status == Meeting.DONE
    assert [t.summary for t in joe.touches.order_by("happened_at")][-1] == "Met at the fair"
    assert Contact.objects.filter(owner=stranger, name="Joe Serra").count() == 1
    restore_through_the_web(stranger, exported)
    assert Contact.objects.filter(owner=stranger).count() == 3
    assert Meeting.objects.filter(owner=stranger).count() == 2


def test_a_large_archive_is_previewed_and_restored_by_the_worker(dana, stranger, rich, settings):
    settings.IMPORT_INLINE_BYTES = 0
    exported = download(dana)
    preview, done = restore_through_the_web(stranger, exported)
    assert "<strong>3</strong> new contacts" in preview
    assert "Restored rapport.json: 3 new contacts" in done
    assert holdings(stranger) == holdings(dana)


def broken(change):
    def broken_archive(exported: dict) -> dict:
        change(exported)
        return exported

    return broken_archive


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda exported: b"BEGIN:VCARD\r\n", "it is not JSON (line 1, column 1"),
        (lambda exported: b'{"contacts": []}', 'it has no "format": "rapport"'),
        (lambda exported: b"[1, 2]", "this file is not a Rapport archive"),
        (lambda exported: b"\xff\xfe{}", "it is not UTF-8 text"),
        (broken(lambda e: e.update(version=3)), "of version 3, made by a newer Rapport"),
        (broken(lambda e: e.update(version="2")), "version, '2', is not one Rapport made"),
        (
            broken(lambda e: e["meetings"][0].update(contact=999)),
            "meetings[0]: contact 999 is not among the archive's contacts",
        ),
        (
            broken(lambda e: e["contacts"][1].update(source="carrier pigeon")),
            "contacts[1]: source: Value 'carrier pigeon' is not a valid choice.",
        ),
        (
            broken(lambda e: e["touches"].append(dict(e["touches"][0]))),
            "the id",
        ),
        (broken(lambda e: e["meetings"][0].pop("starts_at")), "meetings[0]: starts_at is missing"),
        (broken(lambda e: e.update(suggestions={})), '"suggestions" should be a list'),
        (
            broken(lambda e: e["contacts"][0].update(tags=["mentor"])),
            "contacts[0]: tags should be a list of ids",
        ),
    ],
)
def test_a_bad_or_foreign_file_is_refused_with_what_is_wrong_and_changes_nothing(
    dana, stranger, rich, spoil, message
):
    exported = json.loads(download(dana))
    spoiled = spoil(exported)
    data = spoiled if isinstance(spoiled, bytes) else json.dumps(spoiled).encode()
    client = Client()
    client.force_login(stranger)
    file = SimpleUploadedFile("rapport.json", data, content_type="application/json")
    page = client.post(reverse("import"), {"kind": "rapport", "file": file})
    assert page.status_code == 200
    assert message in page.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert all(rows == [] for name, rows in holdings(stranger).items() if name != "profile")
    assert not PendingImport.objects.filter(owner=stranger).exists()


def test_a_file_broken_after_its_preview_writes_nothing(dana, stranger, rich):
    """The confirmation reads the file again; a row that fails then stops the whole write."""
    exported = json.loads(download(dana))
    exported["suggestions"][-1]["status"] = "someday"
    with pytest.raises(RapportError, match=r"suggestions\[1\]: status"):
        restore.restore(stranger, json.dumps(exported).encode())
    assert all(rows == [] for name, rows in holdings(stranger).items() if name != "profile")


def test_a_version_1_archive_is_still_read(stranger):
    summary = restore.restore(stranger, (DATA / "archive_v1.json").read_bytes())
    assert summary["created"] == 2
    maria = Contact.objects.get(owner=stranger, name="María Okafor")
    assert maria.organization.name == "Harbor Policy Institute"
    assert sorted(maria.tags.values_list("name", flat=True)) == ["dc", "policy"]
    assert maria.commonalities.get().detail == "UMass Amherst"
    assert maria.touches.get().summary == "Asked for 20 minutes"
    assert maria.referred_by.get().referrer.name == "Joe Serra"
    stranger.refresh_from_db()
    assert stranger.school == "University of Massachusetts Amherst"


def test_the_archive_asks_the_database_the_same_number_of_times_for_any_size(dana, rich, now):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            archive.export_json(dana)
        return len(captured)

    few = queries()
    for n in range(20):
        person = services.save_contact(dana, Contact(name=f"Person {n}"), tags=["policy"])
        meeting = meetings.schedule_meeting(dana, person, Meeting(starts_at=now))
        followup.add_suggestion(dana, meeting, "read", "A book", None)
    assert queries() == few


def test_a_restore_that_fails_midway_leaves_nothing_behind(dana, stranger, rich, monkeypatch):
    """All or nothing: a fault after the contacts and meetings are written undoes them."""

    def fail(owner, settings):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(restore, "restore_reminders", fail)
    with pytest.raises(RuntimeError):
        restore.restore(stranger, download(dana))
    assert all(rows == [] for name, rows in holdings(stranger).items() if name != "profile")
