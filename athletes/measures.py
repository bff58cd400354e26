"""The numbers every floor measures with, in one home: race distances, the training week, the
10 % weekly ramp, the range of plausible dates, the short date labels pages and charts print,
and the round axis maximum a chart is drawn up to.

Plain Python on purpose (no Django): the pure rule modules of every app import it, and so
does everything that words their verdicts. Each number is in docs/coaching-rules.md.
"""

import datetime as dt
from collections.abc import Sequence

# Race distances, in metres.
HALF_MARATHON_M = 21097.5
MARATHON_M = 42195
# The distances a race or goal form offers, shortest first; any other is typed in.
STANDARD_DISTANCES: list[tuple[str, float]] = [
    ("5K", 5000.0),
    ("10K", 10000.0),
    ("Half marathon", HALF_MARATHON_M),
    ("Marathon", float(MARATHON_M)),
    ("50K", 50000.0),
    ("100K", 100000.0),
]
# The same distances as a form's choices: whole metres ("21098" for the half).
STANDARD_DISTANCE_CHOICES: list[tuple[str, str]] = [
    (str(round(metres)), name) for name, metres in STANDARD_DISTANCES
]


def standard_distance(distance_m: float) -> tuple[str, float] | None:
    """The standard distance (name, metres) within a metre of `distance_m`, if there is one."""
    for name, metres in STANDARD_DISTANCES:
        if abs(metres - distance_m) < 1:
            return name, metres
    return None


def distance_name(distance_m: float) -> str:
    """ "Marathon" for 42195 m, "12.3 km" for anything that is not a standard distance."""
    standard = standard_distance(distance_m)
    return standard[0] if standard else f"{distance_m / 1000:g} km"


# A training week starts on Monday (in the runner's time zone: `Athlete.local_today`).
WEEK = dt.timedelta(days=7)


def monday_of(day: dt.date) -> dt.date:
    """The Monday that starts the training week of `day`."""
    return day - dt.timedelta(days=day.weekday())


def sunday_of(day: dt.date) -> dt.date:
    """The Sunday that ends the training week of `day`."""
    return monday_of(day) + dt.timedelta(days=6)


# The "10 % rule": a weekly distance grows at most this much a week, in a season plan, in the
# way back after a setback and in what SMART coaching calls an achievable build.
WEEKLY_RAMP = 0.10

# No GPS watch recorded a run before this: an earlier date in the log is a typo or a clock never
# set. Runs, setbacks and goals are dated on or after it, and no later than LATEST_DAY (dates
# near the calendar's ends overflow the week arithmetic).
EARLIEST_DAY = dt.date(1990, 1, 1)
LATEST_DAY = dt.date(2199, 12, 31)


def is_plausible_day(day: dt.date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


def percent(share: float) -> str:
    """ "75 %" for 0.75: how pages and messages print a share, the ramp's included."""
    return f"{share * 100:.0f} %"


def short_date(day: dt.date, *, with_year: bool = False, with_weekday: bool = False) -> str:
    """ "4 Jan", "4 Jan 2027" `with_year`, "Mon 4 Jan" `with_weekday`: how pages, messages and
    charts print a day."""
    label = f"{day.day} {day:%b %Y}" if with_year else f"{day.day} {day:%b}"
    return f"{day:%a} {label}" if with_weekday else label


# A chart's value axis runs up to a round number at or above its largest value: the first of
# these multiples of a power of ten that reaches it. FINE_AXIS_STEPS leaves less empty space
# (a 55 km week is drawn up to 60, not 100).
AXIS_STEPS: tuple[float, ...] = (1, 2, 2.5, 5, 10)
FINE_AXIS_STEPS: tuple[float, ...] = (1, 1.5, 2, 3, 4, 5, 6, 8, 10)
# The values an axis is labelled at, as shares of its maximum.
AXIS_TICK_SHARES: tuple[float, ...] = (0, 0.5, 1)


def nice_top(value: float, *, steps: Sequence[float] = AXIS_STEPS) -> float:
    """A round axis maximum at or above `value`: with AXIS_STEPS 10, 20, 25, 50, 100 …"""
    power = 1.0
    while power * 10 < value:
        power *= 10
    for multiple in steps:
        if power * multiple >= value:
            return power * multiple
    return power * 10


def axis_ticks(top: float) -> list[float]:
    """The values an axis up to `top` is labelled at: nought, half way and the top."""
    return [top * share for share in AXIS_TICK_SHARES]
