"""What Rapport works out for the user, read-only, and the guard for any text."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from rapport import clock
from rapport.agenda.services import agenda_for
from rapport.api.problems import REFUSALS, Problem
from rapport.api.schemas import LintIn, LintOut
from rapport.api.tokens import owner_of
from rapport.core.guard import Context, check, has_error
from rapport.insights.services import next_to_ask, stats

router = Router()


@router.post(
    "lint",
    response={200: LintOut, REFUSALS: Problem},
    tags=["guard"],
    summary="Check a text with the guard",
)
def lint(request: HttpRequest, payload: LintIn) -> dict[str, Any]:
    """The guard's findings for a text, as `rapport lint --json`: a job ask or an offered
    resume is an error, with its span and a suggested rewrite."""
    context = Context(referrer=payload.referrer, strict=payload.strict)
    findings = check(payload.text, payload.kind, context)
    return {"ok": not has_error(findings), "findings": [f.as_dict() for f in findings]}


@router.get(
    "agenda",
    response={200: list[dict[str, Any]], REFUSALS: Problem},
    tags=["agenda"],
    summary="What is due",
)
def agenda(request: HttpRequest) -> list[dict[str, Any]]:
    """What is due, as `rapport agenda --json`: thank-yous, 3B7 steps, keep-in-touch."""
    result = agenda_for(owner_of(request), clock.now())
    return [item.as_dict() for item in result.items]


@router.get(
    "next",
    response={200: list[dict[str, Any]], REFUSALS: Problem},
    tags=["insights"],
    summary="Who to ask next",
)
def who_to_ask_next(request: HttpRequest) -> list[dict[str, Any]]:
    """Contacts not yet approached, the likeliest yes first, with the reasons."""
    ranked = next_to_ask(owner_of(request), clock.now())
    return [item.as_dict() for item in ranked]


@router.get(
    "stats",
    response={200: dict[str, Any], REFUSALS: Problem},
    tags=["insights"],
    summary="How it is going",
)
def progress(request: HttpRequest) -> dict[str, Any]:
    """The funnel, reply rates, thank-yous on time, meetings a month, network growth."""
    return stats(owner_of(request), clock.now())
