"""Request hooks: send a fresh install to its set-up page; show times in the user's zone."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from rapport.accounts.models import User

Handler = Callable[[HttpRequest], HttpResponse]


class FirstRunMiddleware:
    """Until an account exists, every page leads to the set-up page."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and self.needs_setup(request):
            return redirect("setup")
        return self.get_response(request)

    @staticmethod
    def needs_setup(request: HttpRequest) -> bool:
        if settings.MULTI_USER:  # the operator makes the first account with the CLI
            return False
        open_paths = (
            reverse("setup"),
            reverse("signup"),
            "/join/",
            "/" + settings.STATIC_URL.lstrip("/"),
            "/feed/",
            "/api/",  # a program is told 401 in JSON, not sent to a page
        )
        if request.path.startswith(open_paths):
            return False
        return not User.objects.exists()


class UserTimeZoneMiddleware:
    """Times are stored in UTC and shown in the signed-in user's time zone."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and isinstance(user, User):
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        else:
            timezone.deactivate()
        return self.get_response(request)
