import math

from django import forms
from django.core.exceptions import ValidationError

from athletes.models import Athlete
from athletes.units import from_metres, parse_duration, to_metres
from goals import progress as measured
from goals import services, smart
from goals.models import Goal, Milestone
from races.models import Race

RACE_DISTANCES = [
    ("", "—"),
    ("5000", "5K"),
    ("10000", "10K"),
    ("21098", "Half marathon"),
    ("42195", "Marathon"),
    ("50000", "50K"),
    ("100000", "100K"),
]
# Model field → the form field a runner typed it in.
FORM_FIELD = {"target_value": "target", "baseline_value": "baseline", "distance_m": "race_distance"}
FIELD_NAMES = {field.name for field in Goal._meta.get_fields()}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
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
        return f"{race.name} ({race.date.day} {race.date:%b %Y}, {race.distance_name})"


def parse_value(metric: str, text: str, units: str) -> float:
    """A target typed in the runner's units (km or mi, a time, a count) in SI."""
    text = text.strip()
    if metric == Goal.Metric.RACE_TIME:
        return float(parse_duration(text))
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ValidationError("Enter a number, e.g. 30.")
    if number < 0:
        raise ValidationError("Enter a positive number.")
    return float(to_metres(number, units)) if metric in Goal.DISTANCE_METRICS else number


def display_value(metric: str, value: float | None, units: str) -> str:
    """The inverse of parse_value, to fill a form in."""
    if value is None:
        return ""
    if metric in Goal.DISTANCE_METRICS:
        return f"{from_metres(value, units):.1f}"
    return smart.format_value(metric, value, units)


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
    start_date = forms.DateField(widget=DATE, required=False)
    target_date = forms.DateField(widget=DATE, required=False)
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

    def __init__(self, *args, athlete: Athlete, instance: Goal | None = None, **kwargs):
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
        self.assessment: smart.Assessment | None = None
        self.goal_fields: dict = {}
        self.changes: list[tuple[str, str, str]] = []

    @staticmethod
    def initial_for(goal: Goal) -> dict:
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

    def clean(self):
        data = super().clean()
        fields = {
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
        self.assessment = services.assess_draft(
            draft=measured.typed_draft(fields), athlete=self.athlete
        )
        try:
            services.check_smart_confirmed(
                assessment=self.assessment, confirmed=bool(data.get("confirm"))
            )
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def _follow_race(self, fields: dict) -> None:
        """A linked race sets the date (and a race time's distance): check what will be saved."""
        if fields.get("race") is None:
            return
        linked = Goal(athlete=self.athlete, **{k: v for k, v in fields.items() if k in FIELD_NAMES})
        services.follow_race(linked)
        fields |= {"target_date": linked.target_date, "distance_m": linked.distance_m}

    def _check_model_rules(self, fields: dict) -> None:
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


class MilestoneForm(forms.ModelForm):
    target = forms.CharField(
        required=False, help_text="In the goal's measure; leave empty to tick it off by hand."
    )

    class Meta:
        model = Milestone
        fields = ["title", "target_date"]
        widgets = {"target_date": DATE}

    def __init__(self, *args, goal: Goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.goal = goal
        self.order_fields(["title", "target", "target_date"])

    def clean_target(self) -> float | None:
        text = self.cleaned_data["target"]
        if not text:
            return None
        goal = self.instance.goal
        try:
            return parse_value(goal.metric, text, goal.athlete.units)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def save(self, commit: bool = True) -> Milestone:
        self.instance.target_value = self.cleaned_data["target"]
        return super().save(commit)


class BenchmarkForm(forms.Form):
    distance = forms.FloatField(min_value=0.1, max_value=400)
    time = forms.CharField(help_text="e.g. 24:34 or 1:45:00")
    date = forms.DateField(widget=DATE)
    note = forms.CharField(max_length=200, required=False, help_text="e.g. Parkrun, time trial")

    def __init__(self, *args, athlete: Athlete, **kwargs):
        super().__init__(*args, **kwargs)
        self.athlete = athlete
        self.fields["distance"].label = f"Distance ({athlete.units})"
        self.fields["date"].initial = athlete.local_today()
        self.fields["distance"].help_text = (
            "e.g. 5 for a 5K" if athlete.units == "km" else ("e.g. 3.1 for a 5K")
        )

    def clean_time(self) -> int:
        try:
            return parse_duration(self.cleaned_data["time"])
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > self.athlete.local_today():
            raise ValidationError("A benchmark is something already run: pick today or earlier.")
        return date

    def benchmark_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "distance_m": to_metres(data["distance"], self.athlete.units),
            "duration_s": data["time"],
            "date": data["date"],
            "note": data["note"],
        }
