"""Measured progress: each goal's metric computed from runs, weekly reviews and benchmarks.

Everything an athlete's goals need is loaded once per group of athletes (`load_activity`, a
fixed number of queries however many goals or athletes), then measured in Python, so the
goals page, the coach's pages and the API list never grow queries with the goals they show.
"""

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max

from athletes.models import WEEK, Athlete, BusyPeriod, monday_of
from checkins.models import Run, Setback, WeeklyReview
from checkins.momentum import Mark, busy_weeks, recent_weeks, streak
from goals import smart
from goals.models import Benchmark, Goal
from races.models import Race
from races.predictions import Effort, riegel, vdot

RUNNING_KINDS = frozenset(
    {
        Run.Kind.EASY,
        Run.Kind.LONG,
        Run.Kind.TEMPO,
        Run.Kind.INTERVALS,
        Run.Kind.RECOVERY,
        Run.Kind.RACE,
    }
)
# Predictions from efforts shorter than this are unreliable (Riegel holds from about 1.5 km).
SHORTEST_EFFORT_M = 1500
EFFORT_LOOKBACK = dt.timedelta(days=365)
# A race or benchmark counts for a race-time goal when its distance is this close (GPS drift).
RACE_DISTANCE_TOLERANCE = 0.03
# On track while progress is no more than this many points behind the straight-line build.
ON_TRACK_MARGIN_PCT = 10
RECENT_WEEKS_FOR_AVERAGE = 4
TYPICAL_RUN_WEEKS = 8
MARK_WEEKS = 12


@dataclass
class Activity:
    """One athlete's runs, reviews, benchmarks and busy periods since `since`."""

    athlete: Athlete
    since: dt.date
    runs: list[Run] = field(default_factory=list)
    reviews: dict[dt.date, WeeklyReview] = field(default_factory=dict)
    benchmarks: list[Benchmark] = field(default_factory=list)
    busy_periods: list[BusyPeriod] = field(default_factory=list)
    setbacks: list[Setback] = field(default_factory=list)
    race_results: list[Race] = field(default_factory=list)
    longest_run_m: float = 0.0

    def local_day(self, run: Run) -> dt.date:
        return run.started_at.astimezone(self.athlete.zone).date()

    def running(self, first: dt.date, last: dt.date) -> list[Run]:
        return [
            run
            for run in self.runs
            if run.kind in RUNNING_KINDS and first <= self.local_day(run) <= last
        ]

    def week_value(self, metric: str, monday: dt.date) -> float:
        sunday = monday + dt.timedelta(days=6)
        review = self.reviews.get(monday)
        if metric == Goal.Metric.RUNS_PER_WEEK:
            return len(self.running(monday, sunday))
        if metric == Goal.Metric.WEEKLY_DISTANCE:
            return sum(run.distance_m for run in self.running(monday, sunday))
        if metric == Goal.Metric.STRENGTH_PER_WEEK:
            logged = sum(
                1
                for run in self.runs
                if run.kind == Run.Kind.STRENGTH and monday <= self.local_day(run) <= sunday
            )
            return max(logged, (review.strength_sessions or 0) if review else 0)
        if metric == Goal.Metric.SLEEP_PER_WEEK:
            return (review.good_sleep_nights or 0) if review else 0
        if metric == Goal.Metric.REVIEWS_PER_WEEK:
            return int(review is not None and review.status == WeeklyReview.Status.SUBMITTED)
        raise ValueError(f"{metric} is not a weekly metric")

    def paused_weeks(self, weeks: list[dt.date]) -> set[dt.date]:
        paused = busy_weeks([*self.busy_periods, *self.setbacks], weeks)
        for monday in weeks:
            review = self.reviews.get(monday)
            if review is not None and (review.maintenance_week or review.injured):
                paused.add(monday)
        return paused

    def efforts(self, *, since: dt.date) -> list[Effort]:
        """Race results, runs raced and benchmarks since a date, long enough to predict from."""
        efforts = [
            *(race_effort(race) for race in self.race_results),
            *(
                run_effort(run, self.local_day(run))
                for run in self.runs
                if run.kind == Run.Kind.RACE
            ),
            *(benchmark_effort(bench) for bench in self.benchmarks),
        ]
        return [
            effort
            for effort in efforts
            if effort.date >= since
            and effort.distance_m >= SHORTEST_EFFORT_M
            and effort.duration_s > 0
        ]

    def best_effort(self, today: dt.date) -> Effort | None:
        """The strongest race or benchmark of the last 12 months, compared by VDOT."""
        efforts = self.efforts(since=today - EFFORT_LOOKBACK)
        return max(efforts, key=lambda e: vdot(e.distance_m, e.duration_s), default=None)


def race_effort(race: Race) -> Effort:
    """The effort of a race with a result (`Race.objects.with_result()`)."""
    assert race.result_time_s is not None
    return Effort(race.distance_m, race.result_time_s, race.date, "race", race.name)


def run_effort(run: Run, day: dt.date) -> Effort:
    return Effort(run.distance_m, run.duration_s, day, "run", run.notes[:80] or "Run raced")


def benchmark_effort(bench: Benchmark) -> Effort:
    return Effort(
        bench.distance_m, bench.duration_s, bench.date, "benchmark", bench.note or "Benchmark"
    )


def all_efforts(athlete: Athlete) -> list[Effort]:
    """Every race result, run raced and benchmark the athlete has, in three queries: what
    personal bests are made of."""
    runs = Run.objects.filter(athlete=athlete, kind=Run.Kind.RACE).only(
        "distance_m", "duration_s", "started_at", "notes"
    )
    return [
        *(race_effort(race) for race in Race.objects.filter(athlete=athlete).with_result()),
        *(run_effort(run, run.started_at.astimezone(athlete.zone).date()) for run in runs),
        *(benchmark_effort(bench) for bench in Benchmark.objects.filter(athlete=athlete)),
    ]


def load_activity(athletes: Iterable[Athlete], *, since: dt.date) -> dict[int, Activity]:
    """Activity for each athlete, in seven queries whatever their number."""
    activities = {athlete.pk: Activity(athlete=athlete, since=since) for athlete in athletes}
    ids = list(activities)
    # A day's margin either side: `since` is a local date, runs are UTC instants.
    for run in Run.objects.filter(
        athlete_id__in=ids, started_at__date__gte=since - dt.timedelta(days=1)
    ).order_by("started_at"):
        activities[run.athlete_id].runs.append(run)
    for review in WeeklyReview.objects.filter(athlete_id__in=ids, week_start__gte=monday_of(since)):
        activities[review.athlete_id].reviews[review.week_start] = review
    for bench in Benchmark.objects.filter(athlete_id__in=ids, date__gte=since):
        activities[bench.athlete_id].benchmarks.append(bench)
    for period in BusyPeriod.objects.filter(athlete_id__in=ids):
        activities[period.athlete_id].busy_periods.append(period)
    for setback in Setback.objects.filter(athlete_id__in=ids).exclude(end__lt=since):
        activities[setback.athlete_id].setbacks.append(setback)
    for race in Race.objects.filter(athlete_id__in=ids, date__gte=since).with_result():
        activities[race.athlete_id].race_results.append(race)
    longest = (
        Run.objects.filter(athlete_id__in=ids)
        .values("athlete_id")
        .annotate(longest=Max("distance_m"))
        .values_list("athlete_id", "longest")
    )
    for athlete_id, longest_m in longest:
        activities[athlete_id].longest_run_m = longest_m or 0
    return activities


def activity_start(goals: Iterable[Goal], today: dt.date) -> dt.date:
    """How far back to load: a year of efforts, or the oldest goal window if earlier."""
    starts = [goal.start_date for goal in goals if goal.start_date]
    earliest = today - EFFORT_LOOKBACK - dt.timedelta(weeks=MARK_WEEKS)
    return min([earliest, *starts])


def runner_context(activity: Activity, *, today: dt.date) -> smart.Runner:
    athlete = activity.athlete
    this_week = monday_of(today)
    recent = [this_week - dt.timedelta(weeks=i) for i in range(1, RECENT_WEEKS_FOR_AVERAGE + 1)]
    recent_m = sum(activity.week_value(Goal.Metric.WEEKLY_DISTANCE, w) for w in recent)
    lately = activity.running(today - dt.timedelta(weeks=TYPICAL_RUN_WEEKS), today)
    # The long run today: the longest of the weeks the average is read over, and this one.
    long_runs = activity.running(recent[-1], today)
    typical_minutes = statistics.median(run.duration_s / 60 for run in lately) if lately else 45.0
    metres = sum(run.distance_m for run in lately)
    pace = sum(run.duration_s for run in lately) / metres * 1000 if metres else 390.0
    return smart.Runner(
        today=today,
        units=athlete.units,
        experience=athlete.experience,
        weekly_minutes_available=athlete.weekly_minutes_available,
        recent_weekly_distance_m=recent_m / RECENT_WEEKS_FOR_AVERAGE,
        typical_run_minutes=typical_minutes,
        typical_pace_s_per_km=pace,
        longest_run_m=activity.longest_run_m,
        recent_long_run_m=max((run.distance_m for run in long_runs), default=0.0),
        best_effort=activity.best_effort(today),
        busy_periods=tuple(
            smart.BusySpan(period.start, period.end, period.label)
            for period in activity.busy_periods
        ),
    )


# What the SMART check assumes of a goal typed so far while a field is still missing.
DRAFT_DEFAULTS: dict[str, Any] = {
    "level": Goal.Level.OUTCOME,
    "kind": Goal.Kind.DISTANCE,
    "start_date": None,
}
GOAL_FIELDS = frozenset(model_field.name for model_field in Goal._meta.concrete_fields)


def draft_of(goal: Goal) -> smart.Draft:
    """What the SMART check reads of a goal, saved or as typed: the one place a draft is
    built, so the form, the API and the goal's page assess the same goal alike."""
    return smart.Draft(
        level=goal.level or Goal.Level.OUTCOME,
        kind=goal.kind or Goal.Kind.DISTANCE,
        title=goal.title or "",
        metric=goal.metric or "",
        target_value=goal.target_value,
        distance_m=goal.distance_m,
        start_date=goal.start_date,
        target_date=goal.target_date,
        has_parent=goal.parent_id is not None,
        race_distance_m=goal.race.distance_m if goal.race is not None else None,
    )


def typed_draft(values: Mapping[str, Any]) -> smart.Draft:
    """The draft of a goal as typed in the goal form or sent to the API, perhaps half done:
    fields left out or unreadable (None) take `DRAFT_DEFAULTS`, then the model's defaults."""
    given = {k: v for k, v in values.items() if k in GOAL_FIELDS and v is not None}
    return draft_of(Goal(**(DRAFT_DEFAULTS | given)))


@dataclass(frozen=True)
class Progress:
    value: float | None
    target: float | None
    percent: int
    on_track: bool | None
    reached: bool = False
    marks: list[tuple[dt.date, Mark | None]] = field(default_factory=list)
    streak: int = 0
    # A race-time goal's time predicted (Riegel) from the best effort of the last 12 months.
    predicted: float | None = None

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "target": self.target,
            "percent": self.percent,
            "on_track": self.on_track,
        }


def is_reached(*, value: float | None, target: float, lower_is_better: bool) -> bool:
    if value is None:
        return False
    return value <= target if lower_is_better else value >= target


def current_value(goal: Goal, activity: Activity, today: dt.date) -> float | None:
    """The goal's measure now. Weekly measures: the better of last week and this week so far."""
    metric = goal.metric
    this_week = monday_of(today)
    if metric in Goal.WEEKLY_METRICS:
        if goal.level == Goal.Level.PROCESS:
            return activity.week_value(metric, this_week)
        last_week = this_week - WEEK
        return max(activity.week_value(metric, w) for w in (this_week, last_week))
    end = min(today, goal.target_date) if goal.target_date else today
    window = activity.running(goal.start_date, end)
    if metric == Goal.Metric.LONG_RUN:
        return max((run.distance_m for run in window), default=0)
    if metric == Goal.Metric.TOTAL_DISTANCE:
        return sum(run.distance_m for run in window)
    if metric == Goal.Metric.RACE_TIME and goal.distance_m:
        times = [
            riegel(e.duration_s, from_m=e.distance_m, to_m=goal.distance_m)
            for e in activity.efforts(since=goal.start_date)
            if abs(e.distance_m - goal.distance_m) <= goal.distance_m * RACE_DISTANCE_TOLERANCE
        ]
        return round(min(times)) if times else None
    return None


def percent_done(
    *, value: float | None, target: float, baseline: float | None, lower_is_better: bool
) -> int:
    """How far from the starting point to the target, 0–100."""
    if value is None:
        return 0
    # A target already met counts as done, even when the starting point was past it.
    if is_reached(value=value, target=target, lower_is_better=lower_is_better):
        return 100
    if baseline is not None and baseline != target:
        share = (value - baseline) / (target - baseline)
    elif lower_is_better:
        share = target / value if value else 0
    else:
        share = value / target if target else 1
    return round(min(max(share, 0), 1) * 100)


def time_elapsed_pct(goal: Goal, today: dt.date) -> float:
    if not goal.target_date or goal.target_date <= goal.start_date:
        return 100.0
    share = (today - goal.start_date).days / (goal.target_date - goal.start_date).days
    return min(max(share, 0), 1) * 100


def week_marks(
    goal: Goal, activity: Activity, *, now: dt.datetime | None
) -> list[tuple[dt.date, Mark | None]]:
    """The last 12 complete weeks: met, missed, paused, or None before the goal began."""
    target = goal.target_value
    assert target is not None  # only measurable goals have weeks to mark
    weeks = recent_weeks(activity.athlete, count=MARK_WEEKS + 1, now=now)[:-1]
    paused = activity.paused_weeks(weeks)
    marks: list[tuple[dt.date, Mark | None]] = []
    for monday in weeks:
        if monday + dt.timedelta(days=6) < goal.start_date or (
            goal.target_date and monday > goal.target_date
        ):
            marks.append((monday, None))
        elif activity.week_value(goal.metric, monday) >= target:
            marks.append((monday, Mark.MET))
        elif monday in paused:
            marks.append((monday, Mark.PAUSED))
        else:
            marks.append((monday, Mark.MISSED))
    return marks


def measure(goal: Goal, activity: Activity, *, now: dt.datetime | None = None) -> Progress | None:
    """Progress of a measurable goal; None for a goal checked off by hand."""
    if not goal.is_measurable:
        return None
    today = activity.athlete.local_today(now)
    value = current_value(goal, activity, today)
    target = goal.target_value
    assert target is not None  # a measurable goal has one
    if goal.level == Goal.Level.PROCESS and goal.metric in Goal.WEEKLY_METRICS:
        marks = week_marks(goal, activity, now=now)
        complete = [mark for _, mark in marks if mark is not None]
        met_now = is_reached(value=value, target=target, lower_is_better=False)
        last = complete[-1] if complete else None
        return Progress(
            value=value,
            target=target,
            percent=percent_done(value=value, target=target, baseline=None, lower_is_better=False),
            on_track=last is not Mark.MISSED,
            reached=met_now,
            marks=marks,
            streak=streak(complete + ([Mark.MET] if met_now else [])),
        )
    baseline = goal.baseline_value
    if baseline is None and goal.metric == Goal.Metric.TOTAL_DISTANCE:
        baseline = 0.0
    percent = percent_done(
        value=value, target=target, baseline=baseline, lower_is_better=goal.lower_is_better
    )
    on_track = None
    if value is not None:
        on_track = percent >= time_elapsed_pct(goal, today) - ON_TRACK_MARGIN_PCT
    best = activity.best_effort(today) if goal.metric == Goal.Metric.RACE_TIME else None
    return Progress(
        value=value,
        target=target,
        percent=percent,
        on_track=on_track,
        reached=is_reached(value=value, target=target, lower_is_better=goal.lower_is_better),
        predicted=riegel(best.duration_s, from_m=best.distance_m, to_m=goal.distance_m)
        if best and goal.distance_m
        else None,
    )


def milestone_reached(goal: Goal, target: float | None, progress: Progress | None) -> bool:
    if target is None or progress is None:
        return False
    return is_reached(value=progress.value, target=target, lower_is_better=goal.lower_is_better)
