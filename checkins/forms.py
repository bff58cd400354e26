"""Forms of the runner's week: a run typed in the runner's units, activity file uploads, and
the weekly review."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from athletes import units
from athletes.models import Athlete
from checkins.imports import (
    ACCEPTED_SUFFIXES,
    MAX_FILE_MB,
    MAX_FILES_PER_UPLOAD,
    MAX_UPLOAD_MB,
    TOO_MANY_FILES,
)
from checkins.models import Comment, Run, Setback, WeeklyReview
from checkins.reviews.writes import RUNNER_FIELDS, submission_errors
from checkins.runs import FULL_LOG_MESSAGE, local_start, log_is_full, validate_run


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
            return units.parse_duration(self.cleaned_data["duration"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_distance(self) -> int:
        return units.to_metres(float(self.cleaned_data["distance"]), self.athlete.units)

    def clean(self):
        cleaned = super().clean()
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
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise forms.ValidationError(
                f"You chose {len(files)} files. {TOO_MANY_FILES}", code="max_files"
            )
        return files


class RunImportForm(forms.Form):
    # Django's form metaclass takes declared fields off the class, so this does not replace
    # BaseForm.files (the uploads), whatever the stubs (which cannot see that) say.
    files = MultipleFileField(  # type: ignore[assignment]
        label="Activity files",
        help_text="GPX, TCX or FIT files from your watch, or Strava's activities.csv "
        f"(from a Strava bulk export). Up to {MAX_FILE_MB} MB each and {MAX_UPLOAD_MB} MB in "
        f"all; choose up to {MAX_FILES_PER_UPLOAD} at once.",
        error_messages={"required": "Choose at least one file to import."},
    )

    def __init__(self, *args, athlete: Athlete, **kwargs):
        super().__init__(*args, **kwargs)
        self.athlete = athlete

    def clean(self):
        if log_is_full(self.athlete):
            raise forms.ValidationError(FULL_LOG_MESSAGE, code="full_log")
        return super().clean()


# Review columns whose form field has another name (the form takes the runner's unit).
FORM_FIELD = {"distance_m": "distance", "longest_run_m": "longest_run"}


def _number(low: int, high: int) -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": low, "max": high, "inputmode": "numeric"})


class WeeklyReviewForm(forms.ModelForm):
    """The runner's review. Distances are typed in the runner's unit and stored in metres;
    `version` is the saved version this form started from (optimistic concurrency; 0 for a
    review not saved yet)."""

    distance = forms.DecimalField(
        min_value=0, max_value=2000, decimal_places=2, required=False, label="Distance"
    )
    longest_run = forms.DecimalField(
        min_value=0, max_value=500, decimal_places=2, required=False, label="Longest run"
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    class Meta:
        model = WeeklyReview
        # Every field the runner writes, but distances, which the form takes in their unit.
        fields = [name for name in RUNNER_FIELDS if name not in FORM_FIELD]
        labels = {
            "runs_planned": "Runs planned",
            "runs_done": "Runs done",
            "strength_sessions": "Strength sessions",
            "good_sleep_nights": "Nights of good sleep",
            "energy": "Energy (1 = drained, 5 = full of beans)",
            "motivation": "Motivation (1 = low, 5 = fired up)",
            "injured": "I had an injury or illness",
            "injury_note": "What happened?",
            "wins": "Wins",
            "setbacks": "Setbacks",
            "next_week_plan": "Plan for next week",
            "maintenance_week": "Maintenance week (holding steady on purpose)",
            "maintenance_reason": "Why a maintenance week?",
        }
        help_texts = {
            "wins": "Big or small: a good run, an early night, a hill you didn't walk.",
            "maintenance_reason": "A short reason, e.g. exams, travel, a cold coming on.",
        }
        widgets = {
            "runs_planned": _number(0, 30),
            "runs_done": _number(0, 30),
            "strength_sessions": _number(0, 14),
            "good_sleep_nights": _number(0, 7),
            "energy": forms.RadioSelect(choices=[(n, n) for n in range(1, 6)]),
            "motivation": forms.RadioSelect(choices=[(n, n) for n in range(1, 6)]),
            "injury_note": forms.Textarea(attrs={"rows": 2}),
            "wins": forms.Textarea(attrs={"rows": 3}),
            "setbacks": forms.Textarea(attrs={"rows": 3}),
            "next_week_plan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, units_name: str, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.units_name = units_name
        self.submitting = submitting
        for name in ("distance", "longest_run"):
            self.fields[name].label = f"{self.fields[name].label} ({units_name})"
            self.fields[name].widget.attrs.update(step="0.01", inputmode="decimal")
        self.fields["distance"].help_text = "Filled in from your run log; correct it if needed."
        if not self.is_bound:
            review = self.instance
            self.initial.update(
                distance=self._in_units(review.distance_m),
                longest_run=self._in_units(review.longest_run_m),
                version=review.version,
            )

    # The form's sections, in the order the page shows them.
    @property
    def training(self) -> list[forms.BoundField]:
        return self._group(
            "runs_planned",
            "runs_done",
            "distance",
            "longest_run",
            "strength_sessions",
            "good_sleep_nights",
        )

    @property
    def feelings(self) -> list[forms.BoundField]:
        return self._group("energy", "motivation")

    @property
    def words(self) -> list[forms.BoundField]:
        return self._group("wins", "setbacks", "next_week_plan")

    @property
    def health(self) -> list[forms.BoundField]:
        return self._group("injured", "injury_note", "maintenance_week", "maintenance_reason")

    def _group(self, *names: str) -> list[forms.BoundField]:
        return [self[name] for name in names]

    def _in_units(self, metres: int | None) -> Decimal | None:
        if metres is None:
            return None
        text = f"{units.from_metres(metres, self.units_name):.2f}".rstrip("0").rstrip(".")
        return Decimal(text)

    def clean(self):
        data = super().clean()
        # A draft is saved as typed, half-finished; the checks for a whole review wait for submit.
        if self.submitting and not self.errors:
            for name, message in submission_errors(self.review_data()).items():
                self.add_error(FORM_FIELD.get(name, name), message)
        return data

    def review_data(self) -> dict:
        """The cleaned fields as the review services take them, distances in metres."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        for column, field in FORM_FIELD.items():
            value = self.cleaned_data[field]
            data[column] = None if value is None else units.to_metres(float(value), self.units_name)
        return data


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": "Add a comment"}
        widgets = {"body": forms.Textarea(attrs={"rows": 2, "maxlength": 4000})}
        error_messages = {"body": {"required": "Write something first."}}


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

    def __init__(self, *args, athlete: Athlete, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.athlete = athlete
        if self.instance.pk is None:
            self.initial.setdefault("start", athlete.local_today())
