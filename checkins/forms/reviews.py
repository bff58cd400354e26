"""The weekly review form, distances in the runner's unit and the version it started from, and
the comment form of the review's conversation."""

from decimal import Decimal
from typing import Any

from django import forms

from athletes import units
from checkins.models import Comment, WeeklyReview
from checkins.reviews.writes import RUNNER_FIELDS, submission_errors

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

    def __init__(
        self, *args: Any, units_name: str, submitting: bool = False, **kwargs: Any
    ) -> None:
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

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        # A draft is saved as typed, half-finished; the checks for a whole review wait for submit.
        if self.submitting and not self.errors:
            for name, message in submission_errors(self.review_data()).items():
                self.add_error(FORM_FIELD.get(name, name), message)
        return data

    def review_data(self) -> dict[str, Any]:
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
