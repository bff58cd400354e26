"""The goal form: a vision, outcome or process goal as the runner types it, its target in their
units, linked to a race or a parent goal, checked SMART as it is typed (a failing check saved
only once confirmed) and, for a change of target or date, with the reason kept in its
history; and the forms for letting a goal go (`ReasonForm`) and ticking one off (`TickForm`).
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from athletes.measures import STANDARD_DISTANCE_CHOICES, short_date
from athletes.models import Athlete
from checkins.models import validate_plausible_day
from goals import services
from goals.assessment import assess_draft, check_smart_confirmed, typed_draft
from goals.forms.values import DATE, display_value, parse_value
from goals.models import Goal
from goals.smart.verdicts import Assessment
from races.models import Race

RACE_DISTANCES = [("", "—"), *STANDARD_DISTANCE_CHOICES]
# Model field → the form field a runner typed it in.
FORM_FIELD = {"target_value": "target", "baseline_value": "baseline", "distance_m": "race_distance"}
FIELD_NAMES = {field.name for field in Goal._meta.get_fields()}
# Examples in the runner's own units.
EXAMPLE_WEEK = {"km": "30 km", "mi": "20 miles"}
EXAMPLE_TOTAL = {"km": "500 km", "mi": "300 miles"}
UNIT_NAMES = {"km": "kilometres", "mi": "miles"}
# What a vision goal (a why) leaves out: it is not measured, dated or linked.
NOT_FOR_A_VISION = {
    "parent": None,
    "kind": Goal.Kind.MINDSET,
    "metric": "",
    "target_value": None,
    "baseline_value": None,
    "distance_m": None,
    "target_date": None,
    "race": None,
    "reward": "",
}


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, goal: Goal) -> str:
        return f"{Goal.Level(goal.level).label.split(' ')[0]}: {goal.title}"


class RaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, race: Race) -> str:
        return f"{race.name} ({short_date(race.date, with_year=True)}, {race.distance_name})"


class GoalForm(forms.Form):
    level = forms.ChoiceField(choices=Goal.Level.choices, initial=Goal.Level.OUTCOME)
    title = forms.CharField(max_length=160)
    why = forms.CharField(
        label="Why it matters", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent = ParentChoiceField(
        queryset=Goal.objects.none(),
        required=False,
        label="Serves",
        help_text="An outcome serves a vision; a habit (process) serves an outcome.",
    )
    race = RaceChoiceField(
        queryset=Race.objects.none(),
        required=False,
        label="Linked race",
        empty_label="— not for a race —",
        help_text="A goal for a race is due on race day, and a race time is for its distance.",
    )
    kind = forms.ChoiceField(choices=Goal.Kind.choices, initial=Goal.Kind.DISTANCE)
    metric = forms.ChoiceField(label="Measured by", choices=Goal.Metric.choices, required=False)
    target = forms.CharField(required=False)
    race_distance = forms.TypedChoiceField(
        choices=RACE_DISTANCES, coerce=int, empty_value=None, required=False
    )
    baseline = forms.CharField(
        label="Starting point",
        required=False,
        help_text="Leave empty and we measure it from your log.",
    )
    # Checked as fields, before the SMART check does date arithmetic with them.
    start_date = forms.DateField(widget=DATE, required=False, validators=[validate_plausible_day])
    target_date = forms.DateField(widget=DATE, required=False, validators=[validate_plausible_day])
    reward = forms.CharField(max_length=200, required=False)
    reason = forms.CharField(
        label="Why the change?",
        required=False,
        # Typing the reason must not re-run the live check, which would redraw this box.
        widget=forms.Textarea(attrs={"rows": 2, "hx-on:input": "event.stopPropagation()"}),
        help_text="Needed when the target or date changes; kept in the goal's history.",
    )
    confirm = forms.BooleanField(
        label="Save it anyway: I understand the SMART check fails", required=False
    )

    def __init__(
        self, *args: Any, athlete: Athlete, instance: Goal | None = None, **kwargs: Any
    ) -> None:
        self.athlete = athlete
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(instance)
        super().__init__(*args, **kwargs)
        units = athlete.units
        self.fields["title"].help_text = (
            f"What, how much, by when: e.g. “Run {EXAMPLE_WEEK[units]} a week by 1 March”. "
            "For a vision: why you run."
        )
        self.fields["reward"].help_text = f"e.g. New shoes when I hit {EXAMPLE_TOTAL[units]}."
        self.fields[
            "target"
        ].help_text = f"Distances in {UNIT_NAMES[units]}, times as 1:45:00, counts as a number."
        parents = Goal.objects.filter(
            athlete=athlete, level__in=[Goal.Level.VISION, Goal.Level.OUTCOME]
        ).open()
        if instance is not None:
            parents = parents.exclude(pk=instance.pk)
        parent, race = self.fields["parent"], self.fields["race"]
        assert isinstance(parent, forms.ModelChoiceField)
        assert isinstance(race, forms.ModelChoiceField)
        parent.queryset = parents
        race.queryset = Race.objects.filter(athlete=athlete)
        if instance is None:
            del self.fields["reason"]
        self.assessment: Assessment | None = None
        self.goal_fields: dict[str, Any] = {}
        self.changes: list[tuple[str, str, str]] = []

    @staticmethod
    def initial_for(goal: Goal) -> dict[str, Any]:
        units = goal.athlete.units
        return {
            "level": goal.level,
            "title": goal.title,
            "why": goal.why,
            "parent": goal.parent_id,
            "race": goal.race_id,
            "kind": goal.kind,
            "metric": goal.metric,
            "target": display_value(goal.metric, goal.target_value, units),
            "race_distance": goal.distance_m,
            "baseline": display_value(goal.metric, goal.baseline_value, units),
            "start_date": goal.start_date,
            "target_date": goal.target_date,
            "reward": goal.reward,
        }

    @property
    def needs_confirm(self) -> bool:
        return "confirm" in self.errors or bool(self.data.get("confirm"))

    def _parsed(self, name: str) -> float | None:
        text = self.cleaned_data.get(name, "")
        if not text:
            return None
        try:
            return parse_value(self.cleaned_data.get("metric", ""), text, self.athlete.units)
        except ValidationError as error:
            self.add_error(name, error)
        except ValueError as error:
            self.add_error(name, str(error))
        return None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        fields: dict[str, Any] = {
            name: data.get(name)
            for name in ("level", "title", "why", "parent", "kind", "metric", "reward")
            if name in data
        }
        fields["start_date"] = data.get("start_date") or self.athlete.local_today()
        if data.get("level") == Goal.Level.VISION:
            # The form hides the measure fields for a why; whatever they still hold is dropped.
            fields |= NOT_FOR_A_VISION
        else:
            fields |= {
                "target_value": self._parsed("target"),
                # Only an outcome goal is measured from a starting point; a habit week by week.
                "baseline_value": self._parsed("baseline")
                if data.get("level") == Goal.Level.OUTCOME
                else None,
                "distance_m": data.get("race_distance")
                if data.get("metric") == Goal.Metric.RACE_TIME
                else None,
                "target_date": data.get("target_date"),
                "race": data.get("race") if data.get("level") == Goal.Level.OUTCOME else None,
            }
            self._follow_race(fields)
        self.goal_fields = fields
        self._check_model_rules(fields)
        self.changes = services.tracked_changes(self.instance, fields) if self.instance else []
        try:
            services.check_change_reason(changes=self.changes, reason=data.get("reason", ""))
        except ValidationError as error:
            self.add_error(None, error)
        self.assessment = assess_draft(draft=typed_draft(fields), athlete=self.athlete)
        try:
            check_smart_confirmed(assessment=self.assessment, confirmed=bool(data.get("confirm")))
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def _follow_race(self, fields: dict[str, Any]) -> None:
        """A linked race sets the date (and a race time's distance): check what will be saved."""
        if fields.get("race") is None:
            return
        linked = Goal(athlete=self.athlete, **{k: v for k, v in fields.items() if k in FIELD_NAMES})
        services.follow_race(linked)
        fields |= {"target_date": linked.target_date, "distance_m": linked.distance_m}

    def _check_model_rules(self, fields: dict[str, Any]) -> None:
        goal = Goal(athlete=self.athlete, **{k: v for k, v in fields.items() if k in FIELD_NAMES})
        try:
            goal.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                form_name = FORM_FIELD.get(name, name)
                if form_name not in self.errors:
                    self.add_error(form_name if form_name in self.fields else None, messages)

    def goal_data(self) -> services.GoalData:
        """The goal to save, once the form is valid."""
        return services.GoalData(**self.goal_fields)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why are you letting this goal go?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="It stays in your history: adjusting a goal is often better than dropping it.",
    )


class TickForm(forms.Form):
    note = forms.CharField(
        label="How did it go?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
