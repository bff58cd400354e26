"""A runner's activity as their goals read it: runs, weekly reviews, benchmarks, busy periods,
setbacks and race results since a date (`Activity`), loaded for a group of athletes at once in
a fixed number of queries however many goals or athletes (`load_activity`), then read in
Python: a week's measure, the weeks paused, the efforts to predict from (made in
`goals.efforts`). How far back a goal needs it, and each goal measured, is `goals.progress`'s.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Max

from athletes.measures import monday_of, sunday_of
from athletes.models import Athlete, BusyPeriod
from checkins.models import Run, Setback, WeeklyReview
from checkins.momentum import busy_weeks
from goals.efforts import (
    EFFORT_LOOKBACK,
    SHORTEST_EFFORT_M,
    benchmark_effort,
    race_effort,
    run_effort,
)
from goals.models import Benchmark, Goal
from races.models import Race
from races.predictions import Effort, vdot

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


# The columns `Activity` reads: a page of athletes loads thousands of runs, and building each with
# every column was most of a goal list's time. Anything else read from them costs a query a row.
RUN_FIELDS = ("athlete_id", "started_at", "kind", "distance_m", "duration_s", "notes")
REVIEW_FIELDS = (
    "athlete_id",
    "week_start",
    "status",
    "strength_sessions",
    "good_sleep_nights",
    "maintenance_week",
    "injured",
)


# The runner's weekly distance today, wherever it is read (SMART coaching, a marathon goal's
# prediction): the mean of the last 4 complete weeks.
RECENT_WEEKS_FOR_AVERAGE = 4


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
        sunday = sunday_of(monday)
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

    def recent_weeks(self, today: dt.date) -> list[dt.date]:
        """The Mondays of the last 4 complete weeks, the latest first."""
        this_week = monday_of(today)
        return [this_week - dt.timedelta(weeks=i) for i in range(1, RECENT_WEEKS_FOR_AVERAGE + 1)]

    def recent_weekly_distance_m(self, today: dt.date) -> float:
        weeks = self.recent_weeks(today)
        return sum(self.week_value(Goal.Metric.WEEKLY_DISTANCE, w) for w in weeks) / len(weeks)

    def best_effort(self, today: dt.date) -> Effort | None:
        """The strongest race or benchmark of the last 12 months, compared by VDOT."""
        efforts = self.efforts(since=today - EFFORT_LOOKBACK)
        return max(efforts, key=lambda e: vdot(e.distance_m, e.duration_s), default=None)


def load_activity(athletes: Iterable[Athlete], *, since: dt.date) -> dict[int, Activity]:
    """Activity for each athlete, in seven queries whatever their number."""
    activities = {athlete.pk: Activity(athlete=athlete, since=since) for athlete in athletes}
    ids = list(activities)
    # A day's margin either side: `since` is a local date, runs are UTC instants.
    runs = Run.objects.filter(
        athlete_id__in=ids, started_at__date__gte=since - dt.timedelta(days=1)
    ).only(*RUN_FIELDS)
    for run in runs.order_by("started_at"):
        activities[run.athlete_id].runs.append(run)
    reviews = WeeklyReview.objects.filter(athlete_id__in=ids, week_start__gte=monday_of(since))
    for review in reviews.only(*REVIEW_FIELDS):
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
