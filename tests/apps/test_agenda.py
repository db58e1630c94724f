"""The agenda: the home page shows what is due, and one step clears each item."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

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


def test_the_two_steps_of_one_unanswered_ask_are_one_entry_on_the_agenda(dana_client, dana, now):
    sam = contacts.save_contact(dana, Contact(name="Sam Whitaker"), organization="Harbor")
    contacts.save_contact(dana, Contact(name="Priya Raman"), organization="Harbor")
    contacts.log_touch(dana, sam, "email_sent", now - timedelta(days=14))
    joe = contacts.save_contact(dana, Contact(name="Joe Serra"))
    contacts.log_touch(dana, joe, "meeting", now - timedelta(days=1))
    overdue = services.agenda_for(dana, now).overdue
    assert sorted(i.kind.value for i in overdue if i.name == "Sam Whitaker") == [
        "follow-up",
        "second-person",
    ]
    page = dana_client.get(reverse("home")).content.decode()
    entries = re.findall(r'<li class="due [^"]*">(.*?)</li>', page, re.DOTALL)
    sams = [entry for entry in entries if "Sam Whitaker" in entry]
    # One entry names Sam once, with both steps in the order they fell due, and "They
    # replied" (which clears both) once; each step keeps its own snooze.
    assert len(sams) == 1
    [entry] = sams
    assert entry.count("Sam Whitaker") == 1
    second, follow_up = entry.index("Who else is there?"), entry.index("Write the follow-up")
    assert second < follow_up < entry.index("They replied")
    assert entry.count("They replied") == 1
    assert 'value="snooze:second-person"' in entry and 'value="snooze:follow-up"' in entry
    assert sum("Joe Serra" in entry for entry in entries) == 1  # others are entries of their own
    dana_client.post(reverse("agenda-act", args=[sam.pk]), {"action": "reply"})
    page = dana_client.get(reverse("home")).content.decode()
    assert not [e for e in re.findall(r'<li class="due .*?</li>', page, re.DOTALL) if "Sam" in e]


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


def test_a_snoozed_item_is_named_listed_and_can_be_brought_back(dana_client, dana, stranger, now):
    joe = contacts.save_contact(dana, Contact(name="Joe Serra"))
    contacts.log_touch(dana, joe, "call", now - timedelta(days=200))
    theirs = contacts.save_contact(stranger, Contact(name="Their Contact"))
    contacts.log_touch(stranger, theirs, "call", now - timedelta(days=200))
    services.snooze(stranger, theirs, "keep-in-touch", now)
    response = dana_client.post(
        reverse("agenda-act", args=[joe.pk]), {"action": "snooze:keep-in-touch"}, follow=True
    )
    body = response.content.decode()
    back = (now + timedelta(days=7)).astimezone(ZoneInfo(dana.time_zone))
    assert (
        f"Snoozed: get back in touch for Joe Serra, back on the agenda on {back:%A} {back.day}"
        in body
    )
    snoozed = body.split('id="snoozed"')[1].split("</section>")[0]
    assert "Joe Serra" in snoozed and "Their Contact" not in snoozed
    assert 'value="unsnooze:keep-in-touch"' in snoozed
    dana_client.post(reverse("agenda-act", args=[joe.pk]), {"action": "unsnooze:keep-in-touch"})
    body = dana_client.get(reverse("home")).content.decode()
    assert 'id="snoozed"' not in body
    assert services.losing_touch_for(dana, now)[0].name == "Joe Serra"


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


def test_the_tags_page_lists_tags_by_name_with_their_counts(dana_client, dana):
    contacts.save_contact(dana, Contact(name="Ann"), tags=["zeta", "Mentor"])
    contacts.save_contact(dana, Contact(name="Bo"), tags=["alumni", "mentor"])
    body = dana_client.get(reverse("tag-list")).content.decode()
    rows = re.findall(r'class="tag"[^>]*>([^<]*)</a></td>\s*<td data-label="Contacts">(\d+)', body)
    assert rows == [("alumni", "1"), ("Mentor", "2"), ("zeta", "1")]


def test_tomorrows_meeting_is_on_the_agenda_with_one_tap_to_notes(dana_client, dana, now):
    from rapport.meetings.models import Meeting
    from rapport.meetings.services import schedule_meeting

    lena = contacts.save_contact(dana, Contact(name="Lena Ortiz"))
    tomorrow = now + timedelta(days=1, hours=1)  # Thursday, 11:00 in New York
    meeting = schedule_meeting(
        dana, lena, Meeting(starts_at=tomorrow, mode="phone", place="+1 617 555 0100")
    )
    body = dana_client.get(reverse("home")).content.decode()
    assert "Meetings in the next 7 days" in body and "Tomorrow at 11 a.m." in body
    assert "Lena Ortiz" in body and "Phone" in body and "+1 617 555 0100" in body
    assert f'href="/meetings/{meeting.pk}/notes/"' in body
    assert f'href="/meetings/{meeting.pk}/prep/"' in body
    assert "Nothing is due" not in body


def test_only_this_weeks_open_meetings_are_on_the_agenda(dana_client, dana, now):
    from rapport.meetings.models import Meeting
    from rapport.meetings.services import schedule_meeting

    lena = contacts.save_contact(dana, Contact(name="Lena Ortiz"))
    schedule_meeting(dana, lena, Meeting(starts_at=now + timedelta(days=12)))
    schedule_meeting(
        dana, lena, Meeting(starts_at=now + timedelta(days=2), status=Meeting.CANCELLED)
    )
    body = dana_client.get(reverse("home")).content.decode()
    assert "Meetings in the next 7 days" not in body and "Nothing is due" in body


def test_a_past_meeting_never_marked_done_asks_whether_it_happened(dana_client, dana, now):
    from rapport.meetings.models import Meeting
    from rapport.meetings.services import schedule_meeting

    lena = contacts.save_contact(dana, Contact(name="Lena Ortiz"))
    meeting = schedule_meeting(dana, lena, Meeting(starts_at=now - timedelta(days=2)))
    body = dana_client.get(reverse("home")).content.decode()
    assert "Did it happen?" in body and f'href="/meetings/{meeting.pk}/done/"' in body


def test_an_empty_agenda_points_to_who_to_ask_next(dana_client, dana):
    contacts.save_contact(dana, Contact(name="Joe Serra"))
    body = dana_client.get(reverse("home")).content.decode()
    assert "Nothing is due" in body
    assert f'<a class="button primary" href="{reverse("next")}">See who to ask next</a>' in body


def test_the_meetings_page_lists_what_is_coming_what_is_owed_and_the_past(dana_client, dana, now):
    from rapport.meetings.models import Meeting
    from rapport.meetings.services import finish, schedule_meeting

    lena, joe, ada = (
        contacts.save_contact(dana, Contact(name=name)) for name in ("Lena", "Joe", "Ada")
    )
    coming = schedule_meeting(dana, lena, Meeting(starts_at=now + timedelta(days=20)))
    owed = schedule_meeting(dana, joe, Meeting(starts_at=now - timedelta(hours=3)))
    finish(dana, owed, now - timedelta(hours=2), now)
    thanked = schedule_meeting(dana, ada, Meeting(starts_at=now - timedelta(days=9)))
    finish(dana, thanked, now - timedelta(days=9) + timedelta(minutes=20), now)
    contacts.log_touch(dana, ada, "thank_you", now - timedelta(days=9) + timedelta(hours=3))
    body = dana_client.get(reverse("meeting-list")).content.decode()
    sections = [
        body.index(heading) for heading in ("Waiting for your thank-you", "Coming up", "Past")
    ]
    assert sections == sorted(sections)
    owed_part = body[sections[0] : sections[1]]
    assert f"/meetings/{owed.pk}/thank-you/" in owed_part and "by 8 p.m. tonight" in owed_part
    assert f"/meetings/{coming.pk}/" in body[sections[1] : sections[2]]
    assert f"/meetings/{thanked.pk}/" in body[sections[2] :] and "Thanked" in body[sections[2] :]
    assert 'href="/meetings/" aria-current="page">Meetings</a>' in body


def test_the_meetings_page_says_what_to_do_when_there_are_none(dana_client, stranger, now):
    from rapport.meetings.models import Meeting
    from rapport.meetings.services import schedule_meeting

    theirs = contacts.save_contact(stranger, Contact(name="Someone Else Entirely"))
    schedule_meeting(stranger, theirs, Meeting(starts_at=now + timedelta(days=1)))
    body = dana_client.get(reverse("meeting-list")).content.decode()
    assert "No meetings yet" in body and "Schedule a meeting" in body
    assert reverse("next") in body and "Someone Else Entirely" not in body


def test_the_agenda_shows_a_hostile_name_and_organization_as_text(dana_client, dana, now):
    hostile = '<script>alert("x")</script> & Co'
    sam = contacts.save_contact(dana, Contact(name=hostile), organization=hostile)
    contacts.save_contact(dana, Contact(name="Priya"), organization=hostile)
    contacts.log_touch(dana, sam, "email_sent", now - timedelta(days=4))
    body = dana_client.get(reverse("home")).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in body
    organization = "%3Cscript%3Ealert%28%22x%22%29%3C/script%3E%20%26%20Co"
    assert f'href="/next/?organization={organization}"' in body
    assert f'action="/agenda/{sam.pk}/"' in body and 'name="csrfmiddlewaretoken"' in body


def test_the_home_page_counts_what_it_does_not_show(dana_client, dana, now, monkeypatch):
    from rapport.agenda import views

    monkeypatch.setattr(views, "SHOWN", 2)
    for n in range(5):
        person = contacts.save_contact(dana, Contact(name=f"Person {n}"))
        contacts.log_touch(dana, person, "meeting", now - timedelta(days=1, hours=n))
    body = dana_client.get(reverse("home")).content.decode()
    assert body.count("Send the thank-you") == 2
    assert "…and 3 more, oldest first above." in body
    assert '<span class="count-badge">5</span>' in body
    # The rest are one click away, and one more brings the short list back.
    assert '<a href="?all=overdue#overdue">Show all 5</a>' in body
    opened = dana_client.get(reverse("home"), {"all": "overdue"}).content.decode()
    assert opened.count("Send the thank-you") == 5
    assert "more, oldest first" not in opened and "Show all" not in opened
    assert ' <a href="/#overdue">Show fewer</a>' in opened
    # An opened group longer than a page can hold still counts the rest, and closes again.
    monkeypatch.setattr(views, "ALL_SHOWN", 4)
    opened = dana_client.get(reverse("home"), {"all": "overdue"}).content.decode()
    assert opened.count("Send the thank-you") == 4 and "…and 1 more" in opened
    assert "Show all" not in opened and 'href="/#overdue">Show fewer</a>' in opened
    # Any other value opens nothing.
    assert (
        dana_client.get(reverse("home"), {"all": "x"}).content.decode().count("Send the thank-you")
        == 2
    )


def due_for(body: str, name: str) -> list[str]:
    """The actions the agenda page lists as due for one contact (not their meetings); the
    steps of one ask are one entry."""
    items = re.findall(r'<li class="due (?!meeting).*?</li>', body, re.S)
    return [
        action
        for item in items
        if f"<strong>{name}</strong>" in item
        for action in re.findall(r'class="due-action">([^<]*)<', item)
    ]


def test_a_note_after_a_reply_and_a_planned_meeting_leave_nothing_to_chase(dana_client, dana, now):
    from rapport.agenda import due
    from rapport.contacts.demo import load_demo
    from rapport.core.compose import Moment
    from rapport.outreach.services import drafts_for

    load_demo(dana, now)
    # Maria Okafor has replied ("talk by phone next Tuesday"); Marcus Bell, at Harbor Policy
    # Institute too, has never been written to: a second person 3B7 could name.
    maria = Contact.objects.get(owner=dana, name="Maria Okafor")
    compose = dana_client.get(reverse("compose", args=[maria.pk])).content.decode()
    assert 'name="kind" value="keep-in-touch"' in compose  # "Reach out" drafts a note
    note = drafts_for(maria, Moment.KEEP_IN_TOUCH)["email"][0]
    dana_client.post(
        reverse("compose-send", args=[maria.pk]),
        {"subject": note.subject, "body": note.text, "action": "record", "kind": "keep-in-touch"},
    )
    assert maria.touches.filter(kind="email_sent", happened_at__gte=now).exists()
    assert due_for(dana_client.get(reverse("home")).content.decode(), "Maria Okafor") == []
    dana_client.post(
        reverse("meeting-create", args=[maria.pk]),
        {"starts_at": "2026-11-25T13:00", "minutes": 20, "mode": "phone", "place": ""}
        | {"status": "scheduled"},
    )
    body = dana_client.get(reverse("home")).content.decode()
    assert "Meetings in the next 7 days" in body and "Today at 1 p.m." in body
    assert due_for(body, "Maria Okafor") == []
    assert "Send one follow-up" in due_for(body, "Grace Liu")  # her ask is still unanswered
    assert due.differences(dana) == []
