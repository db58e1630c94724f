"""The advisor's pages (their students, one student, the cohort) and the student's
section of the profile page: whom they share with, and who looked."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rapport import clock
from rapport.advising import services
from rapport.core.errors import NotFound

HERE = "#advisors"


def profile_section(request: HttpRequest) -> HttpResponse | dict[str, Any]:
    consents = services.consents_of(request.user)
    sharing = {c.advisor_id for c in consents if c.revoked_at is None}
    available = [a for a in services.advisors() if a.pk not in sharing and a.pk != request.user.pk]
    return {
        "advisors_available": available,
        "consents": consents,
        **dict(zip(["access_log", "looks"], services.log_of(request.user), strict=True)),
        "any_advisor": bool(available or consents),
        "advises": services.is_advisor(request.user),
    }


@login_required
@require_POST
def share(request: HttpRequest) -> HttpResponse:
    try:
        advisor_id = int(request.POST.get("advisor", ""))
        consent = services.share(request.user, advisor_id, clock.now())
    except (ValueError, NotFound):
        messages.error(request, "Choose one of the advisors listed; nothing was shared.")
    else:
        messages.success(
            request,
            f"{consent.advisor.name} can now see your progress: counts and dates, never what "
            "you wrote. Every look is listed below; stop sharing at any time.",
        )
    return redirect(reverse("profile") + HERE)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        consent = services.revoke(request.user, pk, clock.now())
    except NotFound:
        raise Http404("no such consent") from None
    messages.success(request, f"{consent.advisor.name} can no longer see your progress.")
    return redirect(reverse("profile") + HERE)


@login_required
def students(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    try:
        rows = services.students_page(request.user, now)
    except NotFound:
        raise Http404("not an advisor") from None
    nudge = [row for row in rows if row.needs_nudge]
    context = {"rows": rows, "nudge": nudge, "now": now}
    return render(request, "advising/students.html", context)


@login_required
def student(request: HttpRequest, pk: int) -> HttpResponse:
    now = clock.now()
    try:
        progress = services.student_page(request.user, pk, now)
    except NotFound:
        raise Http404("no such student") from None
    return render(request, "advising/student.html", {"p": progress, "now": now})


@login_required
def cohort(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_staff or services.is_advisor(request.user)):
        raise Http404("not an advisor")
    groups = services.cohort(clock.now())
    context = {"groups": groups, "smallest": services.SMALLEST_GROUP}
    return render(request, "advising/cohort.html", context)
