"""The rules Achievable weighs besides readiness for a race (`goals.smart.readiness`): a target
race time against the time the best recent effort predicts, the weekly build a distance target
asks for, the minutes the plan needs against the minutes the runner has, a beginner's first
marathon, and a busy period just before the date. Each answers a `Verdict`, or None when it does
not apply to the goal.
"""

import datetime as dt
import math

from athletes.measures import MARATHON_M, WEEKLY_RAMP
from athletes.units import METRES_PER_UNIT, format_distance, format_duration
from goals.models import Goal
from goals.smart.verdicts import Draft, Runner, Status, Verdict
from goals.smart.words import day
from races.predictions import riegel

# Achievable, weekly build (compounded from the recent 4-week average weekly distance): the
# weekly ramp passes.
BUILD_WARN_ABOVE_PCT = WEEKLY_RAMP * 100
BUILD_FAIL_ABOVE_PCT = 30.0
# Achievable, target race time against the time the best recent effort predicts.
RACE_TIME_WARN_ABOVE_PCT = 5.0
RACE_TIME_FAIL_ABOVE_PCT = 10.0
# Achievable, minutes the plan needs against the minutes the runner has each week.
MINUTES_WARN_ABOVE_RATIO = 1.0
MINUTES_FAIL_ABOVE_RATIO = 1.5
# Achievable, a beginner's first marathon-or-longer needs at least this many weeks.
BEGINNER_MARATHON_MIN_WEEKS = 16
# Achievable, a busy period inside this many days up to the target date warns.
BUSY_WINDOW_DAYS = 14


def weeks_available(draft: Draft, today: dt.date) -> float:
    if draft.target_date is None:
        return 0.0
    start = max(today, draft.start_date or today)
    return (draft.target_date - start).days / 7


def race_time_rule(draft: Draft, runner: Runner) -> Verdict | None:
    if draft.metric != Goal.Metric.RACE_TIME or not draft.distance_m or not draft.target_value:
        return None
    effort = runner.best_effort
    if effort is None:
        return Verdict(
            Status.WARN,
            "No benchmark or race in the last 12 months to check this time against.",
            "Run a time trial (e.g. 5K) and record it as a benchmark.",
        )
    predicted = riegel(effort.duration_s, from_m=effort.distance_m, to_m=draft.distance_m)
    faster_pct = round((predicted - draft.target_value) / predicted * 100, 1)
    basis = (
        f"your {format_distance(effort.distance_m, runner.units)} in "
        f"{format_duration(effort.duration_s)} predicts {format_duration(predicted)}"
    )
    if faster_pct <= 0:
        return Verdict(Status.PASS, f"Within reach: {basis}.")
    if faster_pct <= RACE_TIME_WARN_ABOVE_PCT:
        return Verdict(Status.PASS, f"A fair stretch, {faster_pct:g} % faster than {basis}.")
    suggestion = (
        f"Try {format_duration(predicted * (1 - RACE_TIME_WARN_ABOVE_PCT / 100))}: "
        f"{RACE_TIME_WARN_ABOVE_PCT:g} % faster than your prediction of {format_duration(predicted)}."
    )
    status = Status.FAIL if faster_pct > RACE_TIME_FAIL_ABOVE_PCT else Status.WARN
    return Verdict(status, f"{faster_pct:g} % faster than {basis}.", suggestion)


def weekly_distance_target(draft: Draft, weeks: float) -> float | None:
    """The weekly distance the goal asks for: itself, or a total spread over the weeks left."""
    if draft.metric == Goal.Metric.WEEKLY_DISTANCE:
        return draft.target_value
    if draft.metric == Goal.Metric.TOTAL_DISTANCE and draft.target_value is not None and weeks > 0:
        return draft.target_value / weeks
    return None


def build_rule(draft: Draft, runner: Runner) -> Verdict | None:
    weeks = weeks_available(draft, runner.today)
    target = weekly_distance_target(draft, weeks)
    # A target date is there whenever weeks are: `weeks_available` counts up to it.
    if target is None or weeks <= 0 or draft.target_date is None:
        return None
    recent = runner.recent_weekly_distance_m
    if recent <= 0:
        return Verdict(
            Status.WARN,
            "No runs logged in the last 4 weeks, so we cannot check the build yet.",
            "Log a few weeks of runs and look again.",
        )
    build_pct = round(((target / recent) ** (1 / weeks) - 1) * 100, 1)
    per_week = f"{format_distance(target, runner.units)} a week"
    if build_pct <= BUILD_WARN_ABOVE_PCT:
        return Verdict(
            Status.PASS,
            f"{per_week} is a build of {max(build_pct, 0):g} % a week at most from your recent "
            f"{format_distance(recent, runner.units)}.",
        )
    safe_m = recent * (1 + BUILD_WARN_ABOVE_PCT / 100) ** weeks
    unit_m = METRES_PER_UNIT[runner.units]
    safe_m = math.floor(safe_m / unit_m) * unit_m
    when = day(draft.target_date, runner.today)
    suggestion = (
        f"Try {format_distance(safe_m, runner.units, digits=0)} a week by {when}: that is a "
        f"{BUILD_WARN_ABOVE_PCT:g} % weekly build from your "
        f"{format_distance(recent, runner.units, digits=0)}."
    )
    status = Status.FAIL if build_pct > BUILD_FAIL_ABOVE_PCT else Status.WARN
    return Verdict(
        status,
        f"{per_week} needs a build of {build_pct:g} % a week from your recent "
        f"{format_distance(recent, runner.units)}; more than {BUILD_WARN_ABOVE_PCT:g} % "
        "a week risks injury.",
        suggestion,
    )


def minutes_rule(draft: Draft, runner: Runner) -> Verdict | None:
    if draft.metric == Goal.Metric.RUNS_PER_WEEK and draft.target_value:
        needed = draft.target_value * runner.typical_run_minutes
        per_item = runner.typical_run_minutes
        what = f"{draft.target_value:g} runs of about {per_item:.0f} minutes"
    elif draft.metric == Goal.Metric.WEEKLY_DISTANCE and draft.target_value:
        needed = draft.target_value / 1000 * runner.typical_pace_s_per_km / 60
        what = f"{format_distance(draft.target_value, runner.units)} at your usual pace"
    else:
        return None
    available = runner.weekly_minutes_available
    if available <= 0:
        return Verdict(
            Status.FAIL,
            "You have no training time set for the week.",
            "Set the minutes you can train each day in Settings.",
        )
    needed = round(needed)
    message = f"{what} take about {needed} minutes; you have {available} a week."
    if needed <= available * MINUTES_WARN_ABOVE_RATIO:
        return Verdict(Status.PASS, message)
    if draft.metric == Goal.Metric.RUNS_PER_WEEK:
        suggestion = f"Try {math.floor(available / per_item)} runs a week: that fits your time."
    else:
        fits_m = available * 60 / runner.typical_pace_s_per_km * 1000
        suggestion = (
            f"Try {format_distance(fits_m, runner.units, digits=0)} a week: that fits your time."
        )
    status = Status.FAIL if needed > available * MINUTES_FAIL_ABOVE_RATIO else Status.WARN
    return Verdict(status, message, suggestion)


def race_distance(draft: Draft) -> float | None:
    if draft.metric == Goal.Metric.RACE_TIME:
        return draft.distance_m
    if draft.metric == Goal.Metric.LONG_RUN:
        return draft.target_value
    return None


def beginner_rule(draft: Draft, runner: Runner) -> Verdict | None:
    distance = race_distance(draft)
    if (
        runner.experience != "beginner"
        or not distance
        or distance < MARATHON_M
        or runner.longest_run_m >= MARATHON_M
        or draft.target_date is None
    ):
        return None
    days = (draft.target_date - runner.today).days
    if days >= BEGINNER_MARATHON_MIN_WEEKS * 7:
        return None
    earliest = runner.today + dt.timedelta(weeks=BEGINNER_MARATHON_MIN_WEEKS)
    return Verdict(
        Status.WARN,
        f"A first marathon or longer needs at least {BEGINNER_MARATHON_MIN_WEEKS} weeks of "
        f"training; you have {days // 7}.",
        f"Aim for a date on or after {day(earliest, runner.today)}.",
    )


def busy_rule(draft: Draft, runner: Runner) -> Verdict | None:
    if draft.target_date is None:
        return None
    window_start = draft.target_date - dt.timedelta(days=BUSY_WINDOW_DAYS - 1)
    for span in runner.busy_periods:
        if span.start <= draft.target_date and span.end >= window_start:
            return Verdict(
                Status.WARN,
                f"Your busy period “{span.label}” ({day(span.start, runner.today)} – "
                f"{day(span.end, runner.today)}) falls in the last two weeks before the date.",
                f"Try a date after {day(span.end, runner.today)}.",
            )
    return None
