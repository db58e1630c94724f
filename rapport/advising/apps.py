from django.apps import AppConfig


class AdvisingConfig(AppConfig):
    name = "rapport.advising"
    label = "advising"
    verbose_name = "Advising"

    def ready(self) -> None:
        from rapport.accounts.sections import add_profile_section

        add_profile_section(
            "advising/_profile_section.html", "rapport.advising.views.profile_section"
        )
