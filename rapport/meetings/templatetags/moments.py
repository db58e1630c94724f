"""``{{ due|deadline:now }}``, ``{{ meeting.starts_at|starts:now }}``, ``{{ moment|day:now }}``:
moments in words (rapport.core.when), on the wall clock of the zone the page is shown in."""

from datetime import datetime

from django import template
from django.utils import timezone

from rapport.core import when

register = template.Library()


@register.filter
def deadline(moment: datetime | None, now: datetime) -> str:
    """by 10 p.m. tonight"""
    return when.deadline(moment, now, timezone.get_current_timezone()) if moment else ""


@register.filter
def starts(moment: datetime | None, now: datetime) -> str:
    """Tomorrow at 11 a.m."""
    return when.starts(moment, now, timezone.get_current_timezone()) if moment else ""


@register.filter
def day(moment: datetime | None, now: datetime) -> str:
    """Today, Tomorrow, Friday, Monday 14 December"""
    return when.day_name(moment, now, timezone.get_current_timezone()) if moment else ""


@register.filter
def clock(moment: datetime | None) -> str:
    """11 a.m., 2:30 p.m."""
    return when.clock_time(moment.astimezone(timezone.get_current_timezone())) if moment else ""
