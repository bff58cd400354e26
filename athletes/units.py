"""Distances are stored in metres and durations in seconds; people read and type their own unit."""

import re

from athletes.measures import standard_distance

METRES_PER_UNIT = {"km": 1000.0, "mi": 1609.344}

_DURATION_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")
_DURATION_WORDS = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(?P<m>\d+(?:\.\d+)?)\s*m(?:in(?:utes?|s)?)?)?\s*"
    r"(?:(?P<s>\d+)\s*s(?:ec(?:onds?|s)?)?)?$"
)
# "1h02", as a watch face shows it: the minutes after the hours need no unit.
_DURATION_HOURS_MINUTES = re.compile(r"^(\d+)\s*h\s*(\d{2})$")


def to_metres(value: float, units: str) -> int:
    return round(value * METRES_PER_UNIT[units])


def from_metres(metres: float, units: str) -> float:
    return metres / METRES_PER_UNIT[units]


def format_distance(metres: float | None, units: str, *, digits: int = 1) -> str:
    if metres is None:
        return "–"
    return f"{from_metres(metres, units):.{digits}f} {units}"


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def distance_label(distance_m: float, units: str) -> str:
    """ "Marathon" for a standard distance, "15.5 km" (in the runner's units) for any other."""
    standard = standard_distance(distance_m)
    return standard[0] if standard else format_distance(distance_m, units)


def format_pace(metres: float, seconds: float, units: str) -> str:
    if not metres or not seconds:
        return "–"
    per_unit = seconds / from_metres(metres, units)
    return f"{format_duration(per_unit)} /{units}"


def parse_duration(text: str) -> int:
    """Seconds from `45:00`, `1:02:03`, `62 min`, `45m`, `1h 5m`, `1h02`, `1h02m30s` or a bare
    number of minutes."""
    text = text.strip().lower()
    if not text:
        raise ValueError("Enter a duration such as 45:00, 1:02:03 or 62 min.")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return round(float(text) * 60)
    clock = _DURATION_CLOCK.match(text)
    if clock:
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        if seconds >= 60 or (clock.group(1) and minutes >= 60):
            raise ValueError("Minutes and seconds must be below 60, e.g. 1:02:03.")
        return hours * 3600 + minutes * 60 + seconds
    hours_minutes = _DURATION_HOURS_MINUTES.match(text)
    if hours_minutes:
        hours, minutes = (int(part) for part in hours_minutes.groups())
        if minutes >= 60:
            raise ValueError("Minutes must be below 60, e.g. 1h02.")
        return hours * 3600 + minutes * 60
    words = _DURATION_WORDS.match(text)
    if words and any(words.groupdict().values()):
        word_hours = float(words["h"] or 0)
        word_minutes = float(words["m"] or 0)
        return round(word_hours * 3600 + word_minutes * 60 + int(words["s"] or 0))
    raise ValueError(f"“{text}” is not a duration we understand. Try 45:00, 1:02:03 or 62 min.")
