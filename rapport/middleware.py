"""Request hooks that belong to no one area: text that no field can hold is refused at the door;
signed-in pages are never kept by a cache; a form's address opened in the browser leads back
to its page."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, get_script_prefix, resolve
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


class FormAddressMiddleware:
    """A GET or HEAD that a form-only address refuses (405) leads to the page above it.

    A view that finds a mistake in a form shows the page again at the form's address, so a
    reload, a bookmark or the history asks that address for a page it does not have. Only
    the address is used here: the page above checks its owner as it always does, so another
    user meets its 404, and a form-only address above leads on up in turn. Where no page is
    above (only the agenda at the root), a page in the site's layout says so. The API
    answers programs in its own shape, and htmx asking for a fragment gets the refusal it
    would have got.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or request.method not in ("GET", "HEAD"):
            return response
        htmx = getattr(request, "htmx", None)
        if request.path_info.startswith("/api/") or (htmx and not htmx.boosted):
            return response
        above = page_above(request.path_info)
        if above is not None:
            return HttpResponseRedirect(get_script_prefix().rstrip("/") + above)
        page = render(request, "405.html", status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page


def page_above(path: str) -> str | None:
    """The nearest shorter address that resolves (``/meetings/3/follow-up/`` →
    ``/meetings/3/``), or None when only the root does: the agenda is no form's own page."""
    parts = path.strip("/").split("/")[:-1]
    while parts:
        address = "/" + "/".join(parts) + "/"
        try:
            resolve(address)
        except Resolver404:
            parts.pop()
            continue
        return address
    return None
