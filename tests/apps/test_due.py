"""What is due, stored (rapport.agenda.due), against the schedule run from scratch.

A seeded random walk drives the real services (touches logged, moved, removed and put back,
a done meeting's too; meetings done and reopened; suggestions; referrals; snoozes and their
Undo; contacts added, renamed, moved between organizations, re-tagged and deleted; tag cadences;
organizations renamed and deleted; imports; the time zone) and, after every step, compares
the stored rows with a from-scratch computation over the whole timeline, and the agenda read
from them with the agenda computed the old way; and checks that 3B7 never chases someone met.
"""

from __future__ import annotations

import contextlib
import json
import random
from collections import Counter
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from rapport.agenda import due, services
from rapport.agenda.facts import facts_for
from rapport.agenda.models import DueItem
from rapport.archive.restore import restore
from rapport.contacts import services as contacts
from rapport.contacts import summary
from rapport.contacts.archive import export_json
from rapport.contacts.imports import import_contacts
from rapport.contacts.models import (
    Commonality,
    Contact,
    Organization,
    Referral,
    Tag,
    Touch,
    organization_of_name,
)
from rapport.core import schedule
from rapport.core.errors import RapportError
from rapport.core.network import CommonalityKind, TouchKind
from rapport.meetings import followup
from rapport.meetings import services as meetings
from rapport.meetings.models import Meeting, Suggestion

ORGANIZATIONS = ["Harbor Policy Institute", "City Budget Office", "Data Lab", ""]
KINDS = [
    TouchKind.EMAIL_SENT,
    TouchKind.EMAIL_SENT,
    TouchKind.REPLY_RECEIVED,
    TouchKind.CALL,
    TouchKind.MEETING,
    TouchKind.THANK_YOU,
    TouchKind.NOTE,
    TouchKind.CONNECTED,
]


def assert_in_step(owner, now):
    """The stored rows are the schedule's, and every page reads the same agenda from them."""
    assert due.differences(owner) == []
    assert summary.differences(owner) == []
    zone = ZoneInfo(owner.time_zone)
    all_facts = facts_for(owner)
    fresh = schedule.agenda(all_facts, zone, now)
    kept = services.agenda_for(owner, now)
    for group in ("overdue", "today", "upcoming"):
        assert Counter(getattr(kept, group)) == Counter(getattr(fresh, group)), group
    losing = schedule.losing_touch(all_facts, zone, now)
    assert Counter(services.losing_touch_for(owner, now)) == Counter(losing)
    shown = {"overdue": 3, "today": 3, "upcoming": 3, "losing_touch": 2}
    page = services.home_page(owner, now, shown)
    overdue = [i for i in fresh.overdue if i.kind is not schedule.Due.KEEP_IN_TOUCH]
    assert page.counts == {
        "overdue": len(overdue),
        "losing_touch": len(losing),
        "today": len(fresh.today),
        "upcoming": len(fresh.upcoming),
    }
    for listed, whole in [
        (page.overdue, overdue),
        (page.today, fresh.today),
        (page.upcoming, fresh.upcoming),
        (page.losing_touch, losing),
    ]:
        assert [(i.due, i.kind) for i in listed] == [(i.due, i.kind) for i in whole[: len(listed)]]
        assert len(listed) == min(len(whole), 2 if whole is losing else 3)
    everything = Counter(i for facts in all_facts for i in schedule.items_for(facts, zone, now))
    assert Counter(due.stored_items(owner, now)) == everything
    # And true to what happened: 3B7 never chases someone the user has met.
    met = Meeting.objects.owned_by(owner).filter(status=Meeting.DONE).values("contact_id")
    chased = DueItem.objects.owned_by(owner).filter(kind__in=["second-person", "follow-up"])
    assert not chased.filter(contact_id__in=met).exists()


class Walk:
    """One random walk over an account: each step is one use case, chosen by the seed."""

    def __init__(self, owner, client, now, seed):
        self.owner, self.client, self.now = owner, client, now
        self.rng = random.Random(seed)
        self.removed: list[str] = []
        self.people = 0

    def pick(self, queryset):
        rows = list(queryset.order_by("pk"))
        return self.rng.choice(rows) if rows else None

    def contact(self):
        return self.pick(Contact.objects.owned_by(self.owner))

    def moment(self):
        return self.now + timedelta(hours=self.rng.randint(-24 * 40, 24 * 3))

    def add_contact(self):
        self.people += 1
        tags = self.rng.sample(["policy", "alumni", "mentors"], self.rng.randint(0, 2))
        contacts.save_contact(
            self.owner,
            Contact(name=f"Person {self.people}", cadence_days=self.rng.choice([None, 30])),
            organization=self.rng.choice(ORGANIZATIONS),
            tags=tags,
        )

    def edit_contact(self):
        if person := self.contact():
            person.cadence_days = self.rng.choice([None, 14, 60])
            if self.rng.random() < 0.3:  # a referrer's name is in the reminder to write
                person.name = f"{person.name.split(' (')[0]} ({self.rng.randint(1, 9)})"
            tags = self.rng.sample(["policy", "alumni", "mentors"], self.rng.randint(0, 2))
            organization = self.rng.choice(ORGANIZATIONS)
            contacts.save_contact(self.owner, person, organization=organization, tags=tags)

    def delete_contact(self):
        if Contact.objects.owned_by(self.owner).count() > 4 and (person := self.contact()):
            contacts.delete_contact(self.owner, person)

    def log_touch(self):
        if person := self.contact():
            contacts.log_touch(self.owner, person, self.rng.choice(KINDS), self.moment())

    def remove_touch(self):
        if touch := self.pick(Touch.objects.owned_by(self.owner).select_related("contact")):
            self.removed.append(contacts.remove_touch(self.owner, touch))

    def remove_meetings_touch(self):
        """The "Meeting" touch of a meeting still marked done: it took place all the same."""
        held = Touch.objects.owned_by(self.owner).filter(meeting__status=Meeting.DONE)
        if touch := self.pick(held.select_related("contact")):
            self.removed.append(contacts.remove_touch(self.owner, touch))

    def restore_touch(self):
        if self.removed:
            token = self.removed.pop(self.rng.randrange(len(self.removed)))
            # Its contact was deleted since, or its meeting was marked done again (which wrote
            # the meeting's entry anew): refused, and nothing changes.
            with contextlib.suppress(RapportError):
                contacts.restore_touch(self.owner, token)

    def finish_meeting(self):
        if person := self.contact():
            planned = Meeting(starts_at=self.moment() - timedelta(hours=2), minutes=20)
            meeting = meetings.schedule_meeting(self.owner, person, planned)
            ended = min(meeting.starts_at + timedelta(minutes=25), self.now)
            # Planned after now, it is moved to when it ended: the student says so (move).
            meetings.finish(self.owner, meeting, ended, self.now, move=True)

    def plan_meeting(self):
        if person := self.contact():
            status = self.rng.choice([Meeting.SCHEDULED, Meeting.REQUESTED])
            planned = Meeting(starts_at=self.moment(), minutes=20, status=status)
            meetings.schedule_meeting(self.owner, person, planned)

    def cancel_or_replan(self):
        open_or_cancelled = Meeting.objects.owned_by(self.owner).exclude(status=Meeting.DONE)
        if meeting := self.pick(open_or_cancelled):
            was = meeting.status
            meeting.status = Meeting.SCHEDULED if was == Meeting.CANCELLED else Meeting.CANCELLED
            meetings.save_details(self.owner, meeting, was)

    def refinish_or_reopen(self):
        done = Meeting.objects.owned_by(self.owner).filter(ended_at__isnull=False)
        meeting = self.pick(done)
        if meeting is None:
            return
        if self.rng.random() < 0.5:  # saved as no longer done, as the meeting's page does
            meeting.status = Meeting.SCHEDULED
            meetings.save_details(self.owner, meeting, Meeting.DONE)
        else:
            ended = meeting.ended_at + timedelta(minutes=self.rng.randint(-60, 60))
            meetings.finish(self.owner, meeting, min(ended, self.now), self.now)

    def suggest(self):
        if meeting := self.pick(Meeting.objects.owned_by(self.owner)):
            when = date(2026, 11, 1) + timedelta(days=self.rng.randint(0, 60))
            followup.add_suggestion(self.owner, meeting, "read", "Read the budget brief", when)

    def close_suggestion(self):
        if suggestion := self.pick(Suggestion.objects.owned_by(self.owner)):
            status = self.rng.choice([Suggestion.DONE, Suggestion.DISMISSED, Suggestion.OPEN])
            followup.close_suggestion(suggestion, status, self.now)

    def refer(self):
        referrer, referred = self.contact(), self.contact()
        if referrer and referred and referrer.pk != referred.pk:
            contacts.add_referral(self.owner, referrer, referred)

    def unrefer(self):
        if referral := self.pick(Referral.objects.owned_by(self.owner)):
            contacts.remove_referral(self.owner, referral)

    def snooze(self):
        if person := self.contact():
            kind = self.rng.choice(sorted(schedule.SNOOZABLE))
            services.snooze(self.owner, person, kind, self.moment(), self.rng.choice([1, 7]))

    def unsnooze(self):
        if person := self.contact():
            services.unsnooze(self.owner, person, self.rng.choice(sorted(schedule.SNOOZABLE)))

    def tag_cadence(self):
        if tag := self.pick(Tag.objects.owned_by(self.owner)):
            tag.cadence_days = self.rng.choice([None, 21, 45])
            contacts.save_tag(self.owner, tag)

    def rename_organization(self):
        if organization := self.pick(Organization.objects.owned_by(self.owner)):
            organization.name = f"{organization.name.split(' (')[0]} ({self.rng.randint(1, 9)})"
            # Another organization of that name already: the form says so, the service raises.
            if organization_of_name(self.owner, organization.name, but=organization.pk) is None:
                contacts.save_organization(self.owner, organization)

    def delete_organization(self):
        if self.rng.random() < 0.3 and (
            organization := self.pick(Organization.objects.owned_by(self.owner))
        ):
            contacts.delete_organization(organization)

    def import_file(self):
        someone = self.contact()
        name = someone.name.split() if someone else ["New", "Person"]
        rows = [
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
            f"{name[0]},{name[-1]},,,{self.rng.choice(ORGANIZATIONS)},Analyst,04 Sep 2026",
            f"Imported,Person {self.rng.randint(1, 10**6)},,,Data Lab,Analyst,01 Oct 2026",
        ]
        import_contacts(self.owner, "linkedin", "\n".join(rows).encode())

    def time_zone(self):
        zone = self.rng.choice(["America/New_York", "Asia/Tokyo", "Europe/Berlin"])
        values = {"profile": "1", "name": self.owner.name, "time_zone": zone}
        response = self.client.post("/profile/", values)
        assert response.status_code == 302
        self.owner.refresh_from_db()

    def steps(self):
        return [
            (self.add_contact, 3),
            (self.edit_contact, 3),
            (self.delete_contact, 1),
            (self.log_touch, 10),
            (self.remove_touch, 3),
            (self.remove_meetings_touch, 2),
            (self.restore_touch, 2),
            (self.finish_meeting, 2),
            (self.plan_meeting, 2),
            (self.cancel_or_replan, 2),
            (self.refinish_or_reopen, 2),
            (self.suggest, 2),
            (self.close_suggestion, 2),
            (self.refer, 3),
            (self.unrefer, 2),
            (self.snooze, 2),
            (self.unsnooze, 1),
            (self.tag_cadence, 2),
            (self.rename_organization, 1),
            (self.delete_organization, 1),
            (self.import_file, 1),
            (self.time_zone, 1),
        ]

    def add_commonality(self):
        if person := self.contact():
            kind = self.rng.choice([kind.value for kind in CommonalityKind])
            contacts.add_commonality(self.owner, person, kind, "", self.rng.randint(1, 5))

    def remove_commonality(self):
        if commonality := self.pick(Commonality.objects.owned_by(self.owner)):
            contacts.remove_commonality(self.owner, commonality)

    def run(self, count, check=None):
        steps = [*self.steps(), (self.add_commonality, 5), (self.remove_commonality, 2)]
        for _ in range(8):
            self.add_contact()
        for number in range(count):
            [step] = self.rng.choices([s for s, _ in steps], [w for _, w in steps])
            step()
            moment = self.now + timedelta(
                days=self.rng.randint(-3, 10), hours=self.rng.randint(0, 23)
            )
            try:
                (check or assert_in_step)(self.owner, moment)
            except AssertionError as error:
                raise AssertionError(f"after step {number}, {step.__name__}: {error}") from None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_what_is_stored_as_due_equals_the_schedule_run_from_scratch_after_every_write(
    dana, dana_client, now, seed
):
    Walk(dana, dana_client, now, seed).run(120)


def test_time_passing_needs_no_write(dana, now):
    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"), "Harbor Policy Institute")
    contacts.log_touch(dana, maria, TouchKind.EMAIL_SENT, now)
    services.snooze(dana, maria, "follow-up", now + timedelta(days=8), days=2)
    written = list(DueItem.objects.owned_by(dana).values_list("pk", "due_at"))
    for days in (0, 3, 8, 9, 11, 200):
        assert_in_step(dana, now + timedelta(days=days))
    assert list(DueItem.objects.owned_by(dana).values_list("pk", "due_at")) == written


def test_a_restored_archive_is_due_as_the_original(dana, stranger, now):
    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"), "Harbor Policy Institute")
    joe = contacts.save_contact(dana, Contact(name="Joe Serra"), "Harbor Policy Institute")
    contacts.log_touch(dana, maria, TouchKind.EMAIL_SENT, now - timedelta(days=4))
    contacts.log_touch(dana, joe, TouchKind.MEETING, now - timedelta(days=30))
    contacts.add_referral(dana, joe, maria)
    restore(stranger, json.dumps(export_json(dana)).encode())
    assert due.differences(stranger) == []
    kinds = sorted(DueItem.objects.owned_by(stranger).values_list("kind", flat=True))
    assert kinds == sorted(DueItem.objects.owned_by(dana).values_list("kind", flat=True))
    assert kinds  # something is due there: the test compares real rows


def test_rebuild_due_puts_right_what_a_hand_made_change_left_wrong(dana, now):
    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"))
    Touch.objects.create(owner=dana, contact=maria, kind=TouchKind.MEETING, happened_at=now)
    assert due.differences(dana) != []  # written around the services: nothing refreshed
    due.rebuild_due(dana)
    assert due.differences(dana) == []
    assert services.agenda_for(dana, now).today[0].kind is schedule.Due.THANK_YOU


def test_another_accounts_rows_are_untouched_by_a_refresh(dana, stranger, now):
    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"))
    theirs = contacts.save_contact(stranger, Contact(name="Sam's contact"))
    contacts.log_touch(stranger, theirs, TouchKind.MEETING, now)
    contacts.log_touch(dana, maria, TouchKind.MEETING, now)
    theirs_due = list(DueItem.objects.owned_by(stranger).values_list("pk", "kind"))
    due.rebuild_due(dana)
    due.refresh_due(dana, [maria.pk, theirs.pk])  # an id of someone else's is ignored
    assert list(DueItem.objects.owned_by(stranger).values_list("pk", "kind")) == theirs_due
    assert len(theirs_due) == 2  # the thank-you and keep-in-touch
    assert due.differences(stranger) == []


def stored_kinds(owner, name):
    return set(DueItem.objects.owned_by(owner).filter(contact__name=name).values_list("kind"))


def test_an_imported_contact_not_yet_asked_gives_a_neighbour_waiting_on_a_reply_a_second_person(
    dana, now
):
    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"), "Harbor Policy Institute")
    contacts.log_touch(dana, maria, TouchKind.EMAIL_SENT, now - timedelta(days=1))
    assert stored_kinds(dana, "Maria Okafor") == {("follow-up",)}
    rows = [
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
        "Joe,Serra,,,harbor policy institute,Analyst,",
        "Grace,Liu,,,Data Lab,Reporter,01 Oct 2026",
    ]
    import_contacts(dana, "linkedin", "\n".join(rows).encode())
    assert stored_kinds(dana, "Maria Okafor") == {("follow-up",), ("second-person",)}
    assert_in_step(dana, now)


def test_the_facts_of_new_contacts_are_stored_once_whether_or_not_read_with_a_neighbour(dana, now):
    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"), "Harbor Policy Institute")
    joe = contacts.save_contact(dana, Contact(name="Joe Serra"), "Harbor Policy Institute")
    grace = contacts.save_contact(dana, Contact(name="Grace Liu"), "Data Lab")
    # Facts no new contact has today (an e-mail sent), so that they make something due.
    given = [
        schedule.ContactFacts(person.pk, person.name, emails_since_conversation=(now,))
        for person in (joe, grace)
    ]
    due.refresh_due(dana, [maria.pk], given)
    # Joe, Maria's neighbour, is read from his timeline (nothing due); Grace from her facts.
    assert stored_kinds(dana, "Joe Serra") == set()
    assert stored_kinds(dana, "Grace Liu") == {("follow-up",)}


def test_a_planned_meeting_stops_3b7_and_a_cancelled_one_brings_it_back(dana, dana_client, now):
    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"), "Harbor Policy Institute")
    marcus = contacts.save_contact(dana, Contact(name="Marcus Bell"), "Harbor Policy Institute")
    contacts.log_touch(dana, maria, TouchKind.EMAIL_SENT, now - timedelta(days=10))
    assert stored_kinds(dana, "Maria Okafor") == {("follow-up",), ("second-person",)}
    # Agreed by phone, never logged as a reply; days past and not yet marked done, it stands.
    meeting = meetings.schedule_meeting(dana, maria, Meeting(starts_at=now - timedelta(days=2)))
    assert stored_kinds(dana, "Maria Okafor") == set()
    assert_in_step(dana, now)
    details = {"details": "1", "starts_at": "2026-11-23T10:00", "minutes": 20, "mode": "phone"}
    cancel = details | {"place": "", "status": "cancelled"}
    assert dana_client.post(f"/meetings/{meeting.pk}/", cancel).status_code == 302
    assert stored_kinds(dana, "Maria Okafor") == {("follow-up",), ("second-person",)}
    assert_in_step(dana, now)
    # A meeting with Marcus: he is no longer someone at Harbor not yet reached.
    meetings.schedule_meeting(dana, marcus, Meeting(starts_at=now + timedelta(days=5)))
    assert stored_kinds(dana, "Maria Okafor") == {("follow-up",)}
    assert_in_step(dana, now)


def test_a_held_meeting_answers_the_ask_after_its_touch_is_removed(dana, now):
    maria = contacts.save_contact(dana, Contact(name="Maria Okafor"), "Harbor Policy Institute")
    contacts.save_contact(dana, Contact(name="Marcus Bell"), "Harbor Policy Institute")
    contacts.log_touch(dana, maria, TouchKind.EMAIL_SENT, now - timedelta(days=20))
    held = now - timedelta(days=2)
    meeting = meetings.schedule_meeting(dana, maria, Meeting(starts_at=held, minutes=20))
    meetings.finish(dana, meeting, held + timedelta(minutes=20), now)
    with_touch = {(i.kind, i.due) for i in services.agenda_for(dana, now).items}
    assert {kind for kind, _ in with_touch} == {schedule.Due.THANK_YOU}
    # Taken off the timeline, as the contact page's Remove does; the meeting is still done.
    contacts.remove_touch(dana, Touch.objects.get(pk=meeting.touch_id))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.DONE and meeting.touch_id is None
    assert {(i.kind, i.due) for i in services.agenda_for(dana, now).items} == with_touch
    assert stored_kinds(dana, "Maria Okafor") == {("thank-you",), ("keep-in-touch",)}
    assert_in_step(dana, now)
