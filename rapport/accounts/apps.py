from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rapport.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from rapport import checks  # noqa: F401 (registers Rapport's start-up checks)

        user_logged_in.connect(take_back_warning, dispatch_uid="rapport-retention")


def take_back_warning(sender: Any, user: Any, **kwargs: Any) -> None:
    from rapport.accounts.retention import signed_in

    signed_in(user)
