"""Organization pages: where contacts work, what people wear there, and who you know there."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from rapport.contacts import services
from rapport.contacts.forms import OrganizationForm
from rapport.contacts.models import Contact, Organization
from rapport.contacts.views.contacts import PAGE_SIZE
from rapport.core.wording import sentence


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    organizations = Organization.objects.owned_by(request.user)
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(
        Contact.objects.filter(organization__in=[org.pk for org in page])
        .values_list("organization")
        .annotate(n=Count("id"))
        .order_by()
    )
    for organization in page:
        organization.contact_count = counts.get(organization.pk, 0)
    return render(request, "contacts/organization_list.html", {"page": page})


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _organization(request, pk)
    contacts = organization.contacts.prefetch_related("tags")
    context = {"organization": organization, "contacts": contacts}
    return render(request, "contacts/organization_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, Organization(), "Add an organization")


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _organization(request, pk)
    return _edit(request, organization, f"Edit {organization.name}")


@login_required
@require_http_methods(["GET", "POST"])
def organization_delete(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _organization(request, pk)
    if request.method == "POST":
        services.delete_organization(organization)
        messages.success(request, f"Deleted {organization.name}; its contacts are kept.")
        return redirect("organization-list")
    context = {"organization": organization, "count": organization.contacts.count()}
    return render(request, "contacts/organization_delete.html", context)


def _organization(request: HttpRequest, pk: int) -> Organization:
    organization: Organization = get_object_or_404(
        Organization.objects.owned_by(request.user), pk=pk
    )
    return organization


def _edit(request: HttpRequest, organization: Organization, title: str) -> HttpResponse:
    form = OrganizationForm(request.POST or None, instance=organization, owner=request.user)
    if request.method == "POST" and form.is_valid():
        saved = services.save_organization(request.user, form.save(commit=False))
        messages.success(request, sentence(f"Saved {saved.name}"))
        return redirect("organization-detail", pk=saved.pk)
    context = {"form": form, "title": title, "organization": organization}
    return render(request, "contacts/organization_form.html", context)
