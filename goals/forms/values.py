"""Values typed into the goal forms: a target in the runner's units (km or mi, a time, a count)
read into SI units (`parse_value`) and written back to fill a form in (`display_value`), and
the date picker every goal form uses (`DATE`).
"""

import math

from django import forms
from django.core.exceptions import ValidationError

from athletes.units import from_metres, parse_duration, to_metres
from goals.models import Goal
from goals.smart.words import format_value

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def parse_value(metric: str, text: str, units: str) -> float:
    """A target typed in the runner's units (km or mi, a time, a count) in SI."""
    text = text.strip()
    if metric == Goal.Metric.RACE_TIME:
        return float(parse_duration(text))
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ValidationError("Enter a number, e.g. 30.")
    if number < 0:
        raise ValidationError("Enter a positive number.")
    if metric not in Goal.DISTANCE_METRICS:
        return number
    try:
        return float(to_metres(number, units))
    except OverflowError:  # past any float once in metres (1e308 miles)
        raise ValidationError("That number is too large.") from None


def display_value(metric: str, value: float | None, units: str) -> str:
    """The inverse of parse_value, to fill a form in."""
    if value is None:
        return ""
    if metric in Goal.DISTANCE_METRICS:
        return f"{from_metres(value, units):.1f}"
    return format_value(metric, value, units)
