import math
from dataclasses import asdict, fields
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import BaseValidator

from athletes.measures import STANDARD_DISTANCE_CHOICES, standard_distance
from athletes.models import Athlete
from athletes.units import format_distance, format_duration, from_metres, parse_duration, to_metres
from races import rules, services
from races.models import Race
from races.services import RaceDraft

OTHER = "other"
DISTANCE_CHOICES = [
    ("", "—"),
    *STANDARD_DISTANCE_CHOICES,
    (OTHER, "Other"),
]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
UNIT_NAMES = {"km": "kilometres", "mi": "miles"}
# Model field → the form field a runner typed it in (the distance depends on the choice).
FORM_FIELD = {"target_time_s": "target_time", "result_time_s": "result_time"}
# A model's bounds are in metres and seconds; a runner reads them in their own units.
OUT_OF_BOUNDS = ("min_value", "max_value")


def standard_choice(distance_m: float) -> str | None:
    """The distance choice for a standard distance, in whole metres as the form offers it;
    None for any other."""
    standard = standard_distance(distance_m)
    return str(round(standard[1])) if standard else None


def draft_of(race: Race) -> RaceDraft:
    return RaceDraft(**{field.name: getattr(race, field.name) for field in fields(RaceDraft)})


def distance_bounds(units: str) -> str:
    validators = Race._meta.get_field("distance_m").validators
    limits = {v.code: v.limit_value for v in validators if isinstance(v, BaseValidator)}
    return f"{format_distance(limits['min_value'], units)} and {format_distance(limits['max_value'], units, digits=0)}"


class RaceForm(forms.Form):
    name = forms.CharField(max_length=160, help_text="e.g. Valencia Marathon")
    date = forms.DateField(widget=DATE)
    distance = forms.ChoiceField(choices=DISTANCE_CHOICES)
    custom_distance = forms.CharField(label="Other distance", required=False)
    priority = forms.ChoiceField(
        choices=Race.Priority.choices,
        initial=Race.Priority.B,
        help_text="Your season is built back from your A race.",
    )
    target_time = forms.CharField(required=False, help_text="e.g. 3:59:00 or 48:30")
    status = forms.ChoiceField(choices=Race.Status.choices, initial=Race.Status.PLANNED)
    result_time = forms.CharField(
        label="Result time", required=False, help_text="Your finishing time, once you have run it."
    )
    location = forms.CharField(max_length=160, required=False)
    link = forms.URLField(max_length=500, required=False, assume_scheme="https")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, *args: Any, athlete: Athlete, instance: Race | None = None, **kwargs: Any
    ) -> None:
        self.athlete = athlete
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(instance, athlete.units)
        super().__init__(*args, **kwargs)
        units = athlete.units
        self.fields["custom_distance"].label = f"Other distance ({units})"
        self.fields["custom_distance"].help_text = (
            f"In {UNIT_NAMES[units]}, when the distance is Other: e.g. "
            + ("15.5" if units == "km" else "10")
        )
        # What the season rules read: the race as saved until the runner types, then as typed
        # once its date and distance parse. Checked before saving: a race is not its own neighbour.
        self.checked: RaceDraft | None = None
        self.warnings: list[rules.Warning] = []
        if instance is not None and not self.is_bound:
            self.checked = draft_of(instance)
            self._check_season()

    @staticmethod
    def initial_for(race: Race, units: str) -> dict:
        standard = standard_choice(race.distance_m)
        return {
            "name": race.name,
            "date": race.date,
            "distance": standard or OTHER,
            "custom_distance": ""
            if standard
            else f"{round(from_metres(race.distance_m, units), 2):g}",
            "priority": race.priority,
            "target_time": format_duration(race.target_time_s) if race.target_time_s else "",
            "status": race.status,
            "result_time": format_duration(race.result_time_s) if race.result_time_s else "",
            "location": race.location,
            "link": race.link,
            "notes": race.notes,
        }

    @property
    def distance_field(self) -> str:
        return "custom_distance" if self.data.get("distance") == OTHER else "distance"

    def _distance_m(self) -> int | None:
        choice = self.cleaned_data.get("distance")
        if choice and choice != OTHER:
            return int(choice)
        if choice != OTHER:
            return None
        text = self.cleaned_data.get("custom_distance", "").strip()
        if not text:
            self.add_error("custom_distance", "Enter the race distance, or pick one above.")
            return None
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            self.add_error(
                "custom_distance", f"Enter a number of {UNIT_NAMES[self.athlete.units]}."
            )
            return None
        return to_metres(number, self.athlete.units)

    def _duration(self, name: str) -> int | None:
        text = self.cleaned_data.get(name, "")
        if not text:
            return None
        try:
            return parse_duration(text)
        except ValueError as error:
            self.add_error(name, str(error))
            return None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        distance_m = self._distance_m()
        draft = {
            "name": data.get("name", ""),
            "priority": data.get("priority") or Race.Priority.B,
            "target_time_s": self._duration("target_time"),
            "status": data.get("status") or Race.Status.PLANNED,
            "result_time_s": self._duration("result_time"),
            "location": data.get("location", ""),
            "link": data.get("link", ""),
            "notes": data.get("notes", ""),
        }
        if data.get("date") and distance_m is not None:
            self.checked = RaceDraft(date=data["date"], distance_m=distance_m, **draft)
            self._check_model_rules(self.checked)
            self._check_season()
        return data

    def _check_model_rules(self, draft: RaceDraft) -> None:
        """The race's own rules (model validation), each shown next to the field it is about."""
        try:
            Race(athlete=self.athlete, **asdict(draft)).full_clean(
                exclude=["athlete", "created_by"]
            )
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                form_name = (
                    self.distance_field if name == "distance_m" else FORM_FIELD.get(name, name)
                )
                if form_name in self.errors:
                    continue
                for one in errors:
                    self.add_error(form_name, self._readable(name, one))

    def _readable(self, name: str, error: ValidationError) -> ValidationError | str:
        if error.code not in OUT_OF_BOUNDS:
            return error
        if name == "distance_m":
            return f"A race is between {distance_bounds(self.athlete.units)}."
        return "A race time is at least 1:00: type it like 48:30 or 3:59:00."

    def draft(self) -> RaceDraft:
        """The race to save; only for a valid form."""
        assert self.is_bound and self.checked is not None and not self.errors
        return self.checked

    def _check_season(self) -> None:
        assert self.checked is not None  # set just before, from the instance or the form
        self.warnings = services.check_draft(
            athlete=self.athlete, draft=self.checked, race=self.instance
        )
