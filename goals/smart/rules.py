"""The rules Achievable weighs besides the race rules (`goals.smart.race_time`,
`goals.smart.readiness`) and the volume rules (`goals.smart.volume`): the runs a week against
the days with training time set, the minutes the plan needs against the minutes the runner has,
and a busy period just before the date. Each answers a `Verdict`, or None when it does not apply
to the goal.
"""

import dataclasses
import datetime as dt

from athletes.units import format_distance
from goals.models import Goal
from goals.smart.plan import (
    BUSY_WINDOW_DAYS,
    busy_span_before,
    fits_weekly_m,
    good_day,
    runs_that_fit,
    start_of,
    training_weeks,
)
from goals.smart.readiness import (
    better_race_goal,
    goal_words,
    readiness_distance,
    ready_on_the_day,
)
from goals.smart.verdicts import Better, Draft, Runner, Status, Verdict
from goals.smart.volume import later_day, whole_units
from goals.smart.words import day
from races.season.ramp_rule import reachable

# Achievable, minutes the plan needs against the minutes the runner has each week.
MINUTES_WARN_ABOVE_RATIO = 1.0
MINUTES_FAIL_ABOVE_RATIO = 1.5


def days_rule(draft: Draft, runner: Runner) -> Verdict | None:
    """Runs a week against the weekdays with training minutes set: one run a day at most."""
    if draft.metric != Goal.Metric.RUNS_PER_WEEK or not draft.target_value:
        return None
    days = runner.days_available
    if days is None or runner.weekly_minutes_available <= 0:
        return None
    runs = f"{draft.target_value:g} runs a week"
    if draft.target_value <= days:
        return Verdict(Status.PASS, f"{runs} fit the {days} days you have training time on.")
    fits = runs_that_fit(runner) if ready_on_the_day(draft, runner) else 0
    return Verdict(
        Status.FAIL,
        f"{runs} need {draft.target_value:g} days, and you have training time set on {days}.",
        f"Try {fits} runs a week, or set time on more days in Settings." if fits else "",
        better=(Better(target_value=float(fits)),) if fits else (),
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
        fits = float(runs_that_fit(runner))
        suggestion = f"Try {fits:g} runs a week: that fits your time."
    else:
        # What fits the time, and no more than the ramp reaches by the date.
        weeks = training_weeks(runner.today, draft.target_date) if draft.target_date else 0
        fits = whole_units(
            min(fits_weekly_m(runner), reachable(start_of(runner).weekly_m, weeks)), runner.units
        )
        suggestion = (
            f"Try {format_distance(fits, runner.units, digits=0)} a week: that fits your time "
            "and your build."
        )
    status = Status.FAIL if needed > available * MINUTES_FAIL_ABOVE_RATIO else Status.WARN
    if fits <= 0 or not ready_on_the_day(draft, runner):
        return Verdict(status, message)
    return Verdict(status, message, suggestion, better=(Better(target_value=fits),))


def busy_rule(draft: Draft, runner: Runner) -> Verdict | None:
    if draft.target_date is None:
        return None
    span = busy_span_before(draft.target_date, runner)
    if span is None:
        return None
    message = (
        f"Your busy period “{span.label}” ({day(span.start, runner.today)} – "
        f"{day(span.end, runner.today)}) falls in the last two weeks before the date."
    )
    # Two clear weeks after the busy period, at the earliest, and a day the goal passes then.
    clear = span.end + dt.timedelta(days=BUSY_WINDOW_DAYS)
    distance = readiness_distance(draft)
    if distance:
        found = better_race_goal(dataclasses.replace(draft, target_date=clear), runner, distance)
    else:
        reached = later_day(draft, runner)
        later = good_day(max(clear, reached), runner) if reached else None
        found = Better(target_date=later) if later else None
    if found is None or found.target_date is None:
        return Verdict(Status.WARN, message)
    what = f"{goal_words(draft, found, distance)} on " if distance else ""
    return Verdict(
        Status.WARN,
        message,
        f"Try {what}{day(found.target_date, runner.today)} or later.",
        better=(found,),
    )
