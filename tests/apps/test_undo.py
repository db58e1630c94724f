"""One-click steps that change the timeline or the agenda can be undone, exactly, by their owner."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse

from rapport.agenda import services as agenda
from rapport.agenda.models import Snooze
from rapport.contacts import services as contacts
from rapport.contacts.models import Contact, Touch
from rapport.meetings.models import Meeting

UNDO_FORM = re.compile(
    r'<form method="post" action="(?P<url>[^"]+)" class="inline undo">(?P<inside>.*?)</form>'
)
HIDDEN = re.compile(r'<input type="hidden" name="(?P<name>[^"]+)" value="(?P<value>[^"]*)">')


def undo_offered(response) -> tuple[str, dict[str, str]]:
    """The Undo button in the page's message: where it posts, and what."""
    match = UNDO_FORM.search(response.content.decode())
    assert match, "no Undo in the message"
    fields = {m["name"]: m["value"] for m in HIDDEN.finditer(match["inside"])}
    assert "csrfmiddlewaretoken" in fields
    fields.pop("csrfmiddlewaretoken")
    return match["url"], fields


def kinds_due(owner, now) -> set[tuple[str, str]]:
    home, losing = agenda.home_for(owner, now)
    return {(item.name, item.kind.value) for item in [*home.items, *losing]}


def test_a_touch_removed_from_the_timeline_comes_back_exactly_with_undo(dana_client, dana, now):
    rosa = contacts.save_contact(dana, Contact(name="Rosa Delgado"))
    touch = contacts.log_touch(dana, rosa, "meeting", now - timedelta(days=120), "Coffee, 20 min")
    Touch.objects.filter(pk=touch.pk).update(guard_override="job-ask")
    meeting = Meeting.objects.create(
        owner=dana, contact=rosa, starts_at=touch.happened_at, from_touch=touch
    )
    before = Touch.objects.filter(pk=touch.pk).values().get()

    response = dana_client.post(reverse("touch-delete", args=[touch.pk]), follow=True)
    assert "Removed from Rosa Delgado&#x27;s timeline: Meeting" in response.content.decode()
    assert not Touch.objects.filter(pk=touch.pk).exists()
    meeting.refresh_from_db()
    assert meeting.from_touch is None
    assert ("Rosa Delgado", "keep-in-touch") not in kinds_due(dana, now)  # what the removal did

    url, fields = undo_offered(response)
    back = dana_client.post(url, fields, follow=True)
    assert "Back on the timeline" in back.content.decode()
    assert Touch.objects.filter(pk=touch.pk).values().get() == before  # same id, every field
    meeting.refresh_from_db()
    assert meeting.from_touch_id == touch.pk
    assert ("Rosa Delgado", "keep-in-touch") in kinds_due(dana, now)
    dana_client.post(url, fields)  # a second click changes nothing
    assert rosa.touches.count() == 1


def test_only_the_owner_can_undo_a_removal(dana_client, dana, stranger, now):
    rosa = contacts.save_contact(dana, Contact(name="Rosa Delgado"))
    touch = contacts.log_touch(dana, rosa, "call", now - timedelta(days=3))
    url, fields = undo_offered(
        dana_client.post(reverse("touch-delete", args=[touch.pk]), follow=True)
    )
    strangers = Client()
    strangers.force_login(stranger)
    assert strangers.post(url, fields).status_code == 404
    assert strangers.post(url, {"token": fields["token"][:-2] + "xx"}).status_code == 404
    assert dana_client.post(url, {"token": "forged"}).status_code == 404
    assert not Touch.objects.exists()
    anonymous = Client().post(url, fields)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert not Touch.objects.exists()


def test_undo_is_refused_kindly_a_day_later(dana_client, dana, now):
    rosa = contacts.save_contact(dana, Contact(name="Rosa Delgado"))
    touch = contacts.log_touch(dana, rosa, "call", now - timedelta(days=3))
    url, fields = undo_offered(
        dana_client.post(reverse("touch-delete", args=[touch.pk]), follow=True)
    )
    with time_machine.travel(now + timedelta(days=1, minutes=1)):
        response = dana_client.post(url, fields, follow=True)
    assert "too long to undo" in response.content.decode()
    assert not Touch.objects.exists()


def test_they_replied_on_the_agenda_can_be_undone(dana_client, dana, now):
    grace = contacts.save_contact(dana, Contact(name="Grace Liu"), organization="Valley Ledger")
    contacts.log_touch(dana, grace, "email_sent", now - timedelta(days=12))
    assert ("Grace Liu", "follow-up") in kinds_due(dana, now)
    response = dana_client.post(
        reverse("agenda-act", args=[grace.pk]), {"action": "reply"}, follow=True
    )
    assert grace.touches.filter(kind="reply_received").count() == 1
    assert ("Grace Liu", "follow-up") not in kinds_due(dana, now)

    url, fields = undo_offered(response)
    back = dana_client.post(url, fields, follow=True)
    assert back.redirect_chain[-1][0] == reverse("home")
    assert "Undone" in back.content.decode()
    assert not grace.touches.filter(kind="reply_received").exists()
    assert grace.touches.count() == 1  # the e-mail stays
    assert ("Grace Liu", "follow-up") in kinds_due(dana, now)


def test_a_snooze_can_be_undone(dana_client, dana, now):
    joe = contacts.save_contact(dana, Contact(name="Joe Serra"))
    contacts.log_touch(dana, joe, "call", now - timedelta(days=200))
    response = dana_client.post(
        reverse("agenda-act", args=[joe.pk]), {"action": "snooze:keep-in-touch"}, follow=True
    )
    assert Snooze.objects.filter(contact=joe).exists()
    assert ("Joe Serra", "keep-in-touch") not in kinds_due(dana, now)

    url, fields = undo_offered(response)
    assert url == reverse("agenda-act", args=[joe.pk])
    back = dana_client.post(url, fields, follow=True)
    assert "Joe Serra is back on the agenda" in back.content.decode()
    assert not Snooze.objects.exists()
    assert ("Joe Serra", "keep-in-touch") in kinds_due(dana, now)


def test_another_user_cannot_undo_a_snooze(dana, stranger_client, now):
    joe = contacts.save_contact(dana, Contact(name="Joe Serra"))
    agenda.snooze(dana, joe, "keep-in-touch", now)
    url = reverse("agenda-act", args=[joe.pk])
    assert stranger_client.post(url, {"action": "unsnooze:keep-in-touch"}).status_code == 404
    assert Snooze.objects.filter(contact=joe).exists()


def test_the_undo_button_needs_its_csrf_token(dana, now):
    joe = contacts.save_contact(dana, Contact(name="Joe Serra"))
    agenda.snooze(dana, joe, "keep-in-touch", now)
    client = Client(enforce_csrf_checks=True)
    client.force_login(dana)
    url = reverse("agenda-act", args=[joe.pk])
    assert client.post(url, {"action": "unsnooze:keep-in-touch"}).status_code == 403
    assert Snooze.objects.filter(contact=joe).exists()


def test_the_undo_message_shows_a_hostile_name_as_text(dana_client, dana, now):
    name = '<img src=x onerror="alert(1)">'
    rosa = contacts.save_contact(dana, Contact(name=name))
    touch = contacts.log_touch(dana, rosa, "call", now - timedelta(days=3))
    body = dana_client.post(reverse("touch-delete", args=[touch.pk]), follow=True).content.decode()
    assert "<img src=x" not in body and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body
    assert 'class="inline undo"' in body


def test_a_long_e_mail_removed_from_the_timeline_comes_back_whole(dana_client, dana, now):
    """Its whole body rides in the Undo (more than a message cookie holds: the session does)."""
    rosa = contacts.save_contact(dana, Contact(name="Rosa Delgado"))
    body = " ".join(f"word{n}" for n in range(4_000))
    touch = contacts.log_touch(dana, rosa, "email_sent", now - timedelta(days=3), body)
    url, fields = undo_offered(
        dana_client.post(reverse("touch-delete", args=[touch.pk]), follow=True)
    )
    dana_client.post(url, fields)
    assert Touch.objects.get(pk=touch.pk).summary == body
