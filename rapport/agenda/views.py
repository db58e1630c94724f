"""The home page: what is due, each with the one step that clears it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from rapport import clock
from rapport.agenda import due, services
from rapport.agenda.forms import ReminderForm
from rapport.agenda.panels import panels_for
from rapport.agenda.reminders import reminder_for, reschedule
from rapport.contacts.models import Contact
from rapport.contacts.views.undo import offer_undo
from rapport.core import schedule, when
from rapport.core.errors import RapportError
from rapport.meetings import overview
from rapport.meetings.followup import on_time_rate

#: A group shows this many items; the rest are counted, with a link that opens the group
#: ("…and 40 more. Show all 60"), which then shows up to ALL_SHOWN.
SHOWN = 20
ALL_SHOWN = 1000


@login_required
def home(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    opened = request.GET.get("all", "")
    shown = {group: ALL_SHOWN if group == opened else SHOWN for group in services.GROUPS}
    # Overdue relationships are listed once, under "Losing touch", most overdue first.
    agenda = services.home_page(request.user, now, shown)
    on_time = on_time_rate(request.user, now)
    counts = agenda.counts
    context = {
        "overdue": agenda.overdue,
        "more": {name: max(count - shown[name], 0) for name, count in counts.items()},
        "counts": counts,
        "opened": opened if opened in shown else "",
        "today": agenda.today,
        "upcoming": agenda.upcoming,
        "any_items": any(counts.values()),
        "overdue_count": counts["overdue"],
        "losing_touch": agenda.losing_touch,
        # Asked only by an empty agenda: the template calls it when it needs it.
        "has_contacts": Contact.objects.owned_by(request.user).exists,
        "meetings": overview.this_week(request.user, now),
        "snoozed": due.snoozed(request.user, now),
        "panels": panels_for(request.user, now),
        **dict(zip(["thank_you_on_time", "thank_you_total"], on_time, strict=True)),
        "now": now,
    }
    return render(request, "agenda/home.html", context)


@login_required
@require_POST
def act(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    action, now = request.POST.get("action", ""), clock.now()
    try:
        if action.startswith("snooze:"):
            kind = action.removeprefix("snooze:")
            until = services.snooze(request.user, contact, kind, now).until
            undo = {"action": f"unsnooze:{kind}"}
            step = schedule.ACTIONS[schedule.Due(kind)].lower()
            back = when.day_phrase(until, now, timezone.get_current_timezone())
            said = f"Snoozed: {step} for {contact.name}, back on the agenda {back}."
            offer_undo(request, said, request.path, undo)
        elif action.startswith("unsnooze:"):
            services.unsnooze(request.user, contact, action.removeprefix("unsnooze:"))
            messages.success(request, f"Undone: {contact.name} is back on the agenda.")
        else:
            touch = services.clear(request.user, contact, action, now)
            url, undo = reverse("touch-delete", args=[touch.pk]), {"undo": "1", "back": "home"}
            offer_undo(request, f"Added to {contact.name}'s timeline.", url, undo)
    except RapportError as error:
        messages.error(request, str(error))
    return redirect("home")


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private calendar feed: the token is the only key, so no login."""
    body = services.calendar_for_token(token, clock.now(), request.build_absolute_uri("/"))
    if body is None:
        raise Http404("no such feed")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    # The address is the key: keep it out of referrers and search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def regenerate_feed(request: HttpRequest) -> HttpResponse:
    services.regenerate_feed_token(request.user)
    messages.success(request, "A new calendar address is ready; the old one no longer works.")
    return redirect("profile")


def profile_section(request: HttpRequest) -> HttpResponse | dict[str, Any]:
    """The reminders and the calendar address on the profile page."""
    reminder = reminder_for(request.user, clock.now())
    posted = request.POST if "reminders" in request.POST else None
    form = ReminderForm(posted, instance=reminder)
    if posted is not None and form.is_valid():
        reschedule(form.save(commit=False), clock.now())
        messages.success(request, "Reminder settings saved.")
        return redirect("profile")
    token = services.feed_token(request.user)
    return {
        "reminders": form,
        "feed_url": request.build_absolute_uri(reverse("feed", args=[token])),
    }
