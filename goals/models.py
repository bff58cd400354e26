import datetime as dt
from typing import Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from athletes.models import Athlete, AthleteOwnedQuerySet, PlannedTogetherQuerySet, User
from checkins.models import validate_plausible_day
from races.models import Race


class GoalQuerySet(PlannedTogetherQuerySet["Goal"]):
    def open(self) -> Self:
        return self.filter(status__in=Goal.OPEN_STATUSES)


class Goal(models.Model):
    class Level(models.TextChoices):
        VISION = "vision", "Vision (why I run)"
        OUTCOME = "outcome", "Outcome (a destination)"
        PROCESS = "process", "Process (a habit)"

    class Kind(models.TextChoices):
        DISTANCE = "distance", "Distance"
        TIME = "time", "Time"
        CONSISTENCY = "consistency", "Consistency"
        MINDSET = "mindset", "Mindset / lifestyle"

    class Metric(models.TextChoices):
        NONE = "", "Not measured (ticked off by hand)"
        RUNS_PER_WEEK = "runs_per_week", "Runs per week"
        WEEKLY_DISTANCE = "weekly_distance", "Weekly distance"
        LONG_RUN = "long_run", "Long run distance"
        TOTAL_DISTANCE = "total_distance", "Total distance over the goal"
        STRENGTH_PER_WEEK = "strength_per_week", "Strength sessions per week"
        SLEEP_PER_WEEK = "sleep_per_week", "Nights of good sleep per week"
        RACE_TIME = "race_time", "Race time at a distance"
        REVIEWS_PER_WEEK = "reviews_per_week", "Weekly review submitted"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ACHIEVED = "achieved", "Achieved"
        ADJUSTED = "adjusted", "Adjusted"
        ABANDONED = "abandoned", "Abandoned"

    OPEN_STATUSES = (Status.ACTIVE, Status.ADJUSTED)
    # The level a goal's parent must have; vision goals stand alone.
    PARENT_LEVEL: dict[str, Level] = {Level.OUTCOME: Level.VISION, Level.PROCESS: Level.OUTCOME}
    WEEKLY_METRICS = frozenset(
        {
            Metric.RUNS_PER_WEEK,
            Metric.WEEKLY_DISTANCE,
            Metric.STRENGTH_PER_WEEK,
            Metric.SLEEP_PER_WEEK,
            Metric.REVIEWS_PER_WEEK,
        }
    )
    DISTANCE_METRICS = frozenset({Metric.WEEKLY_DISTANCE, Metric.LONG_RUN, Metric.TOTAL_DISTANCE})

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="goals")
    level = models.CharField(max_length=8, choices=Level.choices)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CONSISTENCY)
    title = models.CharField(max_length=160)
    why = models.TextField("why it matters", blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    metric = models.CharField(max_length=20, choices=Metric.choices, blank=True, default="")
    # In the metric's SI unit: metres for distances, seconds for race times, counts otherwise.
    target_value = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0)])
    baseline_value = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0)])
    distance_m = models.PositiveIntegerField(
        "race distance (m)", null=True, blank=True, validators=[MaxValueValidator(400_000)]
    )
    start_date = models.DateField(default=dt.date.today, validators=[validate_plausible_day])
    target_date = models.DateField(null=True, blank=True, validators=[validate_plausible_day])
    # An outcome goal may be a race: its target date then follows the race's date.
    race = models.ForeignKey(
        Race, on_delete=models.SET_NULL, null=True, blank=True, related_name="goals"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    achieved_at = models.DateField(null=True, blank=True)
    reward = models.CharField(max_length=200, blank=True)
    completion_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["target_date", "pk"]
        indexes = [models.Index(fields=["athlete", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_measurable(self) -> bool:
        return bool(self.metric) and self.target_value is not None

    @property
    def lower_is_better(self) -> bool:
        return self.metric == self.Metric.RACE_TIME

    def clean(self) -> None:
        errors = {}
        wanted = self.PARENT_LEVEL.get(self.level)
        parent = self.parent if self.parent_id is not None else None
        if parent is not None:
            if wanted is None:
                errors["parent"] = "A vision goal stands on its own: it has no parent goal."
            elif parent.level != wanted:
                errors["parent"] = (
                    "An outcome goal sits under a vision goal."
                    if self.level == self.Level.OUTCOME
                    else "A process goal (a habit) sits under an outcome goal."
                )
            elif parent.athlete_id != self.athlete_id:
                errors["parent"] = "The parent goal belongs to another runner."
        if self.level != self.Level.VISION and self.kind != self.Kind.MINDSET and not self.metric:
            errors["metric"] = "Pick what you will measure, or make it a mindset goal."
        if self.metric and self.target_value is None:
            errors["target_value"] = "Set a target for this measure."
        if self.metric == self.Metric.RACE_TIME and not self.distance_m:
            errors["distance_m"] = "Which race distance is this time for?"
        race = self.race if self.race_id is not None else None
        if race is not None:
            if self.level != self.Level.OUTCOME:
                errors["race"] = "Only an outcome goal (a destination) can be a race."
            elif race.athlete_id != self.athlete_id:
                errors["race"] = "That race belongs to another runner."
        if self.target_date is not None and self.target_date <= self.start_date:
            errors["target_date"] = "The target date must be after the start date."
        if errors:
            raise ValidationError(errors)


class MilestoneQuerySet(AthleteOwnedQuerySet["Milestone"]):
    athlete_path = "goal__athlete"

    def editable_by(self, user: User | AnonymousUser) -> Self:
        """A milestone is added, changed and ticked off by whoever may change its goal."""
        return self.filter(goal__in=Goal.objects.editable_by(user))


class Milestone(models.Model):
    """A micro goal on the way: a target value of the goal's own measure by a date."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=160)
    target_value = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0)])
    target_date = models.DateField()
    achieved_at = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["target_date", "pk"]

    def __str__(self) -> str:
        return self.title


class BenchmarkQuerySet(PlannedTogetherQuerySet["Benchmark"]):
    pass


class Benchmark(models.Model):
    """A time trial or recent result: where the runner starts from."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="benchmarks")
    distance_m = models.PositiveIntegerField(
        "distance (m)", validators=[MinValueValidator(100), MaxValueValidator(400_000)]
    )
    duration_s = models.PositiveIntegerField("time (s)", validators=[MinValueValidator(1)])
    date = models.DateField(default=dt.date.today)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BenchmarkQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.distance_m} m in {self.duration_s} s on {self.date}"


class GoalChangeQuerySet(AthleteOwnedQuerySet["GoalChange"]):
    athlete_path = "goal__athlete"


class GoalChange(models.Model):
    """One change of a goal's target, date or status, with the reason: adapt, don't abandon."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    field = models.CharField(max_length=20)
    old_value = models.CharField(max_length=40, blank=True)
    new_value = models.CharField(max_length=40, blank=True)
    reason = models.TextField()

    objects = GoalChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.goal}: {self.field} {self.old_value} → {self.new_value}"
