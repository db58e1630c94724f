from django.apps import AppConfig


class DavConfig(AppConfig):
    name = "rapport.dav"
    label = "dav"
    verbose_name = "Phone contacts and calendar"

    def ready(self) -> None:
        from rapport.accounts.sections import add_profile_section

        add_profile_section("dav/_profile_section.html", "rapport.dav.views.profile_section")
