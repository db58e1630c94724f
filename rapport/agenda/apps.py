from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "rapport.agenda"
    label = "agenda"
    verbose_name = "Agenda"
