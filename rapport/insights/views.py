"""Who to ask next, warm paths, and the dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from rapport import clock
from rapport.core import ranking
from rapport.insights import services


@login_required
def next_page(request: HttpRequest) -> HttpResponse:
    """Who to ask next; ``?organization=`` keeps the people at one organization (the
    agenda's "Who else is there?")."""
    organization = " ".join(request.GET.get("organization", "").split())[:200]
    limit = 10_000 if organization else 50
    ranked = services.next_to_ask(request.user, clock.now(), limit=limit)
    if organization:
        wanted = organization.casefold()
        ranked = [r for r in ranked if r.candidate.organization.casefold() == wanted]
    context = {
        "ranked": ranked,
        "organization": organization,
        "points": ranking_points(),
        "kinds": kind_weights_said(),
    }
    return render(request, "insights/next.html", context)


def ranking_points() -> dict[str, int]:
    """What each reason is worth, for the page's explanation of the score."""
    return {
        "referral": ranking.REFERRAL_POINTS["yes"],
        "referral_not_asked": ranking.REFERRAL_POINTS["not_asked"],
        "referral_no": ranking.REFERRAL_POINTS["no"],
        "strength": 5,
        "field": ranking.FIELD_POINTS,
        "recent": ranking.RECENT_POINTS,
        "motivation": ranking.MOTIVATION_POINTS,
    }


def kind_weights_said() -> str:
    """How much each kind of commonality counts, as the page says it: "mutual person 1,
    shared school 0.9, …", the heaviest first."""
    weights = sorted(ranking.KIND_WEIGHTS.items(), key=lambda item: -item[1])
    return ", ".join(
        f"{ranking.KIND_LABELS.get(kind, kind)} {weight:g}" for kind, weight in weights
    )


@login_required
def paths_page(request: HttpRequest) -> HttpResponse:
    target = request.GET.get("to", "").strip()[:200]
    found = services.paths_to(request.user, target) if target else []
    return render(request, "insights/paths.html", {"target": target, "paths": found})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    numbers = services.stats(request.user, clock.now())
    # The charts escape every label themselves (rapport.core.charts).
    charts = {name: mark_safe(svg) for name, svg in services.charts_for(numbers).items()}  # noqa: S308
    context = {"numbers": numbers, "charts": charts, "tree": services.referral_tree(request.user)}
    return render(request, "insights/dashboard.html", context)
