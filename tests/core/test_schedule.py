"""The schedule, with the clock set: thank-you at +12 h, 3B7 in business days, keep in touch."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from rapport.core.schedule import (
    SNOOZABLE,
    ContactFacts,
    Due,
    add_business_days,
    add_days,
    agenda,
    held_from,
    home,
    items_for,
    likely_end,
    losing_touch,
    moves,
    thank_you_due,
)

BOSTON = ZoneInfo("America/New_York")
WEDNESDAY = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # 10:00 in Boston


def kinds(facts: ContactFacts, now: datetime = WEDNESDAY) -> dict[Due, datetime]:
    return {item.kind: item.due for item in items_for(facts, BOSTON, now)}


def test_three_business_days_skip_the_weekend():
    friday = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
    assert add_business_days(friday, 3, BOSTON) == datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
    saturday = datetime(2026, 11, 28, 14, 0, tzinfo=UTC)
    assert add_business_days(saturday, 3, BOSTON).date().isoformat() == "2026-12-02"


def test_business_days_are_counted_in_the_users_zone():
    # 02:00 UTC on Saturday is still Friday evening in Boston.
    late_friday = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
    assert (
        add_business_days(late_friday, 1, BOSTON).astimezone(BOSTON).date().isoformat()
        == "2026-11-30"
    )


def test_deadlines_keep_their_local_time_across_daylight_saving():
    before = datetime(2026, 10, 30, 13, 0, tzinfo=UTC)  # Friday 09:00 EDT
    after = add_business_days(before, 3, BOSTON)  # Wednesday after the clocks went back
    assert after.astimezone(BOSTON).hour == 9
    assert after == datetime(2026, 11, 4, 14, 0, tzinfo=UTC)
    assert add_days(before, 7, BOSTON).astimezone(BOSTON).hour == 9


def test_a_thank_you_is_due_twelve_hours_after_the_meeting_ends():
    meeting = WEDNESDAY - timedelta(hours=2)
    facts = ContactFacts(
        1, "Maria", last_meeting=meeting, last_touch=meeting, last_conversation=meeting
    )
    assert kinds(facts)[Due.THANK_YOU] == meeting + timedelta(hours=12)
    thanked = ContactFacts(
        1, "Maria", last_meeting=meeting, last_thank_you=meeting + timedelta(hours=3)
    )
    assert Due.THANK_YOU not in kinds(thanked)


def test_3b7_suggests_a_second_person_at_3_and_a_follow_up_at_7_business_days():
    sent = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # a Friday
    facts = ContactFacts(
        1,
        "Sam",
        "Harbor",
        emails_since_conversation=(sent,),
        others_at_organization=2,
        last_touch=sent,
    )
    due = kinds(facts)
    assert due[Due.SECOND_PERSON] == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    assert due[Due.FOLLOW_UP] == datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def test_3b7_never_suggests_a_second_person_where_there_is_none():
    sent = WEDNESDAY - timedelta(days=5)
    alone = ContactFacts(
        1, "Sam", "Harbor", emails_since_conversation=(sent,), others_at_organization=0
    )
    assert set(kinds(alone)) == {Due.FOLLOW_UP}


def test_3b7_stops_after_the_follow_up_and_a_reply_ends_it():
    sent = WEDNESDAY - timedelta(days=20)
    followed_up = ContactFacts(
        1,
        "Sam",
        "Harbor",
        emails_since_conversation=(sent, sent + timedelta(days=9)),
        others_at_organization=1,
    )
    assert kinds(followed_up) == {}
    answered = ContactFacts(
        1,
        "Sam",
        "Harbor",
        last_conversation=sent + timedelta(days=1),
        last_touch=sent + timedelta(days=1),
    )
    assert Due.FOLLOW_UP not in kinds(answered)


def test_an_email_after_a_reply_starts_no_3b7_clock():
    replied = WEDNESDAY - timedelta(days=4)  # "talk Tuesday"
    note = WEDNESDAY - timedelta(hours=1)  # a keep-in-touch note, no ask in it
    facts = ContactFacts(
        1,
        "Maria",
        "Harbor",
        last_touch=note,
        last_conversation=replied,
        emails_since_conversation=(note,),
        others_at_organization=1,
    )
    assert set(kinds(facts, WEDNESDAY + timedelta(days=30))) == {Due.KEEP_IN_TOUCH}


def test_a_planned_meeting_leaves_nothing_to_chase():
    sent = WEDNESDAY - timedelta(days=10)
    asked = ContactFacts(
        1,
        "Sam",
        "Harbor",
        last_touch=sent,
        emails_since_conversation=(sent,),
        others_at_organization=1,
    )
    assert set(kinds(asked)) == {Due.SECOND_PERSON, Due.FOLLOW_UP}
    assert kinds(replace(asked, meeting_planned=True)) == {}


def test_keep_in_touch_follows_the_cadence_and_any_touch_resets_it():
    talked = WEDNESDAY - timedelta(days=100)
    facts = ContactFacts(1, "Joe", last_touch=talked, last_conversation=talked)
    assert kinds(facts)[Due.KEEP_IN_TOUCH] == add_days(talked, 90, BOSTON)
    monthly = ContactFacts(
        1,
        "Joe",
        cadence_days=30,
        last_touch=WEDNESDAY - timedelta(days=2),
        last_conversation=talked,
    )
    assert kinds(monthly)[Due.KEEP_IN_TOUCH] == add_days(WEDNESDAY - timedelta(days=2), 30, BOSTON)


def test_no_keep_in_touch_before_a_relationship_begins():
    assert kinds(ContactFacts(1, "Stranger", last_touch=WEDNESDAY - timedelta(days=400))) == {}


def test_a_snoozed_item_waits():
    talked = WEDNESDAY - timedelta(days=100)
    snoozed = ContactFacts(
        1,
        "Joe",
        last_touch=talked,
        last_conversation=talked,
        snoozed={"keep-in-touch": WEDNESDAY + timedelta(days=3)},
    )
    assert kinds(snoozed) == {}
    assert Due.KEEP_IN_TOUCH in kinds(snoozed, WEDNESDAY + timedelta(days=4))


def test_the_agenda_groups_overdue_today_and_the_coming_week_in_order():
    meeting = WEDNESDAY - timedelta(hours=13)  # thank-you an hour overdue
    soon = WEDNESDAY - timedelta(hours=8)  # due at 23:00 UTC, 18:00 in Boston: today
    facts = [
        ContactFacts(1, "Maria", last_meeting=meeting),
        ContactFacts(2, "Grace", last_meeting=soon),
        ContactFacts(
            3, "Joe", last_touch=WEDNESDAY - timedelta(days=87), last_conversation=WEDNESDAY
        ),
        ContactFacts(
            4, "Far", last_touch=WEDNESDAY - timedelta(days=10), last_conversation=WEDNESDAY
        ),
    ]
    result = agenda(facts, BOSTON, WEDNESDAY)
    assert [(i.name, i.kind) for i in result.overdue] == [("Maria", Due.THANK_YOU)]
    assert [(i.name, i.kind) for i in result.today] == [("Grace", Due.THANK_YOU)]
    assert [(i.name, i.kind) for i in result.upcoming] == [("Joe", Due.KEEP_IN_TOUCH)]
    assert result.overdue[0].as_dict()["overdue"] is True


def test_losing_touch_lists_the_most_overdue_first():
    facts = [
        ContactFacts(
            1, "A", last_touch=WEDNESDAY - timedelta(days=100), last_conversation=WEDNESDAY
        ),
        ContactFacts(
            2, "B", last_touch=WEDNESDAY - timedelta(days=300), last_conversation=WEDNESDAY
        ),
        ContactFacts(
            3, "C", last_touch=WEDNESDAY - timedelta(days=10), last_conversation=WEDNESDAY
        ),
    ]
    assert [item.name for item in losing_touch(facts, BOSTON, WEDNESDAY)] == ["B", "A"]


def test_an_open_suggestion_falls_due_on_its_date():
    due = WEDNESDAY + timedelta(days=3)
    assert (
        kinds(ContactFacts(1, "Joe", suggestions=(("Read the CRS report", due),)))[Due.SUGGESTION]
        == due
    )


def test_report_back_to_the_referrer_two_weeks_after_talking_with_their_referral():
    talked = WEDNESDAY - timedelta(days=3)
    joe = ContactFacts(
        1, "Joe", last_touch=WEDNESDAY - timedelta(days=30), referred_talks=(("Maria", talked),)
    )
    assert kinds(joe)[Due.REPORT_BACK] == talked + timedelta(days=14)
    told = ContactFacts(
        1, "Joe", last_touch=talked + timedelta(days=1), referred_talks=(("Maria", talked),)
    )
    assert Due.REPORT_BACK not in kinds(told)


def test_someone_referred_is_due_a_first_message_within_five_business_days():
    recorded = WEDNESDAY - timedelta(days=1)  # Tuesday: five business days is next Tuesday
    elena = ContactFacts(2, "Elena", referred_by=(("Prof. Dwight", "yes", recorded),))
    [item] = [i for i in items_for(elena, BOSTON, WEDNESDAY) if i.kind is Due.REFERRAL]
    assert item.due == recorded + timedelta(days=7)
    assert item.detail == "Prof. Dwight suggested them and said you may use the name"
    # Two referrers: the first one's clock and name.
    later = ("Joe Serra", "no", recorded + timedelta(days=2))
    both = replace(elena, referred_by=(later, ("Prof. Dwight", "yes", recorded)))
    assert kinds(both)[Due.REFERRAL] == recorded + timedelta(days=7)
    unnamed = replace(elena, referred_by=(("Joe Serra", "no", recorded),))
    assert [i.detail for i in items_for(unnamed, BOSTON, WEDNESDAY)] == [
        "Joe Serra suggested them; leave the name out"
    ]


def test_a_touch_since_the_referral_or_a_meeting_planned_means_the_user_reached_out():
    recorded = WEDNESDAY - timedelta(days=1)
    elena = ContactFacts(2, "Elena", referred_by=(("Prof. Dwight", "not_asked", recorded),))
    assert Due.REFERRAL in kinds(elena)
    assert Due.REFERRAL not in kinds(replace(elena, last_touch=recorded + timedelta(hours=2)))
    assert Due.REFERRAL not in kinds(replace(elena, meeting_planned=True))
    # Known from before: the referral is a reason to write again.
    known = replace(elena, last_touch=recorded - timedelta(days=200))
    assert kinds(known)[Due.REFERRAL] == recorded + timedelta(days=7)


def test_the_home_page_pass_gives_the_agenda_and_the_losing_touch_list():
    facts = [
        ContactFacts(1, "Maria", last_meeting=WEDNESDAY - timedelta(hours=13)),
        ContactFacts(
            2, "B", last_touch=WEDNESDAY - timedelta(days=300), last_conversation=WEDNESDAY
        ),
        ContactFacts(
            3, "Joe", last_touch=WEDNESDAY - timedelta(days=87), last_conversation=WEDNESDAY
        ),
        ContactFacts(4, "Ann", emails_since_conversation=(WEDNESDAY - timedelta(days=4),)),
    ]
    together, losing = home(facts, BOSTON, WEDNESDAY)
    assert together == agenda(facts, BOSTON, WEDNESDAY)
    assert losing == losing_touch(facts, BOSTON, WEDNESDAY)
    assert [item.name for item in losing] == ["B"] and len(together.items) == 4


def test_a_thank_you_not_yet_late_is_due_today_even_when_its_hour_is_tomorrow():
    # Ended at 9 p.m. in Boston (02:00 UTC): due at 9 a.m. tomorrow, and on today's list.
    ended = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
    evening = ended + timedelta(minutes=5)
    result = agenda([ContactFacts(1, "Maria", last_meeting=ended)], BOSTON, evening)
    assert [(i.kind, i.due) for i in result.today] == [(Due.THANK_YOU, thank_you_due(ended))]
    assert result.upcoming == []


def test_a_thank_you_cannot_be_snoozed():
    assert Due.THANK_YOU not in SNOOZABLE and Due.KEEP_IN_TOUCH in SNOOZABLE


def test_when_did_it_end_offers_the_planned_end_once_it_has_passed_else_now():
    starts = WEDNESDAY  # 10:00 in Boston, for 20 minutes
    assert likely_end(starts, 20, WEDNESDAY + timedelta(minutes=45)) == starts + timedelta(
        minutes=20
    )
    early = WEDNESDAY + timedelta(minutes=12)
    assert likely_end(starts, 20, early) == early
    before = WEDNESDAY - timedelta(days=2)  # marked over two days before it was planned
    assert likely_end(starts, 20, before) == before


def test_a_meeting_keeps_its_start_unless_it_ended_at_another_time():
    starts = WEDNESDAY
    assert held_from(starts, 20, starts + timedelta(minutes=35)) == starts  # ran long
    assert held_from(starts, 20, starts + timedelta(minutes=10)) == starts  # ended early
    earlier = starts - timedelta(days=2)  # it really took place two days sooner
    assert held_from(starts, 20, earlier) == earlier - timedelta(minutes=20)
    next_day = starts + timedelta(days=1)
    assert held_from(starts, 20, next_day) == next_day - timedelta(minutes=20)


def test_an_end_before_the_planned_start_or_hours_after_it_moves_a_meeting():
    starts = WEDNESDAY
    assert moves(starts, starts - timedelta(minutes=1))
    assert moves(starts, starts)  # a meeting of no minutes did not take place then
    assert not moves(starts, starts + timedelta(minutes=10))  # ended early
    assert not moves(starts, starts + timedelta(hours=3))  # ran long
    assert moves(starts, starts + timedelta(hours=3, minutes=1))
    assert moves(starts, starts + timedelta(days=1))  # the next day: held then, or a typo
    for end in (
        starts - timedelta(days=2),
        starts + timedelta(hours=2),
        starts + timedelta(days=1),
    ):
        assert moves(starts, end) == (held_from(starts, 20, end) != starts)


def test_the_thank_you_is_due_twelve_real_hours_after_a_zoned_end():
    # 9 p.m. on the Saturday before the clocks go back: 12 hours later is 8 a.m., not 9.
    ended = datetime(2026, 10, 31, 21, 0, tzinfo=BOSTON)
    assert thank_you_due(ended) == datetime(2026, 11, 1, 13, 0, tzinfo=UTC)
