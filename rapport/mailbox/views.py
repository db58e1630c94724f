"""The mailbox on the profile page (connect, see how the last sync went, sync now,
disconnect) and the agenda's notices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from rapport.core.errors import InvalidInput, RapportError
from rapport.mailbox import services
from rapport.mailbox.models import MailAccount

HERE = "#mailbox"


class MailboxForm(forms.Form):
    host = forms.CharField(
        label="IMAP server",
        max_length=253,
        help_text="Gmail: imap.gmail.com. iCloud: imap.mail.me.com. Fastmail: imap.fastmail.com.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    security = forms.ChoiceField(label="Security", choices=MailAccount.SECURITY)
    port = forms.IntegerField(label="Port", min_value=1, max_value=65535, initial=993)
    username = forms.CharField(
        label="User name",
        max_length=254,
        help_text="Usually your whole e-mail address.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="App password",
        max_length=200,
        strip=False,
        help_text="For Gmail, iCloud and Fastmail, make an app password in the account's "
        "security settings. It is kept sealed with a key apart from the database, and never "
        "shown again.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    sent_folder = forms.CharField(
        label="Sent folder",
        max_length=200,
        required=False,
        help_text="Leave empty: Rapport finds it.",
    )


def profile_section(request: HttpRequest) -> HttpResponse | dict[str, Any]:
    posted = request.POST if "mailbox" in request.POST else None
    account = services.account_of(request.user)
    initial = (
        {
            "host": account.host,
            "port": account.port,
            "security": account.security,
            "username": account.username,
            "sent_folder": account.sent_folder,
        }
        if account
        else {}
    )
    form = MailboxForm(posted, prefix="mailbox", initial=initial)
    if posted is not None and form.is_valid():
        try:
            services.connect(request.user, **form.cleaned_data)
        except InvalidInput as error:
            for name, problems in error.problems.items():
                form.add_error(name if name in form.fields else None, " ".join(problems))
        except RapportError as error:
            form.add_error(None, f"Not connected: {error}.")
        else:
            services.sync_now(request.user)
            messages.success(
                request,
                "Mailbox connected. Rapport reads new mail every few minutes while it runs; "
                "replies and mail you send to your contacts appear on their timelines.",
            )
            return redirect(reverse("profile") + HERE)
    return {"mailbox_form": form, "mailbox": account, "connecting": posted is not None}


@login_required
@require_POST
def sync_now(request: HttpRequest) -> HttpResponse:
    try:
        services.sync_now(request.user)
    except RapportError as error:
        messages.error(request, f"{str(error).capitalize()}.")
    else:
        messages.success(request, "Sync started: its result shows here in a moment.")
    return redirect(reverse("profile") + HERE)


@login_required
@require_POST
def disconnect(request: HttpRequest) -> HttpResponse:
    had, removed = services.disconnect(request.user, forget="forget" in request.POST)
    if not had:
        raise Http404("no mailbox is connected")
    gone = f" {removed} timeline entries read from it were removed." if removed else ""
    messages.success(request, f"Mailbox disconnected; its password is deleted.{gone}")
    return redirect(reverse("profile") + HERE)


@login_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.dismiss(request.user, pk):
        raise Http404("no such notice")
    return redirect("home")
