"""The run form: a run typed in the runner's own unit and zone, checked by the run rules of
`checkins.runs` and stored in metres, seconds and UTC."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from athletes import units
from athletes.models import Athlete
from checkins.models import Run
from checkins.runs import (
    EARLIEST_START,
    FUTURE_RUN_MESSAGE,
    TOO_EARLY_MESSAGE,
    local_start,
    validate_run,
)


class RunForm(forms.ModelForm):
    """A run in the runner's own unit and zone; stored in metres, seconds and UTC.

    Fields left as shown keep their stored value, so editing the notes of an imported run
    does not round its distance to two decimals or its start to the minute.
    """

    # <input type="date"> only takes ISO dates, whatever the site's date format.
    day = forms.DateField(
        label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label="Start time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    distance = forms.DecimalField(
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    duration = forms.CharField(
        max_length=20,
        help_text="e.g. 45:00, 1:02:03 or 62 min",
        widget=forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off"}),
    )

    class Meta:
        model = Run
        fields = ["kind", "rpe", "notes"]
        labels = {"rpe": "Effort (RPE 1–10)"}
        help_texts = {"rpe": "1 = very easy, 10 = all-out"}
        widgets = {
            "rpe": forms.NumberInput(attrs={"min": 1, "max": 10, "inputmode": "numeric"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["day", "start_time", "distance", "duration", "kind", "rpe", "notes"]
    # Where the run rules' errors, keyed by `Run` field, show on this form.
    RUN_FIELDS = {"started_at": "day", "distance_m": "distance", "duration_s": "duration"}

    def __init__(self, *args: Any, athlete: Athlete, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.athlete = athlete
        self.instance.athlete = athlete
        self.fields["distance"].label = f"Distance ({athlete.units})"
        if self.instance.pk:
            local = self.instance.started_at.astimezone(athlete.zone)
            self.initial.update(
                day=local.date(),
                start_time=local.time().replace(second=0, microsecond=0),
                distance=round(
                    Decimal(units.from_metres(self.instance.distance_m, athlete.units)), 2
                ),
                duration=units.format_duration(self.instance.duration_s),
            )
        else:
            now = timezone.localtime(timezone=athlete.zone)
            self.initial.setdefault("day", now.date())
            self.initial.setdefault("start_time", now.time().replace(second=0, microsecond=0))
        self.fields["start_time"].help_text = f"Your local time ({athlete.time_zone})"

    def clean_duration(self) -> int:
        try:
            return units.parse_duration(self.cleaned_data["duration"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_day(self) -> dt.date:
        """Days no run can have are refused here: at the far ends of the calendar the start
        could not even be placed in the runner's zone."""
        day: dt.date = self.cleaned_data["day"]
        if day < EARLIEST_START.date():
            raise forms.ValidationError(TOO_EARLY_MESSAGE)
        if day > self.athlete.local_today() + dt.timedelta(days=1):
            raise forms.ValidationError(FUTURE_RUN_MESSAGE)
        return day

    def clean_distance(self) -> int:
        return units.to_metres(float(self.cleaned_data["distance"]), self.athlete.units)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        day, time = cleaned.get("day"), cleaned.get("start_time")
        try:
            validate_run(
                athlete=self.athlete,
                started_at=local_start(self.athlete, day=day, time=time) if day and time else None,
                distance_m=cleaned.get("distance"),
                duration_s=cleaned.get("duration"),
                kind=cleaned.get("kind"),
                is_new=not self.instance.pk,
            )
        except forms.ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(self.RUN_FIELDS.get(field), message)
        return cleaned

    def save(self, commit: bool = True) -> Run:
        run = self.instance
        changed = set(self.changed_data)
        if not run.pk or changed & {"day", "start_time"}:
            run.started_at = local_start(
                self.athlete, day=self.cleaned_data["day"], time=self.cleaned_data["start_time"]
            )
        if not run.pk or "distance" in changed:
            run.distance_m = self.cleaned_data["distance"]
        if not run.pk or "duration" in changed:
            run.duration_s = self.cleaned_data["duration"]
        saved: Run = super().save(commit=commit)
        return saved
