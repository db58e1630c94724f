"""The composer page: drafts for a contact, the e-mail checked as it is typed, and sending."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from rapport import clock
from rapport.contacts.models import Contact
from rapport.core import compose as compose_core
from rapport.core.errors import RapportError
from rapport.core.guard import ERROR, Finding, has_error, note_limits, word_limits
from rapport.outreach import services
from rapport.outreach.services import GuardBlocked, Message

# Rules whose suggestion can replace the span it points at.
REPLACEABLE = {"job-ask", "resume-offer", "subject", "time-ask", "pick-your-brain"}


class MailtoRedirect(HttpResponseRedirect):
    allowed_schemes = ["mailto"]


def owned_contact(request: HttpRequest, pk: int) -> Contact:
    queryset = Contact.objects.owned_by(request.user).select_related("organization")
    contact: Contact = get_object_or_404(queryset, pk=pk)
    return contact


@login_required
def compose(request: HttpRequest, pk: int) -> HttpResponse:
    """The drafts for the moment asked (``?moment=``: first, follow-up, keep-in-touch,
    report-back), or the one the timeline calls for."""
    contact = owned_contact(request, pk)
    moment = moment_asked(request, contact)
    drafts = services.drafts_for(contact, moment)
    emails = drafts["email"]
    chosen = choose(request.GET.get("variant"), len(emails))
    message = Message(emails[chosen].subject, emails[chosen].text)
    kind = compose_core.GUARD_KIND[moment]
    return compose_page(request, contact, drafts, message, chosen, kind=kind, moment=moment)


def moment_asked(request: HttpRequest, contact: Contact) -> compose_core.Moment:
    try:
        moment = compose_core.Moment(request.GET.get("moment", ""))
    except ValueError:
        return services.moment_for(contact)
    offered = services.moments_for(contact)
    return moment if moment in offered else services.moment_for(contact)


def choose(value: str | None, count: int) -> int:
    try:
        return min(max(int(value or 0), 0), count - 1)
    except ValueError:
        return 0


def compose_page(
    request: HttpRequest,
    contact: Contact,
    drafts: dict[str, Any],
    message: Message,
    chosen: int = 0,
    status: int = 200,
    kind: str = "email",
    moment: compose_core.Moment | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    findings = services.check_draft(contact, message.text, kind)
    moment = moment or MOMENT_OF_KIND.get(kind, compose_core.Moment.FIRST)
    context = {
        "contact": contact,
        "drafts": drafts,
        "message": message,
        "chosen": chosen,
        "connection": services.connection_for(contact),
        "smtp": settings.SMTP_ENABLED,
        "kind": kind,
        "moment": moment.value,
        "moments": [(m.value, MOMENT_LABELS[m]) for m in services.moments_for(contact)]
        if kind != "thank-you"
        else [],
        "words": word_limits(kind),
        "talked": services.talked_lately(contact, clock.now())
        if moment is compose_core.Moment.KEEP_IN_TOUCH
        else "",
        "note_limits": note_limits(),
        **guard_context(message, findings),
        **(extra or {}),
    }
    return render(request, "outreach/compose.html", context, status=status)


MOMENT_LABELS = {
    compose_core.Moment.FIRST: "First contact",
    compose_core.Moment.FOLLOW_UP: "Follow-up",
    compose_core.Moment.KEEP_IN_TOUCH: "Keep in touch",
    compose_core.Moment.REPORT_BACK: "Tell them how it went",
    compose_core.Moment.THANK_YOU: "Thank-you",
}
MOMENT_OF_KIND = {kind: moment for moment, kind in compose_core.GUARD_KIND.items()}


@login_required
@require_POST
def check_email(request: HttpRequest, pk: int) -> HttpResponse:
    """The findings for what is in the editor now (htmx, as the user types)."""
    contact = owned_contact(request, pk)
    message = Message(request.POST.get("subject", ""), request.POST.get("body", ""))
    findings = services.check_draft(contact, message.text, sent_kind(request))
    return render(request, "outreach/_guard.html", guard_context(message, findings))


def sent_kind(request: HttpRequest) -> str:
    """What the editor holds: a first e-mail, a follow-up, a note to keep in touch, a report
    back or a thank-you (each is checked as what it is)."""
    kind = request.POST.get("kind", "email")
    return kind if kind in services.SENDS else "email"


def guard_context(message: Message, findings: list[Finding]) -> dict[str, Any]:
    """Findings laid out for the page: each with its excerpt and where a suggestion would go."""
    body_at = len(f"Subject: {message.subject}\n\n")
    text = message.text
    items = []
    for finding in findings:
        in_body = finding.start >= body_at
        field = "body" if in_body else "subject"
        offset = body_at if in_body else len("Subject: ")
        replaceable = finding.rule in REPLACEABLE and 0 < finding.end - finding.start < 400
        items.append(
            {
                "finding": finding,
                "excerpt": text[finding.start : finding.end],
                "field": field,
                "start": finding.start - offset,
                "end": finding.end - offset,
                "replace": replaceable
                and (bool(finding.suggestion) or finding.rule == "resume-offer"),
            }
        )
    return {
        "items": items,
        "blocked": has_error(findings),
        "errors": sum(1 for f in findings if f.severity == ERROR),
    }


@login_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    contact = owned_contact(request, pk)
    # A subject is one line: a line break typed or pasted into it cannot add a header.
    subject = " ".join(request.POST.get("subject", "").split())
    message = Message(subject, request.POST.get("body", "").strip())
    action, override = request.POST.get("action", ""), bool(request.POST.get("override"))
    kind = sent_kind(request)
    waiting = ""
    try:
        if action == "smtp":
            services.send_email(
                request.user, contact, message, clock.now(), override=override, kind=kind
            )
            messages.success(request, f"Sent to {contact.email} and added to the timeline.")
            waiting = services.what_next(request.user, contact, kind, clock.now())
        elif action == "eml":
            return eml_download(request, contact, message)
        elif action == "mailto":
            return MailtoRedirect(services.mailto_url(contact, message))
        else:
            rules = services.overridden_rules(contact, message, override, kind)
            services.record_sent(request.user, contact, message, clock.now(), rules, kind)
            messages.success(request, "Added to the timeline as sent.")
            waiting = services.what_next(request.user, contact, kind, clock.now())
    except GuardBlocked:
        messages.error(request, "The guard found errors. Fix them, or tick “Send anyway”.")
        return compose_page(
            request, contact, drafts_of(contact, kind), message, status=422, kind=kind
        )
    except RapportError as error:
        messages.error(request, str(error))
        return compose_page(
            request, contact, drafts_of(contact, kind), message, status=422, kind=kind
        )
    if waiting:
        messages.info(request, waiting)
    return redirect("contact-detail", pk=contact.pk)


def drafts_of(contact: Contact, kind: str) -> dict[str, Any]:
    moment = MOMENT_OF_KIND.get(kind, compose_core.Moment.FIRST)
    return services.drafts_for(contact, moment) if kind != "thank-you" else {}


def eml_download(request: HttpRequest, contact: Contact, message: Message) -> HttpResponse:
    response = HttpResponse(
        services.eml_bytes(request.user, contact, message), content_type="message/rfc822"
    )
    slug = "".join(ch if ch.isalnum() else "-" for ch in contact.name).strip("-").lower()
    response["Content-Disposition"] = f'attachment; filename="to-{slug or "contact"}.eml"'
    return response
