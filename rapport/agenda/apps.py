from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "rapport.agenda"
    label = "agenda"
    verbose_name = "Agenda"

    def ready(self) -> None:
        from rapport.accounts.views import ProfileSection, add_profile_section
        from rapport.agenda.views import profile_section

        add_profile_section(ProfileSection("agenda/_profile_section.html", profile_section))
