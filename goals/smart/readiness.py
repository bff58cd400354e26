"""Achievable's readiness rule: whether the weekly distance and the long run a race asks for
(`races.season.race_needs`) can be reached by race day, building from today's numbers as the
season plan does (10 % a week, a cut-back every fourth week) and leaving its taper; when they
cannot, the earliest day they can, and the longest shorter race the runner can be ready for.
"""

import datetime as dt
from dataclasses import dataclass

from athletes.measures import STANDARD_DISTANCES, distance_name, monday_of
from athletes.units import format_distance, format_duration
from goals.models import Goal
from goals.smart.verdicts import Draft, Runner, Status, Verdict
from goals.smart.words import day
from races.rules import taper_weeks
from races.season import race_needs
from races.season.ramp_rule import reachable, weeks_to_reach

# Achievable, readiness for a race: the share of the weekly distance and the long run the race
# asks for (races.season.race_needs) that the season's ramp (10 % a week, a cut-back every
# fourth week) reaches from today's numbers before the taper. Under all of it warns; under
# this much of it fails.
READINESS_WARN_BELOW = 1.0
READINESS_FAIL_BELOW = 0.8


def readiness_distance(draft: Draft) -> float | None:
    """The race a goal trains for: its linked race, or the distance of a race-time goal."""
    if draft.race_distance_m:
        return draft.race_distance_m
    if draft.metric == Goal.Metric.RACE_TIME and draft.distance_m:
        return draft.distance_m
    return None


def race_name(distance_m: float) -> str:
    """A race distance mid-sentence: "marathon", "half marathon", "10K", "12.3 km race"."""
    name = distance_name(distance_m)
    if name.endswith(" km"):
        return f"{name} race"
    return name if name[0].isdigit() else name.lower()


def the_race(distance_m: float) -> str:
    return f"the {race_name(distance_m)}"


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


def readiness(distance_m: float, race_day: dt.date, runner: Runner) -> Readiness:
    """How far today's weekly distance and long run grow by the end of the peak, in a season
    built from this week to race day: ≤ 10 % a week, a cut-back every fourth, then the taper."""
    taper = taper_weeks(distance_m)
    weeks_to_race = (monday_of(race_day) - monday_of(runner.today)).days // 7 + 1
    training_weeks = max(weeks_to_race - taper, 0)
    need_weekly, need_long_run = race_needs(distance_m)
    return Readiness(
        taper_weeks=taper,
        weekly_m=reachable(runner.recent_weekly_distance_m, training_weeks),
        long_run_m=reachable(runner.recent_long_run_m, training_weeks),
        need_weekly_m=need_weekly,
        need_long_run_m=need_long_run,
    )


def earliest_ready_day(distance_m: float, runner: Runner, *, weekday: int) -> dt.date | None:
    """The first race day (on `weekday`) by which the ramp reaches both needs, taper left."""
    need_weekly, need_long_run = race_needs(distance_m)
    weekly_weeks = weeks_to_reach(runner.recent_weekly_distance_m, need_weekly)
    long_run_weeks = weeks_to_reach(runner.recent_long_run_m, need_long_run)
    if weekly_weeks is None or long_run_weeks is None:
        return None
    weeks_to_race = max(weekly_weeks, long_run_weeks) + taper_weeks(distance_m)
    race_week = monday_of(runner.today) + dt.timedelta(weeks=weeks_to_race - 1)
    return race_week + dt.timedelta(days=weekday)


def shorter_race_ready(distance_m: float, race_day: dt.date, runner: Runner) -> float | None:
    """The longest standard race shorter than `distance_m` the runner can be ready for."""
    for _, metres in reversed(STANDARD_DISTANCES):
        if metres < distance_m - 1 and readiness(metres, race_day, runner).share >= 1:
            return metres
    return None


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
    if runner.recent_weekly_distance_m <= 0 and runner.recent_long_run_m <= 0:
        return Verdict(
            Status.WARN,
            "No runs in the last 4 weeks, so we cannot tell whether you can be "
            f"ready for {race} by {when}.",
            "Log a few weeks of runs and look again.",
        )
    ready = readiness(distance, draft.target_date, runner)
    units = runner.units
    long_run = reach_phrase("long run", ready.long_run_m, ready.need_long_run_m, units, 1)
    weekly = reach_phrase("weekly distance", ready.weekly_m, ready.need_weekly_m, units, 0)
    if ready.share >= READINESS_WARN_BELOW:
        return Verdict(
            Status.PASS,
            f"Ready in time for {race}: building 10 % a week with cut-backs, {long_run} and "
            f"{weekly}.",
        )
    message = (
        f"By {when}, building 10 % a week with cut-backs and leaving a "
        f"{ready.taper_weeks}-week taper, {long_run} and {weekly} for {race}."
    )
    ideas = []
    earliest = earliest_ready_day(distance, runner, weekday=draft.target_date.weekday())
    if earliest is not None:
        what = (
            f"{format_duration(draft.target_value)} for {race}"
            if draft.metric == Goal.Metric.RACE_TIME and draft.target_value
            else race
        )
        ideas.append(
            f"Try {what} on or after {day(earliest, runner.today)}: by then the same build "
            f"reaches {need_words(ready.need_long_run_m, units)} long runs and "
            f"{need_words(ready.need_weekly_m, units)} weeks."
        )
    shorter = shorter_race_ready(distance, draft.target_date, runner)
    if shorter is not None:
        ideas.append(f"Or race a {race_name(shorter)} on {when}: you can be ready for that.")
    status = Status.FAIL if ready.share < READINESS_FAIL_BELOW else Status.WARN
    return Verdict(status, message, " ".join(ideas))
