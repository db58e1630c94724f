"""The tokens on the profile page (make one, its secret shown once; see when each was last
used; revoke it), and the page that sets up "save this person"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rapport import clock
from rapport.api import capture, tokens
from rapport.core.errors import InvalidInput, NotFound

SHOWN_ONCE = "rapport.api.new-token"


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What will use it, e.g. “my spreadsheet script”.",
    )
    read_only = forms.BooleanField(label="Read-only (it can look, not change)", required=False)


def profile_section(request: HttpRequest) -> HttpResponse | dict[str, Any]:
    posted = request.POST if "token" in request.POST else None
    form = TokenForm(posted, prefix="token")
    if posted is not None and form.is_valid():
        try:
            made = tokens.create_token(
                request.user, form.cleaned_data["name"], form.cleaned_data["read_only"], clock.now()
            )
        except InvalidInput as error:
            form.add_error("name", " ".join(error.problems.get("name", [str(error)])))
        else:
            # Kept in the session only until the page it redirects to shows it (a reload then
            # makes no second token); the database keeps its hash alone.
            request.session[SHOWN_ONCE] = made.secret
            return redirect(reverse("profile") + "#api-tokens")
    return {
        "token_form": form,
        "tokens": tokens.tokens_of(request.user),
        "new_secret": request.session.pop(SHOWN_ONCE, ""),
    }


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = tokens.revoke_token(request.user, pk)
    except NotFound:
        raise Http404("no such token") from None  # revoked already, or another account's
    messages.success(request, f"Token “{token.name}” revoked: it no longer opens the API.")
    return redirect(reverse("profile") + "#api-tokens")


@login_required
def capture_help(request: HttpRequest) -> HttpResponse:
    """How to save people from any page: the bookmarklet and the extension, with a picture."""
    address = request.build_absolute_uri("/")
    context = {"bookmarklet": capture.bookmarklet(address), "address": address.rstrip("/")}
    return render(request, "api/capture.html", context)


@login_required
def extension_download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(capture.extension_zip(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="rapport-extension.zip"'
    return response
