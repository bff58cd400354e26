from decimal import Decimal

from django import forms
from django.utils import timezone

from athletes import units
from athletes.models import Athlete
from checkins.imports import ACCEPTED_SUFFIXES
from checkins.models import Run
from checkins.runs import (
    FUTURE_RUN_MESSAGE,
    MAX_RUN_DISTANCE_M,
    MAX_RUN_DURATION_S,
    NO_DISTANCE_MESSAGE,
    lacks_distance,
    local_start,
    starts_in_future,
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

    def __init__(self, *args, athlete: Athlete, **kwargs):
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
            seconds = units.parse_duration(self.cleaned_data["duration"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        if seconds <= 0:
            raise forms.ValidationError("A run lasts more than zero seconds.")
        if seconds > MAX_RUN_DURATION_S:
            raise forms.ValidationError("That is longer than ten days; check the hours.")
        return seconds

    def clean_distance(self) -> int:
        metres = units.to_metres(float(self.cleaned_data["distance"]), self.athlete.units)
        if metres > MAX_RUN_DISTANCE_M:
            limit = units.format_distance(MAX_RUN_DISTANCE_M, self.athlete.units, digits=0)
            raise forms.ValidationError(f"That is more than {limit}; check the unit.")
        return metres

    def clean(self):
        cleaned = super().clean()
        kind, distance_m = cleaned.get("kind"), cleaned.get("distance")
        if kind and distance_m is not None and lacks_distance(kind=kind, distance_m=distance_m):
            self.add_error("distance", NO_DISTANCE_MESSAGE)
        day, time = cleaned.get("day"), cleaned.get("start_time")
        if day and time and starts_in_future(local_start(self.athlete, day=day, time=time)):
            self.add_error("day", FUTURE_RUN_MESSAGE)
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
        return super().save(commit=commit)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one `<input type="file" multiple>`.

    Only presence is checked here: an empty or unreadable file is reported by the importer
    beside its name, and must not stop the other files of the upload.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


class RunImportForm(forms.Form):
    files = MultipleFileField(
        label="Activity files",
        help_text="GPX, TCX or FIT files from your watch, or Strava's activities.csv "
        "(from a Strava bulk export). Up to 20 MB each; choose several at once.",
        error_messages={"required": "Choose at least one file to import."},
    )
