import datetime as dt
from typing import Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from athletes.measures import EARLIEST_DAY, LATEST_DAY, is_plausible_day, short_date
from athletes.models import (
    Athlete,
    AthleteOwnedQuerySet,
    PlannedTogetherQuerySet,
    User,
    ends_before_start,
)
from checkins.workout_steps import validate_steps


def validate_plausible_day(day: dt.date) -> None:
    """A run's, setback's or goal's date within the plausible range (`athletes.measures`)."""
    if not is_plausible_day(day):
        raise ValidationError(
            f"Check the year: dates run from {EARLIEST_DAY.year} to {LATEST_DAY.year}."
        )


class RunQuerySet(AthleteOwnedQuerySet["Run"]):
    def running(self) -> Self:
        """Sessions that count as runs in totals: not strength or cross-training."""
        return self.exclude(kind__in=Run.NOT_RUNNING)


class Run(models.Model):
    class Kind(models.TextChoices):
        EASY = "easy", "Easy"
        LONG = "long", "Long"
        TEMPO = "tempo", "Tempo"
        INTERVALS = "intervals", "Intervals"
        RECOVERY = "recovery", "Recovery"
        RACE = "race", "Race"
        CROSS_TRAINING = "cross-training", "Cross-training"
        STRENGTH = "strength", "Strength"

    class Source(models.TextChoices):
        MANUAL = "manual", "Manual"
        GPX = "gpx", "GPX file"
        FIT = "fit", "FIT file"
        TCX = "tcx", "TCX file"
        STRAVA_CSV = "strava-csv", "Strava export"
        # Read from Strava's API by a connected account (integrations/strava/); the fingerprint
        # is "strava:<activity id>", as an export's, so one activity is never logged twice.
        STRAVA = "strava", "Strava"

    # Logged beside runs but left out of run counts and distance totals.
    NOT_RUNNING = (Kind.STRENGTH, Kind.CROSS_TRAINING)

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField()
    distance_m = models.PositiveIntegerField("distance (m)")
    duration_s = models.PositiveIntegerField("duration (s)")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.EASY)
    rpe = models.PositiveSmallIntegerField(
        "RPE", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    notes = models.TextField(blank=True)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.MANUAL)
    source_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["athlete", "started_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["athlete", "source_fingerprint"],
                condition=~Q(source_fingerprint=""),
                name="run_fingerprint_unique_per_athlete",
            )
        ]

    def __str__(self) -> str:
        return f"{self.athlete} {self.kind} {self.distance_m / 1000:.1f} km on {self.started_at:%Y-%m-%d}"


class WeeklyReviewQuerySet(AthleteOwnedQuerySet["WeeklyReview"]):
    pass


class WeeklyReview(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="reviews")
    week_start = models.DateField(help_text="Monday of the week, in the athlete's time zone.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    runs_planned = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(30)]
    )
    runs_done = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(30)]
    )
    distance_m = models.PositiveIntegerField("distance (m)", null=True, blank=True)
    longest_run_m = models.PositiveIntegerField("longest run (m)", null=True, blank=True)
    strength_sessions = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(14)]
    )
    good_sleep_nights = models.PositiveSmallIntegerField(
        "nights of good sleep", null=True, blank=True, validators=[MaxValueValidator(7)]
    )
    energy = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    motivation = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    injured = models.BooleanField("injury or illness", default=False)
    injury_note = models.TextField(blank=True)
    wins = models.TextField(blank=True)
    setbacks = models.TextField(blank=True)
    next_week_plan = models.TextField("plan for next week", blank=True)
    maintenance_week = models.BooleanField(default=False)
    maintenance_reason = models.CharField(max_length=200, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_late = models.BooleanField(default=False)
    coach_read_at = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WeeklyReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["athlete", "week_start"], name="one_review_per_athlete_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.athlete} week of {short_date(self.week_start, with_year=True)}"

    def may_discuss(self, user: User) -> bool:
        """The conversation on a review is the runner's and their coach's: staff may read it
        but do not take part, and their reading marks nothing read."""
        return user.pk == self.athlete.user_id or self.athlete.is_coached_by(user)

    # A review is due by Tuesday 00:00 local after its week ends: Monday is the grace day.
    DUE_AFTER = dt.timedelta(days=8)

    @classmethod
    def due_at(cls, athlete: Athlete, week_start: dt.date) -> dt.datetime:
        """The moment a week's review becomes overdue, in the runner's own zone."""
        return dt.datetime.combine(week_start + cls.DUE_AFTER, dt.time.min, tzinfo=athlete.zone)

    @classmethod
    def due_day(cls, athlete: Athlete, week_start: dt.date) -> dt.date:
        """The last day of a week's review, as people read its due moment: due at Tuesday
        00:00 is "by the end of Monday"."""
        return (cls.due_at(athlete, week_start) - dt.timedelta(days=1)).date()


class SetbackQuerySet(AthleteOwnedQuerySet["Setback"]):
    def open_on(self, day: dt.date) -> Self:
        """Setbacks that had begun by `day` and were not over before it."""
        return self.filter(start__lte=day).filter(Q(end=None) | Q(end__gte=day))

    def overlapping(self, first: dt.date, last: dt.date) -> "SetbackQuerySet":
        return self.filter(start__lte=last).filter(Q(end=None) | Q(end__gte=first))


class Setback(models.Model):
    """An injury, an illness or a stretch of life (work, family, travel) that gets in the way.

    Open while it has no end. An open setback pauses streaks, flags the runner to the coach and
    marks the season plan's weeks it covers; "back running" closes it.
    """

    class Kind(models.TextChoices):
        INJURY = "injury", "Injury"
        ILLNESS = "illness", "Illness"
        LIFE = "life", "Life (work, family, travel)"

    class Severity(models.IntegerChoices):
        MINOR = 1, "Minor: training around it"
        MODERATE = 2, "Moderate: training cut back"
        SEVERE = 3, "Severe: no running"

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="setbacks")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.INJURY)
    start = models.DateField(validators=[validate_plausible_day])
    end = models.DateField(
        "back running on", null=True, blank=True, validators=[validate_plausible_day]
    )
    severity = models.PositiveSmallIntegerField(choices=Severity.choices, default=Severity.MODERATE)
    body_part = models.CharField(max_length=60, blank=True)
    note = models.TextField(blank=True)
    # The weekly review whose injury/illness tick opened or continued it, if any.
    review = models.ForeignKey(
        WeeklyReview,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="setback_records",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SetbackQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-pk"]
        indexes = [models.Index(fields=["athlete", "start"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.athlete} from {self.start}"

    @property
    def is_open(self) -> bool:
        return self.end is None

    def clean(self) -> None:
        errors = {}
        if ends_before_start(self.start, self.end):
            errors["end"] = "The day you were back running cannot be before the setback began."
        if self.body_part and self.kind != self.Kind.INJURY:
            errors["body_part"] = "A body part belongs to an injury."
        if errors:
            raise ValidationError(errors)


class WeekStat(models.Model):
    """One runner's totals for one Monday week in their zone, kept current as runs change, so
    rosters read a few rows instead of a year of runs."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="week_stats")
    week_start = models.DateField()
    distance_m = models.PositiveIntegerField(default=0)
    runs = models.PositiveSmallIntegerField(default=0)
    longest_run_m = models.PositiveIntegerField(default=0)
    # Session-RPE (RPE × minutes) of every session, strength and cross-training included.
    load = models.FloatField(default=0)
    # Sessions whose load used the default RPE of their kind.
    estimated_sessions = models.PositiveSmallIntegerField(default=0)
    first_run_at = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    objects = AthleteOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["athlete", "week_start"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "week_start"], name="one_stat_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.athlete} week of {self.week_start}: {self.distance_m} m"


class CommentQuerySet(AthleteOwnedQuerySet["Comment"]):
    athlete_path = "review__athlete"


class Comment(models.Model):
    review = models.ForeignKey(WeeklyReview, on_delete=models.CASCADE, related_name="comments")
    # A coach who deletes their account leaves their comments on runners' reviews behind,
    # shown as by "former coach"; the runner's half of the conversation stays readable.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the other side (athlete or coach) first opens the review after this comment.
    read_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    # Not stored: set on the comments of a thread a page shows (checkins.views.comments.thread).
    is_new: bool

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.review}"

    FORMER_COACH = "former coach"

    @property
    def author_name(self) -> str:
        """Who wrote it, as shown beside it: a deleted account reads "former coach"."""
        return str(self.author) if self.author_id else self.FORMER_COACH


class ReminderLogQuerySet(models.QuerySet["ReminderLog"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.all() if user.is_staff else self.filter(recipient=user)


class ReminderLog(models.Model):
    """One row per (recipient, week, kind): the claim that makes sending idempotent."""

    class Kind(models.TextChoices):
        REVIEW_REMINDER = "review-reminder", "Review reminder"
        REVIEW_NUDGE = "review-nudge", "Review nudge"
        COACH_DIGEST = "coach-digest", "Coach digest"

    class Status(models.TextChoices):
        CLAIMED = "claimed", "Claimed (sending)"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (nothing to say)"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    athlete = models.ForeignKey(
        Athlete, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    week_start = models.DateField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.CLAIMED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = ReminderLogQuerySet.as_manager()

    class Meta:
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "week_start", "kind"], name="one_reminder_per_week_and_kind"
            )
        ]
        # The sweep reads every row of the current and previous week in one query.
        indexes = [models.Index(fields=["week_start", "kind"], name="reminder_week_kind")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient} for week of {self.week_start}"


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Only the runner's own: a coach does not import for their runners (and staff read
        jobs in the admin), so nobody else has a page or an API answer about one."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(athlete__user=user)


class ImportJob(models.Model):
    """One upload of activity files, imported in the background (`checkins/import_jobs.py`).

    The files wait in the database (`ImportFile.data`), where a worker on any machine can read
    them, until each is imported; then only its outcome is kept.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Stopped"

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="import_jobs")
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    # How far the whole job has got, 0–100, and what it is doing, in words.
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    STAGE_LENGTH = 300
    stage = models.CharField(max_length=STAGE_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["athlete", "created_at"], name="import_job_athlete_created")
        ]

    def __str__(self) -> str:
        return f"Import {self.pk} for {self.athlete} ({self.state})"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class ImportFile(models.Model):
    """One file of an import job: its bytes until it is imported, then its outcome."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveSmallIntegerField()
    NAME_LENGTH = 255
    name = models.CharField(max_length=NAME_LENGTH)
    size = models.PositiveIntegerField()
    # The upload as sent, deleted (NULL) once the file is imported or refused.
    data = models.BinaryField(null=True, editable=False)
    # `checkins.imports.FileImportResult.as_json()`; NULL while the file waits.
    outcome = models.JSONField(null=True, editable=False)

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="one_import_file_per_position")
        ]

    def __str__(self) -> str:
        return self.name


class PlannedSessionQuerySet(PlannedTogetherQuerySet["PlannedSession"]):
    """Sessions the runner and their coach plan together: whoever sees one may change it."""

    def between(self, first: dt.date, last: dt.date) -> Self:
        return self.filter(day__gte=first, day__lte=last)


class PlannedSession(models.Model):
    """One session of a runner's week: what to run on a day, matched to the run that did it.

    Built from the season plan's weekly target (`races/week_plan.py`), changed by the runner or
    their coach; a coach's session (`by_coach`) is kept when the week is rebuilt. A maintenance
    swap (`checkins/sessions.py`) turns it into a shorter easy run, keeping what it was.
    """

    class Kind(models.TextChoices):
        EASY = "easy", "Easy"
        LONG = "long", "Long"
        TEMPO = "tempo", "Tempo"
        INTERVALS = "intervals", "Intervals"
        RACE = "race", "Race"
        REST = "rest", "Rest"
        CROSS_TRAINING = "cross-training", "Cross-training"

    # Days that take something out of the runner; no two of them back to back.
    HARD = (Kind.LONG, Kind.TEMPO, Kind.INTERVALS, Kind.RACE)

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField(validators=[validate_plausible_day])
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.EASY)
    distance_m = models.PositiveIntegerField(
        "planned distance (m)", null=True, blank=True, validators=[MaxValueValidator(300_000)]
    )
    duration_s = models.PositiveIntegerField(
        "planned duration (s)", null=True, blank=True, validators=[MaxValueValidator(86_400)]
    )
    steps = models.JSONField(default=list, blank=True, validators=[validate_steps])
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set by the coach: kept as it is when the plan rebuilds the week.
    by_coach = models.BooleanField(default=False)
    # A maintenance swap: a shorter easy run in place of what was planned, never a miss.
    is_maintenance = models.BooleanField(default=False)
    swapped_from_kind = models.CharField(
        max_length=16, choices=Kind.choices, blank=True, help_text="What the swap replaced."
    )
    swapped_from_distance_m = models.PositiveIntegerField(null=True, blank=True)
    swapped_from_duration_s = models.PositiveIntegerField(null=True, blank=True)
    run = models.OneToOneField(
        Run,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_session",
        help_text="The run that did it, matched by day, kind and distance.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlannedSessionQuerySet.as_manager()

    class Meta:
        ordering = ["day", "pk"]
        indexes = [models.Index(fields=["athlete", "day"], name="planned_session_athlete_day")]

    def __str__(self) -> str:
        return f"{self.athlete} {self.kind} on {self.day}"

    @property
    def is_hard(self) -> bool:
        return self.kind in self.HARD

    def clean(self) -> None:
        errors = {}
        if self.kind == self.Kind.REST and (self.distance_m or self.duration_s or self.steps):
            errors["kind"] = "A rest day has no distance, time or steps."
        elif self.kind != self.Kind.REST and not (self.distance_m or self.duration_s):
            errors["distance_m"] = "Give a distance, a time, or both."
        if errors:
            raise ValidationError(errors)
