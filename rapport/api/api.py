"""The API object: who may call it (a personal token, or the signed-in page with its CSRF
token), the routers by area, and errors as problem documents."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from rapport import clock
from rapport.api import contacts, guide, meetings, network
from rapport.api.problems import MEDIA_TYPE, REFUSALS, ReadOnly, add_handlers
from rapport.api.tokens import token_for_request

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
#: Posts that change nothing (the guard reads a text), open to a read-only token too.
READING_POSTS = {"/api/v1/lint"}


class TokenAuth(HttpBearer):
    """``Authorization: Bearer rpt_…``: the token's owner, within the rate limit; a
    read-only token may only read. No CSRF token is needed: a browser never adds it."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_for_request(token, clock.now())
        if found is None:
            return None
        changing = request.method not in SAFE_METHODS and request.path not in READING_POSTS
        if found.read_only and changing:
            raise ReadOnly
        return found.owner


class RapportAPI(NinjaAPI):
    """The API, its schema saying what it sends: a refusal is application/problem+json."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(status) in REFUSALS and "application/json" in content:
                        answer["content"] = {MEDIA_TYPE: content["application/json"]}
        return schema


api = RapportAPI(
    title="Rapport API",
    version="1",
    description=(
        "Your Rapport network for scripts and tools: contacts and their timelines, what is "
        "due, who to ask next, your progress, and the guard. Every object belongs to the "
        "account the token was made for; another account's is 404. Errors are RFC 9457 "
        "problem documents."
    ),
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    openapi_url="/schema",
    docs_url="/docs",
)
add_handlers(api)
api.add_router("/contacts", contacts.router, tags=["contacts"])
api.add_router("/organizations", network.organizations)
api.add_router("/", network.commonalities)
api.add_router("/", network.referrals)
api.add_router("/meetings", meetings.router)
api.add_router("/", guide.router)
