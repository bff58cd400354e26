"""How SMART coaching words a goal: a date as the runner reads it (`day`), a measured or target
value in their own units (`format_value`, also the goal pages' and the calendar feed's), a race
mid-sentence (`race_name`, `the_race`), and the measurable part of a goal in a phrase
(`target_phrase`), for the verdicts and their suggestions.
"""

import datetime as dt

from athletes.measures import distance_name
from athletes.units import format_distance, format_duration
from goals.models import Goal
from goals.smart.verdicts import Draft


def race_name(distance_m: float) -> str:
    """A race distance mid-sentence: "marathon", "half marathon", "10K", "12.3 km race"."""
    name = distance_name(distance_m)
    if name.endswith(" km"):
        return f"{name} race"
    return name if name[0].isdigit() else name.lower()


def the_race(distance_m: float) -> str:
    return f"the {race_name(distance_m)}"


def day(date: dt.date, today: dt.date) -> str:
    return f"{date.day} {date:%B}" if date.year == today.year else f"{date.day} {date:%B %Y}"


def format_value(metric: str, value: float | None, units: str) -> str:
    """A measured or target value in the runner's own units."""
    if value is None:
        return "–"
    if metric in Goal.DISTANCE_METRICS:
        return format_distance(value, units)
    if metric == Goal.Metric.RACE_TIME:
        return format_duration(value)
    return f"{value:g}"


def target_phrase(draft: Draft, units: str) -> str:
    """The measurable part of a goal in words: "30.0 km a week", "a 10K in 52:00"."""
    value = draft.target_value or 0
    metric = Goal.Metric
    phrases: dict[str, str] = {
        metric.RUNS_PER_WEEK: f"{value:g} runs a week",
        metric.WEEKLY_DISTANCE: f"{format_distance(value, units)} a week",
        metric.LONG_RUN: f"a long run of {format_distance(value, units)}",
        metric.TOTAL_DISTANCE: f"{format_distance(value, units, digits=0)} in total",
        metric.STRENGTH_PER_WEEK: f"{value:g} strength sessions a week",
        metric.SLEEP_PER_WEEK: f"{value:g} nights of good sleep a week",
        metric.REVIEWS_PER_WEEK: "a weekly review every week",
        metric.RACE_TIME: (
            f"{format_distance(draft.distance_m, units)} in {format_duration(value)}"
            if draft.distance_m
            else f"a race in {format_duration(value)}"
        ),
    }
    return phrases.get(draft.metric, "")
