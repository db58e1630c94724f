"""/api/v1/contacts: the network, with the web's search and filters, and each timeline.

Updates and deletes honour ``If-Match`` (rapport.api.versions)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from rapport import clock
from rapport.api.problems import REFUSALS, Exists, Problem
from rapport.api.schemas import (
    ContactIn,
    ContactOut,
    ContactPage,
    ContactPatch,
    DraftOut,
    Known,
    TouchIn,
    TouchOut,
)
from rapport.api.tokens import owner_of
from rapport.api.versions import check_fresh, locked, with_etag
from rapport.contacts import capture, services
from rapport.contacts.models import Contact
from rapport.core.compose import Moment
from rapport.core.contact_fields import COLUMNS
from rapport.core.errors import InvalidInput
from rapport.core.network import Source
from rapport.outreach.services import drafts_for

router = Router()
PAGE_SIZE = 50
#: The moments the composer drafts for a contact (a thank-you is drafted from a meeting).
DraftMoment = Literal["first", "follow-up", "keep-in-touch", "report-back"]
#: What a new contact has where the client sends nothing, as in the web's form.
DEFAULTS = {name: Contact._meta.get_field(name).get_default() for name in COLUMNS}


class Filters(Schema):
    q: str = ""
    source: Source | Literal[""] = ""
    field: str = ""
    tag: str = ""
    page: int = Field(1, ge=1, description="Past the last page, the last page.")
    page_size: int = Field(PAGE_SIZE, ge=1, le=100)


@router.get("", response={200: ContactPage, REFUSALS: Problem}, summary="List contacts")
def list_contacts(request: HttpRequest, filters: Query[Filters]) -> dict[str, Any]:
    """Contacts by name, matching every word of ``q`` (name, organization, role, notes,
    tags; accents and case do not matter) and each filter given."""
    size = filters.page_size
    found = services.find_contacts(
        owner_of(request), filters.q, filters.source, filters.field, filters.tag
    )
    count = found.count()
    pages = max(1, -(-count // size))
    page = min(filters.page, pages)
    shown = found.prefetch_related("tags")[(page - 1) * size : page * size]
    items = [services.contact_record(contact) for contact in shown]
    return {"items": items, "count": count, "page": page, "pages": pages}


@router.post("", response={201: ContactOut, REFUSALS: Problem}, summary="Add a contact")
def create_contact(request: HttpRequest, payload: ContactIn) -> Any:
    values = payload.model_dump(exclude_none=True)
    owner = owner_of(request)
    name = values.get("name", "")
    known = capture.same_profile(owner, values.get("profile_url", ""), name)
    if known is not None:
        raise Exists(
            "profile_url",
            f"{known.name} is already in your network with this profile (contact {known.pk}); "
            "change that contact instead",
        )
    known = capture.same_address(owner, values.get("email", ""), name)
    if known is not None:
        raise Exists(
            "email",
            f"{known.name} is already in your network with this e-mail address "
            f"(contact {known.pk}); change that contact instead",
        )
    contact = edited(owner, None, {**DEFAULTS, **values})
    return Status(201, services.contact_record(contact))


@router.get("/known", response={200: Known, REFUSALS: Problem}, summary="Already known?")
def known(
    request: HttpRequest, name: str = "", profile_url: str = "", email: str = ""
) -> dict[str, Any]:
    """Who a person seen on a page may already be, as the new-contact form says it: the same
    profile address however written, the same e-mail address, or the same name. The browser
    extension asks this before opening the form."""
    owner = owner_of(request)
    same = capture.same_profile(owner, profile_url, name)
    found = capture.already_known(owner, name, profile_url, email)
    return {
        "same_profile": same.pk if same else None,
        "known": [services.contact_record(contact) for contact in found],
    }


@router.get("/{contact_id}", response={200: ContactOut, REFUSALS: Problem}, summary="A contact")
def read_contact(request: HttpRequest, contact_id: int, response: HttpResponse) -> Any:
    contact = services.owned(Contact, owner_of(request), contact_id)
    return with_etag(response, services.contact_record(contact))


@router.patch(
    "/{contact_id}", response={200: ContactOut, REFUSALS: Problem}, summary="Change a contact"
)
def update_contact(
    request: HttpRequest,
    contact_id: int,
    payload: ContactPatch,
    response: HttpResponse,
) -> Any:
    """Change the fields given, leave the others; send the ETag you read as If-Match."""
    owner = owner_of(request)
    with locked(Contact, owner, contact_id):
        contact = services.owned(Contact, owner, contact_id)
        record = services.contact_record(contact)
        check_fresh(request, record)
        changes = payload.model_dump(exclude_unset=True)
        contact = edited(owner, contact, {**record, **changes})
    return with_etag(response, services.contact_record(contact))


@router.delete("/{contact_id}", response={204: None, REFUSALS: Problem}, summary="Delete a contact")
def delete_contact(request: HttpRequest, contact_id: int) -> Any:
    """Delete the contact and its timeline."""
    owner = owner_of(request)
    with locked(Contact, owner, contact_id):
        contact = services.owned(Contact, owner, contact_id)
        check_fresh(request, services.contact_record(contact))
        services.delete_contact(owner, contact)
    return Status(204, None)


@router.get(
    "/{contact_id}/touches",
    response={200: list[TouchOut], REFUSALS: Problem},
    summary="A contact's timeline",
)
def list_touches(request: HttpRequest, contact_id: int) -> Any:
    contact = services.owned(Contact, owner_of(request), contact_id)
    return list(contact.touches.order_by("-happened_at", "-id"))


@router.post(
    "/{contact_id}/touches",
    response={201: TouchOut, REFUSALS: Problem},
    summary="Log a touch",
)
def log_touch(request: HttpRequest, contact_id: int, payload: TouchIn) -> Any:
    """Put one moment on the contact's timeline (an e-mail sent, a reply, a call…); what is
    due moves with it, as in the web."""
    owner = owner_of(request)
    contact = services.owned(Contact, owner, contact_id)
    when = payload.happened_at or clock.now()
    touch = services.log_touch(owner, contact, payload.kind.value, when, payload.summary)
    return Status(201, touch)


#: The contact form's names for the API's fields, and back (a refusal names the API's).
FORM_NAMES = {"organization": "organization_name", "tags": "tag_names"}


def edited(owner: Any, contact: Contact | None, values: dict[str, Any]) -> Contact:
    """Add or change a contact through the web form's checks; a refusal names API fields."""
    data = form_values(values)
    try:
        if contact is None:
            return services.add_contact(owner, data)
        return services.edit_contact(owner, contact, data)
    except InvalidInput as refused:
        api_names = {form: api for api, form in FORM_NAMES.items()}
        raise InvalidInput(
            {api_names.get(field, field): said for field, said in refused.problems.items()}
        ) from None


def form_values(values: dict[str, Any]) -> dict[str, Any]:
    """The API's values as the contact form takes them (relations named by text)."""
    data = {key: value for key, value in values.items() if value is not None}
    data["organization_name"] = data.pop("organization", "")
    data["tag_names"] = ", ".join(data.pop("tags", []) or [])
    return data


@router.get(
    "/{contact_id}/drafts",
    response={200: dict[str, list[DraftOut]], REFUSALS: Problem},
    summary="The composer's drafts for a contact",
)
def drafts(request: HttpRequest, contact_id: int, moment: DraftMoment = "first") -> Any:
    """What the composer writes for this contact at this moment, from your profile and what
    you share (a first contact: sound bite, phone script, voicemail, LinkedIn note, text
    message and e-mail; for a contact found on LinkedIn, already a connection, a LinkedIn
    message under ``linkedin_message`` instead of the note), each with the guard's findings.
    A report-back for someone who led you to no one gives the moment that fits them
    instead. Nothing is sent."""
    contact = services.owned(Contact, owner_of(request), contact_id)
    found = drafts_for(contact, Moment(moment))
    return {kind: [draft.as_dict() for draft in drafts] for kind, drafts in found.items()}
