"""Finding people: the contact list, search, filters, and the contact page."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from django.urls import reverse

from rapport.contacts import services
from rapport.contacts.models import Commonality, Contact, Organization, Referral, Tag, Touch
from rapport.contacts.templatetags.addresses import breakable
from rapport.contacts.views.contacts import PAGE_SIZE
from tests.apps.conftest import CANARY

NEW = {
    "name": "  Priya   Raman ",
    "organization_name": "Office of State Senator R. Alvarez",
    "role": "Legislative aide",
    "field": "government",
    "email": "priya@example.org",
    "source": "alumni",
    "profile_url": "linkedin.example/in/priya",
    "tag_names": "policy, Boston, policy",
    "cadence_days": "60",
    "notes": "Works on transit bills.",
}

NEW_YORK = ZoneInfo("America/New_York")


def names(response) -> list[str]:
    return [row["name"] for row in response.context["rows"]]


def test_the_empty_list_says_what_to_do_next(dana_client):
    body = dana_client.get(reverse("contact-list")).content.decode()
    assert "No contacts yet" in body
    assert "Add your first contact" in body
    assert "Load a fictional demo network" in body


def test_adding_a_contact_creates_its_organization_and_tags(dana_client, dana):
    response = dana_client.post(reverse("contact-create"), NEW)
    contact = Contact.objects.get()
    assert response["Location"] == reverse("contact-detail", args=[contact.pk])
    assert contact.name == "Priya Raman"
    assert contact.owner == dana
    assert contact.organization.name == NEW["organization_name"]
    assert sorted(tag.name for tag in contact.tags.all()) == ["Boston", "policy"]
    assert contact.profile_url == "https://linkedin.example/in/priya"
    assert contact.cadence_days == 60


def test_a_tag_typed_in_another_case_is_the_same_tag_accented_letters_too(dana_client, dana):
    """SQLite compares case for ASCII letters only: "ärzte" was a second tag beside "Ärzte"."""
    dana_client.post(reverse("contact-create"), {**NEW, "tag_names": "Ärzte, Policy"})
    ana = {"name": "Ana Lima", "email": "ana@example.org", "profile_url": "", "source": "other"}
    dana_client.post(reverse("contact-create"), {**NEW, **ana, "tag_names": "ärzte, POLICY"})
    assert sorted(Tag.objects.owned_by(dana).values_list("name", flat=True)) == ["Policy", "Ärzte"]
    assert Tag.objects.get(name="Ärzte").contacts.count() == 2


def test_a_contact_at_a_known_organization_joins_it_whatever_the_case(dana_client, network):
    dana_client.post(
        reverse("contact-create"), {**NEW, "organization_name": "harbor POLICY institute"}
    )
    assert Organization.objects.filter(name__iexact="harbor policy institute").count() == 1
    assert network["organization"].contacts.count() == 2


def test_a_bad_contact_keeps_what_was_typed_and_saves_nothing(dana_client):
    bad = {
        **NEW,
        "name": "   ",
        "email": "priya@",
        "profile_url": "javascript:alert(1)",
        "cadence_days": "0",
    }
    response = dana_client.post(reverse("contact-create"), bad)
    body = response.content.decode()
    assert response.status_code == 200
    assert "nothing was saved" in body
    assert "This field is required." in body or "A contact needs a name." in body
    assert "Enter a valid email address." in body
    assert "Enter a valid URL." in body
    assert 'value="Office of State Senator R. Alvarez"' in body
    assert "Works on transit bills." in body
    assert Contact.objects.count() == 0
    assert Organization.objects.count() == 0


def test_editing_a_contact_updates_what_search_finds(dana_client, network):
    maria = network["contact"]
    dana_client.post(
        reverse("contact-edit", args=[maria.pk]),
        {**NEW, "name": "María Okafor", "organization_name": "Civic Data Lab", "tag_names": "data"},
    )
    maria.refresh_from_db()
    assert maria.organization.name == "Civic Data Lab"
    found = dana_client.get(reverse("contact-list"), {"q": "civic"})
    assert names(found) == ["María Okafor"]
    assert names(dana_client.get(reverse("contact-list"), {"tag": "dc"})) == []


def test_the_edit_form_starts_with_the_organization_and_tags(dana_client, network):
    body = dana_client.get(reverse("contact-edit", args=[network["contact"].pk])).content.decode()
    assert 'value="Harbor Policy Institute"' in body
    assert 'value="dc, policy"' in body


def test_deleting_a_contact_asks_first_then_removes_its_timeline(dana_client, network):
    maria = network["contact"]
    url = reverse("contact-delete", args=[maria.pk])
    assert "cannot be undone" in dana_client.get(url).content.decode()
    assert Contact.objects.filter(pk=maria.pk).exists()
    dana_client.post(url)
    assert not Contact.objects.filter(pk=maria.pk).exists()
    assert Touch.objects.count() == Commonality.objects.count() == Referral.objects.count() == 0


def test_search_ignores_accents_and_case_and_needs_every_word(dana_client, network):
    search = reverse("contact-list")
    assert names(dana_client.get(search, {"q": "maria"})) == ["María Okafor"]
    assert names(dana_client.get(search, {"q": "OKAFOR harbor"})) == ["María Okafor"]
    assert names(dana_client.get(search, {"q": "okafor planning"})) == []


def test_search_looks_in_organization_role_notes_and_tags(dana_client, network):
    search = reverse("contact-list")
    assert names(dana_client.get(search, {"q": "river planning"})) == ["Joe Serra"]
    assert names(dana_client.get(search, {"q": "analyst"})) == ["María Okafor"]
    assert names(dana_client.get(search, {"q": "family friend"})) == ["Joe Serra"]
    assert names(dana_client.get(search, {"q": "mentor"})) == ["Joe Serra"]


def test_search_treats_wildcards_as_plain_text(dana_client, network):
    assert names(dana_client.get(reverse("contact-list"), {"q": "%"})) == []


def test_filters_narrow_by_source_field_and_tag(dana_client, dana, network):
    services.save_contact(
        dana, Contact(name="Aisha Karimi", source="classmate", field="public policy")
    )
    search = reverse("contact-list")
    assert names(dana_client.get(search, {"source": "classmate"})) == ["Aisha Karimi"]
    assert names(dana_client.get(search, {"field": "Public Policy"})) == [
        "Aisha Karimi",
        "María Okafor",
    ]
    assert names(dana_client.get(search, {"tag": "DC"})) == ["María Okafor"]


def test_each_row_of_the_list_says_what_the_contact_holds(dana_client, dana, stranger, network):
    """The rows are read with constant SQL, not the ORM: compare them with the models."""
    services.save_contact(
        stranger, Contact(name="Their Contact", role="Spy"), "Elsewhere", ["zeta", "Alpha"]
    )
    services.save_contact(
        dana, Contact(name="Aisha Karimi", role="Analyst", source="classmate"), "", ["b", "A", "c"]
    )
    response = dana_client.get(reverse("contact-list"))
    rows = {row["name"]: row for row in response.context["rows"]}
    mine = Contact.objects.filter(owner=dana).select_related("organization")
    assert sorted(rows) == sorted(contact.name for contact in mine)
    for contact in mine:
        row = rows[contact.name]
        organization = contact.organization.name if contact.organization else ""
        assert row["url"] == reverse("contact-detail", args=[contact.pk])
        assert row["place"] == ", ".join(filter(None, [contact.role, organization]))
        assert row["field"] == contact.field
        assert row["source"] == contact.get_source_display()
        assert row["tags"] == sorted(tag.name for tag in contact.tags.all())
    assert rows["Aisha Karimi"]["tags"] == ["A", "b", "c"]
    body = response.content.decode()
    # The filter menus: the user's own tags, in the tag page's order, the chosen one selected.
    menu = re.search(r'<select name="tag".*?</select>', body, re.S).group()
    assert "zeta" not in menu and "Alpha" not in menu
    tags = re.findall(r'<option value="([^"]*)"', menu)[1:]
    assert tags == sorted({tag.name for c in mine for tag in c.tags.all()}, key=str.lower)
    chosen = dana_client.get(reverse("contact-list"), {"source": "classmate"}).content.decode()
    assert '<option value="classmate" selected>Classmate</option>' in chosen


def test_each_row_says_when_the_contact_was_last_touched_on_the_users_calendar(
    dana_client, dana, stranger, now
):
    from datetime import timedelta

    maria = services.save_contact(dana, Contact(name="Maria Okafor"))
    sam = services.save_contact(dana, Contact(name="Sam Whitaker"))
    services.save_contact(dana, Contact(name="Tom Brennan"))  # never touched
    # The latest touch of any kind counts: a note after an e-mail.
    services.log_touch(dana, maria, "email_sent", now - timedelta(days=40), "Asked for a talk")
    services.log_touch(dana, maria, "note", now - timedelta(days=16), "Saw her at the forum")
    # Yesterday evening in New York, whatever the hour in UTC now: the user's own dates count.
    evening = (now.astimezone(ZoneInfo(dana.time_zone)) - timedelta(days=1)).replace(hour=23)
    services.log_touch(dana, sam, "call", evening, "Phoned")
    theirs = services.save_contact(stranger, Contact(name="Maria Okafor"))
    services.log_touch(stranger, theirs, "call", now, "Their call")
    # A LinkedIn connection is not being in touch: said as such when it is all there is, and
    # never later than a real touch.
    zoe = services.save_contact(dana, Contact(name="Zoë Lambert", source="linkedin"))
    services.log_touch(dana, zoe, "connected", now - timedelta(days=34), "Connected on LinkedIn")
    services.log_touch(dana, maria, "connected", now - timedelta(days=3), "Connected on LinkedIn")
    rows = {row["name"]: row for row in dana_client.get(reverse("contact-list")).context["rows"]}
    assert rows["Maria Okafor"]["last_touch"] == "2 weeks ago"
    assert rows["Sam Whitaker"]["last_touch"] == "yesterday"
    assert rows["Tom Brennan"]["last_touch"] == ""
    assert rows["Zoë Lambert"]["last_touch"] == "connected 4 weeks ago"
    body = dana_client.get(reverse("contact-list"), {"q": "okafor"}).content.decode()
    assert '<td data-label="Last touch">2 weeks ago</td>' in body


def test_the_list_reads_the_latest_moment_of_every_kind_of_touch_and_the_connection_apart():
    from rapport.contacts.summary import COLUMNS

    for latest in services.LATEST_TOUCH.values():
        assert [*re.findall(r"timeline\.(last_\w+)", latest), "last_connected"] == COLUMNS
    assert "timeline.last_connected" in services.LIST_ROWS


def test_a_search_that_finds_nothing_says_how_to_get_back(dana_client, network):
    body = dana_client.get(reverse("contact-list"), {"q": "nobody"}).content.decode()
    assert "No contact matches" in body
    assert "Clear the search" in body


def test_an_htmx_search_returns_only_the_results(dana_client, network):
    response = dana_client.get(reverse("contact-list"), {"q": "joe"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Joe Serra" in body
    assert "<html" not in body


def test_the_list_is_paginated_and_keeps_the_search(dana_client, dana):
    for number in range(PAGE_SIZE + 5):
        services.save_contact(dana, Contact(name=f"Planner {number:03}", role="planner"))
    first = dana_client.get(reverse("contact-list"), {"q": "planner"})
    assert len(names(first)) == PAGE_SIZE
    assert "q=planner&amp;page=2" in first.content.decode()
    second = dana_client.get(reverse("contact-list"), {"q": "planner", "page": 2})
    assert names(second) == [f"Planner {n:03}" for n in range(PAGE_SIZE, PAGE_SIZE + 5)]


def test_the_unfiltered_list_pages_through_the_same_order_as_a_search(dana_client, dana, stranger):
    """The plain list is read with constant SQL, a search with the ORM: same order, pages."""
    names_ = ["ábel", "Abel", "abel", "Zoë", "zoe", "Émile", "bob", "Bob", "Ó Briain", "ß"]
    for number in range(PAGE_SIZE + 7):
        services.save_contact(dana, Contact(name=f"{names_[number % len(names_)]} {number % 3}"))
    services.save_contact(stranger, Contact(name="Abel 0"))
    ordered = list(services.find_contacts(dana).values_list("name", flat=True))
    first = names(dana_client.get(reverse("contact-list")))
    second = names(dana_client.get(reverse("contact-list"), {"page": 2}))
    assert first + second == ordered
    assert len(first) == PAGE_SIZE
    body = dana_client.get(reverse("contact-list"), {"page": 2}).content.decode()
    assert f"{PAGE_SIZE + 7} contacts" in body and "Page 2 of 2" in body
    # A page past the end shows the last one, as before.
    assert names(dana_client.get(reverse("contact-list"), {"page": 9})) == second


def test_the_list_is_in_the_order_people_read_names(dana_client, dana):
    # Before, lower(name) left accented and other capitals after "z" on both databases.
    people = ["Zoe Adams", "Émile Zola", "adam Smith", "Ørsted Lund", "Łucja Bak", "Dr. Eva Berg"]
    for name in people:
        services.save_contact(dana, Contact(name=name, role="planner"))
    expected = ["adam Smith", "Émile Zola", "Dr. Eva Berg", "Łucja Bak", "Ørsted Lund", "Zoe Adams"]
    assert names(dana_client.get(reverse("contact-list"))) == expected
    assert names(dana_client.get(reverse("contact-list"), {"q": "planner"})) == expected
    # Renamed, a contact moves to its new place.
    adam = Contact.objects.get(owner=dana, name="adam Smith")
    adam.name = "Zygmunt Smith"
    services.save_contact(dana, adam)
    assert names(dana_client.get(reverse("contact-list")))[-1] == "Zygmunt Smith"


def test_the_contact_page_shows_commonalities_referrals_and_the_timeline(dana_client, network):
    body = dana_client.get(reverse("contact-detail", args=[network["contact"].pk])).content.decode()
    # Each within its list, not in a form's labels or menus that every contact page has.
    assert f"<strong>School</strong>: UMass {CANARY}</span>" in body
    assert 'aria-label="matters to them: 4 of 5"' in body
    referrer = network["referrer"].pk
    assert f'Referred by <a href="/contacts/{referrer}/">Joe Serra</a>' in body
    assert '<span class="permission yes">Yes, may use their name</span>' in body
    timeline = body[body.index('<ol class="timeline">') :]
    assert "<strong>E-mail sent</strong>" in timeline and CANARY in timeline


def test_times_show_in_the_users_time_zone(dana_client, dana, network):
    touch = network["touch"]
    body = dana_client.get(reverse("contact-detail", args=[network["contact"].pk])).content.decode()
    # 15:00 UTC is 10:00 in New York in November.
    assert touch.happened_at.strftime("%H:%M") == "15:00"
    assert f'<time datetime="{touch.happened_at.astimezone(NEW_YORK).isoformat()}">' in body
    assert f"{touch.happened_at.day} Nov 2026, 10 a.m.</time>" in body


def test_a_commonality_is_added_and_removed(dana_client, network):
    maria = network["contact"]
    dana_client.post(
        reverse("commonality-add", args=[maria.pk]),
        {"kind": "club", "detail": "Model UN", "strength": 2},
    )
    added = maria.commonalities.get(detail="Model UN")
    assert added.owner == maria.owner
    dana_client.post(reverse("commonality-delete", args=[added.pk]))
    assert not maria.commonalities.filter(detail="Model UN").exists()


def test_a_bad_commonality_is_explained_on_the_contact_page(dana_client, network):
    maria = network["contact"]
    response = dana_client.post(
        reverse("commonality-add", args=[maria.pk]),
        {"kind": "club", "detail": "Chess", "strength": 9},
    )
    body = response.content.decode()
    assert "less than or equal to 5" in body
    assert 'value="Chess"' in body
    assert body.count('<details id="add-commonality" open>') == 1
    assert not maria.commonalities.filter(detail="Chess").exists()


def test_a_touch_is_logged_in_the_users_time_zone(dana_client, network):
    maria = network["contact"]
    dana_client.post(
        reverse("touch-add", args=[maria.pk]),
        {"kind": "call", "happened_at": "2026-11-24T09:30", "summary": "Talked for 20 minutes."},
    )
    touch = maria.touches.get(kind="call")
    assert touch.happened_at.isoformat() == "2026-11-24T14:30:00+00:00"
    dana_client.post(reverse("touch-delete", args=[touch.pk]))
    assert not maria.touches.filter(kind="call").exists()


def test_a_referral_records_the_permission_to_use_the_name(dana_client, dana, network):
    aisha = services.save_contact(dana, Contact(name="Aisha Karimi"))
    dana_client.post(
        reverse("referral-add", args=[aisha.pk]),
        {"referrer_name": "maría okafor", "permission": "no", "note": "Ask about the lab"},
    )
    referral = aisha.referred_by.get()
    assert (referral.referrer, referral.permission) == (network["contact"], "no")
    dana_client.post(reverse("referral-delete", args=[referral.pk]))
    assert not aisha.referred_by.exists()


def test_a_contact_cannot_refer_themselves(dana_client, network):
    maria = network["contact"]
    response = dana_client.post(
        reverse("referral-add", args=[maria.pk]),
        {"referrer_name": "María Okafor", "permission": "yes"},
    )
    assert "You have no other contact named “María Okafor”" in response.content.decode()
    assert not Referral.objects.filter(referred=maria, referrer=maria).exists()


def test_a_referrer_name_shared_by_two_contacts_is_explained(dana_client, dana, network):
    services.save_contact(dana, Contact(name="Joe Serra", role="Another Joe"))
    response = dana_client.post(
        reverse("referral-add", args=[network["contact"].pk]),
        {"referrer_name": "Joe Serra", "permission": "yes"},
    )
    assert "Several of your contacts are named" in response.content.decode()
    assert 'value="Joe Serra"' in response.content.decode()


def test_the_demo_loads_from_the_empty_list_only_once(dana_client, dana):
    dana_client.post(reverse("demo"))
    assert Contact.objects.filter(owner=dana).count() == 12
    response = dana_client.post(reverse("demo"), follow=True)
    assert "only into an account with no contacts" in response.content.decode()
    assert Contact.objects.filter(owner=dana).count() == 12


def test_each_form_on_the_contact_page_labels_its_own_fields(dana_client, network):
    body = dana_client.get(reverse("contact-detail", args=[network["contact"].pk])).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', body)
    assert sorted(ids) == sorted(set(ids))  # the two "Kind" selects were both id_kind
    assert '<label for="commonality_kind">' in body and '<label for="touch_kind">' in body


def test_addresses_wrap_at_their_joints_and_stay_escaped():
    assert breakable("priya.raman@example.org") == "priya<wbr>.raman@<wbr>example<wbr>.org"
    assert breakable("https://www.linkedin.com/in/p") == (
        "https://<wbr>www<wbr>.linkedin<wbr>.com<wbr>/in<wbr>/p"
    )
    assert breakable('x"<script>') == "x&quot;&lt;script&gt;"


def test_after_adding_the_page_comes_back_to_what_was_added(dana_client, network):
    maria = network["contact"]
    page = reverse("contact-detail", args=[maria.pk])
    added = dana_client.post(
        reverse("commonality-add", args=[maria.pk]),
        {"kind": "club", "detail": "Chess", "strength": 3},
    )
    assert added["Location"] == f"{page}#commonality-{maria.commonalities.get(detail='Chess').pk}"
    logged = dana_client.post(
        reverse("touch-add", args=[maria.pk]), {"kind": "call", "happened_at": "2026-11-24T09:30"}
    )
    assert logged["Location"] == f"{page}#touch-{maria.touches.get(kind='call').pk}"
    assert (
        f'id="touch-{maria.touches.get(kind="call").pk}"' in dana_client.get(page).content.decode()
    )


def test_an_id_no_database_could_hold_is_not_found(dana_client):
    for address in ("/contacts/99999999999999999999/", "/contacts/99999999999999999999/edit/"):
        assert dana_client.get(address).status_code == 404


def test_a_search_that_finds_nothing_names_filters_only_when_there_are_some(dana_client, dana):
    services.save_contact(dana, Contact(name="Ann Lee"))
    words = dana_client.get(reverse("contact-list"), {"q": "zzqx"}).content.decode()
    assert "No contact matches “zzqx”." in words
    filtered = dana_client.get(reverse("contact-list"), {"q": "zzqx", "source": "friend"})
    assert "No contact matches “zzqx” with these filters." in filtered.content.decode()
