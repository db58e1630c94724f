from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "rapport.outreach"
    label = "outreach"
    verbose_name = "Outreach"
