"""Achievable's rules for volume: a weekly distance, a total distance and a long run, each
against what the season plan's ramp (10 % a week, a cut-back every fourth week:
`races.season.ramp_rule`) reaches from where the runner stands (`plan.start_of`) by the goal's
date; a total counts the distance already run since the goal's start and sums the ramp's weeks.
Each suggests what the ramp reaches by the date, and the first date it reaches the target.
"""

import datetime as dt
import math
from collections.abc import Callable

from athletes.units import METRES_PER_UNIT, format_distance
from goals.models import Goal
from goals.smart.plan import (
    REACH_WARN_BELOW,
    TIME_BOUND_MAX_DAYS,
    floor_words,
    good_day,
    reachable_total,
    share_status,
    start_of,
    training_weeks,
)
from goals.smart.verdicts import Better, Draft, Runner, Verdict
from goals.smart.words import day
from races.season.ramp_rule import reachable, weeks_to_reach

RAMP_WORDS = "building 10 % a week with a cut-back every fourth week, as the season plan does"


def whole_units(metres: float, units: str) -> float:
    """Metres rounded down to whole kilometres or miles: what a suggestion names."""
    unit_m = METRES_PER_UNIT[units]
    return math.floor(metres / unit_m) * unit_m


def fits_weekly_m(runner: Runner) -> float:
    """The weekly distance the runner's training minutes fit at their usual pace."""
    return runner.weekly_minutes_available * 60 / runner.typical_pace_s_per_km * 1000


def later_day(runner: Runner, first: dt.date, weeks: int | None) -> dt.date | None:
    """`weeks` whole weeks from `first`, as a day a better goal may name."""
    if weeks is None or weeks * 7 > TIME_BOUND_MAX_DAYS:
        return None
    return good_day(first + dt.timedelta(weeks=weeks), runner)


def ramp_verdict(
    draft: Draft,
    runner: Runner,
    *,
    reached_m: float,
    describe: Callable[[float], str],
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
    if smaller_m > 0:
        ideas.append(f"Try {describe(smaller_m)} by {when}")
        better.append(Better(target_value=smaller_m))
    if later is not None:
        ideas.append(f"{describe(draft.target_value)} by {day(later, runner.today)}")
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

    def describe(metres: float) -> str:
        return f"{format_distance(metres, units, digits=0)} a week"

    message = (
        f"{floor_words(start, 'the build')}{RAMP_WORDS[0].upper()}{RAMP_WORDS[1:]}, "
        f"{format_distance(start.weekly_m, units)} a week grows to "
        f"{format_distance(reached, units)} by {day(draft.target_date, runner.today)}: "
        f"{min(reached / target, 9.99) * 100:.0f} % of the {format_distance(target, units)} "
        "asked."
    )
    fits = fits_weekly_m(runner)
    later = None
    if target <= fits:
        later = later_day(runner, runner.today, weeks_to_reach(start.weekly_m, target))
    return ramp_verdict(
        draft,
        runner,
        reached_m=reached,
        describe=describe,
        message=message,
        smaller_m=whole_units(min(reached, fits), units),
        later=later,
    )


def long_run_rule(draft: Draft, runner: Runner) -> Verdict | None:
    if draft.metric != Goal.Metric.LONG_RUN or not draft.target_value:
        return None
    if draft.target_date is None or draft.target_date <= runner.today:
        return None
    units, target = runner.units, draft.target_value
    start = start_of(runner)
    reached = reachable(start.long_run_m, training_weeks(runner.today, draft.target_date))

    def describe(metres: float) -> str:
        return f"a long run of {format_distance(metres, units, digits=0)}"

    message = (
        f"{floor_words(start, 'the long run')}Building the long run 10 % a week with a "
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
        later=later_day(runner, runner.today, weeks_to_reach(start.long_run_m, target)),
    )


def total_distance_rule(draft: Draft, runner: Runner) -> Verdict | None:
    if draft.metric != Goal.Metric.TOTAL_DISTANCE or not draft.target_value:
        return None
    if draft.target_date is None or draft.target_date <= runner.today:
        return None
    units, target, today = runner.units, draft.target_value, runner.today
    begun = draft.start_date is not None and draft.start_date <= today
    done = runner.distance_between(draft.start_date, today) if draft.start_date and begun else 0.0
    first = today if begun or draft.start_date is None else draft.start_date
    start = start_of(runner)
    weeks = training_weeks(first, draft.target_date)
    reached = done + reachable_total(start.weekly_m, weeks)

    def describe(metres: float) -> str:
        return f"{format_distance(metres, units, digits=0)} in total"

    so_far = ""
    if begun and draft.start_date is not None:
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
    needed = next(
        (
            weeks
            for weeks in range(TIME_BOUND_MAX_DAYS // 7 + 1)
            if done + reachable_total(start.weekly_m, weeks) >= target
        ),
        None,
    )
    return ramp_verdict(
        draft,
        runner,
        reached_m=reached,
        describe=describe,
        message=message[0].upper() + message[1:],
        smaller_m=whole_units(reached, units),
        later=later_day(runner, first, needed),
    )
