"""Who to ask next, warm paths, and the dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from rapport import clock
from rapport.insights import services


@login_required
def next_page(request: HttpRequest) -> HttpResponse:
    ranked = services.next_to_ask(request.user, clock.now())
    return render(request, "insights/next.html", {"ranked": ranked})


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
