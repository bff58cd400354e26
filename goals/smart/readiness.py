"""Achievable's rules for a race: readiness, whether the weekly distance and the long run a race
asks for (`races.season.race_needs`) can be reached by race day, building from today's
numbers (or the plan's floor) as the season plan does (10 % a week, a cut-back every fourth
week) and leaving its taper; a beginner's first marathon or longer, which wants the base Hal
Higdon's Novice 1 plan starts from and its 18 weeks; and the better race goal they (and the
race-time rule) suggest: the time the prediction passes, on the first day both allow.
"""

import datetime as dt
from dataclasses import dataclass

from athletes.measures import MARATHON_M, STANDARD_DISTANCES, WEEKLY_RAMP, monday_of, percent
from athletes.units import METRES_PER_UNIT, format_distance, format_duration
from goals.models import Goal
from goals.smart.plan import (
    REACH_FAIL_BELOW,
    REACH_WARN_BELOW,
    floor_words,
    good_day,
    start_of,
    volume_weeks,
)
from goals.smart.prediction import passing_time
from goals.smart.verdicts import Better, Draft, Runner, Status, Verdict
from goals.smart.words import day, race_name, the_race
from races.predictions import riegel
from races.rules import taper_weeks
from races.season import race_needs
from races.season.ramp_rule import reachable, weeks_to_reach

# Achievable, a beginner's first marathon or longer: Hal Higdon's Novice 1 plan is 18 weeks
# and expects 15–25 miles a week before it starts (its lower end is the base asked for).
NOVICE_BASE_M = 15 * METRES_PER_UNIT["mi"]
NOVICE_PLAN_WEEKS = 18
# How the verdicts word the season plan's ramp.
BUILDING = f"building {percent(WEEKLY_RAMP)} a week with cut-backs"


def readiness_distance(draft: Draft) -> float | None:
    """The race a goal trains for: its linked race, or the distance of a race-time goal."""
    if draft.race_distance_m:
        return draft.race_distance_m
    if draft.metric == Goal.Metric.RACE_TIME and draft.distance_m:
        return draft.distance_m
    return None


@dataclass(frozen=True)
class Readiness:
    """What a race asks for at the peak, beside what the season's ramp reaches by then."""

    taper_weeks: int
    weekly_m: float
    long_run_m: float
    need_weekly_m: float
    need_long_run_m: float

    @property
    def share(self) -> float:
        return min(self.weekly_m / self.need_weekly_m, self.long_run_m / self.need_long_run_m)


def weeks_to_race(race_day: dt.date, today: dt.date) -> int:
    """Weeks from this one to race week, both included (`season.phases` counts alike)."""
    return (monday_of(race_day) - monday_of(today)).days // 7 + 1


def readiness(distance_m: float, race_day: dt.date, runner: Runner) -> Readiness:
    """How far today's weekly distance and long run grow by the end of the peak, in a season
    built from this week to race day: ≤ 10 % a week, a cut-back every fourth, then the taper."""
    taper = taper_weeks(distance_m)
    training_weeks = max(weeks_to_race(race_day, runner.today) - taper, 0)
    need_weekly, need_long_run = race_needs(distance_m)
    start = start_of(runner, distance_m=distance_m)
    return Readiness(
        taper_weeks=taper,
        weekly_m=reachable(start.weekly_m, training_weeks),
        long_run_m=reachable(start.long_run_m, training_weeks),
        need_weekly_m=need_weekly,
        need_long_run_m=need_long_run,
    )


def readiness_weeks(distance_m: float, runner: Runner) -> int | None:
    """Weeks to race week (included) by which the ramp reaches both needs, taper left."""
    need_weekly, need_long_run = race_needs(distance_m)
    start = start_of(runner, distance_m=distance_m)
    weekly_weeks = weeks_to_reach(start.weekly_m, need_weekly)
    long_run_weeks = weeks_to_reach(start.long_run_m, need_long_run)
    if weekly_weeks is None or long_run_weeks is None:
        return None
    return max(weekly_weeks, long_run_weeks) + taper_weeks(distance_m)


def first_long_race(distance_m: float, runner: Runner) -> bool:
    """A beginner's first race of marathon length or longer."""
    return (
        runner.experience == "beginner"
        and distance_m >= MARATHON_M - 1
        and runner.longest_run_m < MARATHON_M
    )


def novice_weeks(distance_m: float, runner: Runner) -> int | None:
    """Weeks to race week (included) a beginner's first marathon or longer needs: the ramp to
    Novice 1's base, then its 18 weeks; 0 for anyone else, None when out of reach."""
    if not first_long_race(distance_m, runner):
        return 0
    base_weeks = weeks_to_reach(start_of(runner, distance_m=distance_m).weekly_m, NOVICE_BASE_M)
    return None if base_weeks is None else base_weeks + NOVICE_PLAN_WEEKS


def ready_by(distance_m: float, race_day: dt.date, runner: Runner) -> bool:
    """Whether readiness and a beginner's base both pass a race on `race_day`."""
    needed = novice_weeks(distance_m, runner)
    return (
        readiness(distance_m, race_day, runner).share >= REACH_WARN_BELOW
        and needed is not None
        and weeks_to_race(race_day, runner.today) >= needed
    )


def earliest_race_day(distance_m: float, runner: Runner, *, weekday: int) -> dt.date | None:
    """The first race day (on `weekday`) readiness and a beginner's base both allow, that a
    better goal may name (`plan.good_day`)."""
    ready, novice = readiness_weeks(distance_m, runner), novice_weeks(distance_m, runner)
    if ready is None or novice is None:
        return None
    race_week = monday_of(runner.today) + dt.timedelta(weeks=max(ready, novice) - 1)
    return good_day(race_week + dt.timedelta(days=weekday), runner)


def better_race_goal(draft: Draft, runner: Runner, distance_m: float) -> Better | None:
    """The goal nearest the one typed that passes readiness, a beginner's base and the race
    time: the time the prediction passes (for a race-time goal), on the date typed if the
    runner can be ready by then, else on the first day they can; None when out of reach."""
    assert draft.target_date is not None
    time = None
    if draft.metric == Goal.Metric.RACE_TIME and draft.distance_m:
        time = passing_time(draft.distance_m, draft.target_value, runner)
    if ready_by(distance_m, draft.target_date, runner):
        race_day = good_day(draft.target_date, runner)
    else:
        race_day = earliest_race_day(distance_m, runner, weekday=draft.target_date.weekday())
    volume = volume_weeks(draft, runner)
    if race_day is None or volume is None:
        return None
    # A goal that measures a volume too waits for the ramp to reach it.
    while race_day < runner.today + dt.timedelta(weeks=volume):
        race_day += dt.timedelta(weeks=1)
    race_day = good_day(race_day, runner)
    return Better(target_value=time, target_date=race_day) if race_day else None


def ready_on_the_day(draft: Draft, runner: Runner) -> bool:
    """Whether a goal linked to a race can be ready for it on its date: what a better goal that
    keeps the date needs (a goal linked to no race always can)."""
    distance = draft.race_distance_m
    return (
        not distance or draft.target_date is None or ready_by(distance, draft.target_date, runner)
    )


def goal_words(draft: Draft, better: Better, distance_m: float) -> str:
    """ "4:58:00 for the marathon", or "the marathon" for a goal that is not a race time."""
    if draft.metric == Goal.Metric.RACE_TIME and better.target_value:
        return f"{format_duration(better.target_value)} for {the_race(distance_m)}"
    return the_race(distance_m)


def shorter_race_ready(distance_m: float, race_day: dt.date, runner: Runner) -> float | None:
    """The longest standard race shorter than `distance_m` the runner can be ready for."""
    for _, metres in reversed(STANDARD_DISTANCES):
        if metres < distance_m - 1 and ready_by(metres, race_day, runner):
            return metres
    return None


def shorter_race_goal(draft: Draft, runner: Runner, shorter_m: float) -> Better:
    """The same goal at a shorter race: the linked race's distance, and for a race-time goal
    the distance and a time the prediction passes (the target carried by Riegel if it does)."""
    if draft.metric != Goal.Metric.RACE_TIME or not draft.distance_m or not draft.target_value:
        return Better(race_distance_m=shorter_m)
    same_effort = riegel(draft.target_value, from_m=draft.distance_m, to_m=shorter_m)
    return Better(
        target_value=passing_time(shorter_m, float(round(same_effort)), runner),
        distance_m=shorter_m,
        race_distance_m=shorter_m if draft.race_distance_m else None,
    )


def reach_phrase(what: str, reached_m: float, need_m: float, units: str, digits: int) -> str:
    need = need_words(need_m, units)
    if reached_m >= need_m:
        return f"your {what} reaches the {need} needed"
    return (
        f"your {what} reaches {format_distance(reached_m, units, digits=digits)} of the {need} "
        f"needed ({reached_m / need_m * 100:.0f} %)"
    )


def need_words(metres: float, units: str) -> str:
    """What a race asks for, in whole kilometres (they are round numbers) or tenths of a mile."""
    return format_distance(metres, units, digits=0 if units == "km" else 1)


def readiness_rule(draft: Draft, runner: Runner) -> Verdict | None:
    """Whether the weekly distance and long run a race asks for can be reached by race day."""
    distance = readiness_distance(draft)
    if not distance or draft.target_date is None or draft.target_date <= runner.today:
        return None
    race = the_race(distance)
    when = day(draft.target_date, runner.today)
    floor = floor_words(start_of(runner, distance_m=distance), "the build")
    ready = readiness(distance, draft.target_date, runner)
    units = runner.units
    long_run = reach_phrase("long run", ready.long_run_m, ready.need_long_run_m, units, 1)
    weekly = reach_phrase("weekly distance", ready.weekly_m, ready.need_weekly_m, units, 0)
    if ready.share >= REACH_WARN_BELOW:
        return Verdict(
            Status.PASS,
            f"{floor}Ready in time for {race}: {BUILDING}, {long_run} and {weekly}.",
        )
    message = (
        f"{floor}By {when}, {BUILDING} and leaving a "
        f"{ready.taper_weeks}-week taper, {long_run} and {weekly} for {race}."
    )
    ideas, better = [], []
    later = better_race_goal(draft, runner, distance)
    if later is not None and later.target_date is not None:
        ideas.append(
            f"Try {goal_words(draft, later, distance)} on or after "
            f"{day(later.target_date, runner.today)}: by then the same build reaches "
            f"{need_words(ready.need_long_run_m, units)} long runs and "
            f"{need_words(ready.need_weekly_m, units)} weeks."
        )
        better.append(later)
    shorter = shorter_race_ready(distance, draft.target_date, runner)
    volume = volume_weeks(draft, runner)
    # A shorter race on the same day, when the goal's own volume is within reach by then too.
    if (
        shorter is not None
        and volume is not None
        and draft.target_date >= runner.today + dt.timedelta(weeks=volume)
    ):
        instead = shorter_race_goal(draft, runner, shorter)
        in_time = f" in {format_duration(instead.target_value)}" if instead.distance_m else ""
        race_it = f"a {race_name(shorter)}{in_time} on {when}"
        ideas.append(
            f"Or race {race_it}: you can be ready for that."
            if ideas
            else f"Try {race_it} instead: you can be ready for that."
        )
        better.append(instead)
    status = Status.FAIL if ready.share < REACH_FAIL_BELOW else Status.WARN
    return Verdict(status, message, " ".join(ideas), better=tuple(better))


def beginner_rule(draft: Draft, runner: Runner) -> Verdict | None:
    """A beginner's first marathon or longer: the base Novice 1 starts from, then 18 weeks."""
    distance = readiness_distance(draft)
    if not distance or draft.target_date is None or not first_long_race(distance, runner):
        return None
    weeks = weeks_to_race(draft.target_date, runner.today)
    needed = novice_weeks(distance, runner)
    if needed is not None and weeks >= needed:
        return None
    start = start_of(runner, distance_m=distance)
    below_base = start.weekly_m < NOVICE_BASE_M
    units = runner.units
    if below_base:
        message = (
            f"{floor_words(start, 'the build')}A first {race_name(distance)} wants a base of "
            f"15–25 miles ({format_distance(NOVICE_BASE_M, units, digits=0)} or more) a week "
            f"before an {NOVICE_PLAN_WEEKS}-week plan starts (Hal Higdon's Novice 1), and "
            f"you run {format_distance(start.weekly_m, units, digits=0)} a week: {BUILDING}, "
            f"that is {needed} weeks to race week; you have {weeks}."
        )
    else:
        message = (
            f"A first {race_name(distance)} needs about {NOVICE_PLAN_WEEKS} weeks of training "
            f"(Hal Higdon's Novice 1 plan); you have {weeks}."
        )
    better = better_race_goal(draft, runner, distance)
    suggestion = ""
    if better is not None and better.target_date is not None:
        suggestion = (
            f"Try {goal_words(draft, better, distance)} on or after "
            f"{day(better.target_date, runner.today)}."
        )
    return Verdict(
        Status.FAIL if below_base else Status.WARN,
        message,
        suggestion,
        better=(better,) if better is not None else (),
    )
