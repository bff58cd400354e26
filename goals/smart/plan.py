"""What every Achievable rule measures a goal against: where the runner's training stands today
(`start_of`: the last four weeks, or the season plan's own floor when they ran nothing), what
the season plan's ramp (`races.season.ramp_rule`: 10 % a week, a cut-back every fourth week)
grows it to in the weeks to a date (`training_weeks`, `reachable_total`), how much of a target
that is (`share_status`), what the runner's time fits (`fits_weekly_m`, `runs_that_fit`), the
weeks before a volume goal's target is within the ramp's reach (`volume_weeks`), and the dates a
better goal may name (`good_day`: inside the window Time-bound passes, clear of a busy period).
"""

import datetime as dt
import math
from dataclasses import dataclass

from goals.models import Goal
from goals.smart.verdicts import Draft, Runner, Status
from races.rules import BusySpan
from races.season import START_FLOOR_M, race_needs
from races.season.ramp_rule import ramp, weeks_to_reach

# Achievable, what the ramp reaches against what a goal asks: all of it passes, under all of it
# warns, under this share fails.
REACH_WARN_BELOW = 1.0
REACH_FAIL_BELOW = 0.8
# Time-bound: sooner than this is a sprint, later than that loses its pull.
TIME_BOUND_MIN_DAYS = 7
TIME_BOUND_MAX_DAYS = 730
# Achievable, a busy period inside this many days up to the target date warns.
BUSY_WINDOW_DAYS = 14


@dataclass(frozen=True)
class Start:
    """Where the runner's training stands today: the weekly distance and the long run the
    ramp grows from, and whether they are the plan's floor (no runs in the last 4 weeks)."""

    weekly_m: float
    long_run_m: float
    from_floor: bool


def start_of(runner: Runner, *, distance_m: float = 0.0) -> Start:
    """The last 4 weeks' average and long run; with no runs in them, the season plan's floor
    (`START_FLOOR_M`). With no long run known, one in the proportion to the week that the race
    of `distance_m` asks for at its peak (the proportion the season page's milestones keep)."""
    need_weekly, need_long_run = race_needs(distance_m)
    from_floor = runner.recent_weekly_distance_m <= 0
    weekly = START_FLOOR_M if from_floor else runner.recent_weekly_distance_m
    long_run = runner.recent_long_run_m if not from_floor else 0.0
    return Start(weekly, long_run or weekly * need_long_run / need_weekly, from_floor)


def floor_words(start: Start, what: str) -> str:
    """The sentence that says a verdict starts from the floor, or nothing."""
    if not start.from_floor:
        return ""
    return (
        f"No runs in the last 4 weeks, so {what} starts from the season plan's floor of "
        f"{START_FLOOR_M / 1000:g} km a week. "
    )


def training_weeks(today: dt.date, day: dt.date) -> int:
    """Whole weeks from today to `day`: the ramp's steps towards a goal due then."""
    return max((day - today).days // 7, 0)


def reachable_total(start_m: float, weeks: int) -> float:
    """The distance the ramp's weeks add up to, cut-backs included, in `weeks` weeks."""
    return sum(target for target, _ in ramp(start_m, math.inf, weeks))


def total_so_far(draft: Draft, runner: Runner) -> tuple[float, dt.date]:
    """What a total-distance goal has done (the distance run since its start) and the day its
    remaining weeks count from (today, or its start if that is later)."""
    today, start = runner.today, draft.start_date
    if start is None or start > today:
        return 0.0, start or today
    return runner.distance_between(start, today), today


def fits_weekly_m(runner: Runner) -> float:
    """The weekly distance the runner's training minutes fit at their usual pace."""
    return runner.weekly_minutes_available * 60 / runner.typical_pace_s_per_km * 1000


def runs_that_fit(runner: Runner) -> int:
    """Runs a week of the runner's usual length that fit their minutes and their days."""
    runs = math.floor(runner.weekly_minutes_available / runner.typical_run_minutes)
    return runs if runner.days_available is None else min(runs, runner.days_available)


def volume_weeks(draft: Draft, runner: Runner) -> int | None:
    """Whole weeks from today before the ramp reaches a goal's volume, and its time fits it: 0
    for a goal that measures no volume, None when no date within Time-bound's window does."""
    target, metric = draft.target_value, draft.metric
    if not target:
        return 0
    start, limit = start_of(runner), TIME_BOUND_MAX_DAYS // 7
    if metric == Goal.Metric.WEEKLY_DISTANCE:
        fits = target <= fits_weekly_m(runner)
        return weeks_to_reach(start.weekly_m, target, limit=limit) if fits else None
    if metric == Goal.Metric.LONG_RUN:
        return weeks_to_reach(start.long_run_m, target, limit=limit)
    if metric == Goal.Metric.TOTAL_DISTANCE:
        done, first = total_so_far(draft, runner)
        weeks = next(
            (n for n in range(limit + 1) if done + reachable_total(start.weekly_m, n) >= target),
            None,
        )
        return None if weeks is None else weeks + training_weeks(runner.today, first)
    if metric == Goal.Metric.RUNS_PER_WEEK:
        return 0 if target <= runs_that_fit(runner) else None
    return 0


def share_status(share: float) -> Status:
    if share >= REACH_WARN_BELOW:
        return Status.PASS
    return Status.FAIL if share < REACH_FAIL_BELOW else Status.WARN


def busy_span_before(day: dt.date, runner: Runner) -> BusySpan | None:
    """A busy period in the last BUSY_WINDOW_DAYS up to `day`, if any."""
    window_start = day - dt.timedelta(days=BUSY_WINDOW_DAYS - 1)
    return next(
        (span for span in runner.busy_periods if span.start <= day and span.end >= window_start),
        None,
    )


def good_day(day: dt.date, runner: Runner) -> dt.date | None:
    """The first day from `day`, a week at a time (keeping its weekday), that a better goal may
    name: at least TIME_BOUND_MIN_DAYS ahead, clear of a busy period, and None past
    TIME_BOUND_MAX_DAYS."""
    soonest = runner.today + dt.timedelta(days=TIME_BOUND_MIN_DAYS)
    latest = runner.today + dt.timedelta(days=TIME_BOUND_MAX_DAYS)
    while day <= latest and (day < soonest or busy_span_before(day, runner)):
        day += dt.timedelta(weeks=1)
    return day if day <= latest else None
