"""The agenda: the home page shows what is due, and one step clears each item."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from rapport.agenda import services
from rapport.agenda.models import Snooze
from rapport.contacts import services as contacts
from rapport.contacts.models import Contact


def test_a_meeting_makes_a_thank_you_due_twelve_hours_later(dana, now):
    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"))
    contacts.log_touch(dana, maria, "meeting", now - timedelta(hours=13))
    result = services.agenda_for(dana, now)
    assert [(i.name, i.kind.value, i.due) for i in result.overdue] == [
        ("Maria Okafor", "thank-you", now - timedelta(hours=1))
    ]
    contacts.log_touch(dana, maria, "thank_you", now)
    assert services.agenda_for(dana, now).items == []  # next: keep in touch in 90 days


def test_an_unanswered_email_brings_3b7_and_never_two_asks_at_one_organization(dana, now):
    sent = now - timedelta(days=10)
    sam = contacts.save_contact(dana, Contact(name="Sam"), organization="Harbor")
    contacts.save_contact(dana, Contact(name="Priya"), organization="Harbor")
    contacts.log_touch(dana, sam, "email_sent", sent)
    kinds = {i.kind.value for i in services.agenda_for(dana, now).items}
    assert kinds == {"second-person", "follow-up"}
    priya = Contact.objects.get(name="Priya")
    contacts.log_touch(dana, priya, "email_sent", now - timedelta(days=1))
    assert "second-person" not in {i.kind.value for i in services.agenda_for(dana, now).items}


def test_the_home_page_is_the_agenda_with_one_step_per_item(dana_client, dana, now):
    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"))
    contacts.log_touch(dana, maria, "meeting", now - timedelta(days=1))
    body = dana_client.get(reverse("home")).content.decode()
    assert "Overdue" in body and "Send the thank-you" in body and "Maria Okafor" in body
    dana_client.post(reverse("agenda-act", args=[maria.pk]), {"action": "thank-you"})
    assert maria.touches.filter(kind="thank_you").exists()
    assert "Send the thank-you" not in dana_client.get(reverse("home")).content.decode()


def test_snoozing_puts_an_item_off_for_a_week(dana_client, dana, now):
    joe = contacts.save_contact(dana, Contact(name="Joe Serra"))
    contacts.log_touch(dana, joe, "call", now - timedelta(days=200))
    dana_client.post(reverse("agenda-act", args=[joe.pk]), {"action": "snooze:keep-in-touch"})
    assert Snooze.objects.get(contact=joe).kind == "keep-in-touch"
    assert services.losing_touch_for(dana, now) == []
    assert services.losing_touch_for(dana, now + timedelta(days=8))[0].name == "Joe Serra"


def test_losing_touch_lists_overdue_relationships(dana_client, dana, now):
    joe = contacts.save_contact(dana, Contact(name="Joe Serra"))
    contacts.log_touch(dana, joe, "call", now - timedelta(days=200))
    body = dana_client.get(reverse("home")).content.decode()
    assert "Losing touch" in body


def test_an_empty_agenda_says_what_to_do(dana_client):
    body = dana_client.get(reverse("home")).content.decode()
    assert "Nothing is due" in body and "Add your first contact" in body


def test_an_unknown_action_changes_nothing(dana_client, dana):
    joe = contacts.save_contact(dana, Contact(name="Joe Serra"))
    response = dana_client.post(
        reverse("agenda-act", args=[joe.pk]), {"action": "explode"}, follow=True
    )
    assert "unknown action" in response.content.decode()
    assert joe.touches.count() == 0


def test_a_tag_cadence_applies_to_its_contacts_unless_they_have_their_own(dana_client, dana, now):
    joe = contacts.save_contact(dana, Contact(name="Joe Serra"), tags=["mentor"])
    own = contacts.save_contact(dana, Contact(name="Own Pace", cadence_days=200), tags=["mentor"])
    for person in (joe, own):
        contacts.log_touch(dana, person, "call", now - timedelta(days=40))
    tag = joe.tags.get()
    dana_client.post(reverse("tag-cadence", args=[tag.pk]), {"cadence_days": "30"})
    tag.refresh_from_db()
    assert tag.cadence_days == 30
    assert [i.name for i in services.losing_touch_for(dana, now)] == ["Joe Serra"]
    response = dana_client.post(
        reverse("tag-cadence", args=[tag.pk]), {"cadence_days": "0"}, follow=True
    )
    assert "greater than or equal to 1" in response.content.decode()
    assert "mentor" in dana_client.get(reverse("tag-list")).content.decode()
