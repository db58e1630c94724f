"""Errors as RFC 9457 problem details: one JSON shape for every refusal, naming the field."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from rapport.api.tokens import RateLimited
from rapport.core.errors import InvalidInput, NotFound, RapportError

MEDIA_TYPE = "application/problem+json"
#: Every refusal an operation may answer with, each a Problem.
REFUSALS = frozenset({400, 401, 403, 404, 409, 412, 422, 429})
TITLES = {
    400: "Bad request",
    405: "Method not allowed",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    409: "Already there",
    412: "Changed since you read it",
    422: "Invalid input",
    429: "Too many requests",
}


class FieldProblem(Schema):
    field: str
    message: str


class Problem(Schema):
    """What went wrong (RFC 9457); ``errors`` names each field that was refused."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] = []


class ReadOnly(Exception):
    """A read-only token tried to change something."""


class Exists(Exception):
    """What a client would add is there already (the same profile address)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Stale(Exception):
    """The object changed since the client read it (If-Match did not match its ETag)."""


def problem(
    status: int, detail: str, errors: list[dict[str, str]] | None = None, **headers: str
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "errors": errors or [],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=MEDIA_TYPE
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


#: What pydantic puts in an error's location that is not the client's field: where it was
#: sent, and the name of the parameter that gathers the fields.
NOT_FIELDS = {"body", "payload", "query", "path", "filters"}


def field_of(location: list[Any] | tuple[Any, ...]) -> str:
    """``["body", "payload", "email"]`` → ``email``; ``["query", "filters", "source",
    "str-enum[Source]"]`` → ``source`` (the last part names a member of a union)."""
    parts = [str(p) for p in location if p not in NOT_FIELDS and "[" not in str(p)]
    return ".".join(parts) or "body"


def plainly(message: str) -> str:
    """pydantic's message without its own prefix ("Value error, a tag cannot hold a comma")."""
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def add_handlers(api: NinjaAPI) -> None:
    """Every error the API can meet, turned into a problem document."""

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"field": field_of(e.get("loc", ())), "message": plainly(e["msg"])} for e in exc.errors
        ]
        return problem(422, "Some values were refused; nothing was changed.", errors)

    def refused(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
        errors = [
            {"field": field, "message": message}
            for field, messages in exc.problems.items()
            for message in messages
        ]
        return problem(422, "Some values were refused; nothing was changed.", errors)

    handlers: list[tuple[type[Exception], Any]] = [
        (ValidationError, invalid),
        (InvalidInput, refused),
        (NotFound, lambda request, exc: problem(404, str(exc))),
        # Any other refusal of a use case says what to change (RapportError's contract).
        (RapportError, lambda request, exc: problem(422, str(exc))),
        (AuthenticationError, lambda request, exc: unauthenticated()),
        (ReadOnly, lambda request, exc: problem(403, "This token is read-only.")),
        (Stale, lambda request, exc: problem(412, str(exc))),
        (
            Exists,
            lambda request, exc: problem(
                409, str(exc), [{"field": exc.field, "message": str(exc)}]
            ),
        ),
        (
            RateLimited,
            lambda request, exc: problem(429, str(exc), Retry_After=str(exc.retry_after)),
        ),
        (HttpError, lambda request, exc: problem(exc.status_code, str(exc))),
    ]
    for kind, handler in handlers:
        api.add_exception_handler(kind, handler)


def unauthenticated() -> HttpResponse:
    return problem(
        401,
        "Send a personal access token as 'Authorization: Bearer TOKEN' "
        "(make one on your profile page or with 'rapport token create').",
        WWW_Authenticate='Bearer realm="rapport"',
    )


class ProblemsMiddleware:
    """Whatever answers a request under /api/ with an error page (an unknown path, a method
    it does not take, a body over the size limit) answers a program in the API's one shape."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith(("application/json", MEDIA_TYPE)):
            return response
        said = {404: "there is no such address in the API; see /api/v1/docs"}
        detail = said.get(response.status_code, response.reason_phrase)
        if response.status_code == 404 and request.path.endswith("/"):
            detail += " (its addresses have no final slash)"
        if response.status_code == 405:
            allowed = response.get("Allow", "")
            return problem(405, f"this address takes {allowed or 'other methods'}", Allow=allowed)
        return problem(response.status_code, detail)
