"""The contact page, made fast, against the page as it was: the template and the view's
context of the commit before (kept here as the reference, reference/contact_page.html) and
the page now, rendered for the same request, must be the same bytes, for every contact of a
network with every section filled, hostile text, a referral chain, and the empty states."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from rapport import clock
from rapport.contacts import services
from rapport.contacts.forms import CommonalityForm, ReferralForm, TouchForm
from rapport.contacts.models import Contact, Touch
from rapport.contacts.templatetags import fields
from rapport.contacts.views.contacts import _contact, contact_page
from rapport.meetings import services as meetings
from rapport.meetings.models import Meeting, Suggestion

REFERENCE = Path(__file__).with_name("reference") / "contact_page.html"
HOSTILE = "<script>alert(\"x\")</script> & 'Co'"
# Each render masks the session's CSRF secret afresh; the tokens differ, the secret not.
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def page_before(request, contact: Contact, **bound) -> str:
    """The contact page as the commit before rendered it: its view's context, its template."""
    forms = {
        "commonality_form": CommonalityForm(),
        "touch_form": TouchForm(initial={"happened_at": clock.local_now()}),
        "referral_form": ReferralForm(contact=contact),
        **bound,
    }
    context = {
        "contact": contact,
        "chain": chain_before(contact),
        "commonalities": contact.commonalities.all(),
        "touches": contact.touches.select_related("meeting"),
        "referred_by": contact.referred_by.select_related("referrer"),
        "referrals_made": contact.referrals_made.select_related("referred"),
        **forms,
    }
    template = engines["django"].from_string(REFERENCE.read_text("utf-8"))
    return template.render(context, request)


def chain_before(contact: Contact, limit: int = 6) -> list[Contact]:
    chain, seen = [contact], {contact.pk}
    while len(chain) < limit:
        referral = chain[0].referred_by.select_related("referrer").order_by("created_at").first()
        if referral is None or referral.referrer_id in seen:
            break
        chain.insert(0, referral.referrer)
        seen.add(referral.referrer_id)
    return chain


def request_for(owner, contact: Contact):
    request = RequestFactory().get(reverse("contact-detail", args=[contact.pk]))
    request.user, request.session = owner, SessionStore()
    request._messages = FallbackStorage(request)
    request.resolver_match = resolve(request.path)
    return request


def both(owner, pk: int, **bound) -> tuple[str, str]:
    """The page now and the page before, for the same request, CSRF tokens set aside, both
    rendered at one moment (the touch form shows the time to the second; a slow machine may
    otherwise cross a second between the two)."""
    request = request_for(owner, Contact(pk=pk))
    with time_machine.travel(clock.now(), tick=False):
        now = contact_page(request, _contact(request, pk), **bound).content.decode()
        before = page_before(request, _contact(request, pk), **bound)
    return TOKEN.sub("TOKEN", now), TOKEN.sub("TOKEN", before)


@pytest.fixture
def people(dana, now):
    """Ann referred Bo, who referred Cy; Cy suggested Dee and Eve; Cy has everything a
    contact page shows, much of it hostile; Nobody has nothing."""
    timezone.activate(dana.time_zone)
    save = services.save_contact
    ann = save(dana, Contact(name="Ann Abbott"))
    bo = save(dana, Contact(name="Bo Bauer", role="Editor"), organization="The Globe")
    cy = save(
        dana,
        Contact(
            name=f"Cy {HOSTILE}",
            role=f"Analyst {HOSTILE}",
            field=f"policy {HOSTILE}",
            location=f"Boston {HOSTILE}",
            email="cy.o'neil@example.org",
            phone="+1 617 555 0100",
            profile_url="https://www.linkedin.com/in/cy-a-very-long-profile-name-indeed-1234/?a=1&b=2",
            how_we_know=f"Met at the fair\n{HOSTILE}\n\nAgain later",
            notes=f"First\n\nSecond {HOSTILE}",
            research=f"**Bold** [link](https://example.org) {HOSTILE}",
            cadence_days=30,
        ),
        organization=f"Harbor {HOSTILE}",
        tags=["policy", f"R&D {HOSTILE}"],
    )
    dee = save(dana, Contact(name="Dee Dubois"))
    eve = save(dana, Contact(name=f"Eve {HOSTILE}"))
    nobody = save(dana, Contact(name="Nobody"))
    services.add_referral(dana, ann, bo, "yes")
    services.add_referral(dana, bo, cy, "no", note="From the data meetup")
    services.add_referral(dana, cy, dee, "not_asked")
    services.add_referral(dana, cy, eve, "yes", note=f"Met at {HOSTILE}")
    services.add_referral(dana, eve, cy, "yes")  # a loop: Eve also referred Cy, later
    for kind, detail, strength in [("school", "UMass", 5), ("club", HOSTILE, 1), ("other", "x", 3)]:
        services.add_commonality(dana, cy, kind, detail, strength)
    services.log_touch(dana, cy, "email_sent", now - timedelta(days=200), f"Asked\n{HOSTILE}")
    services.log_touch(dana, cy, "reply_received", now - timedelta(days=199, hours=5))
    services.log_touch(dana, cy, "note", now - timedelta(days=3), "Line one\nline two")
    services.log_touch(dana, cy, "call", now - timedelta(days=1, microseconds=1234), "&amp;")
    held = meetings.schedule_meeting(dana, cy, Meeting(starts_at=now - timedelta(days=2)))
    meetings.finish(dana, held, now - timedelta(days=2) + timedelta(minutes=30), now)
    meetings.schedule_meeting(dana, cy, Meeting(starts_at=now + timedelta(days=5)))
    Suggestion.objects.create(
        owner=dana, contact=cy, meeting=held, text=f"Read {HOSTILE}", due=now.date()
    )
    Suggestion.objects.create(owner=dana, contact=cy, text="Call Dee", status="done")
    return [ann, bo, cy, dee, eve, nobody]


def test_every_contact_page_is_the_page_it_was(dana, people):
    for person in people:
        now, before = both(dana, person.pk)
        assert now == before, person.name
    assert Touch.objects.filter(contact=people[2], meeting__isnull=False).exists()


def test_the_page_with_a_form_that_failed_is_the_page_it_was(dana, people):
    cy = people[2]
    bound = {  # each with a field left out: its value is None, as a blank form's is
        "touch_form": lambda: TouchForm({"happened_at": "soon", "summary": HOSTILE}),
        "commonality_form": lambda: CommonalityForm({"kind": "x", "detail": ""}),
        "referral_form": lambda: ReferralForm({"referrer_name": HOSTILE}, contact=cy),
    }
    fields._kept.clear()
    for name, form in [(None, None), *bound.items(), (None, None)]:
        forms = {name: form()} if name else {}
        request = request_for(dana, cy)
        with time_machine.travel(clock.now(), tick=False):  # one second for both, as in both()
            now = contact_page(request, _contact(request, cy.pk), **forms)
            before = page_before(request, _contact(request, cy.pk), **forms)
        assert TOKEN.sub("", now.content.decode()) == TOKEN.sub("", before), name


def test_a_blank_field_is_kept_with_its_value():
    blank = fields.field(TouchForm()["kind"])
    chosen = fields.field(TouchForm(initial={"kind": "call"})["kind"])
    assert 'value="call" selected' in chosen and 'value="call" selected' not in blank
    assert fields.field(TouchForm()["kind"]) == blank


def test_a_blank_field_showing_a_moment_is_kept_once_and_shows_each_moment():
    fields._kept.clear()
    moments = [
        datetime(2026, 1, 2, 3, 4, 5),
        datetime(2026, 12, 31, 23, 59, 59, 999_999),
        datetime(1987, 6, 5, 4, 3, 2),  # the placeholder itself
        timezone.make_aware(datetime(2027, 3, 14, 3, 30)),
    ]
    for moment in moments:
        blank = TouchForm(initial={"happened_at": moment})["happened_at"]
        assert fields.field(blank) == fields.rendered(blank), moment
    assert [key[3:] for key in fields._kept] == [("happened_at", "moment")]


def test_a_hostile_timeline_is_shown_as_text(dana_client, people):
    body = dana_client.get(reverse("contact-detail", args=[people[2].pk])).content.decode()
    assert "<script>" not in body
    assert "Asked<br>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Co&#x27;" in body


def test_the_contact_page_reads_a_few_queries_however_long_its_timeline(dana, people, now):
    cy = people[2]
    request = request_for(dana, cy)
    with CaptureQueriesContext(connection) as few:
        contact_page(request, _contact(request, cy.pk))
    for day in range(30):
        services.log_touch(dana, cy, "note", now - timedelta(days=300 + day), f"note {day}")
    with CaptureQueriesContext(connection) as many:
        contact_page(request, _contact(request, cy.pk))
    # The contact and its organization are two constant statements (one ORM join took
    # longer to write than both to answer); the referral chain adds one a step above Cy.
    assert len(many) == len(few) <= 10


def test_the_timeline_writes_a_moment_as_djangos_date_filter_does():
    from django.template.defaultfilters import date

    from rapport.contacts.templatetags.timeline import day_and_time
    from rapport.core.when import clock_time

    moments = [
        datetime(year, month, day, hour, minute, tzinfo=UTC)
        for year in (2026, 987)
        for month in range(1, 13)
        for day in (1, 9, 28)
        for hour, minute in ((0, 0), (9, 5), (23, 59))
    ]
    said = [f"{date(m, 'j M Y')}, {clock_time(m)}" for m in moments]
    assert [day_and_time(m) for m in moments] == said


def test_an_address_reversed_once_is_the_address_url_gives_under_any_script_prefix():
    from django.urls import set_script_prefix

    from rapport.accounts.templatetags.site_nav import address

    for prefix in ("/", "/career-center/rapport/"):
        set_script_prefix(prefix)
        try:
            for name, pk in [("contact-detail", 7), ("compose", 98765432), ("touch-delete", 1)]:
                assert address(name, pk) == reverse(name, args=[pk])
                assert address(name, str(pk)) == reverse(name, args=[pk])
            assert address("contact-list") == reverse("contact-list")
            assert address("contact-list").startswith(prefix)
        finally:
            set_script_prefix("/")


def test_a_referrals_note_is_shown_both_ways_as_text(dana_client, people):
    bo, cy = people[1:3]
    page_of_cy = dana_client.get(reverse("contact-detail", args=[cy.pk])).content.decode()
    assert "From the data meetup" in page_of_cy  # Bo referred Cy
    assert "Met at &lt;script&gt;" in page_of_cy  # Cy suggested Eve
    page_of_bo = dana_client.get(reverse("contact-detail", args=[bo.pk])).content.decode()
    assert "From the data meetup" in page_of_bo
    assert "<script>" not in page_of_cy + page_of_bo


def test_no_form_sits_inside_a_paragraph(dana_client, dana, people):
    """A browser ends a paragraph where a form starts: the form falls out of its line and an
    empty paragraph is left behind."""
    from rapport.accounts.models import User

    newcomer = User.objects.create_user("new@example.edu", "New Student", "a long password 1")
    pages = [dana_client.get(reverse("contact-detail", args=[c.pk])) for c in people]
    dana_client.force_login(newcomer)
    pages += [dana_client.get(reverse(name)) for name in ("contact-list", "home")]
    for response in pages:
        body = response.content.decode()
        assert not re.search(r"<p[ >](?:(?!</p>).)*?<form", body, re.DOTALL), response.request


def test_a_forms_address_opened_again_leads_back_to_its_part_of_the_page(dana_client, network):
    # After a mistake the page shows at the form's address; a reload there (or a phone
    # restoring the tab) used to get an empty 405 page.
    pk = network["contact"].pk
    for name, part in [
        ("commonality-add", "add-commonality"),
        ("touch-add", "log-touch"),
        ("referral-add", "add-referral"),
    ]:
        response = dana_client.get(reverse(name, args=[pk]))
        assert response.status_code == 302 and response["Location"] == f"/contacts/{pk}/#{part}"
        assert dana_client.put(reverse(name, args=[pk])).status_code == 405
    page = dana_client.get(f"/contacts/{pk}/").content.decode()
    assert all(f'<details id="{part}"' in page for part in ["add-commonality", "log-touch"])


def test_a_contact_someone_referred_you_to_is_not_said_to_share_nothing(dana_client, dana):
    priya = services.save_contact(dana, Contact(name="Priya Raman"))
    jonah = services.save_contact(dana, Contact(name="Jonah Pérez"))
    tom = services.save_contact(dana, Contact(name="Tom Brennan"))
    services.add_referral(dana, priya, jonah, "yes")
    services.add_referral(dana, priya, tom, "no")
    page = dana_client.get(reverse("contact-detail", args=[jonah.pk])).content.decode()
    assert "No commonality yet" not in page
    assert "Priya Raman referred you</a> and said you may use the name" in page
    page = dana_client.get(reverse("contact-detail", args=[tom.pk])).content.decode()
    assert "referred you</a>, though without the name to use" in page
    page = dana_client.get(reverse("contact-detail", args=[priya.pk])).content.decode()
    assert "No commonality yet" in page  # she referred others; no one referred her


def test_a_done_meeting_on_the_contact_page_says_when_it_ended_as_the_timeline_does(
    dana_client, dana, now
):
    from rapport.meetings import services as meetings
    from rapport.meetings.models import Meeting

    maria = services.save_contact(dana, Contact(name="Maria Okafor"))
    starts = now - timedelta(hours=2)  # 8:00 a.m. in New York
    meeting = meetings.schedule_meeting(dana, maria, Meeting(starts_at=starts, minutes=20))
    meetings.finish(dana, meeting, starts + timedelta(minutes=25), now)
    page = dana_client.get(reverse("contact-detail", args=[maria.pk])).content.decode()
    # The timeline's "Meeting" entry is at its end: the list says both ends.
    assert "25 Nov 2026, 8 a.m. to 8:25 a.m.</a> · Done" in page
