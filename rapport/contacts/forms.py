"""Forms for the network. Choices of related objects only ever list the user's own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.urls import reverse
from django.utils.text import capfirst

from rapport.contacts.models import (
    Commonality,
    Contact,
    Organization,
    Referral,
    Touch,
    organization_of_name,
)
from rapport.contacts.schema import form_widget, web_url_field
from rapport.core.contact_fields import BY_NAME, FORM_ORDER, RELATIONS
from rapport.core.formats import clean
from rapport.core.network import Source, parse_tags

if TYPE_CHECKING:
    from rapport.accounts.models import User

#: The form's names of the relations, which it takes as text.
AS_TEXT = {"organization": "organization_name", "tags": "tag_names"}


def form_widgets(names: tuple[str, ...]) -> dict[str, forms.Widget]:
    specs = [BY_NAME[name] for name in names if BY_NAME[name].kind not in RELATIONS]
    return {spec.name: widget for spec in specs if (widget := form_widget(spec))}


class ContactForm(forms.ModelForm):
    profile_url = web_url_field(capfirst(BY_NAME["profile_url"].label))
    organization_name = forms.CharField(
        label="Organization",
        max_length=BY_NAME["organization"].limit,
        required=False,
        widget=forms.TextInput(attrs={"list": "organizations", "autocomplete": "off"}),
    )
    tag_names = forms.CharField(
        label="Tags",
        max_length=500,
        required=False,
        help_text="Separate tags with commas.",
    )

    class Meta:
        model = Contact
        fields = [AS_TEXT.get(name, name) for name in FORM_ORDER]
        widgets = form_widgets(FORM_ORDER)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autofocus"] = True
        contact = self.instance
        if contact.pk:
            self.initial["organization_name"] = (
                contact.organization.name if contact.organization else ""
            )
            self.initial["tag_names"] = ", ".join(tag.name for tag in contact.tags.all())

    def clean_name(self) -> str:
        name = clean(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("A contact needs a name.")
        return name

    def clean_tag_names(self) -> list[str]:
        tags = parse_tags(self.cleaned_data["tag_names"])
        limit = BY_NAME["tags"].limit or 0
        if any(len(tag) > limit for tag in tags):
            raise forms.ValidationError(f"A tag can be at most {limit} characters long.")
        return tags


class OrganizationForm(forms.ModelForm):
    website = web_url_field("Website")

    class Meta:
        model = Organization
        fields = [
            "name",
            "website",
            "field",
            "location",
            "motivation",
            "dress",
            "notes",
            "research",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "research": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if organization_of_name(self.owner, name, but=self.instance.pk) is not None:
            raise forms.ValidationError("You already have an organization of this name.")
        return name


class CommonalityForm(forms.ModelForm):
    blank_is_constant = True  # see contacts/templatetags/fields.py

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The contact page holds three forms: ids of their own, so "Kind" labels its own select.
        kwargs.setdefault("auto_id", "commonality_%s")
        super().__init__(*args, **kwargs)

    class Meta:
        model = Commonality
        fields = ["kind", "detail", "strength"]
        widgets = {"strength": forms.NumberInput(attrs={"min": 1, "max": 5})}


class TouchForm(forms.ModelForm):
    blank_is_constant = True  # see contacts/templatetags/fields.py

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "touch_%s")
        super().__init__(*args, **kwargs)

    class Meta:
        model = Touch
        fields = ["kind", "happened_at", "summary"]
        widgets = {
            "happened_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "summary": forms.Textarea(attrs={"rows": 2}),
        }


class ReferralForm(forms.ModelForm):
    """Who referred this contact to the user: one of the user's other contacts, by name."""

    blank_is_constant = True  # the contact is only read to check the name given

    referrer_name = forms.CharField(
        label="Referred by",
        max_length=200,
        help_text="The name of one of your contacts.",
        widget=forms.TextInput(attrs={"list": "referrer-options", "autocomplete": "off"}),
    )

    class Meta:
        model = Referral
        fields = ["referrer_name", "permission", "note"]

    def __init__(self, *args: Any, contact: Contact, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contact = contact
        # Suggest names as the user types, without sending the whole network to the page.
        self.fields["referrer_name"].widget.attrs.update(
            {
                "hx-get": reverse("contact-names"),
                "hx-trigger": "input changed delay:200ms",
                "hx-target": "#referrer-options",
                "hx-swap": "innerHTML",
            }
        )

    def clean_referrer_name(self) -> Contact:
        name = " ".join(self.cleaned_data["referrer_name"].split())
        others = Contact.objects.owned_by(self.contact.owner).exclude(pk=self.contact.pk)
        matches = list(others.filter(name__iexact=name)[:2])
        if not matches:
            raise forms.ValidationError(
                f"You have no other contact named “{name}”. Check the spelling, or add them first."
            )
        if len(matches) > 1:
            raise forms.ValidationError(
                f"Several of your contacts are named “{name}”. "
                "Make one name distinct (add a middle initial, say) and try again."
            )
        return matches[0]


class ContactFilterForm(forms.Form):
    """The search box and filters above the contact list."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    source = forms.ChoiceField(required=False, choices=[("", "Any source"), *Source.choices()])
    field = forms.CharField(required=False, max_length=150)
    tag = forms.CharField(required=False, max_length=60)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of file is it?",
        choices=[
            ("linkedin", "LinkedIn connections (Connections.csv)"),
            ("vcard", "Phone or address book (vCard, .vcf)"),
            ("google", "Google Contacts (CSV)"),
            ("rapport", "Rapport archive (JSON): “Everything” from a Rapport Export page"),
        ],
        widget=forms.RadioSelect,
        initial="linkedin",
    )
    file = forms.FileField(label="File")
    encoding = forms.CharField(
        label="Encoding",
        required=False,
        max_length=40,
        help_text="Leave empty for UTF-8. Files saved by Excel on Windows are often cp1252.",
    )
