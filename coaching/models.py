from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

from athletes.models import Athlete, AthleteOwnedQuerySet, Coach

if TYPE_CHECKING:
    # Not imported at run time: the attention package reads these models.
    from coaching.attention.flags import FlagRow


class Standing(models.Model):
    """One athlete's attention flags and review standing, as `coaching.attention` last found
    them: what the roster, the digest and the API read, so a page of a big roster costs a few
    rows, not a year of runs per athlete.

    Kept current when the athlete's runs, reviews, comments, setbacks, races or goals change,
    and recomputed once `stale_after` (their next local midnight) has passed, since flags such
    as "overdue" or "no run for 10 days" begin with a new day.
    """

    athlete = models.OneToOneField(Athlete, on_delete=models.CASCADE, related_name="standing")
    # The athlete's coach and name, copied here (kept in step by `coaching.apps`) so that a page
    # of a big roster in triage order is read from one index, not sorted from every athlete.
    coach = models.ForeignKey(
        Coach, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    sort_name = models.CharField(max_length=150, blank=True)
    # Severities of the unhandled flags added up: the roster's triage order, highest first.
    score = models.PositiveSmallIntegerField(default=0)
    # Days the focus week's review is overdue (0 when it is not): the tie-break.
    overdue_days = models.PositiveSmallIntegerField(default=0)
    # [{"flag", "severity", "reason", "key", "handled"}], most severe first.
    flags = models.JSONField(default=list)
    # " review-overdue setback ": the open flags' names, for filtering on any database.
    open_flag_names = models.CharField(max_length=300, default=" ")
    review_week = models.DateField(null=True, blank=True)
    review_state = models.CharField(max_length=12, blank=True)
    review_id = models.PositiveBigIntegerField(null=True, blank=True)
    last_submitted = models.DateField(null=True, blank=True)
    unread_comments = models.PositiveSmallIntegerField(default=0)
    unread_week = models.DateField(null=True, blank=True)
    streak = models.PositiveSmallIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)
    stale_after = models.DateTimeField(default=timezone.now)

    objects = AthleteOwnedQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["coach", "-score", "-overdue_days", "sort_name", "athlete"],
                name="standing_triage",
            ),
            models.Index(fields=["coach", "sort_name", "athlete"], name="standing_by_name"),
        ]

    def __str__(self) -> str:
        return f"Standing of {self.athlete}: {self.score}"

    @property
    def open_flags(self) -> list["FlagRow"]:
        return [flag for flag in self.flags if not flag.get("handled")]


class HandledFlagQuerySet(AthleteOwnedQuerySet["HandledFlag"]):
    pass


class HandledFlag(models.Model):
    """A coach marked one of an athlete's flags handled. It hides the flag while the data behind
    it (its `key`: the week, the run, the setback…) is unchanged, and stays in the history."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="handled_flags")
    flag = models.CharField(max_length=24)
    key = models.CharField(max_length=120)
    reason = models.CharField(max_length=200, help_text="The flag's reason when it was handled.")
    note = models.TextField(blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    handled_at = models.DateTimeField(default=timezone.now)

    objects = HandledFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-handled_at", "-pk"]
        indexes = [models.Index(fields=["athlete", "flag", "key"])]

    def __str__(self) -> str:
        return f"{self.flag} of {self.athlete} handled"
