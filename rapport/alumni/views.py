"""The directory of volunteers, a request, the student's requests; and, with no login, the
volunteer's answer page and the page where they manage their profile."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from rapport import clock, emails
from rapport.alumni import services
from rapport.alumni.models import Volunteer
from rapport.core.errors import InvalidInput, NotFound, RapportError

#: The directory shows this many, those the student shares most with first.
SHOWN = 30


class SearchForm(forms.Form):
    field = forms.CharField(required=False, max_length=100)
    organization = forms.CharField(required=False, max_length=150)
    location = forms.CharField(required=False, max_length=100)
    year = forms.CharField(label="Graduation year", required=False, max_length=4)
    major = forms.CharField(required=False, max_length=150)
    topic = forms.CharField(required=False, max_length=100)


class RequestForm(forms.Form):
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 9}), max_length=3000)
    slot_1 = forms.DateTimeField(
        label="A time", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    slot_2 = forms.DateTimeField(
        label="Another",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    slot_3 = forms.DateTimeField(
        label="A third",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    search = SearchForm(request.GET or None)
    criteria = search.cleaned_data if search.is_valid() else {}
    listings = services.directory(request.user, now, **criteria)
    context = {
        "search": search,
        "listings": listings[:SHOWN],
        "more": max(len(listings) - SHOWN, 0),
    }
    return render(request, "alumni/directory.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    now = clock.now()
    volunteer = Volunteer.objects.filter(pk=pk, paused=False).first()
    if volunteer is None:
        raise Http404("no such volunteer")
    shared = services.shared_with(request.user, volunteer)
    initial = {"message": services.first_words(request.user, volunteer, shared)}
    form = RequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        slots = [
            form.cleaned_data[f"slot_{n}"] for n in (1, 2, 3) if form.cleaned_data[f"slot_{n}"]
        ]
        try:
            services.send_request(
                request.user,
                volunteer.pk,
                form.cleaned_data["message"],
                slots,
                now,
                services.answer_link(emails.base_url()),
            )
        except InvalidInput as error:
            for name, problems in error.problems.items():
                form.add_error("slot_1" if name == "slots" else name, " ".join(problems))
        except RapportError as error:
            form.add_error(None, f"{str(error).capitalize()}.")
        else:
            messages.success(
                request,
                f"Sent to {volunteer.name}. They answer from the e-mail; you see it here and on "
                "your agenda. If they do not answer within 7 days, ask someone else.",
            )
            return redirect("volunteer-requests")
    context = {"volunteer": volunteer, "shared": shared, "form": form}
    return render(request, "alumni/ask.html", context)


@login_required
def requests(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    context = {
        "requests": services.requests_of(request.user, now),
        "next": services.next_volunteer(request.user, now),
    }
    return render(request, "alumni/requests.html", context)


def moment_in(text: str, zone: str) -> datetime:
    """A time as the answer page sends it: a proposed one (with its offset), or one the
    volunteer typed, read in the zone the page shows times in."""
    moment = datetime.fromisoformat(text.strip())
    return timezone.make_aware(moment, ZoneInfo(zone)) if timezone.is_naive(moment) else moment


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The volunteer's answer, with no login: the secret in the link is the key."""
    now = clock.now()
    try:
        pending = services.open_request(token, now)
    except NotFound:
        return render(request, "alumni/answer_gone.html", status=404)
    zone = pending.owner.time_zone
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "decline":
                done = services.decline(token, now)
            else:
                chosen = request.POST.get("slot") or request.POST.get("other", "")
                done = services.accept(token, moment_in(chosen, zone), now)
        except (InvalidInput, ValueError):
            error = "Choose one of the times, or give another one still to come."
        except NotFound:
            return render(request, "alumni/answer_gone.html", status=404)
        else:
            with timezone.override(zone):  # the time in the zone the page showed it in
                return render(request, "alumni/answered.html", {"done": done})
    slots = [(slot, services.moment(datetime.fromisoformat(slot), zone)) for slot in pending.slots]
    context = {"pending": pending, "slots": slots, "error": error, "zone": zone}
    return render(request, "alumni/answer.html", context)


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, key: str) -> HttpResponse:
    """The volunteer's own page, from the link in their e-mails: pause, limit, leave."""
    try:
        volunteer = services.volunteer_by_key(key)
    except NotFound:
        raise Http404("no such volunteer") from None
    said: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "leave":
                services.leave(key)
                return render(request, "alumni/left.html")
            if action in ("pause", "resume"):
                volunteer = services.manage(key, paused=action == "pause")
            elif action == "limit":
                volunteer = services.manage(key, limit=int(request.POST.get("limit", "0")))
            said["saved"] = True
        except (InvalidInput, ValueError):
            said["error"] = "Give a number of conversations from 1 to 20."
    return render(request, "alumni/manage.html", {"volunteer": volunteer, **said})


class JoinForm(forms.ModelForm):
    class Meta:
        model = Volunteer
        fields = [
            "name",
            "email",
            "role",
            "organization",
            "field",
            "location",
            "graduation_year",
            "major",
            "topics",
            "monthly_limit",
        ]
        labels = {"email": "E-mail (never shown to a student before you accept)"}

    def validate_unique(self) -> None:
        """Said by the service, in its words."""


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """The center's sign-up link for volunteers: no account, just a profile."""
    try:
        services.check_join(token)
    except NotFound:
        return render(request, "alumni/join_gone.html", status=404)
    form = JoinForm(request.POST or None, initial={"monthly_limit": 2})
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.join(token, form.cleaned_data)
        except InvalidInput as error:
            for name, problems in error.problems.items():
                form.add_error(name if name in form.fields else None, " ".join(problems))
        else:
            own = request.build_absolute_uri(reverse("volunteer-manage", args=[volunteer.key]))
            return render(request, "alumni/joined.html", {"volunteer": volunteer, "own": own})
    return render(request, "alumni/join.html", {"form": form})
