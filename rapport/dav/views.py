"""The phone's address book and calendar on the profile page: connect, push, disconnect."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from rapport import clock
from rapport.core.errors import InvalidInput, RapportError
from rapport.dav import push as dav_push
from rapport.dav import services
from rapport.dav.models import DavAccount

HERE = "#phone"


class DavForm(forms.Form):
    addressbook = forms.CharField(
        label="Address book (CardDAV)",
        max_length=500,
        required=False,
        help_text="The address book's own address, e.g. https://dav.example.org/you/contacts/.",
    )
    calendar = forms.CharField(
        label="Calendar (CalDAV)",
        max_length=500,
        required=False,
        help_text="The calendar's own address. Give one, the other, or both.",
    )
    username = forms.CharField(
        label="User name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        max_length=200,
        strip=False,
        help_text="Kept sealed with a key apart from the database, and never shown again.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


def profile_section(request: HttpRequest) -> HttpResponse | dict[str, Any]:
    posted = request.POST if "dav" in request.POST else None
    account = DavAccount.objects.owned_by(request.user).first()
    initial = (
        {
            "addressbook": account.addressbook_url,
            "calendar": account.calendar_url,
            "username": account.username,
        }
        if account
        else {}
    )
    form = DavForm(posted, prefix="dav", initial=initial)
    if posted is not None and form.is_valid():
        values = form.cleaned_data
        try:
            services.connect(
                request.user,
                values["addressbook"].strip(),
                values["calendar"].strip(),
                values["username"],
                values["password"],
            )
        except InvalidInput as error:
            for name, problems in error.problems.items():
                form.add_error(name if name in form.fields else None, " ".join(problems))
        except RapportError as error:
            form.add_error(None, f"Not connected: {error}.")
        else:
            messages.success(request, "Connected. “Push now” sends your contacts and meetings.")
            return redirect(reverse("profile") + HERE)
    return {"dav_form": form, "dav": account, "dav_connecting": posted is not None}


@login_required
@require_POST
def push_now(request: HttpRequest) -> HttpResponse:
    try:
        result = dav_push.push(request.user, clock.now())
    except RapportError as error:
        messages.error(request, f"Nothing was pushed: {error}.")
        return redirect(reverse("profile") + HERE)
    done = (
        f"{result.created} added, {result.updated} updated, {result.unchanged} unchanged, "
        f"{result.deleted} removed."
    )
    problems = [f"Not overwritten: {line}." for line in result.conflicts]
    problems += [f"Error: {line}." for line in result.errors]
    if problems:
        messages.warning(request, " ".join([done, *problems]))
    else:
        messages.success(request, f"Pushed: {done}")
    return redirect(reverse("profile") + HERE)


@login_required
@require_POST
def disconnect(request: HttpRequest) -> HttpResponse:
    if not services.disconnect(request.user):
        raise Http404("nothing is connected")
    messages.success(request, "Address book and calendar disconnected; the password is deleted.")
    return redirect(reverse("profile") + HERE)
