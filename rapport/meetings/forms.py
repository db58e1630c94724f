from __future__ import annotations

from typing import Any

from django import forms

from rapport.contacts.addresses import check_address
from rapport.contacts.models import Contact
from rapport.contacts.schema import form_widget
from rapport.core.contact_fields import BY_NAME
from rapport.core.formats import clean
from rapport.core.matching import email_key
from rapport.core.network import Permission
from rapport.core.questions import THEMES
from rapport.meetings.models import Meeting, OwnQuestion, Suggestion


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["starts_at", "minutes", "mode", "place", "status"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "minutes": forms.NumberInput(attrs={"min": 5, "max": 120, "step": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.warning = ""

    def clean_minutes(self) -> int:
        minutes = int(self.cleaned_data["minutes"])
        if minutes > 30:
            self.warning = f"{minutes} minutes is a long ask; 15 to 20 is the method's length."
        return minutes


class ChecklistForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = Meeting.CHECKLIST


class OwnQuestionForm(forms.ModelForm):
    class Meta:
        model = OwnQuestion
        fields = ["text", "theme", "minutes"]
        widgets = {"theme": forms.Select(choices=list(THEMES.items()))}


class PracticeForm(forms.Form):
    friend = forms.CharField(max_length=100, label="Practicing with")
    # A practice run is minutes long; a day is far beyond any, and within every database's int.
    seconds = forms.IntegerField(
        min_value=0,
        max_value=24 * 3600,
        required=False,
        error_messages={"max_value": "it says more than a day; start it again and save"},
    )


class EndedForm(forms.Form):
    """When did the meeting really end? Its thank-you is due 12 hours later."""

    ended_at = forms.DateTimeField(
        label="When did it end?",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Your thank-you is due 12 hours after this.",
        error_messages={"required": "Say when it ended, to the minute if you can."},
    )

    def move_confirmed(self) -> bool:
        """Whether the user said to move the meeting for the end typed when they said so (the
        button carries that end), not for one typed since."""
        confirmed = self.data.get("move", "")
        return bool(confirmed) and confirmed == self.data.get("ended_at")


class SuggestionForm(forms.Form):
    """Something the contact suggested: a book, an association, an event, a program; by when,
    if there is a date to keep. Its name "suggestion" tells it from the referral form, which
    posts to the same address."""

    kind = forms.ChoiceField(label="Kind", choices=Suggestion.KINDS, initial="read")
    due = forms.DateField(
        label="By",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Give a date, or leave it empty."},
    )
    suggestion = forms.CharField(
        label="What they suggested",
        max_length=Suggestion._meta.get_field("text").max_length,
        error_messages={"required": "Say what they suggested."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "s-%s")  # the meeting page holds other forms
        super().__init__(*args, **kwargs)

    def clean_suggestion(self) -> str:
        text = clean(self.cleaned_data["suggestion"])
        if not text:
            raise forms.ValidationError("Say what they suggested.")
        return text


class MeetingReferralForm(forms.Form):
    """Someone the contact suggested the user talk to: their name, where they work, the
    address the contact gave, and whether the user may say who sent them."""

    name = forms.CharField(label="Name", max_length=BY_NAME["name"].limit)
    organization = forms.CharField(
        label="Organization", max_length=BY_NAME["organization"].limit, required=False
    )
    # A contact's address as the contact form takes it: its limit and widget, and the check
    # its model field makes (a plain form does not run a model's), internationalized too.
    email = Contact._meta.get_field("email").formfield(
        label="E-mail address", widget=form_widget(BY_NAME["email"]), validators=[check_address]
    )
    permission = forms.ChoiceField(choices=Permission.choices(), initial=Permission.NOT_ASKED)

    def __init__(self, *args: Any, referrer: Contact, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "referral_%s")  # the meeting page holds other forms
        super().__init__(*args, **kwargs)
        self.fields["permission"].label = f"May you use {referrer.name}’s name?"
        self.address_taken = False

    def clean_name(self) -> str:
        name = clean(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("Give the name of the person they suggested.")
        return name

    def address_confirmed(self) -> bool:
        """Whether the user said the address is someone else's too: for the address typed
        when they said so, not one typed since."""
        return email_key(self.data.get("add_anyway", "")) == email_key(self.cleaned_data["email"])

    def refuse_address(self, others: list[Contact]) -> None:
        """Mark the address as that of ``others``, and offer to add them with it anyway."""
        self.address_taken = True
        names = " and ".join(contact.name for contact in others)
        self.add_error(
            "email",
            f"Already the address of {names}. If it is them, give the name as you have it; "
            "if it is someone else, tick the box below.",
        )
