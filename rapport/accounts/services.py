"""Use cases for accounts, shared by the set-up page and `rapport user add`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from rapport.accounts.forms import AccountForm
from rapport.accounts.models import Owned, User
from rapport.core.errors import InvalidInput, NotFound, RapportError


def open_account(form: AccountForm, email: str | None = None) -> User:
    """Create the account a valid set-up (or join) form describes."""
    profile = {field: form.cleaned_data[field] for field in form.Meta.fields if field != "email"}
    return User.objects.create_user(
        email=email or form.cleaned_data["email"],
        password=form.cleaned_data["password"],
        **profile,
    )


def add_account(values: Mapping[str, Any], admin: bool = False) -> User:
    """Validate ``values`` as the set-up page does, then create the account; an
    administrator may invite others and reach nobody's data."""
    form = AccountForm(data={"time_zone": "UTC", **values})
    if not form.is_valid():
        raise InvalidInput({field: list(messages) for field, messages in form.errors.items()})
    account = open_account(form)
    if admin:
        User.objects.filter(pk=account.pk).update(is_staff=True)
        account.is_staff = True
    return account


def set_password(email: str, password: str) -> User:
    """Give the account a new password, checked as the forms check it. Its sessions end: the
    session hash Django keeps no longer matches."""
    account = pick_user(email)
    try:
        password_validation.validate_password(password, account)
    except ValidationError as error:
        raise InvalidInput({"password": list(error.messages)}) from None
    account.set_password(password)
    account.save(update_fields=["password"])
    return account


def pick_user(email: str | None) -> User:
    """Return the account a command acts for: the one named, or the only one there is."""
    if email:
        try:
            return User.objects.get_by_natural_key(email)
        except User.DoesNotExist:
            raise NotFound(f"no account with the e-mail {email!r}") from None
    users = list(User.objects.order_by("id")[:2])
    if not users:
        raise RapportError("there is no account yet: run `rapport user add` or open the app")
    if len(users) > 1:
        raise RapportError("there are several accounts: say which with --user EMAIL")
    return users[0]


@transaction.atomic
def remove_account(user: User) -> None:
    """Delete the account and everything it owns, table by table.

    Django's cascade would name every row it clears in one statement (each touch a meeting
    might point to), past the database's limit on parameters at 100,000 contacts. Each
    owned table, and each many-to-many table between owned rows, is emptied of the user's
    rows in one statement instead; the foreign keys are checked at the commit."""
    for model in apps.get_models(include_auto_created=True):
        if issubclass(model, Owned):
            rows = model._default_manager.filter(owner=user)
        elif model._meta.auto_created:  # many-to-many: rows whose owned side goes
            owned = [
                f.name
                for f in model._meta.get_fields()
                if f.many_to_one and f.related_model and issubclass(f.related_model, Owned)
            ]
            if not owned:
                continue
            rows = model._default_manager.filter(**{f"{owned[0]}__owner": user})
        else:
            continue
        rows._raw_delete(rows.db)
    user.delete()


def login_username(request: Any, credentials: Mapping[str, Any] | None = None) -> str:
    """The e-mail a login attempt names, as stored: for counting failed attempts."""
    source = credentials if credentials else getattr(request, "POST", {})
    return str(source.get("username") or source.get("email") or "").strip().lower()
