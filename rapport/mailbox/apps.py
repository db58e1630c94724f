from django.apps import AppConfig


class MailboxConfig(AppConfig):
    name = "rapport.mailbox"
    label = "mailbox"
    verbose_name = "Mailbox"

    def ready(self) -> None:
        from rapport.accounts.views import ProfileSection, add_profile_section
        from rapport.agenda.panels import register
        from rapport.mailbox.notices import agenda_panel
        from rapport.mailbox.views import profile_section

        register(agenda_panel)
        add_profile_section(ProfileSection("mailbox/_profile_section.html", profile_section))
