from typing import Any

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "rapport.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        from rapport.accounts.signals import demo_wanted

        # After the contacts app's receiver (INSTALLED_APPS' order): the meetings are theirs.
        demo_wanted.connect(add_demo_meetings, dispatch_uid="rapport.meetings.demo")


def add_demo_meetings(sender: Any, user: Any, now: Any, **kwargs: Any) -> int:
    from rapport.meetings.demo import add_demo_meetings

    add_demo_meetings(user, now)
    return 0  # contacts loaded: none
