import datetime as dt
import secrets
from typing import TYPE_CHECKING, Self, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from athletes.measures import MARATHON_M, distance_name
from athletes.models import Athlete, AthleteOwnedQuerySet, PlannedTogetherQuerySet

if TYPE_CHECKING:
    from races import rules


class RaceQuerySet(PlannedTogetherQuerySet["Race"]):
    def with_result(self) -> Self:
        return self.filter(status=Race.Status.COMPLETED, result_time_s__isnull=False)

    def counted(self) -> "RaceQuerySet":
        """Races that happened or will: a race not started (DNS) is left out of the season."""
        return self.exclude(status=Race.Status.DNS)


class Race(models.Model):
    class Priority(models.TextChoices):
        A = "A", "A — the race the season is built for"
        B = "B", "B — a tune-up on the way"
        C = "C", "C — a training run with a number"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        COMPLETED = "completed", "Completed"
        DNS = "dns", "Did not start"
        DNF = "dnf", "Did not finish"

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="races")
    name = models.CharField(max_length=160)
    date = models.DateField()
    distance_m = models.PositiveIntegerField(
        "distance (m)", validators=[MinValueValidator(400), MaxValueValidator(400_000)]
    )
    priority = models.CharField(max_length=1, choices=Priority.choices, default=Priority.B)
    target_time_s = models.PositiveIntegerField(
        "target time (s)", null=True, blank=True, validators=[MinValueValidator(60)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    result_time_s = models.PositiveIntegerField(
        "result time (s)", null=True, blank=True, validators=[MinValueValidator(60)]
    )
    location = models.CharField(max_length=160, blank=True)
    link = models.URLField(max_length=500, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RaceQuerySet.as_manager()

    # Not stored: set on the races a page lists, the season rules they break
    # (races.services.annotate_warnings).
    warnings: "list[rules.Warning]"

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["athlete", "date"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.date})"

    @property
    def distance_name(self) -> str:
        return distance_name(self.distance_m)

    @property
    def is_marathon_or_longer(self) -> bool:
        return self.distance_m >= MARATHON_M

    def clean(self) -> None:
        errors = {}
        if self.status == self.Status.COMPLETED and not self.result_time_s:
            errors["result_time_s"] = "Enter your finishing time to record the race as completed."
        if self.result_time_s and self.status != self.Status.COMPLETED:
            errors["status"] = "A finishing time belongs to a completed race: mark it completed."
        # None when a form left the date empty (that field's own check says so).
        date = cast(dt.date | None, self.date)
        if (
            self.status != self.Status.PLANNED
            and date is not None
            and self.athlete_id
            and date > self.athlete.local_today()
        ):
            errors["status"] = "This race is still ahead: it can only be planned for now."
        if errors:
            raise ValidationError(errors)


class PersonalBest(models.Model):
    """One improvement of a runner's best time at a standard distance: their PB history.

    Rows are derived from race results, benchmarks and runs of kind race (`races.records`), and
    rebuilt when any of those change; the newest row per distance is the current PB.
    """

    class Source(models.TextChoices):
        RACE = "race", "Race result"
        BENCHMARK = "benchmark", "Benchmark"
        RUN = "run", "Run logged as a race"

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="personal_bests")
    distance_m = models.FloatField()
    duration_s = models.PositiveIntegerField()
    date = models.DateField()
    previous_s = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    source_label = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = AthleteOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["distance_m", "-date", "duration_s"]
        constraints = [
            models.UniqueConstraint(
                fields=["athlete", "distance_m", "date", "duration_s"], name="one_pb_per_effort"
            )
        ]

    def __str__(self) -> str:
        return f"{distance_name(self.distance_m)} PB {self.duration_s} s on {self.date}"

    @property
    def distance_name(self) -> str:
        return distance_name(self.distance_m)

    @property
    def improvement_s(self) -> int | None:
        return None if self.previous_s is None else self.previous_s - self.duration_s


def new_feed_key() -> str:
    return secrets.token_urlsafe(16)


class CalendarFeed(models.Model):
    """The secret behind a person's calendar link; a new key revokes every link signed before."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key = models.CharField(max_length=40, default=new_feed_key)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
