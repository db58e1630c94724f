from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "rapport.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from rapport.accounts.views import ProfileSection, add_profile_section
        from rapport.api.views import profile_section

        add_profile_section(ProfileSection("api/_profile_section.html", profile_section))
