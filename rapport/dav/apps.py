from django.apps import AppConfig


class DavConfig(AppConfig):
    name = "rapport.dav"
    label = "dav"
    verbose_name = "Phone contacts and calendar"

    def ready(self) -> None:
        from rapport.accounts.views import ProfileSection, add_profile_section
        from rapport.dav.views import profile_section

        add_profile_section(ProfileSection("dav/_profile_section.html", profile_section))
