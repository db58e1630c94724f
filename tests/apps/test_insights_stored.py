"""Who to ask next and the dashboard's numbers, read from the timeline summaries, against
the same read literally from every touch (the code before the summaries, kept here as the
reference) over the random networks of test_due's walk."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Max, Q
from django.db.models.functions import Lower

from rapport.contacts.models import Commonality, Contact, Organization, Referral, Touch
from rapport.core import ranking, schedule
from rapport.core.network import TouchKind
from rapport.core.schedule import SECOND_PERSON_AFTER
from rapport.database import moment_of, raw_rows
from rapport.insights import services
from rapport.insights.services import ANSWERED, ASKED
from rapport.meetings.followup import on_time_rate
from rapport.meetings.models import Meeting
from tests.apps.test_due import Walk


def literal_history_of(owner) -> ranking.History:
    """Asks and replies by commonality kind, from the user's own timeline."""
    asked = set(
        Touch.objects.owned_by(owner)
        .filter(kind=TouchKind.EMAIL_SENT)
        .values_list("contact_id", flat=True)
    )
    replied = set(
        Touch.objects.owned_by(owner).filter(kind__in=ANSWERED).values_list("contact_id", flat=True)
    )
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for contact_id, kind in (
        Commonality.objects.owned_by(owner).values_list("contact_id", "kind").distinct()
    ):
        if contact_id in asked:
            by_kind[kind][0] += 1
            by_kind[kind][1] += contact_id in replied
    return ranking.History({kind: (a, r) for kind, (a, r) in by_kind.items()})


def literal_next_to_ask(owner, now: datetime, limit: int = 50) -> list[ranking.Ranked]:
    """Contacts not yet approached, best first, each with its reasons."""
    # Subqueries, not id lists: the database does the set arithmetic for 10,000 contacts.
    approached = Touch.objects.owned_by(owner).filter(kind__in=ASKED).values("contact_id")
    answered = Touch.objects.owned_by(owner).filter(kind__in=ANSWERED).values("contact_id")
    # An ask is open until it is answered or, by 3B7, until 3 business days have passed
    # without a reply: then the agenda says to try a second person there, and so does this.
    zone = ZoneInfo(owner.time_zone)
    open_orgs = {
        organization_id
        for organization_id, asked_at in Contact.objects.owned_by(owner)
        .filter(pk__in=approached, organization__isnull=False)
        .exclude(pk__in=answered)
        .annotate(asked_at=Max("touches__happened_at", filter=Q(touches__kind__in=ASKED)))
        .values_list("organization_id", "asked_at")
        if asked_at is None
        or schedule.add_business_days(moment_of(asked_at), SECOND_PERSON_AFTER, zone) > now
    }
    # A LinkedIn connection date is not a conversation: "in touch" counts only real touches.
    conversation = ~Q(touches__kind=TouchKind.CONNECTED)
    contacts = (
        Contact.objects.owned_by(owner)
        .exclude(pk__in=approached)
        .annotate(last_touch=Max("touches__happened_at", filter=conversation))
        # Django leaves Meta.ordering out of a query with an aggregate: named here, or
        # PostgreSQL's hash aggregate hands two contacts of one name over in any order.
        .order_by(Lower("name"), "pk")
        .values_list(
            "pk",
            "name",
            "organization_id",
            "organization__name",
            "organization__motivation",
            "field",
            "last_touch",
        )
    )
    commonalities: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for pk, kind, detail, strength in Commonality.objects.owned_by(owner).values_list(
        "contact_id", "kind", "detail", "strength"
    ):
        commonalities[pk].append((kind, detail, strength))
    referrals = {
        r.referred_id: r for r in Referral.objects.owned_by(owner).select_related("referrer")
    }
    candidates = [
        ranking.Candidate(
            contact_id=pk,
            name=name,
            organization=organization or "",
            field=field,
            commonalities=tuple(commonalities.get(pk, [])),
            referrer=referrals[pk].referrer.name if pk in referrals else "",
            permission=referrals[pk].permission if pk in referrals else "",
            last_touch=moment_of(last_touch),
            motivation=motivation,
            ask_open_at_organization=organization_id in open_orgs,
        )
        for pk, name, organization_id, organization, motivation, field, last_touch in raw_rows(
            contacts
        )
    ]
    return ranking.rank(candidates, owner.interest_list, literal_history_of(owner), now)[:limit]


def literal_stats(owner, now: datetime) -> dict[str, Any]:
    """The dashboard's numbers: the funnel, reply rates by commonality, thank-yous, growth."""
    touches = Touch.objects.owned_by(owner)

    def people(*kinds: TouchKind) -> set[int]:
        return set(touches.filter(kind__in=kinds).values_list("contact_id", flat=True))

    # Each stage is drawn from the one before, so the funnel never widens: a meeting or a
    # call is also a contact and an answer, however the timeline recorded the first ask.
    talked = people(TouchKind.MEETING, TouchKind.CALL)
    contacted = people(TouchKind.EMAIL_SENT) | talked
    replied = contacted & (people(*ANSWERED) | talked)
    met = replied & talked
    thanked = met & people(TouchKind.THANK_YOU)
    referrers = set(Referral.objects.owned_by(owner).values_list("referrer_id", flat=True))
    funnel = [
        ("Identified", Contact.objects.owned_by(owner).count()),
        ("Contacted", len(contacted)),
        ("Replied", len(replied)),
        ("Met or talked", len(met)),
        ("Thanked", len(thanked)),
        ("Referred others", len(met & referrers)),
    ]
    history = literal_history_of(owner)
    reply_rates = [
        {
            "kind": ranking.KIND_LABELS.get(kind, kind),
            "asked": asked,
            "replied": rep,
            "rate": round(100 * rep / asked) if asked else 0,
        }
        for kind, (asked, rep) in sorted(history.by_kind.items())
    ]
    on_time, total = on_time_rate(owner, now)
    meetings = Counter(
        m.strftime("%Y-%m")
        for m in Meeting.objects.owned_by(owner).values_list("starts_at", flat=True)
    )
    growth = Counter(
        c.strftime("%Y-%m")
        for c in Contact.objects.owned_by(owner).values_list("created_at", flat=True)
    )
    cumulative, running = [], 0
    for month in sorted(growth):
        running += growth[month]
        cumulative.append((month, running))
    return {
        "funnel": funnel,
        "reply_rates": reply_rates,
        "thank_you": {"on_time": on_time, "total": total},
        "meetings_per_month": sorted(meetings.items()),
        "growth": cumulative,
        "organizations": Organization.objects.owned_by(owner).count(),
    }


def in_agreement(owner, now):
    """Who to ask next, the history and the dashboard's numbers are what the touches say."""
    assert services.history_of(owner) == literal_history_of(owner)
    assert services.next_to_ask(owner, now, limit=10_000) == literal_next_to_ask(
        owner, now, limit=10_000
    )
    # A short page is ranked from the few candidates the database's ceilings let through.
    for limit in (1, 3, 8):
        assert services.next_to_ask(owner, now, limit) == literal_next_to_ask(owner, now, limit)
    assert services.stats(owner, now) == literal_stats(owner, now)


@pytest.mark.parametrize("seed", [4, 5])
def test_who_to_ask_next_and_the_dashboard_read_from_summaries_equal_the_touches(
    dana, dana_client, now, seed
):
    Walk(dana, dana_client, now, seed).run(80, check=in_agreement)


def test_the_history_counts_each_commonality_as_it_always_has(dana, now):
    from rapport.contacts import services as contacts

    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"))
    contacts.add_commonality(dana, maria, "school", "UMass Amherst", 4)
    contacts.add_commonality(dana, maria, "school", "Amherst Regional High", 2)
    contacts.log_touch(dana, maria, TouchKind.EMAIL_SENT, now)
    in_agreement(dana, now)
    assert services.history_of(dana).by_kind == {"school": (2, 0)}


def test_an_ask_sent_on_a_friday_is_still_open_five_days_later(dana, now):
    from datetime import timedelta

    from rapport.contacts import services as contacts

    ana = contacts.save_contact(dana, Contact(name="Ana"), organization="Acme")
    contacts.save_contact(dana, Contact(name="Ben"), organization="Acme")
    friday = now - timedelta(days=5) + timedelta(hours=1)  # three business days ago, nearly
    contacts.log_touch(dana, ana, TouchKind.EMAIL_SENT, friday)
    in_agreement(dana, now)
    [ben] = services.next_to_ask(dana, now)
    assert ben.waiting == "an ask is already open at Acme"


def test_a_contact_read_before_the_first_ask_and_saved_after_it_stays_approached(dana, now):
    from rapport.contacts import services as contacts
    from rapport.contacts import summary

    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"))
    read_before = Contact.objects.get(pk=maria.pk)
    contacts.log_touch(dana, maria, TouchKind.EMAIL_SENT, now)
    read_before.role = "Policy analyst"
    contacts.save_contact(dana, read_before)
    assert Contact.objects.get(pk=maria.pk).approached
    assert summary.differences(dana) == []
    assert services.next_to_ask(dana, now) == []


def test_a_wrong_approached_flag_is_a_difference_and_a_refresh_puts_it_right(dana, now):
    from rapport.contacts import services as contacts
    from rapport.contacts import summary

    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"))
    ben = contacts.save_contact(dana, Contact(name="Ben Ito"))
    contacts.log_touch(dana, maria, TouchKind.CALL, now)
    contacts.log_touch(dana, ben, TouchKind.NOTE, now)
    Contact.objects.filter(pk=maria.pk).update(approached=False)  # around the services
    Contact.objects.filter(pk=ben.pk).update(approached=True)
    assert summary.differences(dana) == [
        f"approached, not flagged: {maria.pk}",
        f"flagged, never approached: {ben.pk}",
    ]
    summary.refresh_summaries(dana, None)
    assert summary.differences(dana) == []


def test_the_history_follows_a_commonality_removed_on_the_page_or_through_the_api(
    dana, dana_client, client, now
):
    from rapport.api import tokens
    from rapport.contacts import services as contacts
    from rapport.contacts import summary

    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"))
    school = contacts.add_commonality(dana, maria, "school", "UMass Amherst", 4)
    club = contacts.add_commonality(dana, maria, "club", "Debate", 3)
    contacts.log_touch(dana, maria, TouchKind.EMAIL_SENT, now)
    assert services.history_of(dana).by_kind == {"school": (1, 0), "club": (1, 0)}
    dana_client.post(f"/commonalities/{school.pk}/delete/")
    assert services.history_of(dana).by_kind == {"club": (1, 0)}
    secret = tokens.create_token(dana, "script", False, now).secret
    removed = client.delete(
        f"/api/v1/commonalities/{club.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert removed.status_code == 204
    assert services.history_of(dana).by_kind == {}
    assert summary.differences(dana) == []


def test_a_deleted_contact_no_longer_counts_in_the_history(dana, now):
    from rapport.contacts import services as contacts
    from rapport.contacts import summary

    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"))
    ben = contacts.save_contact(dana, Contact(name="Ben Ito"))
    for person in (maria, ben):
        contacts.add_commonality(dana, person, "school", "UMass Amherst", 4)
        contacts.log_touch(dana, person, TouchKind.EMAIL_SENT, now)
    contacts.log_touch(dana, ben, TouchKind.REPLY_RECEIVED, now)
    assert services.history_of(dana).by_kind == {"school": (2, 1)}
    contacts.delete_contact(dana, ben)
    assert services.history_of(dana).by_kind == {"school": (1, 0)}
    assert summary.differences(dana) == []


def test_the_funnel_follows_a_referral_made_and_removed_by_someone_met(dana, now):
    from rapport.contacts import services as contacts
    from rapport.contacts import summary

    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"))
    ben = contacts.save_contact(dana, Contact(name="Ben Ito"))
    contacts.log_touch(dana, maria, TouchKind.MEETING, now)

    def referred_others():
        return dict(services.stats(dana, now)["funnel"])["Referred others"]

    assert referred_others() == 0
    referral = contacts.add_referral(dana, maria, ben)
    assert referred_others() == 1
    assert summary.differences(dana) == []
    contacts.remove_referral(dana, referral)
    assert referred_others() == 0
    assert summary.differences(dana) == []


def test_a_contact_read_before_its_first_ask_and_saved_after_keeps_its_flag(dana, now):
    from rapport.contacts import services as contacts
    from rapport.contacts.summary import differences

    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"))
    read_before = Contact.objects.get(pk=maria.pk)
    contacts.log_touch(dana, maria, TouchKind.EMAIL_SENT, now)
    read_before.role = "Policy analyst"
    read_before.save()  # as any code holding an older copy might
    stored = Contact.objects.get(pk=maria.pk)
    assert (stored.role, stored.approached) == ("Policy analyst", True)
    assert differences(dana) == []
    created = Contact(owner=dana, name="New")
    created.save()  # a new contact is written whole, as before
    assert Contact.objects.get(pk=created.pk).approached is False


def test_saving_a_contact_deleted_since_it_was_read_brings_nothing_back(
    dana, django_assert_num_queries
):
    from rapport.contacts import services as contacts
    from rapport.core.errors import NotFound

    ann = contacts.save_contact(dana, Contact(name="Ann"))
    read_before = Contact.objects.get(pk=ann.pk)
    contacts.delete_contact(dana, ann)
    read_before.role = "Analyst"
    with pytest.raises(NotFound):
        contacts.save_contact(dana, read_before)
    assert not Contact.objects.filter(owner=dana).exists()
    copy = Contact.objects.get(pk=contacts.save_contact(dana, Contact(name="Bo")).pk)
    copy.pk = None  # a copy is still written whole, as a new contact
    copy.save()
    assert sorted(Contact.objects.filter(owner=dana).values_list("name", flat=True)) == [
        "Bo",
        "Bo",
    ]
    deferred = Contact.objects.only("name").get(pk=copy.pk)
    deferred.name = "Bea"
    with django_assert_num_queries(1):
        deferred.save()  # writes what it read, and asks for nothing it did not
    assert Contact.objects.get(pk=copy.pk).name == "Bea"
