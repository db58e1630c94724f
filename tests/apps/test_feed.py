"""The private calendar feed: read by calendar parsers, reached only by its token."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import vobject
from click.testing import CliRunner
from django.urls import reverse

from rapport.agenda import services
from rapport.cli import cli
from rapport.contacts import services as contacts
from rapport.contacts.models import Contact
from tests.apps.conftest import CANARY


def feed_of(client, owner):
    return client.get(reverse("feed", args=[services.feed_token(owner)]))


def test_the_feed_holds_the_deadlines_and_two_parsers_read_it(client, dana, now):
    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"))
    contacts.log_touch(dana, maria, "meeting", now - timedelta(hours=2))
    response = feed_of(client, dana)
    assert response["Content-Type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(response.content)
    events = [c for c in parsed.walk("VEVENT")]
    summaries = {str(e["summary"]) for e in events}
    assert "Send the thank-you: Maria Okafor" in summaries
    thank_you = next(e for e in events if "thank-you" in str(e["summary"]))
    assert thank_you.decoded("dtstart") == now - timedelta(hours=2) + timedelta(hours=12)
    assert thank_you["dtstart"].params["TZID"] == "America/New_York"
    assert thank_you.walk("VALARM")
    again = vobject.readOne(response.content.decode())
    assert {e.summary.value for e in again.vevent_list} == summaries


def test_a_regenerated_token_turns_the_old_address_into_404(client, dana):
    old = reverse("feed", args=[services.feed_token(dana)])
    assert client.get(old).status_code == 200
    services.regenerate_feed_token(dana)
    assert client.get(old).status_code == 404
    assert feed_of(client, dana).status_code == 200


def test_an_unknown_token_is_404(client, db):
    assert client.get(reverse("feed", args=["not-a-token"])).status_code == 404


def test_another_users_feed_holds_nothing_of_yours(client, dana, stranger, now):
    maria = contacts.save_contact(dana, Contact(name=f"Maria {CANARY}"))
    contacts.log_touch(dana, maria, "meeting", now - timedelta(hours=2))
    assert CANARY.encode() not in feed_of(client, stranger).content
    assert CANARY.encode() in feed_of(client, dana).content


def test_the_profile_shows_the_address_and_regenerates_it(dana_client, dana):
    first = services.feed_token(dana)
    assert first in dana_client.get(reverse("profile")).content.decode()
    dana_client.post(reverse("feed-regenerate"))
    assert services.feed_token(dana) != first


def test_feed_url_prints_the_address(dana, settings):
    settings.BASE_URL = "https://careers.example.edu/"
    result = CliRunner().invoke(cli, ["feed-url"])
    assert (
        result.output.strip() == f"https://careers.example.edu/feed/{services.feed_token(dana)}.ics"
    )
    renewed = CliRunner().invoke(cli, ["feed-url", "--regenerate"]).output.strip()
    assert renewed != result.output.strip()


def test_the_database_alone_opens_no_feed(client, dana):
    from rapport.agenda.models import FeedToken

    address = services.feed_token(dana)
    stored = FeedToken.objects.get(owner=dana).token
    assert address != stored and stored in address  # the row lacks the signed part
    assert client.get(reverse("feed", args=[stored])).status_code == 404
    assert client.get(reverse("feed", args=[stored + ".AAAAAAAAAAAAAAAAAAAAAA"])).status_code == 404
    assert client.get(reverse("feed", args=[address])).status_code == 200


def test_the_feed_keeps_its_address_private_and_takes_no_writes(client, dana):
    url = reverse("feed", args=[services.feed_token(dana)])
    response = client.get(url)
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Robots-Tag"] == "noindex"
    assert "private" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    assert client.post(url).status_code == 405


def schedule(dana, name, starts, **fields):
    from rapport.meetings.models import Meeting
    from rapport.meetings.services import schedule_meeting

    contact = contacts.save_contact(dana, Contact(name=name))
    return schedule_meeting(dana, contact, Meeting(starts_at=starts, **fields))


def test_tomorrows_meeting_is_in_the_feed_at_its_real_time(client, dana, now):
    tomorrow = now + timedelta(days=1, hours=1)  # 11:00 in New York
    meeting = schedule(dana, "Lena Ortiz", tomorrow, mode="video", place="https://zoom.us/j/42")
    schedule(dana, "Not Coming", tomorrow, status="cancelled")
    parsed = icalendar.Calendar.from_ical(feed_of(client, dana).content)
    [event] = [e for e in parsed.walk("VEVENT") if "Lena Ortiz" in str(e["summary"])]
    assert event.decoded("dtstart") == tomorrow
    assert event["dtstart"].params["TZID"] == "America/New_York"
    assert event.decoded("dtstart").hour == 11
    assert event.decoded("dtend") == tomorrow + timedelta(minutes=20)
    assert str(event["location"]) == "https://zoom.us/j/42"
    assert str(event["url"]).endswith(f"/meetings/{meeting.pk}/")
    assert f"/meetings/{meeting.pk}/" in str(event["description"])
    assert str(event["uid"]) == f"{meeting.uid}@rapport"
    assert parsed.walk("VTIMEZONE")
    assert not any("Not Coming" in str(e["summary"]) for e in parsed.walk("VEVENT"))


def test_reminders_that_fall_on_a_day_are_all_day_items(client, dana, now):
    rosa = contacts.save_contact(dana, Contact(name="Rosa Delgado"))
    logged = now - timedelta(days=100, minutes=27, seconds=38)  # an odd moment, 09:32:22
    contacts.log_touch(dana, rosa, "call", logged)
    parsed = icalendar.Calendar.from_ical(feed_of(client, dana).content)
    [event] = parsed.walk("VEVENT")
    due = (logged + timedelta(days=90)).astimezone(ZoneInfo("America/New_York")).date()
    assert event.decoded("dtstart") == due
    assert event.decoded("dtend") == due + timedelta(days=1)


def test_feed_uids_are_stable_and_unlike_any_other_users_or_installs(
    client, dana, stranger, now, settings
):
    for owner in (dana, stranger):
        maria = contacts.save_contact(owner, Contact(name="Maria Okafor"))
        contacts.log_touch(owner, maria, "meeting", now - timedelta(hours=2))

    def uids(owner):
        parsed = icalendar.Calendar.from_ical(feed_of(client, owner).content)
        return {str(e["uid"]) for e in parsed.walk("VEVENT")}

    first = uids(dana)
    assert first == uids(dana)  # a calendar replaces the events at the next reading
    assert len(first) == 2 and not first & uids(stranger)
    settings.SECRET_KEY = "another install's own secret key, as long as the first one"
    assert not first & {
        services.item_uid(dana, item) for item in services.agenda_for(dana, now).items
    }


def test_a_moved_meeting_keeps_its_uid_so_calendars_replace_it(dana_client, dana, now):
    meeting = schedule(dana, "Lena Ortiz", now + timedelta(days=2))
    url = reverse("meeting-invitation", args=[meeting.pk])
    before = icalendar.Calendar.from_ical(dana_client.get(url).content).walk("VEVENT")[0]
    assert str(before["uid"]) == f"{meeting.uid}@rapport" and "meeting-" not in str(before["uid"])
    meeting.starts_at += timedelta(hours=2)
    meeting.save()
    other = schedule(dana, "Joe Serra", now + timedelta(days=2))
    after = icalendar.Calendar.from_ical(dana_client.get(url).content).walk("VEVENT")[0]
    assert str(after["uid"]) == str(before["uid"]) != f"{other.uid}@rapport"
    assert after.decoded("dtstart") == meeting.starts_at
    assert int(after["sequence"]) >= int(before["sequence"])
