"""The reminder settings on the profile page."""

from __future__ import annotations

from django import forms

from rapport.agenda.models import Reminder


class ReminderForm(forms.ModelForm):
    class Meta:
        model = Reminder
        fields = ["frequency", "hour"]
        labels = {"frequency": "E-mail me what is due", "hour": "At (hour of the day)"}
        widgets = {"hour": forms.NumberInput(attrs={"min": 0, "max": 23})}

    def clean_hour(self) -> int:
        hour = int(self.cleaned_data["hour"])
        if not 0 <= hour <= 23:
            raise forms.ValidationError("Give an hour from 0 to 23.")
        return hour
