"""What hangs off a contact: commonalities, touches on the timeline, and referrals."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import get_current_timezone
from django.views.decorators.http import require_POST

from rapport.contacts import services
from rapport.contacts.forms import CommonalityForm, ReferralForm, TouchForm
from rapport.contacts.models import Commonality, Contact, Referral, Touch
from rapport.contacts.views.contacts import contact_page
from rapport.contacts.views.undo import offer_undo
from rapport.core.errors import NotFound, RapportError

View = Callable[[HttpRequest, int], HttpResponse]


def posted_to(part: str) -> Callable[[View], View]:
    """A form of the contact page, sent with POST. Sent back with a mistake, the page shows
    at the form's address; opened there again (a reload, a phone restoring its tab), it
    leads to that ``part`` of the contact's page rather than to an error."""

    def wrap(view: View) -> View:
        @functools.wraps(view)
        def handled(request: HttpRequest, pk: int) -> HttpResponse:
            if request.method == "GET":
                return redirect(f"{reverse('contact-detail', args=[pk])}#{part}")
            if request.method != "POST":
                return HttpResponseNotAllowed(["GET", "POST"])
            return view(request, pk)

        return handled

    return wrap


@login_required
@posted_to("add-commonality")
def commonality_add(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    form = CommonalityForm(request.POST)
    if not form.is_valid():
        return contact_page(request, contact, commonality_form=form)
    commonality = services.add_commonality(request.user, contact, **form.cleaned_data)
    messages.success(request, "Commonality added.")
    return redirect(f"{reverse('contact-detail', args=[contact.pk])}#commonality-{commonality.pk}")


@login_required
@require_POST
def commonality_delete(request: HttpRequest, pk: int) -> HttpResponse:
    commonality = get_object_or_404(Commonality.objects.owned_by(request.user), pk=pk)
    services.remove_commonality(request.user, commonality)
    messages.success(request, "Commonality removed.")
    return redirect("contact-detail", pk=commonality.contact_id)


@login_required
@posted_to("log-touch")
def touch_add(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    form = TouchForm(request.POST)
    if not form.is_valid():
        return contact_page(request, contact, touch_form=form)
    touch = services.log_touch(request.user, contact, **form.cleaned_data)
    messages.success(request, "Added to the timeline.")
    return redirect(f"{reverse('contact-detail', args=[contact.pk])}#touch-{touch.pk}")


@login_required
@require_POST
def touch_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a touch off the timeline, with an Undo; or, as the Undo of an agenda step that
    added it (``undo``), just take it off."""
    queryset = Touch.objects.owned_by(request.user).select_related("contact")
    touch = get_object_or_404(queryset, pk=pk)
    name = touch.contact.name
    if request.POST.get("undo"):
        services.remove_touch(request.user, touch)
        messages.success(request, f"Undone: that is off {name}'s timeline again.")
    else:
        when = date_format(touch.happened_at.astimezone(get_current_timezone()), "j M Y")
        token = services.remove_touch(request.user, touch)
        text = f"Removed from {name}'s timeline: {touch.get_kind_display()}, {when}."
        offer_undo(request, text, reverse("touch-restore"), {"token": token})
    if request.POST.get("back") == "home":
        return redirect("home")
    return redirect(f"{reverse('contact-detail', args=[touch.contact_id])}#timeline")


@login_required
@require_POST
def touch_restore(request: HttpRequest) -> HttpResponse:
    """The Undo of a removal: the touch back as it was."""
    try:
        touch = services.restore_touch(request.user, request.POST.get("token", ""))
    except NotFound:
        raise Http404("no such removed touch") from None
    except RapportError as error:
        messages.error(request, str(error))
        return redirect("home")
    messages.success(request, "Back on the timeline.")
    return redirect(f"{reverse('contact-detail', args=[touch.contact_id])}#touch-{touch.pk}")


@login_required
@posted_to("add-referral")
def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    form = ReferralForm(request.POST, contact=contact)
    if not form.is_valid():
        return contact_page(request, contact, referral_form=form)
    services.add_referral(
        request.user,
        referrer=form.cleaned_data["referrer_name"],
        referred=contact,
        permission=form.cleaned_data["permission"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, "Referral recorded.")
    return redirect("contact-detail", pk=contact.pk)


@login_required
@require_POST
def referral_delete(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(Referral.objects.owned_by(request.user), pk=pk)
    services.remove_referral(request.user, referral)
    messages.success(request, "Referral removed.")
    return redirect("contact-detail", pk=referral.referred_id)
