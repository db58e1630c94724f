from __future__ import annotations

from typing import Any

from django import forms

from rapport.core.questions import THEMES
from rapport.meetings.models import Meeting, OwnQuestion


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
    friend = forms.CharField(max_length=100, label="Practising with")
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
