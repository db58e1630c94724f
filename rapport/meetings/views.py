"""Meeting pages: schedule, questions, invitation, prep folder, practice; the question bank."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods, require_POST

from rapport import clock
from rapport.contacts.models import Contact
from rapport.core import questions, schedule, when
from rapport.core.errors import RapportError
from rapport.meetings import followup, overview, prep, services
from rapport.meetings.forms import (
    ChecklistForm,
    EndedForm,
    MeetingForm,
    MeetingReferralForm,
    OwnQuestionForm,
    PracticeForm,
    SuggestionForm,
)
from rapport.meetings.models import (
    HiddenQuestion,
    Meeting,
    MeetingQuestion,
    OwnQuestion,
    OwnSkill,
    Suggestion,
)
from rapport.outreach.services import Message
from rapport.outreach.views import compose_page


def owned_meeting(request: HttpRequest, pk: int) -> Meeting:
    queryset = Meeting.objects.owned_by(request.user).select_related(
        "contact__organization", "owner"
    )
    meeting: Meeting = get_object_or_404(queryset, pk=pk)
    return meeting


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    start = (clock.local_now() + timedelta(days=7)).replace(hour=10, minute=0)
    form = MeetingForm(request.POST or None, initial={"starts_at": start})
    if request.method == "POST" and form.is_valid():
        meeting = services.schedule_meeting(request.user, contact, form.save(commit=False))
        messages.success(request, "Meeting saved, with questions that fit its length.")
        if form.warning:
            messages.warning(request, form.warning)
        if form.cleaned_data["status"] == Meeting.DONE:
            return redirect("meeting-done", pk=meeting.pk)
        return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "contact": contact})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = owned_meeting(request, pk)
    was = meeting.status
    form = MeetingForm(request.POST if "details" in request.POST else None, instance=meeting)
    checklist = ChecklistForm(
        request.POST if "checklist" in request.POST else None, instance=meeting
    )
    if checklist.is_bound and checklist.is_valid():
        checklist.save()
        messages.success(request, "Saved.")
        return redirect("meeting-detail", pk=meeting.pk)
    if form.is_bound and form.is_valid():
        ask_when_it_ended = services.save_details(request.user, form.save(commit=False), was)
        if form.warning:
            messages.warning(request, form.warning)
        if ask_when_it_ended:
            return redirect("meeting-done", pk=meeting.pk)
        messages.success(request, "Saved.")
        if was == Meeting.DONE and meeting.status != Meeting.DONE:
            messages.info(request, "It is no longer on the timeline as a meeting held.")
        return redirect("meeting-detail", pk=meeting.pk)
    return detail_page(request, meeting, form=form, checklist=checklist)


def detail_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    form: MeetingForm | None = None,
    checklist: ChecklistForm | None = None,
    refused: services.QuestionRefused | None = None,
    referral_form: MeetingReferralForm | None = None,
    suggestion_form: SuggestionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The meeting's page; once it is done, the follow-up comes first."""
    now = clock.now()
    total = sum(q.minutes for q in meeting.questions.all()) + questions.MARGIN_MINUTES
    context = {
        "meeting": meeting,
        "form": form or MeetingForm(instance=meeting),
        "checklist": checklist or ChecklistForm(instance=meeting),
        "total": total,
        "refused": refused,
        "referral_form": referral_form or MeetingReferralForm(referrer=meeting.contact),
        "suggestion_form": suggestion_form or SuggestionForm(),
        "now": now,
        "can_send_invitation": settings.SMTP_ENABLED and bool(meeting.contact.email),
    }
    if meeting.is_done:
        context |= {
            "thank_you": overview.thank_you_for(request.user, meeting),
            "heard": followup.heard_in(meeting, followup.vocabulary_for(request.user)),
            "answered": [q for q in meeting.questions.all() if q.note.strip()],
        }
    return render(request, "meetings/detail.html", context, status=status)


@login_required
@require_POST
def meeting_questions(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = owned_meeting(request, pk)
    focus = "questions"  # the #fragment that rapport.js puts the focus back on
    try:
        if "propose" in request.POST:
            kept = services.propose_questions(request.user, meeting)
            if kept:
                noted = f"{kept} question{pluralize(kept)} with your notes"
                messages.info(request, f"Kept the {noted}; the others are new.")
        else:
            focus = "add-question"
            question = services.add_question(request.user, meeting, request.POST.get("text", ""))
            focus = f"q-{question.pk}"
            for finding in services.question_findings(question.text):
                messages.warning(request, f"{finding.message} {finding.suggestion}".strip())
    except services.QuestionRefused as refused:
        return detail_page(request, meeting, refused=refused)
    except RapportError as error:
        messages.error(request, str(error))
    return redirect(f"{reverse('meeting-detail', args=[meeting.pk])}#{focus}")


@login_required
@require_POST
def question_change(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(MeetingQuestion.objects.owned_by(request.user), pk=pk)
    action = request.POST.get("action")
    focus = "questions"
    if action == "remove":
        question.delete()
    elif action in ("up", "down"):
        services.move_question(question, -1 if action == "up" else 1)
        focus = f"q-{question.pk}-{action}"  # the same button, to press again
    return redirect(f"{reverse('meeting-detail', args=[question.meeting_id])}#{focus}")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask when the meeting really ended, offering the likely moment, and mark it done then."""
    meeting, now = owned_meeting(request, pk), clock.now()
    likely = meeting.ended_at or schedule.likely_end(meeting.starts_at, meeting.minutes, now)
    posted = request.POST if "ended_at" in request.POST else None
    form = EndedForm(posted, initial={"ended_at": likely})
    moves = ""
    if form.is_valid():
        ended, move = form.cleaned_data["ended_at"], form.move_confirmed()
        try:
            services.finish(request.user, meeting, ended, now, move=move)
        except services.MovesMeeting as moving:
            moves = f"{capfirst(str(moving))}."  # nothing changes until the user says so
        except RapportError as error:
            form.add_error("ended_at", f"{capfirst(str(error))}.")
        else:
            due = when.deadline(
                schedule.thank_you_due(meeting.ended_at), now, timezone.get_current_timezone()
            )
            messages.success(
                request, f"Marked done. Send {meeting.contact.name} your thank-you {due}."
            )
            return redirect(f"{reverse('meeting-detail', args=[meeting.pk])}#followup")
    context = {"meeting": meeting, "form": form, "now": now, "moves": moves}
    return render(request, "meetings/done.html", context)


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Every meeting: coming up, to mark done, owed a thank-you, and the past."""
    now = clock.now()
    context = {"overview": overview.overview(request.user, now), "now": now}
    return render(request, "meetings/list.html", context)


@login_required
def meeting_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = owned_meeting(request, pk)
    response = HttpResponse(
        services.invitation(request.user, meeting, clock.now()),
        content_type="text/calendar; charset=utf-8; method=REQUEST",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
@require_POST
def meeting_invitation_send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = owned_meeting(request, pk)
    try:
        services.send_invitation(request.user, meeting, clock.now())
    except RapportError as error:
        messages.error(request, f"{capfirst(str(error))}.")
    else:
        messages.success(
            request,
            f"Invitation sent to {meeting.contact.email}. Their calendar's answer comes to your "
            "mailbox; with the mailbox connected (your profile), Rapport updates the meeting.",
        )
    return redirect("meeting-detail", pk=meeting.pk)


@login_required
def meeting_prep(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = owned_meeting(request, pk)
    return render(
        request, "meetings/prep.html", {"meeting": meeting, "sheet": prep.prep_sheet(meeting)}
    )


@login_required
def meeting_prep_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = owned_meeting(request, pk)
    response = HttpResponse(prep.prep_pdf(prep.prep_sheet(meeting)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="prep-{meeting.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def meeting_practice(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = owned_meeting(request, pk)
    form = PracticeForm(request.POST or None)
    asked = list(meeting.questions.all())
    if request.method == "POST" and form.is_valid():
        answers = [
            {
                "question": q.text,
                "focused": request.POST.get(f"focused-{q.pk}"),
                "sincere": request.POST.get(f"sincere-{q.pk}"),
                "listened": request.POST.get(f"listened-{q.pk}"),
                "note": request.POST.get(f"note-{q.pk}", ""),
            }
            for q in asked
        ]
        services.save_practice(
            request.user,
            meeting,
            form.cleaned_data["friend"],
            form.cleaned_data["seconds"] or 0,
            answers,
        )
        messages.success(request, "Practice saved. Well done.")
        return redirect("meeting-detail", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "form": form,
        "questions": asked,
        "runs": meeting.practice_runs.all(),
    }
    return render(request, "meetings/practice.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def question_bank(request: HttpRequest) -> HttpResponse:
    form = OwnQuestionForm(request.POST if "add" in request.POST else None)
    if form.is_bound and form.is_valid():
        own = form.save(commit=False)
        own.owner = request.user
        own.save()
        for finding in services.question_findings(own.text):
            messages.warning(request, f"{finding.message} {finding.suggestion}".strip())
        return redirect("question-bank")
    if "toggle" in request.POST:
        key = request.POST["toggle"]
        hidden = HiddenQuestion.objects.owned_by(request.user).filter(key=key)
        if hidden.exists():
            hidden.delete()
        elif any(q.key == key for q in questions.BANK):
            HiddenQuestion.objects.create(owner=request.user, key=key)
        return redirect("question-bank")
    if "delete" in request.POST:
        chosen = request.POST["delete"]  # an id that is not a number deletes nothing
        if chosen.isdigit():
            OwnQuestion.objects.owned_by(request.user).filter(pk=chosen).delete()
        return redirect("question-bank")
    hidden = set(HiddenQuestion.objects.owned_by(request.user).values_list("key", flat=True))
    context = {
        "bank": [(q, q.key in hidden, questions.THEMES[q.theme]) for q in questions.BANK],
        "own": [
            (q, services.question_findings(q.text))
            for q in OwnQuestion.objects.owned_by(request.user)
        ],
        "form": form,
    }
    return render(request, "meetings/bank.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_notes(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting as it happens: a note under each question, free notes, a clock. Saves as
    the user types (rapport.js, which also sends what was typed offline); answers those saves
    with the skill words heard so far."""
    meeting = owned_meeting(request, pk)
    autosave = bool(request.htmx or request.POST.get("autosave"))
    if request.method == "POST":
        question_notes = {
            int(key.removeprefix("note-")): value
            for key, value in request.POST.items()
            if key.startswith("note-") and key.removeprefix("note-").isdigit()
        }
        followup.save_notes(meeting, request.POST.get("notes"), question_notes)
        if "over" in request.POST:  # the notes are saved; now, when did it end?
            return redirect("meeting-done", pk=meeting.pk)
        if not autosave:
            messages.success(request, "Notes saved.")
            return redirect("meeting-notes", pk=meeting.pk)
    heard = followup.heard_in(meeting, followup.vocabulary_for(request.user))
    context = {"meeting": meeting, "heard": heard, "now": clock.now()}
    if request.method == "POST":
        return render(request, "meetings/_heard.html", {**context, "saved_at": clock.local_now()})
    return render(request, "meetings/notes.html", context)


@login_required
@require_POST
def meeting_followup(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a suggestion or a referral from the meeting."""
    meeting = owned_meeting(request, pk)
    if "suggestion" not in request.POST:
        return meeting_referral(request, meeting)
    form = SuggestionForm(request.POST)
    if form.is_valid():
        values = form.cleaned_data
        followup.add_suggestion(
            request.user, meeting, values["kind"], values["suggestion"], values["due"]
        )
        messages.success(request, "Suggestion kept; it shows on your agenda when it is due.")
        return redirect(f"{reverse('meeting-detail', args=[meeting.pk])}#followup")
    return detail_page(request, meeting, suggestion_form=form, status=422)


def meeting_referral(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """Record someone the contact suggested; a mistake sends the form back as it was typed."""
    form = MeetingReferralForm(request.POST, referrer=meeting.contact)
    if form.is_valid():
        values = form.cleaned_data
        try:
            referred = followup.refer_from_meeting(
                request.user,
                meeting,
                values["name"],
                values["organization"],
                values["permission"],
                values["email"],
                address_shared=form.address_confirmed(),
            )
        except followup.AddressTaken as taken:
            form.refuse_address(taken.contacts)
        except RapportError as error:
            form.add_error(None, f"{capfirst(str(error))}.")
        else:
            messages.success(request, referred_sentence(referred, meeting.contact))
            return redirect(f"{reverse('meeting-detail', args=[meeting.pk])}#followup")
    return detail_page(request, meeting, referral_form=form, status=422)


def referred_sentence(referred: followup.Referred, referrer: Contact) -> str:
    """What recording a referral did: who was added or linked, and what was filled in or kept."""
    name = referred.referral.referred.name
    if referred.added:
        return f"{name} added, referred by {referrer.name}."
    said = f"{name} was already among your contacts; now referred by {referrer.name}"
    if referred.filled:
        said += f"; filled in their {' and '.join(referred.filled)}"
    for label, (had, given) in referred.kept.items():
        said += f". Kept their {label}, {had}; the one you gave, {given}, is in their notes"
    return f"{said}."


@login_required
@require_POST
def suggestion_status(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(Suggestion.objects.owned_by(request.user), pk=pk)
    try:
        followup.close_suggestion(suggestion, request.POST.get("status", ""), clock.now())
    except RapportError as error:
        messages.error(request, str(error))
    if request.POST.get("back") == "contact":
        return redirect("contact-detail", pk=suggestion.contact_id)
    return redirect("home")


@login_required
def contact_thank_you(request: HttpRequest, pk: int) -> HttpResponse:
    """The thank-you for the contact's latest meeting (the agenda's "Write it")."""
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    meeting = (
        Meeting.objects.owned_by(request.user)
        .filter(contact=contact, status=Meeting.DONE)
        .order_by(F("ended_at").desc(nulls_last=True), "-starts_at")
        .first()
    )
    if meeting is None:  # a meeting logged on the timeline only: the contact's own moments
        return redirect(reverse("compose", args=[contact.pk]))
    return redirect("meeting-thank-you", pk=meeting.pk)


@login_required
def meeting_thank_you(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = owned_meeting(request, pk)
    draft = followup.thank_you_draft(request.user, meeting)
    message = Message(draft.subject, draft.text)
    due = ""
    if meeting.ended_at:  # the deadline on the page where it is met
        zone = timezone.get_current_timezone()
        due = when.deadline(schedule.thank_you_due(meeting.ended_at), clock.now(), zone)
    extra = {"deadline": due}
    if not followup.has_plan(meeting):
        # Nothing for the draft to say the user will do: the meeting page records it.
        extra["record_plan"] = reverse("meeting-detail", args=[meeting.pk]) + "#followup"
    return compose_page(request, meeting.contact, {}, message, kind="thank-you", extra=extra)


@login_required
@require_http_methods(["GET", "POST"])
def resume_words(request: HttpRequest) -> HttpResponse:
    """Words for your resume: the skill terms heard, and which the resume lacks."""
    if "resume" in request.POST:
        request.user.resume_text = request.POST["resume"][:50_000]
        request.user.save(update_fields=["resume_text"])
        return redirect("resume-words")
    if "term" in request.POST:
        term = " ".join(request.POST["term"].split())[:80]
        if term:
            OwnSkill.objects.get_or_create(owner=request.user, term=term)
        return redirect("resume-words")
    context = {
        "rows": followup.words_for_resume(request.user),
        "missing": followup.missing_from_resume(request.user) if request.user.resume_text else None,
        "own": OwnSkill.objects.owned_by(request.user),
    }
    return render(request, "meetings/resume_words.html", context)
