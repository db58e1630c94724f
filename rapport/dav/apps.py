from django.apps import AppConfig


class DavConfig(AppConfig):
    name = "rapport.dav"
    label = "dav"
    verbose_name = "Phone contacts and calendar"
