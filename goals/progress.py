"""Measured progress: each goal's metric computed from runs, weekly reviews and benchmarks.

Everything an athlete's goals need is loaded once per group of athletes (`goals.activity`'s
`load_activity`, a fixed number of queries however many goals or athletes; here, how far back
the goals need it), then measured in Python, so the goals page, the coach's pages and the API
list never grow queries with the goals they show. Efforts (races, runs raced, benchmarks) are
made in `goals.efforts`; what SMART coaching reads of the runner from their activity is
`goals.assessment`'s.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from athletes.measures import WEEK, monday_of, sunday_of
from athletes.models import Athlete
from checkins.momentum import Mark, recent_weeks, streak
from goals.activity import Activity, load_activity
from goals.efforts import EFFORT_LOOKBACK
from goals.models import Goal
from races.predictions import predicted_time, riegel

# A race or benchmark counts for a race-time goal when its distance is this close (GPS drift).
RACE_DISTANCE_TOLERANCE = 0.03
# On track while progress is no more than this many points behind the straight-line build.
ON_TRACK_MARGIN_PCT = 10
MARK_WEEKS = 12


def activity_start(goals: Iterable[Goal], today: dt.date) -> dt.date:
    """How far back to load: a year of efforts, or the oldest goal window if earlier."""
    starts = [goal.start_date for goal in goals]
    earliest = today - EFFORT_LOOKBACK - dt.timedelta(weeks=MARK_WEEKS)
    return min([earliest, *starts])


def activity_for(athlete: Athlete, goals: Iterable[Goal] = (), *, today: dt.date) -> Activity:
    """One athlete's activity, from far enough back for these goals (`activity_start`)."""
    since = activity_start(goals, today)
    return load_activity([athlete], since=since)[athlete.pk]


@dataclass(frozen=True)
class Progress:
    value: float | None
    target: float | None
    percent: int
    on_track: bool | None
    reached: bool = False
    marks: list[tuple[dt.date, Mark | None]] = field(default_factory=list)
    streak: int = 0
    # A race-time goal's time predicted from the best effort of the last 12 months: Riegel, or
    # for the marathon and longer the training-adjusted estimate (races.predictions).
    predicted: float | None = None

    def as_dict(self) -> dict[str, float | bool | None]:
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
        if sunday_of(monday) < goal.start_date or (goal.target_date and monday > goal.target_date):
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
        predicted=predicted_time(
            best.distance_m,
            best.duration_s,
            to_m=goal.distance_m,
            weekly_distance_m=activity.recent_weekly_distance_m(today),
        )
        if best and goal.distance_m
        else None,
    )


def milestone_reached(goal: Goal, target: float | None, progress: Progress | None) -> bool:
    if target is None or progress is None:
        return False
    return is_reached(value=progress.value, target=target, lower_is_better=goal.lower_is_better)
