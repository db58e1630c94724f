"""Pages for the first run, signing in and out, and the profile."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from rapport import clock
from rapport.accounts import invitations, oidc
from rapport.accounts.backoff import client_ip
from rapport.accounts.forms import (
    InviteForm,
    JoinForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SetupForm,
    SignupForm,
    password_again,
)
from rapport.accounts.models import User
from rapport.accounts.sections import PROFILE_SECTIONS
from rapport.accounts.services import open_account, remove_account
from rapport.accounts.signals import due_changed, load_demo
from rapport.core.errors import InvalidInput, RapportError
from rapport.core.wording import sentence
from rapport.database import one_at_a_time


class LoginView(auth_views.LoginView):
    """Django's log-in page, with a way to join when sign-up is open."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        errors = context["form"].non_field_errors().as_data()
        backoff = next((e.message for e in errors if e.code == "backoff"), "")
        return context | {
            "signup_open": settings.SIGNUP == "open",
            "backoff": backoff,
            "sso": oidc.enabled(),
            "sso_failed": self.request.GET.get("sso") == "failed",
        }


class PasswordResetView(auth_views.PasswordResetView):
    """Forgotten password: the same answer whether or not the address has an account; the
    link in the e-mail is built from RAPPORT_BASE_URL, never from the request's Host."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("password-reset-done")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"smtp": settings.SMTP_ENABLED}

    def form_valid(self, form: Any) -> HttpResponse:
        if not settings.SMTP_ENABLED:
            form.add_error(None, "This Rapport cannot send e-mail (EMAIL_URL is not set).")
            return self.form_invalid(form)
        try:
            allowed = invitations.mail_allowed(
                "password-reset", form.cleaned_data["email"], client_ip(self.request)
            )
        except RapportError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        if not allowed:  # the same page as ever, and no fourth e-mail this hour
            return redirect(self.success_url)
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    if settings.MULTI_USER:
        raise Http404("a shared Rapport's first account is made with `rapport user add --admin`")
    if User.objects.exists():
        return redirect("login")
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # One first account however many set-ups arrive at once: the second waits here and
        # then finds the first.
        with transaction.atomic():
            one_at_a_time("first account")
            if User.objects.exists():
                return redirect("login")
            user = open_account(form)
        return welcome(request, user, form.cleaned_data["load_demo"])
    return render(request, "accounts/setup.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, with the old password checked as a log-in is (it counts towards the
    lock-out), and the other sessions signed out as before."""

    template_name = "accounts/password.html"
    success_url = reverse_lazy("profile")
    form_class = PasswordChangeForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"request": self.request}


def welcome(request: HttpRequest, user: User, demo: bool) -> HttpResponse:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if demo:
        count = load_demo(user, clock.now())
        messages.success(
            request, f"{sentence(f'Welcome, {user.name}')} {count} demo contacts are loaded."
        )
    else:
        messages.success(
            request, f"{sentence(f'Welcome, {user.name}')} Start with someone you know."
        )
    return redirect("home")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Open sign-up: ask for a link by e-mail. The answer is the same whoever asks."""
    if settings.SIGNUP != "open":
        raise Http404("sign-up is by invitation")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        try:
            invitations.request_join_link(email, client_ip(request))
        except RapportError as error:
            form.add_error(None, str(error))
        else:
            return render(request, "accounts/signup_sent.html", {"email": email})
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """The page a join link opens: choose a password, tell Rapport about yourself."""
    email = invitations.email_of(token)
    if email is None:
        context = {"signup_open": settings.SIGNUP == "open"}
        return render(request, "accounts/join_expired.html", context, status=404)
    if User.objects.filter(email=email).exists():
        messages.info(request, f"{email} already has an account; log in.")
        return redirect("login")
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = open_account(form, email=email)
        except IntegrityError:  # the same link, sent twice at once: the first one won
            return redirect("login")
        return welcome(request, user, form.cleaned_data["load_demo"])
    return render(request, "accounts/join.html", {"form": form, "email": email})


@login_required
@require_http_methods(["GET", "POST"])
def invitations_page(request: HttpRequest) -> HttpResponse:
    """Administrators invite people by e-mail; to anyone else this page does not exist."""
    if not request.user.is_staff:
        raise Http404("not an administrator")
    form = InviteForm(request.POST or None)
    if not invitations.accepting():
        return render(request, "accounts/invitations.html", {"form": form, "closed": True})
    if request.method == "POST" and form.is_valid():
        withdrawing = request.POST.get("action") == "withdraw"
        act = invitations.withdraw_invitations if withdrawing else invitations.invite
        try:
            done = act(request.user, [form.cleaned_data["emails"]])
        except InvalidInput as error:
            for problem in error.problems.get("emails", []):
                form.add_error("emails", problem)
        except RapportError as error:
            form.add_error(None, str(error))
        else:
            count = f"{len(done)} invitation{pluralize(len(done))}"
            if withdrawing:
                messages.success(request, f"Withdrew {count}: the links sent so far stop working.")
            else:
                messages.success(request, f"Sent {count}.")
            return redirect("invitations")
    return render(request, "accounts/invitations.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    posted = request.POST if request.method == "POST" and "profile" in request.POST else None
    form = ProfileForm(posted, instance=request.user)
    if posted is not None and form.is_valid():
        with transaction.atomic():
            form.save()
            if "time_zone" in form.changed_data:  # business days and 9 a.m. move with it
                due_changed.send(sender=User, owner=request.user, contacts=None)
        messages.success(request, "Profile saved.")
        return redirect("profile")
    sections = []
    for section in PROFILE_SECTIONS:
        shown = section.view(request)
        if isinstance(shown, HttpResponse):
            return shown
        sections.append({"template": section.template, **shown})
    return render(request, "accounts/profile.html", {"form": form, "sections": sections})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete the account and everything it owns, after the password is given again."""
    error = ""
    if request.method == "POST":
        if password_again(request, request.POST.get("password", "")):
            user = request.user
            logout(request)
            invitations.withdraw(user.email)  # the link that made it cannot make it again
            remove_account(user)
            return redirect("login")
        error = "That password is not right; nothing was deleted."
    return render(request, "accounts/delete.html", {"error": error})


def sso_start(request: HttpRequest) -> HttpResponse:
    """Off to the university's identity provider; back to the login page where none is set."""
    if not oidc.enabled():
        return redirect("login")
    from mozilla_django_oidc.views import OIDCAuthenticationRequestView

    response: HttpResponse = OIDCAuthenticationRequestView.as_view()(request)
    return response


def sso_callback(request: HttpRequest) -> HttpResponse:
    """The provider's answer: signed in, or back to the login page saying it failed. A state
    not issued to this browser, or used already, is refused."""
    if not oidc.enabled():
        return redirect("login")
    from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

    try:
        response: HttpResponse = OIDCAuthenticationCallbackView.as_view()(request)
    except SuspiciousOperation:
        return redirect(settings.LOGIN_REDIRECT_URL_FAILURE)
    return response
