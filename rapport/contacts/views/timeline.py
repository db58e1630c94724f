"""What hangs off a contact: commonalities, touches on the timeline, and referrals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from rapport.contacts import services
from rapport.contacts.forms import CommonalityForm, ReferralForm, TouchForm
from rapport.contacts.models import Commonality, Contact, Referral, Touch
from rapport.contacts.views.contacts import contact_page


@login_required
@require_POST
def commonality_add(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    form = CommonalityForm(request.POST)
    if not form.is_valid():
        return contact_page(request, contact, commonality_form=form)
    services.add_commonality(request.user, contact, **form.cleaned_data)
    messages.success(request, "Commonality added.")
    return redirect("contact-detail", pk=contact.pk)


@login_required
@require_POST
def commonality_delete(request: HttpRequest, pk: int) -> HttpResponse:
    commonality = get_object_or_404(Commonality.objects.owned_by(request.user), pk=pk)
    commonality.delete()
    messages.success(request, "Commonality removed.")
    return redirect("contact-detail", pk=commonality.contact_id)


@login_required
@require_POST
def touch_add(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    form = TouchForm(request.POST)
    if not form.is_valid():
        return contact_page(request, contact, touch_form=form)
    services.log_touch(request.user, contact, **form.cleaned_data)
    messages.success(request, "Added to the timeline.")
    return redirect("contact-detail", pk=contact.pk)


@login_required
@require_POST
def touch_delete(request: HttpRequest, pk: int) -> HttpResponse:
    touch = get_object_or_404(Touch.objects.owned_by(request.user), pk=pk)
    touch.delete()
    messages.success(request, "Removed from the timeline.")
    return redirect("contact-detail", pk=touch.contact_id)


@login_required
@require_POST
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
    referral.delete()
    messages.success(request, "Referral removed.")
    return redirect("contact-detail", pk=referral.referred_id)
