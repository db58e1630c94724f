from django.apps import AppConfig


class AlumniConfig(AppConfig):
    name = "rapport.alumni"
    label = "alumni"
    verbose_name = "Alumni volunteers"

    def ready(self) -> None:
        from rapport.agenda.panels import register
        from rapport.alumni.panel import agenda_panel

        register(agenda_panel)
