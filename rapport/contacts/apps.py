from typing import Any

from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "rapport.contacts"
    label = "contacts"
    verbose_name = "Contacts"

    def ready(self) -> None:
        from rapport.accounts.signals import demo_wanted

        demo_wanted.connect(load_demo_for_new_account, dispatch_uid="rapport.contacts.demo")


def load_demo_for_new_account(sender: Any, user: Any, now: Any, **kwargs: Any) -> int:
    from rapport.contacts.demo import load_demo

    return load_demo(user, now)
