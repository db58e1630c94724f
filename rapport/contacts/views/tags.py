"""Tags: how many contacts carry each, and a keep-in-touch cadence for the whole group."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from rapport.contacts import services
from rapport.contacts.models import Tag


class TagCadenceForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["cadence_days"]


@login_required
def tag_list(request: HttpRequest) -> HttpResponse:
    # Named again: Django leaves Meta.ordering out of a query with an aggregate.
    tags = (
        Tag.objects.owned_by(request.user)
        .annotate(contact_count=Count("contacts"))
        .order_by("sort_name", "pk")
    )
    return render(request, "contacts/tag_list.html", {"tags": tags})


@login_required
@require_POST
def tag_cadence(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag.objects.owned_by(request.user), pk=pk)
    form = TagCadenceForm(request.POST, instance=tag)
    if form.is_valid():
        services.save_tag(request.user, form.save(commit=False))
        every = f"every {tag.cadence_days} days" if tag.cadence_days else "the default"
        messages.success(request, f"Contacts tagged {tag.name}: keep in touch {every}.")
    else:
        messages.error(request, f"{tag.name}: {' '.join(form.errors['cadence_days'])}")
    return redirect("tag-list")
