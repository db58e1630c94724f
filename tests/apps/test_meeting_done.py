"""One meaning of "done": however a meeting is marked over, the student says when it really
ended; the meeting, its one touch on the timeline and the thank-you 12 hours later agree."""

from __future__ import annotations

import html
import importlib
from datetime import timedelta

import pytest
from django.urls import reverse

from rapport.agenda import services as agenda
from rapport.contacts import services as contacts
from rapport.contacts.models import Touch
from rapport.core.errors import RapportError
from rapport.core.schedule import Due
from rapport.meetings import services as meetings
from rapport.meetings.models import Meeting


def meeting_at(dana, contact, starts, minutes=20):
    return meetings.schedule_meeting(
        dana, contact, Meeting(starts_at=starts, minutes=minutes, mode="phone")
    )


def page(client, name, meeting):
    return html.unescape(client.get(reverse(name, args=[meeting.pk])).content.decode())


def meeting_touches(meeting):
    return list(Touch.objects.filter(contact=meeting.contact, kind="meeting"))


def test_the_meeting_is_over_saves_the_notes_and_asks_when_it_ended(dana_client, network, now):
    meeting = meeting_at(network["meeting"].owner, network["contact"], now - timedelta(minutes=5))
    question = meeting.questions.first()
    response = dana_client.post(
        reverse("meeting-notes", args=[meeting.pk]),
        {f"note-{question.pk}": "Budget season runs March to June", "over": "1"},
    )
    assert response.url == reverse("meeting-done", args=[meeting.pk])
    assert meeting.questions.get(pk=question.pk).note == "Budget season runs March to June"
    meeting.refresh_from_db()
    assert meeting.status == Meeting.SCHEDULED and meeting_touches(meeting) == []
    asked = page(dana_client, "meeting-done", meeting)
    assert "When did it end?" in asked
    # Over before its planned end (10:15 in New York): it ended now, 10:00.
    assert 'value="2026-11-25T10:00"' in asked


def test_saying_when_it_ended_records_it_everywhere_and_the_thank_you_follows(
    dana_client, dana, network, now
):
    meeting = meeting_at(dana, network["contact"], now - timedelta(minutes=5))
    response = dana_client.post(
        reverse("meeting-done", args=[meeting.pk]), {"ended_at": "2026-11-25T10:00"}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith(f"/meetings/{meeting.pk}/#followup")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.DONE and meeting.ended_at - now < timedelta(minutes=1)
    [touch] = meeting_touches(meeting)
    assert touch.happened_at == now and meeting.touch == touch
    [item] = agenda.agenda_for(dana, now).today
    assert (item.kind, item.due) == (Due.THANK_YOU, now + timedelta(hours=12))
    assert "your thank-you by 10 p.m. tonight" in html.unescape(response.content.decode())
    home = html.unescape(dana_client.get(reverse("home")).content.decode())
    assert "Due today" in home and "by 10 p.m. tonight" in home
    assert "Snooze a week" not in home
    detail = page(dana_client, "meeting-detail", meeting)
    assert "Send it by 10 p.m. tonight" in detail and "due within 12 hours of" not in detail


def test_a_meeting_marked_done_keeps_its_questions_and_drops_the_preparation(
    dana_client, dana, network, now
):
    meeting = meeting_at(dana, network["contact"], now - timedelta(minutes=30))
    planned = page(dana_client, "meeting-detail", meeting)
    tools = ["Before you go", "Propose a fresh set", 'value="remove"', "minutes with hellos"]
    assert all(tool in planned for tool in tools)
    dana_client.post(reverse("meeting-done", args=[meeting.pk]), {"ended_at": "2026-11-25T09:50"})
    done = page(dana_client, "meeting-detail", meeting)
    assert "The questions you planned" in done
    assert all(question.text in done for question in meeting.questions.all())
    # No checklist to pack, no estimate against the length, nothing to add or remove.
    assert not [tool for tool in tools if tool in done]


def test_a_past_meeting_saved_as_done_by_the_form_asks_with_its_planned_end(
    dana_client, dana, network, now
):
    yesterday = now - timedelta(days=1)  # 10:00 on Tuesday in New York, 20 minutes
    meeting = meeting_at(dana, network["contact"], yesterday)
    response = dana_client.post(
        reverse("meeting-detail", args=[meeting.pk]),
        {
            "details": "1",
            "starts_at": "2026-11-24T10:00",
            "minutes": 20,
            "mode": "phone",
            "place": "",
            "status": "done",
        },
    )
    assert response.url == reverse("meeting-done", args=[meeting.pk])
    meeting.refresh_from_db()
    assert meeting.status == Meeting.SCHEDULED  # not done until its end is said
    assert 'value="2026-11-24T10:20"' in page(dana_client, "meeting-done", meeting)
    dana_client.post(reverse("meeting-done", args=[meeting.pk]), {"ended_at": "2026-11-24T10:20"})
    meeting.refresh_from_db()
    ended = yesterday + timedelta(minutes=20)
    assert meeting.status == Meeting.DONE and meeting.ended_at == ended
    assert [t.happened_at for t in meeting_touches(meeting)] == [ended]
    [item] = agenda.agenda_for(dana, now).overdue
    assert (item.kind, item.due) == (Due.THANK_YOU, ended + timedelta(hours=12))
    detail = page(dana_client, "meeting-detail", meeting)
    assert "It was due by 10:20 p.m. last night" in detail
    assert "due within 12 hours of" not in detail


def test_a_meeting_recorded_as_done_when_it_is_created_asks_when_it_ended(
    dana_client, network, now
):
    response = dana_client.post(
        reverse("meeting-create", args=[network["referrer"].pk]),
        {
            "starts_at": "2026-11-23T14:00",
            "minutes": 20,
            "mode": "in_person",
            "place": "",
            "status": "done",
        },
    )
    meeting = network["referrer"].meetings.get()
    assert response.url == reverse("meeting-done", args=[meeting.pk])
    assert meeting.status == Meeting.SCHEDULED and meeting_touches(meeting) == []


def test_saying_it_again_moves_the_one_touch(dana_client, dana, network, now):
    meeting = meeting_at(dana, network["contact"], now - timedelta(hours=1))
    meetings.finish(dana, meeting, now - timedelta(minutes=40), now)
    meetings.finish(dana, meeting, now - timedelta(minutes=25), now)
    [touch] = meeting_touches(meeting)
    assert touch.happened_at == now - timedelta(minutes=25)
    assert touch.summary == "Phone call, 35 minutes"
    assert Touch.objects.filter(contact=meeting.contact).count() == 2  # and the e-mail


def test_undoing_the_removal_of_a_meetings_entry_after_its_end_was_corrected_adds_none(
    dana, network, now
):
    """Removed, then the end corrected (a new "Meeting" entry), then the removal undone: the
    meeting would have two entries on the timeline. The Undo says why it cannot."""
    meeting = meeting_at(dana, network["contact"], now - timedelta(hours=1))
    meetings.finish(dana, meeting, now - timedelta(minutes=40), now)
    token = contacts.remove_touch(dana, meeting_touches(meeting)[0])
    meetings.finish(dana, meeting, now - timedelta(minutes=30), now)
    with pytest.raises(RapportError, match="marked done again since"):
        contacts.restore_touch(dana, token)
    [touch] = meeting_touches(meeting)
    meeting.refresh_from_db()
    assert meeting.touch == touch and touch.happened_at == now - timedelta(minutes=30)


def test_a_meeting_marked_over_before_its_day_moves_to_when_it_happened(
    dana_client, dana, network, now
):
    meeting = network["meeting"]  # planned three days ahead
    meetings.finish(dana, meeting, now, now, move=True)
    meeting.refresh_from_db()
    assert meeting.starts_at == now - timedelta(minutes=20) and meeting.ended_at == now
    assert "Wednesday 25 November 2026, 9:40 a.m. to 10 a.m." in page(
        dana_client, "meeting-detail", meeting
    )


def test_an_end_still_to_come_is_refused_and_nothing_changes(dana_client, network, now):
    meeting = network["meeting"]
    response = dana_client.post(
        reverse("meeting-done", args=[meeting.pk]), {"ended_at": "2026-11-25T11:00"}
    )
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "still to come" in body and 'value="2026-11-25T11:00"' in body
    meeting.refresh_from_db()
    assert meeting.status == Meeting.SCHEDULED and meeting_touches(meeting) == []


def test_an_unreadable_end_is_refused(dana_client, network):
    meeting = network["meeting"]
    response = dana_client.post(reverse("meeting-done", args=[meeting.pk]), {"ended_at": ""})
    assert "Say when it ended" in response.content.decode()
    assert meeting_touches(meeting) == []


def test_a_meeting_no_longer_done_leaves_the_timeline(dana_client, dana, network, now):
    meeting = meeting_at(dana, network["contact"], now - timedelta(hours=2))
    meetings.finish(dana, meeting, now - timedelta(hours=1), now)
    dana_client.post(
        reverse("meeting-detail", args=[meeting.pk]),
        {
            "details": "1",
            "starts_at": "2026-11-25T08:00",
            "minutes": 20,
            "mode": "phone",
            "place": "",
            "status": "cancelled",
        },
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.CANCELLED and meeting.ended_at is None
    assert meeting_touches(meeting) == []
    assert Due.THANK_YOU not in {item.kind for item in agenda.agenda_for(dana, now).items}


def test_a_thank_you_cannot_be_snoozed(dana_client, dana, network, now):
    meeting = meeting_at(dana, network["contact"], now - timedelta(hours=1))
    meetings.finish(dana, meeting, now - timedelta(minutes=40), now)
    with pytest.raises(RapportError, match="cannot wait"):
        agenda.snooze(dana, meeting.contact, "thank-you", now)
    response = dana_client.post(
        reverse("agenda-act", args=[meeting.contact.pk]),
        {"action": "snooze:thank-you"},
        follow=True,
    )
    assert "cannot wait" in response.content.decode()
    assert [i.kind for i in agenda.agenda_for(dana, now).today] == [Due.THANK_YOU]


def test_after_the_meeting_its_page_leads_with_the_follow_up(dana_client, dana, network, now):
    meeting = meeting_at(dana, network["contact"], now - timedelta(hours=1))
    meeting.questions.update(note="")
    first = meeting.questions.first()
    first.note = "Success takes data analysis and public speaking."
    first.save()
    meetings.finish(dana, meeting, now - timedelta(minutes=40), now)
    body = page(dana_client, "meeting-detail", meeting)
    follow_up, planned = body.index("Follow-up"), body.index("The questions you planned")
    assert follow_up < planned
    assert body.index("Write the thank-you") < planned
    assert body.index(first.text) < planned and "Success takes data analysis" in body
    assert '<mark class="skill">public speaking</mark>' in body
    assert body.index("People they suggested") < planned
    assert "<textarea" not in body[follow_up:planned]  # the notes are read, not edited, here


def test_the_timeline_entry_links_to_the_meeting(dana_client, dana, network, now):
    meeting = meeting_at(dana, network["contact"], now - timedelta(hours=1))
    meetings.finish(dana, meeting, now - timedelta(minutes=40), now)
    body = dana_client.get(reverse("contact-detail", args=[meeting.contact.pk])).content.decode()
    timeline = body[body.index('id="timeline"') :]
    assert f'href="/meetings/{meeting.pk}/"' in timeline


def test_cli_meetings_done_offers_the_planned_end(dana, network, now):
    from click.testing import CliRunner

    from rapport.cli import cli

    meeting = meeting_at(dana, network["contact"], now - timedelta(hours=1))
    result = CliRunner().invoke(cli, ["meetings", "done", str(meeting.pk)])
    assert "by 2026-11-26 02:20Z" in result.output  # 14:20 UTC, its planned end, + 12 h
    meeting.refresh_from_db()
    assert meeting.ended_at == now - timedelta(minutes=40)


def tomorrow_at_ten(dana, network, now):
    """A phone call planned for tomorrow at 10 a.m. in New York (now is 10 a.m. today)."""
    return meeting_at(dana, network["contact"], now + timedelta(days=1))


def test_an_end_before_the_planned_start_says_it_moves_the_meeting_and_changes_nothing(
    dana_client, dana, network, now
):
    meeting = tomorrow_at_ten(dana, network, now)
    planned = meeting.starts_at
    response = dana_client.post(
        reverse("meeting-done", args=[meeting.pk]), {"ended_at": "2026-11-25T10:00"}
    )
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert (
        "This meeting was planned for tomorrow at 10 a.m.; saying it ended at 10 a.m. today "
        "moves its start to 9:40 a.m. today." in body
    )
    assert 'value="2026-11-25T10:00"' in body  # what was typed stays
    assert 'name="move" value="2026-11-25T10:00"' in body
    meeting.refresh_from_db()
    assert (meeting.status, meeting.starts_at, meeting.ended_at) == (
        Meeting.SCHEDULED,
        planned,
        None,
    )
    assert meeting_touches(meeting) == []
    assert Due.THANK_YOU not in {item.kind for item in agenda.agenda_for(dana, now).items}


def test_said_to_move_the_meeting_it_takes_place_when_it_ended(dana_client, dana, network, now):
    meeting = tomorrow_at_ten(dana, network, now)
    response = dana_client.post(
        reverse("meeting-done", args=[meeting.pk]),
        {"ended_at": "2026-11-25T10:00", "move": "2026-11-25T10:00"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.DONE
    assert (meeting.starts_at, meeting.ended_at) == (now - timedelta(minutes=20), now)
    assert [t.happened_at for t in meeting_touches(meeting)] == [now]


def test_a_move_said_for_another_end_asks_again(dana_client, dana, network, now):
    meeting = tomorrow_at_ten(dana, network, now)
    response = dana_client.post(
        reverse("meeting-done", args=[meeting.pk]),
        {"ended_at": "2026-11-25T09:50", "move": "2026-11-25T10:00"},
    )
    body = html.unescape(response.content.decode())
    assert "saying it ended at 9:50 a.m. today moves its start to 9:30 a.m. today" in body
    meeting.refresh_from_db()
    assert meeting.status == Meeting.SCHEDULED and meeting.ended_at is None


def test_an_end_days_after_the_planned_start_asks_before_moving_the_meeting_later(
    dana_client, dana, network, now
):
    """Marked over today for a meeting planned two days ago, an end typed as today's (a typo,
    or a meeting put off) would move it to today: asked first, as an earlier end is."""
    meeting = meeting_at(dana, network["contact"], now - timedelta(days=2))
    url = reverse("meeting-done", args=[meeting.pk])
    body = html.unescape(dana_client.post(url, {"ended_at": "2026-11-25T10:00"}).content.decode())
    assert (
        "This meeting was planned for Monday 23 November at 10 a.m.; saying it ended at 10 a.m. "
        "today "
        "moves its start to 9:40 a.m. today." in body
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.SCHEDULED and meeting_touches(meeting) == []
    # Its likely end, the planned one, is taken without asking.
    assert dana_client.post(url, {"ended_at": "2026-11-23T10:20"}).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.ended_at) == (
        now - timedelta(days=2),
        now - timedelta(days=2) + timedelta(minutes=20),
    )


def test_a_meeting_still_to_come_says_so_where_it_is_marked_over(dana_client, dana, network, now):
    meeting = tomorrow_at_ten(dana, network, now)
    notes = page(dana_client, "meeting-notes", meeting)
    assert (
        "The meeting is over" in notes and "Planned: Tomorrow at 10 a.m.; over before then" in notes
    )
    asked = page(dana_client, "meeting-done", meeting)
    assert "Its planned start is still to come" in asked
    assert 'name="move"' not in asked  # asked once an end is given, for that end
    started = meeting_at(dana, network["referrer"], now - timedelta(minutes=5))
    assert "over before then" not in page(dana_client, "meeting-notes", started)
    assert "still to come" not in page(dana_client, "meeting-done", started)


def test_a_done_meeting_given_an_earlier_end_moves_without_asking(dana, network, now):
    meeting = meeting_at(dana, network["contact"], now - timedelta(hours=1))
    meetings.finish(dana, meeting, now - timedelta(minutes=40), now)
    meetings.finish(dana, meeting, now - timedelta(hours=2), now)  # a correction of the record
    meeting.refresh_from_db()
    assert meeting.starts_at == now - timedelta(hours=2, minutes=20)


def test_cli_meetings_done_moves_a_meeting_still_to_come_only_when_told(dana, network, now):
    from click.testing import CliRunner

    from rapport.cli import cli

    meeting = tomorrow_at_ten(dana, network, now)
    refused = CliRunner().invoke(cli, ["meetings", "done", str(meeting.pk)])
    assert refused.exit_code == 1
    assert "planned for tomorrow at 10 a.m." in refused.output and "--move" in refused.output
    meeting.refresh_from_db()
    assert meeting.status == Meeting.SCHEDULED
    moved = CliRunner().invoke(cli, ["meetings", "done", str(meeting.pk), "--move"])
    assert moved.exit_code == 0, moved.output
    meeting.refresh_from_db()
    assert meeting.status == Meeting.DONE and meeting.ended_at - now < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("mode", "summary"),
    [
        (Meeting.IN_PERSON, "Meeting in person, 20 minutes"),
        (Meeting.PHONE, "Phone call, 20 minutes"),
        (Meeting.VIDEO, "Video call, 20 minutes"),
    ],
)
def test_a_held_meeting_reads_naturally_on_the_timeline(dana, network, now, mode, summary):
    held = Meeting(starts_at=now - timedelta(hours=1), minutes=20, mode=mode)
    meeting = meetings.schedule_meeting(dana, network["contact"], held)
    meetings.finish(dana, meeting, now - timedelta(minutes=40), now)
    assert [t.summary for t in meeting_touches(meeting)] == [summary]


def test_the_summaries_rapport_wrote_before_are_rewritten_and_the_users_are_kept(
    dana, network, now
):
    from django.apps import apps

    from rapport.contacts.services import log_touch

    migration = importlib.import_module("rapport.meetings.migrations.0004_held_meeting_summaries")
    maria = network["contact"]
    written = {
        "In person, at their workplace meeting, 20 minutes": "Meeting in person, 20 minutes",
        "Phone meeting, 35 minutes": "Phone call, 35 minutes",
        "Video meeting, 5 minutes": "Video call, 5 minutes",
        "Phone meeting, 20 minutes; she was late": "Phone meeting, 20 minutes; she was late",
        "Phone meeting, 20 minutes, tea 5 minutes": "Phone meeting, 20 minutes, tea 5 minutes",
    }
    for summary in written:
        log_touch(dana, maria, "meeting", now, summary)
    note = log_touch(dana, maria, "note", now, "Phone meeting, 20 minutes")
    migration.rewrite(apps, None)
    rewritten = {t.summary for t in Touch.objects.filter(contact=maria, kind="meeting")}
    assert rewritten == set(written.values())
    note.refresh_from_db()
    assert note.summary == "Phone meeting, 20 minutes"  # not a meeting's entry
