"""Request hooks that belong to no one area: text that no field can hold is refused at the door;
signed-in pages are never kept by a cache."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

Handler = Callable[[HttpRequest], HttpResponse]


class NulCharacterMiddleware:
    """Refuse a query or form carrying a NUL character, naming the field, before any view runs.

    A NUL cannot be typed; it comes from pasted binary data. SQLite would store it and
    PostgreSQL would fail on it, so it is turned away on both with the same clear 400.
    Large uploads are not read here: the import checks their size before reading them, and
    their content itself.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = list(request.GET.lists())
        if request.method == "POST" and self.small_form(request):
            fields += list(request.POST.lists())
        for name, values in fields:
            if "\0" in name or any("\0" in value for value in values):
                shown = name.replace("\0", "")[:40] or "(unnamed)"
                problem = f"The field “{shown}” contains a NUL character, which text cannot hold."
                if request.path.startswith("/api/"):  # a program reads a problem document
                    return api_problem(problem, name)
                return render(request, "400.html", {"problem": problem}, status=400)
        return self.get_response(request)

    @staticmethod
    def small_form(request: HttpRequest) -> bool:
        if request.content_type == "application/x-www-form-urlencoded":
            return True
        size = int(request.META.get("CONTENT_LENGTH") or 0)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        return request.content_type == "multipart/form-data" and size <= limit


def api_problem(detail: str, field: str) -> HttpResponse:
    """A 400 in the API's one error shape (RFC 9457, as rapport.api.problems writes it)."""
    body = {
        "type": "about:blank",
        "title": "Bad request",
        "status": 400,
        "detail": detail,
        "errors": [{"field": field.replace("\0", ""), "message": detail}],
    }
    return JsonResponse(
        body,
        status=400,
        content_type="application/problem+json",
        json_dumps_params={"ensure_ascii": False},
    )


class PrivatePagesMiddleware:
    """A page made for a signed-in user is not kept by the browser's or any proxy's cache,
    so the next person at a shared computer, or another student behind the same proxy,
    never sees it."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
