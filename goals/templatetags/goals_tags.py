import datetime as dt

from django import template

from athletes.measures import short_date
from athletes.units import format_distance
from goals.models import Goal, GoalChange
from goals.smart.verdicts import Status
from goals.smart.words import format_value

register = template.Library()

VERDICT_BADGES = {Status.PASS: "good", Status.WARN: "warn", Status.FAIL: "bad"}


@register.filter
def metric_value(goal: Goal, value: float | None) -> str:
    """A value of this goal's measure, in its runner's units."""
    return format_value(goal.metric, value, goal.athlete.units)


@register.filter
def change_value(change: GoalChange, side: str) -> str:
    """The old or new value of a recorded change, as the runner reads it."""
    raw = change.old_value if side == "old" else change.new_value
    if not raw:
        return "–"
    goal = change.goal
    if change.field == "target_value":
        return format_value(goal.metric, float(raw), goal.athlete.units)
    if change.field == "distance_m":
        return format_distance(float(raw), goal.athlete.units)
    if change.field == "target_date":
        return short_date(dt.date.fromisoformat(raw), with_year=True)
    if change.field == "status":
        return Goal.Status(raw).label
    return raw


CHANGE_LABELS = {
    "target_value": "Target",
    "distance_m": "Race distance",
    "target_date": "Target date",
    "status": "Status",
}


@register.filter
def change_label(change: GoalChange) -> str:
    return CHANGE_LABELS.get(change.field, change.field)


@register.filter
def verdict_badge(status: Status) -> str:
    """The badge colour of a SMART verdict."""
    return VERDICT_BADGES[status]
