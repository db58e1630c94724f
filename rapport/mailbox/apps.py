from django.apps import AppConfig


class MailboxConfig(AppConfig):
    name = "rapport.mailbox"
    label = "mailbox"
    verbose_name = "Mailbox"

    def ready(self) -> None:
        from rapport.accounts.sections import add_profile_section
        from rapport.agenda.panels import register
        from rapport.mailbox.notices import agenda_panel

        register(agenda_panel)
        add_profile_section(
            "mailbox/_profile_section.html", "rapport.mailbox.views.profile_section"
        )
