"""Achievable's rules for volume: a weekly distance, a total distance and a long run, each
against what the season plan's ramp (10 % a week, a cut-back every fourth week:
`races.season.ramp_rule`) reaches from where the runner stands (`plan.start_of`) by the goal's
date; a total counts the distance already run since the goal's start and sums the ramp's weeks.
Each suggests what the ramp reaches by the date (unless the goal's race cannot be run by then),
and the first date the ramp reaches the target (and the race can be run).
"""

import datetime as dt
import math
from collections.abc import Callable

from athletes.measures import WEEKLY_RAMP, percent
from athletes.units import METRES_PER_UNIT, format_distance
from goals.models import Goal
from goals.smart.plan import (
    REACH_WARN_BELOW,
    fits_weekly_m,
    floor_words,
    good_day,
    reachable_total,
    share_status,
    start_of,
    total_so_far,
    training_weeks,
    volume_weeks,
)
from goals.smart.readiness import earliest_race_day, ready_on_the_day
from goals.smart.verdicts import Better, Draft, Runner, Verdict
from goals.smart.words import day
from races.season.ramp_rule import reachable

RAMP_WORDS = (
    f"building {percent(WEEKLY_RAMP)} a week with a cut-back every fourth week, "
    "as the season plan does"
)


def whole_units(metres: float, units: str) -> float:
    """Metres rounded down to whole kilometres or miles: what a suggestion names."""
    unit_m = METRES_PER_UNIT[units]
    return math.floor(metres / unit_m) * unit_m


def later_day(draft: Draft, runner: Runner) -> dt.date | None:
    """The first day a better goal may name by which the ramp reaches the goal's volume (and a
    race it is linked to can be run), or None within Time-bound's window."""
    weeks = volume_weeks(draft, runner)
    if weeks is None:
        return None
    day = runner.today + dt.timedelta(weeks=weeks)
    if draft.race_distance_m:
        race_day = earliest_race_day(draft.race_distance_m, runner, weekday=day.weekday())
        if race_day is None:
            return None
        day = max(day, race_day)
    return good_day(day, runner)


def ramp_verdict(
    draft: Draft,
    runner: Runner,
    *,
    reached_m: float,
    describe: Callable[[float, int], str],
    message: str,
    smaller_m: float,
    later: dt.date | None,
) -> Verdict:
    """The verdict of a volume against what the ramp reaches: the message, and as better goals
    `smaller_m` by the same date and the target on the `later` date."""
    assert draft.target_value and draft.target_date
    status = share_status(reached_m / draft.target_value)
    if reached_m >= draft.target_value * REACH_WARN_BELOW:
        return Verdict(status, message)
    ideas, better = [], []
    when = day(draft.target_date, runner.today)
    if smaller_m > 0 and ready_on_the_day(draft, runner):
        ideas.append(f"Try {describe(smaller_m, 0)} by {when}")
        better.append(Better(target_value=smaller_m))
    if later is not None:
        in_units = draft.target_value / METRES_PER_UNIT[runner.units]
        digits = 0 if abs(in_units - round(in_units)) < 0.05 else 1
        ideas.append(f"{describe(draft.target_value, digits)} by {day(later, runner.today)}")
        better.append(Better(target_date=later))
    suggestion = ", or ".join(ideas) + "." if ideas else ""
    if suggestion and not suggestion.startswith("Try"):
        suggestion = f"Try {suggestion}"
    return Verdict(status, message, suggestion, better=tuple(better))


def weekly_distance_rule(draft: Draft, runner: Runner) -> Verdict | None:
    if draft.metric != Goal.Metric.WEEKLY_DISTANCE or not draft.target_value:
        return None
    if draft.target_date is None or draft.target_date <= runner.today:
        return None
    units, target = runner.units, draft.target_value
    start = start_of(runner)
    reached = reachable(start.weekly_m, training_weeks(runner.today, draft.target_date))

    def describe(metres: float, digits: int) -> str:
        return f"{format_distance(metres, units, digits=digits)} a week"

    message = (
        f"{floor_words(start, 'the build')}{RAMP_WORDS.capitalize()}, "
        f"{format_distance(start.weekly_m, units)} a week grows to "
        f"{format_distance(reached, units)} by {day(draft.target_date, runner.today)}: "
        f"{min(reached / target, 9.99) * 100:.0f} % of the {format_distance(target, units)} "
        "asked."
    )
    return ramp_verdict(
        draft,
        runner,
        reached_m=reached,
        describe=describe,
        message=message,
        smaller_m=whole_units(min(reached, fits_weekly_m(runner)), units),
        later=later_day(draft, runner),
    )


def long_run_rule(draft: Draft, runner: Runner) -> Verdict | None:
    if draft.metric != Goal.Metric.LONG_RUN or not draft.target_value:
        return None
    if draft.target_date is None or draft.target_date <= runner.today:
        return None
    units, target = runner.units, draft.target_value
    start = start_of(runner)
    reached = reachable(start.long_run_m, training_weeks(runner.today, draft.target_date))

    def describe(metres: float, digits: int) -> str:
        return f"a long run of {format_distance(metres, units, digits=digits)}"

    message = (
        f"{floor_words(start, 'the long run')}Building the long run {percent(WEEKLY_RAMP)} a week "
        "with a "
        f"cut-back every fourth week, as the season plan does, "
        f"{format_distance(start.long_run_m, units)} grows to {format_distance(reached, units)} "
        f"by {day(draft.target_date, runner.today)}: "
        f"{min(reached / target, 9.99) * 100:.0f} % of the {format_distance(target, units)} "
        "asked."
    )
    return ramp_verdict(
        draft,
        runner,
        reached_m=reached,
        describe=describe,
        message=message,
        smaller_m=whole_units(reached, units),
        later=later_day(draft, runner),
    )


def total_distance_rule(draft: Draft, runner: Runner) -> Verdict | None:
    if draft.metric != Goal.Metric.TOTAL_DISTANCE or not draft.target_value:
        return None
    if draft.target_date is None or draft.target_date <= runner.today:
        return None
    units, target, today = runner.units, draft.target_value, runner.today
    done, first = total_so_far(draft, runner)
    start = start_of(runner)
    weeks = training_weeks(first, draft.target_date)
    reached = done + reachable_total(start.weekly_m, weeks)

    def describe(metres: float, digits: int) -> str:
        return f"{format_distance(metres, units, digits=0)} in total"

    so_far = ""
    if draft.start_date is not None and draft.start_date <= today:
        so_far = (
            f"{format_distance(done, units, digits=0)} run since {day(draft.start_date, today)}; "
        )
    message = (
        f"{floor_words(start, 'the build')}{so_far}{RAMP_WORDS} from "
        f"{format_distance(start.weekly_m, units)} a week, the {weeks} weeks to "
        f"{day(draft.target_date, today)} add "
        f"{format_distance(reached - done, units, digits=0)}: "
        f"{format_distance(reached, units, digits=0)} in all, "
        f"{min(reached / target, 9.99) * 100:.0f} % of the "
        f"{format_distance(target, units, digits=0)} asked."
    )
    return ramp_verdict(
        draft,
        runner,
        reached_m=reached,
        describe=describe,
        message=message[0].upper() + message[1:],
        smaller_m=whole_units(reached, units),
        later=later_day(draft, runner),
    )
