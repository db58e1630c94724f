"""The app's URLs plus two floors behind the same login: an empty response, and an empty page
in the site's layout (what any page costs before it shows anything)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path


@login_required
def empty(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"")


@login_required
def layout(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


urlpatterns = [
    path("bench/empty/", empty, name="bench-empty"),
    path("bench/layout/", layout, name="bench-layout"),
    path("", include("rapport.urls")),
]
