from django.apps import AppConfig


class AdvisingConfig(AppConfig):
    name = "rapport.advising"
    label = "advising"
    verbose_name = "Advising"

    def ready(self) -> None:
        from rapport.accounts.views import ProfileSection, add_profile_section
        from rapport.advising.views import profile_section

        add_profile_section(ProfileSection("advising/_profile_section.html", profile_section))
