"""Before the meeting: scheduling, questions that fit, the invitation, the prep folder, practice."""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path

import icalendar
import vobject
from django.urls import reverse

from rapport.agenda import services as agenda
from rapport.contacts import services as contacts
from rapport.contacts.models import Contact
from rapport.meetings.models import HiddenQuestion, Meeting, OwnQuestion, PracticeRun


def schedule(client, contact, **extra):
    data = {
        "starts_at": "2026-12-01T10:00",
        "minutes": 20,
        "mode": "phone",
        "place": "+1 617 555 0100",
        "status": "scheduled",
        **extra,
    }
    return client.post(reverse("meeting-create", args=[contact.pk]), data, follow=True)


def test_a_new_meeting_gets_questions_that_fit_twenty_minutes(dana_client, network):
    maria = network["contact"]
    schedule(dana_client, maria)
    meeting = maria.meetings.latest("id")
    chosen = list(meeting.questions.all())
    assert 5 <= len(chosen) <= 8
    assert sum(q.minutes for q in chosen) + 3 <= 20
    assert chosen[0].theme in ("typical-day", "likes")
    assert chosen[-1].theme == "referrals"
    assert any("a policy analyst" in q.text for q in chosen)
    assert meeting.starts_at.isoformat() == "2026-12-01T15:00:00+00:00"  # 10:00 in New York


def test_a_long_meeting_is_kept_with_a_warning_that_is_not_a_success(dana_client, network):
    body = schedule(dana_client, network["contact"], minutes=45).content.decode()
    assert '<li class="warning"><strong>Note:</strong> 45 minutes is a long ask' in body
    assert '<li class="success">Meeting saved' in body
    css = (Path(__file__).parents[2] / "rapport/static/rapport/rapport.css").read_text()
    assert ".messages li.warning {" in css


def test_the_length_warning_also_follows_an_edit(dana_client, network):
    meeting = network["meeting"]
    response = dana_client.post(
        reverse("meeting-detail", args=[meeting.pk]),
        {"details": "1", "starts_at": "2026-11-28T10:00", "minutes": 40, "mode": "phone"}
        | {"place": "", "status": "scheduled"},
        follow=True,
    )
    assert '<li class="warning"><strong>Note:</strong> 40 minutes' in response.content.decode()


def test_the_invitation_is_read_by_two_calendar_libraries(dana_client, network, dana):
    meeting = network["meeting"]
    response = dana_client.get(reverse("meeting-invitation", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["attendee"]).lower() == "mailto:unknown@invalid"
    assert str(event["organizer"]) == f"mailto:{dana.email}"
    assert meeting.questions.first().text in str(event["description"])
    again = vobject.readOne(response.content.decode())
    assert again.vevent.dtstart.value == meeting.starts_at
    assert again.vevent.dtstart.value.tzinfo is not None


def test_questions_can_be_added_reordered_and_removed(dana_client, network):
    meeting = network["meeting"]
    first, second = list(meeting.questions.all())[:2]
    dana_client.post(reverse("meeting-question-change", args=[second.pk]), {"action": "up"})
    assert list(meeting.questions.all())[:2] == [second, first]
    dana_client.post(reverse("meeting-question-change", args=[first.pk]), {"action": "remove"})
    assert first not in meeting.questions.all()
    dana_client.post(
        reverse("meeting-questions", args=[meeting.pk]),
        {"text": "Which tools do you use every day?"},
    )
    added, closing = list(meeting.questions.all())[-2:]
    assert added.text == "Which tools do you use every day?"
    assert closing.theme == "referrals"  # "two or three other people?" stays last


def test_a_job_ask_question_is_refused_with_the_guards_rewrite(dana_client, network):
    meeting = network["meeting"]
    before = list(meeting.questions.values_list("text", flat=True))
    response = dana_client.post(
        reverse("meeting-questions", args=[meeting.pk]),
        {"text": "Is your team hiring interns this summer?"},
    )
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Not added: “Is your team hiring interns this summer?”" in body
    assert "Probes whether they are hiring" in body
    assert 'value="Is your team hiring interns this summer?"' in body  # kept as typed
    assert 'class="success"' not in body
    assert list(meeting.questions.values_list("text", flat=True)) == before
    rewrite = "How has your team's work changed over the last year?"
    assert f"Ask this instead: “{rewrite}”" in body
    dana_client.post(reverse("meeting-questions", args=[meeting.pk]), {"text": rewrite})
    assert meeting.questions.filter(text=rewrite).exists()


def test_after_a_move_or_an_add_the_page_comes_back_to_that_question(dana_client, network):
    """The #fragment names the control to focus (rapport.js), so the keyboard stays put."""
    meeting = network["meeting"]
    second = list(meeting.questions.all())[1]
    detail = reverse("meeting-detail", args=[meeting.pk])
    moved = dana_client.post(reverse("meeting-question-change", args=[second.pk]), {"action": "up"})
    assert moved["Location"] == f"{detail}#q-{second.pk}-up"
    page = dana_client.get(detail).content.decode()
    assert f'id="q-{second.pk}-up"' in page and f'id="q-{second.pk}"' in page
    added = dana_client.post(
        reverse("meeting-questions", args=[meeting.pk]), {"text": "What do you read each week?"}
    )
    own = meeting.questions.get(text="What do you read each week?")  # before the closing one
    assert added["Location"] == f"{detail}#q-{own.pk}"
    refused = dana_client.post(reverse("meeting-questions", args=[meeting.pk]), {"text": ""})
    assert refused["Location"] == f"{detail}#add-question"


def test_the_checklist_is_kept(dana_client, network):
    meeting = network["meeting"]
    dana_client.post(
        reverse("meeting-detail", args=[meeting.pk]), {"checklist": "1", "read_field": "on"}
    )
    meeting.refresh_from_db()
    assert meeting.read_field and not meeting.planned_outfit


def test_the_prep_page_has_everything_and_shows_script_as_text(dana_client, network):
    maria = network["contact"]
    maria.research = (
        "Leads the **housing** study. <script>alert('x')</script> [site](javascript:alert(1))"
    )
    maria.save()
    body = dana_client.get(reverse("meeting-prep", args=[network["meeting"].pk])).content.decode()
    for part in [
        "Who they are",
        "How you are connected",
        "Joe Serra",
        "Your research",
        "Questions",
        "What to wear",
        "stop at",
        "Resume: bring it in your folder, do not offer it.",
    ]:
        assert part in body
    assert "<strong>housing</strong>" in body
    assert "<script>alert" not in body and "javascript:" not in body


def test_the_page_the_pdf_and_the_terminal_show_the_same_sheet(dana_client, dana, network):
    from io import BytesIO

    from click.testing import CliRunner
    from pypdf import PdfReader

    from rapport.cli import cli
    from rapport.meetings.prep import prep_sheet

    meeting = network["meeting"]
    sheet = prep_sheet(meeting)
    response = dana_client.get(reverse("meeting-prep-pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    page = html.unescape(
        dana_client.get(reverse("meeting-prep", args=[meeting.pk])).content.decode()
    )
    terminal = CliRunner().invoke(cli, ["prep", str(meeting.pk), "--user", dana.email]).output
    expected = [sheet.title, sheet.stop, sheet.reminder, *sheet.when]
    for section in sheet.sections:
        expected += [section.heading, *section.lines, *(text for text, _ in section.questions)]
    assert len(expected) > 12 and "Joe Serra suggested you contact them" in " ".join(expected)
    for shown in (" ".join(pdf.split()), page, terminal):
        assert [words for words in expected if " ".join(words.split()) not in shown] == []


def test_the_pdf_shows_research_as_formatted_text_not_markdown(dana_client, network):
    from io import BytesIO

    from pypdf import PdfReader

    meeting = network["meeting"]
    contact = meeting.contact
    contact.research = "## Path\n\n- UMass Amherst BA History 2015\n- *school funding formulas*"
    contact.save()
    response = dana_client.get(reverse("meeting-prep-pdf", args=[meeting.pk]))
    pdf = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Path" in pdf and "school funding formulas" in pdf
    assert "##" not in pdf and "*school" not in pdf and "- UMass" not in pdf


def test_a_practice_run_is_kept_with_the_friends_feedback(dana_client, network):
    meeting = network["meeting"]
    question = meeting.questions.first()
    dana_client.post(
        reverse("meeting-practice", args=[meeting.pk]),
        {
            "friend": "Aisha",
            "seconds": "840",
            f"focused-{question.pk}": "on",
            f"note-{question.pk}": "Slow down a little",
        },
    )
    run = PracticeRun.objects.get(meeting=meeting)
    assert (run.friend, run.seconds) == ("Aisha", 840)
    answer = run.answers.get(question=question.text)
    assert answer.focused and not answer.sincere and answer.note == "Slow down a little"
    assert (
        "with Aisha"
        in dana_client.get(reverse("meeting-practice", args=[meeting.pk])).content.decode()
    )


def test_marking_a_meeting_done_makes_the_thank_you_due(dana_client, dana, network, now):
    meeting = network["meeting"]  # planned three days ahead: it took place early
    ended = "2026-11-25T09:50"
    dana_client.post(reverse("meeting-done", args=[meeting.pk]), {"ended_at": ended, "move": ended})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.DONE and meeting.ended_at == now - timedelta(minutes=10)
    items = agenda.agenda_for(dana, meeting.ended_at + timedelta(hours=13)).items
    assert ("thank-you", meeting.ended_at + timedelta(hours=12)) in [
        (i.kind.value, i.due) for i in items
    ]


def test_the_question_bank_hides_and_adds_and_flags_job_asks(dana_client, dana, network):
    dana_client.post(reverse("question-bank"), {"toggle": "likes-least"})
    assert HiddenQuestion.objects.filter(owner=dana, key="likes-least").exists()
    maria = Contact.objects.get(pk=network["contact"].pk)
    meeting = Meeting.objects.create(
        owner=dana, contact=maria, starts_at=network["meeting"].starts_at
    )
    from rapport.meetings import services

    services.propose_questions(dana, meeting)
    assert not any("hand to someone else" in q.text for q in meeting.questions.all())
    dana_client.post(
        reverse("question-bank"),
        {"add": "1", "text": "Would you refer me for a role?", "theme": "advice", "minutes": 2},
    )
    assert OwnQuestion.objects.filter(owner=dana).count() == 1
    page = dana_client.get(reverse("question-bank")).content.decode()
    assert "Asks to be referred" in page
    assert not any(q.text == "Would you refer me for a role?" for q in services.bank_for(dana))


def test_cli_prep_and_questions(dana, network, tmp_path):
    from click.testing import CliRunner

    from rapport.cli import cli

    meeting = network["meeting"]
    result = CliRunner().invoke(cli, ["prep", str(meeting.pk), "--user", dana.email])
    assert "Resume: bring it" in result.output and "1. " in result.output
    target = tmp_path / "prep.pdf"
    CliRunner().invoke(cli, ["prep", str(meeting.pk), "--user", dana.email, "--pdf", str(target)])
    assert target.read_bytes().startswith(b"%PDF-")
    listed = CliRunner().invoke(cli, ["questions", "list", "--user", dana.email, "--json"]).output
    assert '"theme": "referrals"' in listed


def test_contacts_services_still_log_touches(dana, now):
    joe = contacts.save_contact(dana, Contact(name="Joe"))
    contacts.log_touch(dana, joe, "note", now, "Met at the career fair")
    [touch] = joe.touches.all()
    assert (touch.kind, touch.happened_at, touch.summary) == ("note", now, "Met at the career fair")


def test_the_demo_holds_a_meeting_done_with_its_notes_and_one_to_come(dana, dana_client, now):
    """Loaded as a new account loads it (the signal every app answers), the demo shows the
    meeting pages, the skill words and the agenda's meetings filled in, and keeps the
    schedule's stored moments equal to the schedule run from scratch."""
    from zoneinfo import ZoneInfo

    from rapport.accounts.signals import load_demo
    from rapport.agenda import due
    from rapport.contacts.models import Touch
    from rapport.meetings import followup

    assert load_demo(dana, now) == 12
    held = Meeting.objects.get(owner=dana, status=Meeting.DONE)
    assert held.contact.name == "Prof. Alan Dwight"
    # The timeline keeps one "Meeting" touch, the meeting's, and the thank-you came in time.
    assert list(Touch.objects.filter(contact=held.contact, kind="meeting")) == [held.touch]
    thanked = Touch.objects.get(contact=held.contact, kind="thank_you").happened_at
    assert timedelta(0) < thanked - held.ended_at < timedelta(hours=12)
    assert followup.on_time_rate(dana, now) == (1, 1)
    heard = followup.heard_in(held, followup.vocabulary_for(dana))
    assert {"research", "writing", "Excel", "data analysis"} <= set(heard)
    assert held.referrals.get().referred.name == "Elena Vasquez"
    assert held.suggestions.get().status == "open"
    planned = Meeting.objects.get(owner=dana, status=Meeting.SCHEDULED)
    assert planned.contact.name == "Maria Okafor" and planned.questions.exists()
    local = planned.starts_at.astimezone(ZoneInfo(dana.time_zone))
    assert (local.hour, local.weekday() < 5) == (16, True)
    assert timedelta(days=1) < planned.starts_at - now < timedelta(days=5)
    assert planned.contact.research.startswith("- BA in History")
    assert due.differences(dana) == []
    page = dana_client.get(reverse("home")).content.decode()
    this_week = page.split('id="meetings-heading"')[1].split("</section>")[0]
    assert "Maria Okafor" in this_week
