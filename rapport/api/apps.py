from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "rapport.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from rapport.accounts.sections import add_profile_section

        add_profile_section("api/_profile_section.html", "rapport.api.views.profile_section")
