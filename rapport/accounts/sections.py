"""The parts of the profile page that other apps own, such as the agenda's reminders and
calendar. Apps add theirs in ``AppConfig.ready``, so that accounts, the ground floor, imports
none of them; each names its view by its dotted path, imported when the profile page is first
shown, so that a command-line run (which never shows it) does not import every app's views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class ProfileSection:
    template: str
    #: The dotted path of a view that, given the request, returns a response when it handled
    #: a form of its own, else the template's context.
    view_path: str

    @cached_property
    def view(self) -> Callable[[HttpRequest], HttpResponse | dict[str, Any]]:
        return import_string(self.view_path)


PROFILE_SECTIONS: list[ProfileSection] = []


def add_profile_section(template: str, view_path: str) -> None:
    section = ProfileSection(template, view_path)
    if section not in PROFILE_SECTIONS:
        PROFILE_SECTIONS.append(section)
