"""Contacts and meetings pushed to a real CardDAV/CalDAV server (Radicale, started here):
a re-run changes nothing, an edit updates the one card, nothing is duplicated, and a card
edited on the phone is reported, never overwritten."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import pytest
import requests
from click.testing import CliRunner
from django.urls import reverse

from rapport.cli import cli
from rapport.contacts import services
from rapport.contacts.models import Contact
from rapport.core.errors import RapportError
from rapport.dav import push as dav_push
from rapport.dav.models import DavAccount, DavItem
from rapport.dav.services import connect, disconnect
from tests.conftest import free_port, wait_until_listening

PASSWORD = "phone secret"
ADDRESSBOOK = b"""<?xml version="1.0"?><mkcol xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
<set><prop><resourcetype><collection/><C:addressbook/></resourcetype></prop></set></mkcol>"""


def dav(method: str, url: str, **options: object) -> requests.Response:
    """A request to the test server, as the phone would make it."""
    return requests.request(method, url, auth=("dana", PASSWORD), timeout=10, **options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    """A Radicale server on loopback with one user, and its base address."""
    folder = tmp_path_factory.mktemp("radicale")
    (folder / "users").write_text(f"dana:{PASSWORD}\n")
    port = free_port()
    (folder / "config").write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {folder / 'users'}\n"
        "htpasswd_encryption = plain\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[logging]\nlevel = warning\n"
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(folder / "config")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def collections(radicale, request):
    """A fresh address book and calendar for one test."""
    name = request.node.name.replace("[", "-").replace("]", "")[:40]
    book, diary = f"{radicale}/dana/{name}-book/", f"{radicale}/dana/{name}-cal/"
    assert dav("MKCOL", book, data=ADDRESSBOOK).status_code == 201
    assert dav("MKCALENDAR", diary).status_code == 201
    return book, diary


def listing(url: str) -> dict[str, str]:
    """What the collection holds: each resource's name and its text."""
    found = dav("PROPFIND", url, headers={"Depth": "1"}).text
    names = [
        part.split("</")[0].rsplit("/", 1)[-1]
        for part in found.split("<href>")[1:]
        if part.split("</")[0].endswith((".vcf", ".ics"))
    ]
    return {n: dav("GET", url + n).text for n in names}


@pytest.fixture
def connected(dana, network, collections):
    book, diary = collections
    connect(dana, book, diary, "dana", PASSWORD)
    return book, diary


def test_a_push_sends_each_card_and_event_once_and_a_rerun_changes_nothing(dana, connected, now):
    book, diary = connected
    first = dav_push.push(dana, now)
    contacts = Contact.objects.filter(owner=dana).count()
    assert first.created >= contacts + 1 and not first.conflicts and not first.errors
    cards, events = listing(book), listing(diary)
    assert len(cards) == contacts and any("FN:María Okafor" in c for c in cards.values())
    assert any("Meeting with María Okafor" in e and "BEGIN:VALARM" in e for e in events.values())
    again = dav_push.push(dana, now + timedelta(minutes=5))
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert again.unchanged == first.created
    assert listing(book) == cards  # not even rewritten


def test_an_edit_updates_the_one_card_and_a_deletion_removes_it(dana, connected, network, now):
    book, _ = connected
    dav_push.push(dana, now)
    before = listing(book)
    maria = network["contact"]
    maria.role = "Research director"
    services.save_contact(dana, maria, organization="Harbor Policy Institute")
    result = dav_push.push(dana, now)
    assert result.updated == 1 and result.created == 0
    after = listing(book)
    assert set(after) == set(before)
    assert [n for n in after if after[n] != before[n]] == [
        n for n in after if "Research director" in after[n]
    ]
    services.delete_contact(dana, network["referrer"])
    gone = dav_push.push(dana, now)
    assert gone.deleted >= 1 and len(listing(book)) == len(before) - 1


def test_a_card_edited_on_the_phone_is_reported_not_overwritten(dana, connected, network, now):
    dav_push.push(dana, now)
    item = DavItem.objects.get(owner=dana, key=f"contact:{network['contact'].pk}")
    phone = dav("GET", item.href).text.replace("FN:María Okafor", "FN:María Okafor (mobile)")
    assert dav("PUT", item.href, data=phone.encode()).ok
    maria = network["contact"]
    maria.role = "Changed in Rapport"
    services.save_contact(dana, maria, organization="Harbor Policy Institute")
    result = dav_push.push(dana, now)
    assert result.conflicts and "María Okafor" in result.conflicts[0]
    assert "(mobile)" in dav("GET", item.href).text


def test_a_wrong_password_is_refused_and_nothing_is_kept(dana, collections):
    book, diary = collections
    with pytest.raises(RapportError, match="refused this user name and password"):
        connect(dana, book, diary, "dana", "not it")
    assert not DavAccount.objects.exists()


def test_the_password_is_kept_sealed_with_a_key_apart_from_the_database(dana, connected):
    stored = DavAccount.objects.get(owner=dana).sealed_password
    assert PASSWORD not in stored and PASSWORD.encode().hex() not in stored


def test_another_account_pushes_nothing_of_this_ones(dana, stranger, connected, network, now):
    dav_push.push(dana, now)
    with pytest.raises(RapportError, match="no address book or calendar is connected"):
        dav_push.push(stranger, now)
    assert not DavItem.objects.filter(owner=stranger).exists()
    assert DavItem.objects.filter(owner=dana).exists()


def test_disconnecting_forgets_the_credentials_and_what_was_pushed(dana, connected, now):
    dav_push.push(dana, now)
    assert disconnect(dana) == 1
    assert not DavAccount.objects.exists() and not DavItem.objects.exists()


def test_the_command_line_connects_and_pushes_with_json(dana, network, collections, now):
    book, diary = collections
    runner = CliRunner()
    made = runner.invoke(
        cli,
        [
            "dav",
            "connect",
            "--addressbook",
            book,
            "--calendar",
            diary,
            "--username",
            "dana",
            "--password-stdin",
            "--user",
            dana.email,
        ],
        input=f"{PASSWORD}\n",
    )
    assert made.exit_code == 0, made.output
    pushed = runner.invoke(cli, ["dav", "push", "--json", "--user", dana.email])
    assert pushed.exit_code == 0, pushed.output
    numbers = json.loads(pushed.output)
    assert set(numbers) == {"created", "updated", "unchanged", "deleted", "conflicts", "errors"}
    assert numbers["created"] > 0


def test_a_changed_password_stops_the_push_with_one_clear_line(dana, connected, now):
    from rapport.credentials import seal

    DavAccount.objects.filter(owner=dana).update(sealed_password=seal("changed since"))
    with pytest.raises(RapportError, match="refused the saved user name and password"):
        dav_push.push(dana, now)
    assert not DavItem.objects.exists()


def test_the_profile_page_connects_keeps_what_was_typed_pushes_and_disconnects(
    dana, dana_client, network, collections
):
    book, diary = collections
    form = {
        "dav": "1",
        "dav-addressbook": book,
        "dav-calendar": diary,
        "dav-username": "dana",
        "dav-password": "not it",
    }
    page = dana_client.post(reverse("profile"), form).content.decode()
    assert "Not connected:" in page and "refused this user name and password" in page
    assert f'value="{book}"' in page  # what was typed is kept
    assert not DavAccount.objects.exists()

    form["dav-password"] = PASSWORD
    page = dana_client.post(reverse("profile"), form, follow=True).content.decode()
    assert "Connected. “Push now” sends your contacts and meetings." in page
    page = dana_client.post(reverse("dav-push"), follow=True).content.decode()
    contacts = Contact.objects.filter(owner=dana).count()
    assert "Pushed:" in page and "0 unchanged, 0 removed." in page
    assert len(listing(book)) == contacts

    page = dana_client.post(reverse("dav-disconnect"), follow=True).content.decode()
    assert "Address book and calendar disconnected" in page
    assert not DavAccount.objects.exists()
    assert dana_client.post(reverse("dav-disconnect")).status_code == 404


def test_two_hundred_contacts_pushed_twice_are_two_hundred_cards_and_one_edit_is_one(
    dana, collections, now
):
    book, _ = collections
    people = [
        services.save_contact(dana, Contact(name=f"Person {n:03}", email=f"p{n}@example.org"))
        for n in range(200)
    ]
    connect(dana, book, "", "dana", PASSWORD)
    first = dav_push.push(dana, now)
    second = dav_push.push(dana, now + timedelta(minutes=5))
    assert (first.created, second.created, second.updated, second.unchanged) == (200, 0, 0, 200)
    cards = listing(book)
    assert len(cards) == 200

    people[17].role = "Transit planner"
    services.save_contact(dana, people[17])
    third = dav_push.push(dana, now + timedelta(minutes=10))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 199)
    after = listing(book)
    assert [name for name in after if after[name] != cards[name]] == [
        name for name in after if "Transit planner" in after[name]
    ]
