"""The contact list with search and filters, the contact page, and adding, editing, deleting."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from rapport import clock
from rapport.accounts.signals import load_demo
from rapport.contacts import capture, services
from rapport.contacts.forms import (
    CommonalityForm,
    ContactFilterForm,
    ContactForm,
    ReferralForm,
    TouchForm,
)
from rapport.contacts.models import Contact, Organization
from rapport.core.errors import NotFound, RapportError
from rapport.core.matching import email_key
from rapport.core.network import Source
from rapport.core.when import since
from rapport.core.wording import sentence

PAGE_SIZE = 50


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    filters = ContactFilterForm(request.GET)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    # The page is chosen by id, from the name index alone; only its 50 rows are read whole.
    found: Any = services.EveryContact(request.user)
    filtered = {name: value for name, value in criteria.items() if value}
    if set(filtered) == {"q"}:
        found = services.search_ids(request.user, filtered["q"])
    elif filtered:
        found = services.find_contacts(
            request.user,
            query=criteria.get("q", ""),
            source=criteria.get("source", ""),
            field=criteria.get("field", ""),
            tag=criteria.get("tag", ""),
        ).values_list("pk", flat=True)
    if criteria.get("q"):
        # A search's matches are read once, for both the count and the page: each reading
        # asks the trigram index again and looks up every match.
        found = list(found)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": _rows(services.list_rows(request.user, list(page.object_list))),
        "filters": filters,
        "searching": any(criteria.values()),
        "filtering": bool(set(filtered) - {"q"}),  # a source, field or tag, not just words
        "query_string": _without_page(request),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "contacts/_results.html", context)
    context["has_contacts"] = context["searching"] or page.paginator.count > 0
    context["fields"] = services.fields_in_use(request.user)
    context["tags"] = services.tag_menu(request.user)
    context["sources"] = Source.choices()
    return render(request, "contacts/list.html", context)


def _rows(records: Iterable[services.ListRow]) -> list[dict[str, Any]]:
    """The page's rows as the template tag writes them."""
    detail = reverse("contact-detail", args=[0]).removesuffix("0/")
    sources = dict(Source.choices())
    now, zone = clock.now(), timezone.get_current_timezone()
    return [
        {
            "url": f"{detail}{record.pk}/",
            "name": record.name,
            "place": ", ".join(filter(None, [record.role, record.organization])),
            "field": record.field,
            "source": sources.get(record.source, record.source),
            "tags": record.tags,
            "last_touch": last_touch(record, now, zone),
        }
        for record in records
    ]


def last_touch(record: services.ListRow, now: datetime, zone: tzinfo) -> str:
    """When the user was last in touch with the contact; a LinkedIn connection alone is
    said as such ("connected 4 weeks ago"), not as a touch."""
    if record.last_touch:
        return since(record.last_touch, now, zone)
    return f"connected {since(record.connected, now, zone)}" if record.connected else ""


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def contact_names(request: HttpRequest) -> HttpResponse:
    """Suggest up to ten of the user's contacts whose names match what is typed in a field."""
    typed = next(iter(request.GET.values()), "")
    found = services.find_contacts(request.user, query=typed)[:10] if typed.strip() else []
    return render(request, "contacts/_names.html", {"contacts": found})


@login_required
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    return contact_page(request, contact)


def contact_page(request: HttpRequest, contact: Contact, **bound: Any) -> HttpResponse:
    """Render the contact page, keeping any bound form that failed so the user sees why."""
    forms = {
        "commonality_form": CommonalityForm(),
        "touch_form": TouchForm(initial={"happened_at": clock.local_now()}),
        "referral_form": ReferralForm(contact=contact),
        **bound,
    }
    referrals = services.referrals_of(contact)
    about = services.about(contact)
    context = {
        "contact": contact,
        "chain": referrals.chain,
        "commonalities": about.commonalities,
        "tags": about.tags,
        "meetings": about.meetings,
        "suggestions": about.suggestions,
        # A meeting held links to its page: the notes, the follow-up, the thank-you.
        "touches": services.timeline_of(contact),
        "referred_by": referrals.referred_by,
        "referrals_made": referrals.made,
        **forms,
    }
    return render(request, "contacts/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    """The new-contact form, pre-filled from the page a person was saved from (the
    bookmarklet and the browser extension open it with the values in its address). Saving
    someone whose profile address is already in the network fills in that contact instead
    of adding them twice."""
    form = ContactForm(request.POST or None, initial=capture.offered(request.GET))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        known = capture.same_profile(
            request.user, values["profile_url"], values["name"]
        ) or capture.same_address(request.user, values["email"], values["name"])
        if known is not None:
            return _filled_in(request, known, form)
        sharing = capture.with_address(request.user, values["email"])
        chosen = [c for c in sharing if str(c.pk) == request.POST.get("fill_in")]
        if chosen:  # "it is them": what was typed fills in that contact
            return _filled_in(request, chosen[0], form)
        if _unconfirmed(request, form, sharing):
            return _form_page(request, form, "Add a contact", sharing, sharing_address=True)
        contact = _save(request, form)
        messages.success(request, sentence(f"Added {contact.name}"))
        return redirect("contact-detail", pk=contact.pk)
    values = form.data if form.is_bound else form.initial
    known_already = capture.already_known(
        request.user,
        values.get("name", ""),
        values.get("profile_url", ""),
        values.get("email", ""),
    )
    return _form_page(request, form, "Add a contact", known_already)


def _unconfirmed(request: HttpRequest, form: ContactForm, sharing: list[Contact]) -> bool:
    """Whether others of another name have the form's address and the user has not said
    this is someone else; if so, the address is marked with who has it. A confirmation
    counts for the address it was given for, not one typed since."""
    address = form.cleaned_data["email"]
    if not sharing or email_key(request.POST.get("add_anyway", "")) == email_key(address):
        return False
    names = " and ".join(contact.name for contact in sharing)
    form.add_error("email", f"Already the address of {names}: is this someone else?")
    return True


def _filled_in(request: HttpRequest, known: Contact, form: ContactForm) -> HttpResponse:
    """Say what saving someone already known did: what it filled in, and each value of the
    form it did not save over what the contact already had."""
    values = form.cleaned_data
    result = capture.fill_in(request.user, known, values, values["tag_names"])
    said = f"{known.name} was already in your network"
    said += f"; filled in {', '.join(result.filled)}." if result.filled else "; nothing new to add."
    if result.kept:
        offered = "; ".join(
            f"{label} (the form said “{value}”)" for label, value in result.kept.items()
        )
        said += f" Not changed, as you had them: {offered}."
    messages.info(request, said)
    return redirect("contact-detail", pk=known.pk)


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    address = email_key(contact.email)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        # An address changed to one another contact has: asked about, as when adding.
        changed = email_key(form.cleaned_data["email"]) != address
        mine = capture.with_address(request.user, form.cleaned_data["email"])
        others = [c for c in mine if c.pk != pk]
        if changed and _unconfirmed(request, form, others):
            title = f"Edit {contact.name}"
            return _form_page(request, form, title, others, sharing_address=True)
        try:
            _save(request, form)
        except NotFound as gone:  # deleted since this request read it
            raise Http404(str(gone)) from gone
        messages.success(request, sentence(f"Saved {contact.name}"))
        return redirect("contact-detail", pk=contact.pk)
    return _form_page(request, form, f"Edit {contact.name}")


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    if request.method == "POST":
        services.delete_contact(request.user, contact)
        messages.success(request, f"Deleted {contact.name} and their timeline.")
        return redirect("contact-list")
    return render(request, "contacts/delete.html", {"contact": contact})


@login_required
@require_POST
def demo(request: HttpRequest) -> HttpResponse:
    try:
        count = load_demo(request.user, clock.now())
    except RapportError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Loaded {count} fictional contacts. Delete them whenever you like."
        )
    return redirect("contact-list")


def _contact(request: HttpRequest, pk: int) -> Contact:
    contact = services.owned_contact(request.user, pk)
    if contact is None:
        raise Http404("No contact matches the given query.")
    return contact


def _save(request: HttpRequest, form: ContactForm) -> Contact:
    contact = form.save(commit=False)
    return services.save_contact(
        request.user,
        contact,
        organization=form.cleaned_data["organization_name"],
        tags=form.cleaned_data["tag_names"],
    )


def _form_page(
    request: HttpRequest,
    form: ContactForm,
    title: str,
    known: Iterable[Contact] = (),
    sharing_address: bool = False,
) -> HttpResponse:
    organizations = Organization.objects.owned_by(request.user).values_list("name", flat=True)
    context = {
        "form": form,
        "title": title,
        "organizations": organizations,
        "known": known,
        "sharing_address": sharing_address,
    }
    return render(request, "contacts/form.html", context)
