"""Forms for opening an account and keeping the profile that outreach is written from."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth import forms as auth_forms
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from rapport import clock, emails
from rapport.accounts import backoff
from rapport.accounts.models import User, time_zone_choices
from rapport.addresses import check_address
from rapport.core.formats import clean as one_line
from rapport.core.network import Year
from rapport.core.when import zone_menu

PROFILE_FIELDS = ["name", "school", "year", "major", "interests", "phone", "time_zone"]


class AddressInput(forms.TextInput):
    """Not type="email": browsers refuse an address like zoë@example.org there."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(
            {"inputmode": "email", "autocomplete": "email", "spellcheck": "false", **attrs}
        )


class AddressField(forms.CharField):
    """An e-mail address, internationalized ones too (RFC 6531), checked by email-validator."""

    default_validators = [check_address]
    widget = AddressInput


class TimeZoneSelect(forms.Select):
    """The ~600 time zones by region, each named by its place and its offset today
    ("Kolkata (UTC+05:30)"), rendered in Python: Django's template-per-option widget takes some
    50 ms for a list this long."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        zones = {zone: ZoneInfo(zone) for zone, _ in time_zone_choices()}
        groups = "".join(
            format_html('<optgroup label="{}">', region)
            + "".join(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    zone,
                    " selected" if zone == value else "",
                    label,
                )
                for zone, label in options
            )
            + "</optgroup>"
            for region, options in zone_menu(zones, clock.now())
        )
        return mark_safe(f"<select{flatatt(final_attrs)}>{groups}</select>")  # noqa: S308


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "time_zone": TimeZoneSelect(),
        }
        help_texts = {
            "school": "Where you study or studied: first messages say it.",
            "major": "Your subject, or the one you are moving into.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Not "---------": the year may be left out.
        self.fields["year"].choices = [("", "Not given"), *Year.choices()]

    def clean(self) -> dict[str, Any]:
        """Each of these is one line: what outreach, headers and the calendar are made from
        (a line break in a name once broke the user's own calendar feed)."""
        cleaned = super().clean()
        for field in ("name", "school", "major", "interests", "phone"):
            if isinstance(cleaned.get(field), str):
                cleaned[field] = one_line(cleaned[field])
        if "name" in cleaned and not cleaned["name"]:
            self.add_error("name", "Give your name: outreach is signed with it.")
        return cleaned


class AccountForm(ProfileForm):
    """The set-up page's form, and what `rapport user add` validates its options with."""

    password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )

    class Meta(ProfileForm.Meta):
        fields = ["email", *PROFILE_FIELDS]
        widgets = {
            **ProfileForm.Meta.widgets,
            "email": AddressInput(),
        }

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError("An account with this e-mail address already exists.")
        return email

    def _post_clean(self) -> None:
        super()._post_clean()
        password = self.cleaned_data.get("password")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except forms.ValidationError as error:
                self.add_error("password", error)


class SetupForm(AccountForm):
    """The first-run page also confirms the password and offers the demo network."""

    password_again = forms.CharField(
        label="Password, again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    load_demo = forms.BooleanField(
        label="Fill my account with a fictional demo network so I can look around",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        return cleaned


class JoinForm(SetupForm):
    """Joining through a link: the address is the one the link was sent to."""

    class Meta(SetupForm.Meta):
        fields = PROFILE_FIELDS


class SignupForm(forms.Form):
    email = AddressField(
        label="Your e-mail address", max_length=254, widget=AddressInput(autofocus=True)
    )


class InviteForm(forms.Form):
    emails = forms.CharField(
        label="E-mail addresses",
        help_text="One a line, or separated by commas. Each gets a link valid for seven days.",
        widget=forms.Textarea(attrs={"rows": 6, "autofocus": True}),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form (the same answer whether or not the address has an account), sending
    Rapport's own e-mail with a link built from RAPPORT_BASE_URL, never the request's Host.

    The answer takes as long either way: the e-mail goes out in the background, and for an
    address without an account the same e-mail is made and not sent."""

    email = AddressField(label="Email", max_length=254)

    def save(self, *args: Any, **kwargs: Any) -> None:
        email = self.cleaned_data["email"]
        if next(iter(self.get_users(email)), None) is None:
            emails.password_reset(email, reset_link("x", "x-x"))
        super().save(*args, **kwargs)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        message = emails.password_reset(to_email, reset_link(context["uid"], context["token"]))
        emails.send_in_background(message)


def reset_link(uid: str, token: str) -> str:
    path = reverse("password-reset-confirm", args=[uid, token])
    return str(settings.BASE_URL).rstrip("/") + path


def password_again(request: Any, password: str) -> bool:
    """Whether ``password`` is the signed-in user's, checked as a log-in is: a wrong one
    counts towards the lock-out (django-axes) and the account's back-off, so a stolen
    session cannot guess it."""
    if backoff.wait_before_trying(request.user.email, backoff.client_ip(request), clock.now()):
        return False
    user = authenticate(request, username=request.user.email, password=password)
    return user is not None and user.pk == request.user.pk


class LoginForm(auth_forms.AuthenticationForm):
    """Django's log-in form, which first asks whether the account's tries are spaced out
    (backoff.py): then no password is checked and the page says how long to wait."""

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        address = backoff.client_ip(self.request)
        left = backoff.wait_before_trying(username, address, clock.now()) if username else None
        if left:
            raise forms.ValidationError(backoff.refusal(left), code="backoff")
        return super().clean()


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form, with the old password checked by ``password_again``."""

    def __init__(self, user: User, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old = str(self.cleaned_data.get("old_password", ""))
        if not password_again(self.request, old):
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old
