"""The setback form: an injury, an illness or life getting in the way, as the runner logs it."""

from typing import Any

from django import forms

from athletes.models import Athlete
from checkins.models import Setback


class SetbackForm(forms.ModelForm):
    """A setback as the runner logs it. The model's own checks (a body part only for an
    injury, not back running before it began) show beside their fields."""

    class Meta:
        model = Setback
        fields = ["kind", "start", "end", "severity", "body_part", "note"]
        labels = {
            "kind": "What kind of setback?",
            "start": "Began on",
            "end": "Back running on",
            "severity": "How much does it stop you?",
            "body_part": "Body part",
        }
        help_texts = {
            "end": "Leave it empty while it lasts, then press “Back running”.",
            "body_part": "Injuries only, e.g. left calf.",
            "note": "What happened, what the physio said, what you are doing instead.",
        }
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body_part": forms.TextInput(attrs={"autocomplete": "off"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, athlete: Athlete, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.athlete = athlete
        if self.instance._state.adding:
            self.initial.setdefault("start", athlete.local_today())
