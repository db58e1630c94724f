"""/api/v1/organizations, commonalities and referrals: the rest of the network."""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from rapport.api.problems import REFUSALS, Problem
from rapport.api.schemas import (
    CommonalityIn,
    CommonalityOut,
    OrganizationIn,
    OrganizationOut,
    OrganizationPatch,
    ReferralIn,
    ReferralOut,
)
from rapport.api.tokens import owner_of
from rapport.api.versions import check_fresh, locked, with_etag
from rapport.contacts import services
from rapport.contacts.models import Commonality, Contact, Organization, Referral
from rapport.core.network import Permission

organizations = Router(tags=["organizations"])
commonalities = Router(tags=["commonalities"])
referrals = Router(tags=["referrals"])

FIELDS = ("name", "website", "field", "location", "motivation", "dress", "notes", "research")


def record_of(organization: Organization) -> dict[str, Any]:
    return {"id": organization.pk, **model_to_dict(organization, fields=FIELDS)}


def form_values(values: dict[str, Any]) -> dict[str, Any]:
    return {key: "" if value is None else value for key, value in values.items()}


@organizations.get("", response={200: list[OrganizationOut], REFUSALS: Problem}, summary="List")
def list_organizations(request: HttpRequest) -> Any:
    """The organizations of your contacts, by name."""
    return [record_of(o) for o in Organization.objects.owned_by(owner_of(request))]


@organizations.post("", response={201: OrganizationOut, REFUSALS: Problem}, summary="Add")
def create_organization(request: HttpRequest, payload: OrganizationIn) -> Any:
    values = form_values(payload.model_dump())
    made = services.edit_organization(owner_of(request), Organization(), values)
    return Status(201, record_of(made))


@organizations.get(
    "/{organization_id}", response={200: OrganizationOut, REFUSALS: Problem}, summary="One"
)
def read_organization(request: HttpRequest, organization_id: int, response: HttpResponse) -> Any:
    found = services.owned(Organization, owner_of(request), organization_id)
    return with_etag(response, record_of(found))


@organizations.patch(
    "/{organization_id}", response={200: OrganizationOut, REFUSALS: Problem}, summary="Change"
)
def update_organization(
    request: HttpRequest, organization_id: int, payload: OrganizationPatch, response: HttpResponse
) -> Any:
    """Change the fields given; send the ETag you read as If-Match."""
    owner = owner_of(request)
    with locked(Organization, owner, organization_id):
        found = services.owned(Organization, owner, organization_id)
        record = record_of(found)
        check_fresh(request, record)
        values = form_values({**record, **payload.model_dump(exclude_unset=True)})
        saved = services.edit_organization(owner, found, values)
    return with_etag(response, record_of(saved))


@organizations.delete(
    "/{organization_id}", response={204: None, REFUSALS: Problem}, summary="Delete"
)
def delete_organization(request: HttpRequest, organization_id: int) -> Any:
    """Delete the organization; its contacts stay, with no organization."""
    owner = owner_of(request)
    with locked(Organization, owner, organization_id):
        found = services.owned(Organization, owner, organization_id)
        check_fresh(request, record_of(found))
        services.delete_organization(found)
    return Status(204, None)


@commonalities.get(
    "/contacts/{contact_id}/commonalities",
    response={200: list[CommonalityOut], REFUSALS: Problem},
    summary="What you share with a contact",
)
def list_commonalities(request: HttpRequest, contact_id: int) -> Any:
    contact = services.owned(Contact, owner_of(request), contact_id)
    return list(contact.commonalities.all())


@commonalities.post(
    "/contacts/{contact_id}/commonalities",
    response={201: CommonalityOut, REFUSALS: Problem},
    summary="Record something you share",
)
def add_commonality(request: HttpRequest, contact_id: int, payload: CommonalityIn) -> Any:
    owner = owner_of(request)
    contact = services.owned(Contact, owner, contact_id)
    made = services.add_commonality(
        owner, contact, payload.kind.value, " ".join(payload.detail.split()), payload.strength
    )
    return Status(201, made)


@commonalities.delete(
    "/commonalities/{commonality_id}", response={204: None, REFUSALS: Problem}, summary="Remove"
)
def remove_commonality(request: HttpRequest, commonality_id: int) -> Any:
    owner = owner_of(request)
    services.remove_commonality(owner, services.owned(Commonality, owner, commonality_id))
    return Status(204, None)


@referrals.get(
    "/contacts/{contact_id}/referrals",
    response={200: list[ReferralOut], REFUSALS: Problem},
    summary="Who referred a contact, and whom they referred",
)
def list_referrals(request: HttpRequest, contact_id: int) -> Any:
    contact = services.owned(Contact, owner_of(request), contact_id)
    return list(contact.referred_by.all()) + list(contact.referrals_made.all())


@referrals.post(
    "/referrals",
    response={201: ReferralOut, 200: ReferralOut, REFUSALS: Problem},
    summary="Record a referral",
)
def add_referral(request: HttpRequest, payload: ReferralIn) -> Any:
    """Record that one contact suggested you talk to another, and whether you may use their
    name (201). Recording it again (200) changes what is sent and keeps what is not."""
    owner = owner_of(request)
    referrer = services.owned(Contact, owner, payload.referrer_id)
    referred = services.owned(Contact, owner, payload.referred_id)
    mine = Referral.objects.owned_by(owner)
    known = mine.filter(referrer=referrer, referred=referred).first()
    sent = payload.model_fields_set  # what is not sent again is kept as it was
    permission = payload.permission.value if known is None or "permission" in sent else None
    note = payload.note if known is None or "note" in sent else None
    made = services.add_referral(
        owner,
        referrer,
        referred,
        permission or (known.permission if known else Permission.NOT_ASKED),
        note if note is not None else (known.note if known else ""),
    )
    return Status(200 if known else 201, made)


@referrals.delete("/referrals/{referral_id}", response={204: None, REFUSALS: Problem})
def remove_referral(request: HttpRequest, referral_id: int) -> Any:
    owner = owner_of(request)
    services.remove_referral(owner, services.owned(Referral, owner, referral_id))
    return Status(204, None)
