"""The planned-session form: a session in the runner's own unit, its steps as JSON, checked by
the model (`PlannedSession.clean`, `checkins.workout_steps`) and saved through
`checkins.sessions`."""

import json
from decimal import Decimal
from typing import Any

from django import forms

from athletes import units
from athletes.models import Athlete
from checkins.models import PlannedSession


class SessionForm(forms.ModelForm):
    """A session in the runner's unit; stored in metres and seconds."""

    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    distance = forms.DecimalField(
        required=False,
        min_value=Decimal("0.01"),
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    duration = forms.CharField(
        required=False,
        max_length=20,
        help_text="e.g. 45:00, 1:02:03 or 62 min",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    steps_json = forms.CharField(
        label="Steps",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text='Optional, as JSON: [{"step": "warmup", "distance_m": 2000}, {"step": "repeat", '
        '"times": 5, "steps": [{"step": "work", "distance_m": 1000, "rpe": 8}]}, {"step": "cooldown"}]',
    )

    class Meta:
        model = PlannedSession
        fields = ["kind", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    field_order = ["day", "kind", "distance", "duration", "steps_json", "notes"]
    # Where the model's errors show on this form.
    MODEL_FIELDS = {"distance_m": "distance", "duration_s": "duration", "steps": "steps_json"}

    def __init__(self, *args: Any, athlete: Athlete, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.athlete = athlete
        self.instance.athlete = athlete
        self.fields["distance"].label = f"Distance ({athlete.units})"
        session = self.instance
        if session.distance_m:
            self.initial["distance"] = round(
                Decimal(units.from_metres(session.distance_m, athlete.units)), 2
            )
        if session.duration_s:
            self.initial["duration"] = units.format_duration(session.duration_s)
        if session.steps:
            self.initial["steps_json"] = json.dumps(session.steps)
        if session.pk:
            self.initial["day"] = session.day

    def clean_distance(self) -> int | None:
        distance = self.cleaned_data["distance"]
        return units.to_metres(float(distance), self.athlete.units) if distance else None

    def clean_duration(self) -> int | None:
        text = self.cleaned_data["duration"].strip()
        if not text:
            return None
        try:
            return units.parse_duration(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_steps_json(self) -> list:
        text = self.cleaned_data["steps_json"].strip()
        if not text:
            return []
        try:
            steps = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"That is not JSON: {error.msg} (line {error.lineno})."
            ) from error
        if not isinstance(steps, list):
            raise forms.ValidationError("Steps are a list.")
        return steps

    def clean(self) -> dict[str, Any]:
        """Put the typed values on the session, so the model's own rules (`clean`) judge them
        when the form validates the instance."""
        super().clean()
        cleaned = self.cleaned_data
        session = self.instance
        session.day = cleaned.get("day", session.day)
        session.distance_m = cleaned.get("distance")
        session.duration_s = cleaned.get("duration")
        session.steps = cleaned.get("steps_json", [])
        return cleaned

    def add_error(self, field: str | None, error: Any) -> None:
        if isinstance(error, forms.ValidationError) and hasattr(error, "error_dict"):
            error = forms.ValidationError(
                {
                    self.MODEL_FIELDS.get(name, name): messages
                    for name, messages in error.error_dict.items()
                }
            )
        super().add_error(field, error)
