"""/api/v1/meetings: those coming up and past, with their questions and notes; scheduling one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from rapport.api.problems import REFUSALS, Problem
from rapport.api.schemas import MeetingIn, MeetingOut
from rapport.api.tokens import owner_of
from rapport.contacts.models import Contact
from rapport.contacts.services import owned
from rapport.meetings.models import Meeting
from rapport.meetings.services import schedule_meeting

router = Router(tags=["meetings"])


@router.get("", response={200: list[MeetingOut], REFUSALS: Problem}, summary="List meetings")
def list_meetings(request: HttpRequest) -> Any:
    """Every meeting, the latest first, with its questions and the notes under them."""
    mine = Meeting.objects.owned_by(owner_of(request))
    return list(mine.order_by("-starts_at", "-id").prefetch_related("questions"))


@router.get("/{meeting_id}", response={200: MeetingOut, REFUSALS: Problem}, summary="A meeting")
def read_meeting(request: HttpRequest, meeting_id: int) -> Any:
    return owned(Meeting, owner_of(request), meeting_id)


@router.post("", response={201: MeetingOut, REFUSALS: Problem}, summary="Schedule a meeting")
def create_meeting(request: HttpRequest, payload: MeetingIn) -> Any:
    """Schedule a meeting with a contact; questions that fit its length are proposed, as on
    the web (15 to 20 minutes is the method's length)."""
    owner = owner_of(request)
    contact = owned(Contact, owner, payload.contact_id)
    meeting = Meeting(
        starts_at=payload.starts_at, minutes=payload.minutes, mode=payload.mode, place=payload.place
    )
    return Status(201, schedule_meeting(owner, contact, meeting))
