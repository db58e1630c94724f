from typing import Any

from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "rapport.agenda"
    label = "agenda"
    verbose_name = "Agenda"

    def ready(self) -> None:
        from rapport.accounts.sections import add_profile_section
        from rapport.accounts.signals import due_changed

        add_profile_section("agenda/_profile_section.html", "rapport.agenda.views.profile_section")
        due_changed.connect(refresh_on_change, dispatch_uid="rapport.agenda.due")


def refresh_on_change(
    sender: object, owner: Any, contacts: Any, new: Any = (), **kwargs: Any
) -> None:
    """Keep the stored due moments in step with a write below (``rapport.contacts.changes``)."""
    from rapport.agenda.due import refresh_due

    refresh_due(owner, contacts, new)
