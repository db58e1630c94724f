"""The private calendar feed: read by calendar parsers, reached only by its token."""

from __future__ import annotations

from datetime import timedelta

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
