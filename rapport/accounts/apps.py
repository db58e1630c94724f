from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rapport.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from rapport import checks  # noqa: F401 (registers Rapport's start-up checks)
