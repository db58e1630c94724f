"""Pages for the first run, signing in and out, and the profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from rapport.accounts.forms import ProfileForm, ReminderForm, SetupForm
from rapport.accounts.models import User
from rapport.accounts.services import open_account
from rapport.agenda.reminders import reminder_for, reschedule
from rapport.agenda.services import feed_token
from rapport.contacts.demo import load_demo


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    if User.objects.exists():
        return redirect("login")
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = open_account(form)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if form.cleaned_data["load_demo"]:
            count = load_demo(user, timezone.now())
            messages.success(request, f"Welcome, {user.name}. {count} demo contacts are loaded.")
        else:
            messages.success(request, f"Welcome, {user.name}. Start with someone you know.")
        return redirect("home")
    return render(request, "accounts/setup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    posted = request.POST if request.method == "POST" and "profile" in request.POST else None
    form = ProfileForm(posted, instance=request.user)
    reminder = reminder_for(request.user, timezone.now())
    reminders = ReminderForm(
        request.POST if "reminders" in request.POST else None, instance=reminder
    )
    if posted is not None and form.is_valid():
        form.save()
        messages.success(request, "Profile saved.")
        return redirect("profile")
    if reminders.is_bound and reminders.is_valid():
        reschedule(reminders.save(commit=False), timezone.now())
        messages.success(request, "Reminder settings saved.")
        return redirect("profile")
    feed_url = request.build_absolute_uri(reverse("feed", args=[feed_token(request.user)]))
    context = {"form": form, "reminders": reminders, "feed_url": feed_url}
    return render(request, "accounts/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete the account and everything it owns, after the password is given again."""
    error = ""
    if request.method == "POST":
        if request.user.check_password(request.POST.get("password", "")):
            user = request.user
            logout(request)
            user.delete()  # every owned row goes with it (on_delete=CASCADE)
            return redirect("login")
        error = "That password is not right; nothing was deleted."
    return render(request, "accounts/delete.html", {"error": error})
