"""Season rules: warnings about a race against the runner's other races, busy periods and experience.

A pure module: plain dataclasses in, warnings out. Every rule is a warning, never a block, and
each names itself so a runner or coach can look it up in docs/coaching-rules.md. A race is
checked as typed (saved or not) against the runner's other races.

The season's lengths the rules and the plan (races/season/) share live here too: the taper, the
shortest full season and the recovery after a race.
"""

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from athletes.measures import HALF_MARATHON_M, MARATHON_M
from athletes.units import METRES_PER_UNIT, format_distance

# Rule 1: marathon-or-longer A races, at most this many a year, and far enough apart for the
# recovery after one and a full season before the next (`recovery_weeks`, `full_season_weeks`).
LONG_A_RACES_PER_YEAR = 2
# Rule 2: days of no racing after a marathon or longer (about a day per mile of a marathon).
RECOVERY_AFTER_LONG_RACE_DAYS = 28
# Rule 3: a B race is a tune-up this many weeks before the A race...
B_RACE_EARLIEST_WEEKS = 6
B_RACE_LATEST_WEEKS = 3
# ...judged against the next A race only when it is at most this far ahead; further off, the
# B race belongs to no A race's build.
B_RACE_SEASON_WEEKS = 16
# Rule 5: beginners.
BEGINNER_LONG_RACES_PER_YEAR = 1
# A races of any distance.
A_RACES_PER_YEAR = 3
YEAR_DAYS = 365
# The season plan's phases (races/season/), at their shortest: a full season needs a base and a
# build of at least these many weeks, the peak and the taper (`taper_weeks`).
PEAK_WEEKS = 3
BASE_MIN_WEEKS = 4
BUILD_MIN_WEEKS = 4
MILE_M = METRES_PER_UNIT["mi"]


@dataclass(frozen=True)
class RaceFacts:
    """What the rules read of a race. `key` tells the race being checked from the others."""

    key: object
    name: str
    date: dt.date
    distance_m: float
    priority: str

    @property
    def is_long(self) -> bool:
        return self.distance_m >= MARATHON_M


@dataclass(frozen=True)
class BusySpan:
    start: dt.date
    end: dt.date
    label: str


@dataclass(frozen=True)
class Warning:
    rule: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message}


def taper_weeks(distance_m: float) -> int:
    """Marathon and longer taper 3 weeks, a half 2, anything shorter 1."""
    if distance_m >= MARATHON_M:
        return 3
    if distance_m >= HALF_MARATHON_M:
        return 2
    return 1


def recovery_weeks(distance_m: float) -> int:
    """After a race, about a day per mile raced, in whole weeks, at least one."""
    return max(1, math.ceil(distance_m / MILE_M / 7))


def full_season_weeks(distance_m: float) -> int:
    """The fewest weeks, race week included, in which the plan fits every phase before a race."""
    return BASE_MIN_WEEKS + BUILD_MIN_WEEKS + PEAK_WEEKS + taper_weeks(distance_m)


def day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def weeks(days: int) -> str:
    whole, rest = divmod(days, 7)
    text = f"{whole} week{'s' if whole != 1 else ''}"
    return f"{text} and {rest} day{'s' if rest != 1 else ''}" if rest else text


def most_in_a_year(race: RaceFacts, races: Iterable[RaceFacts]) -> list[RaceFacts]:
    """The largest set of `races` inside one 365-day window that also holds `race`."""
    dates = sorted({r.date for r in races})
    best: list[RaceFacts] = []
    for start in dates:
        end = start + dt.timedelta(days=YEAR_DAYS - 1)
        if not start <= race.date <= end:
            continue
        inside = [r for r in races if start <= r.date <= end]
        if len(inside) > len(best):
            best = inside
    return best


def long_a_races(race: RaceFacts, others: Sequence[RaceFacts]) -> list[Warning]:
    if race.priority != "A" or not race.is_long:
        return []
    found = []
    long_a = [r for r in others if r.priority == "A" and r.is_long]
    in_year = most_in_a_year(race, [race, *long_a])
    if len(in_year) > LONG_A_RACES_PER_YEAR:
        found.append(
            Warning(
                "long-a-races-per-year",
                f"{len(in_year)} A races of marathon distance or longer within 365 days; "
                f"{LONG_A_RACES_PER_YEAR} a year is the most a body recovers from and trains for.",
            )
        )
    for other in long_a:
        earlier, later = (other, race) if other.date <= race.date else (race, other)
        gap = (later.date - earlier.date).days
        recovery = recovery_weeks(earlier.distance_m)
        season = full_season_weeks(later.distance_m)
        if gap < (recovery + season) * 7:
            found.append(
                Warning(
                    "long-a-races-apart",
                    f"Only {weeks(gap)} between this and “{other.name}” ({day(other.date)}); "
                    f"after “{earlier.name}” come {recovery} weeks of recovery, and "
                    f"“{later.name}” needs a full {season}-week season (base, build, peak and "
                    f"taper): {recovery + season} weeks apart, one per season.",
                )
            )
    return found


def recovery_after_long_race(race: RaceFacts, others: Sequence[RaceFacts]) -> list[Warning]:
    found = []
    for other in others:
        before, after = (other, race) if other.date <= race.date else (race, other)
        gap = (after.date - before.date).days
        if before.is_long and gap < RECOVERY_AFTER_LONG_RACE_DAYS:
            found.append(
                Warning(
                    "recovery-after-marathon",
                    f"“{after.name}” ({day(after.date)}) comes {weeks(gap)} after "
                    f"“{before.name}”, a {format_distance(before.distance_m, 'km')} race; allow "
                    f"{RECOVERY_AFTER_LONG_RACE_DAYS // 7} weeks with no racing after a "
                    "marathon or longer (about a day per mile raced).",
                )
            )
    return found


def next_a_race(race: RaceFacts, others: Sequence[RaceFacts]) -> RaceFacts | None:
    ahead = [r for r in others if r.priority == "A" and r.date > race.date]
    return min(ahead, key=lambda r: r.date, default=None)


def tune_up(race: RaceFacts, others: Sequence[RaceFacts]) -> list[Warning]:
    """B races 3–6 weeks before the A race and outside its taper; C races outside its taper."""
    if race.priority not in ("B", "C"):
        return []
    a_race = next_a_race(race, others)
    if a_race is None:
        return []
    gap = (a_race.date - race.date).days
    taper_days = taper_weeks(a_race.distance_m) * 7
    if gap < taper_days:
        rule = "b-race-in-taper" if race.priority == "B" else "c-race-in-taper"
        return [
            Warning(
                rule,
                f"{weeks(gap)} before your A race “{a_race.name}”, inside its "
                f"{taper_days // 7}-week taper, when training eases off to arrive fresh; a "
                f"{race.priority} race there costs the A race.",
            )
        ]
    too_close = gap < B_RACE_LATEST_WEEKS * 7
    too_early = B_RACE_EARLIEST_WEEKS * 7 < gap <= B_RACE_SEASON_WEEKS * 7
    if race.priority == "B" and (too_close or too_early):
        return [
            Warning(
                "b-race-timing",
                f"{weeks(gap)} before your A race “{a_race.name}”; a tune-up race works best "
                f"{B_RACE_LATEST_WEEKS}–{B_RACE_EARLIEST_WEEKS} weeks before it.",
            )
        ]
    return []


def in_busy_period(race: RaceFacts, busy: Sequence[BusySpan]) -> list[Warning]:
    return [
        Warning(
            "busy-period",
            f"Race day falls in your busy period “{span.label}” ({day(span.start)} – "
            f"{day(span.end)}).",
        )
        for span in busy
        if span.start <= race.date <= span.end
    ]


def beginner_long_races(
    race: RaceFacts, others: Sequence[RaceFacts], *, experience: str
) -> list[Warning]:
    if experience != "beginner" or not race.is_long:
        return []
    in_year = most_in_a_year(race, [race, *[r for r in others if r.is_long]])
    if len(in_year) <= BEGINNER_LONG_RACES_PER_YEAR:
        return []
    return [
        Warning(
            "beginner-long-races",
            f"{len(in_year)} races of marathon distance or longer within 365 days; in your first "
            f"years, {BEGINNER_LONG_RACES_PER_YEAR} a year lets the body adapt between them.",
        )
    ]


def a_races_per_year(race: RaceFacts, others: Sequence[RaceFacts]) -> list[Warning]:
    if race.priority != "A":
        return []
    in_year = most_in_a_year(race, [race, *[r for r in others if r.priority == "A"]])
    if len(in_year) <= A_RACES_PER_YEAR:
        return []
    return [
        Warning(
            "a-races-per-year",
            f"{len(in_year)} A races within 365 days; more than {A_RACES_PER_YEAR} and none of "
            "them gets a full build, peak and taper. Make some of them B or C races.",
        )
    ]


def check(
    race: RaceFacts,
    others: Iterable[RaceFacts],
    *,
    busy: Sequence[BusySpan] = (),
    experience: str = "intermediate",
) -> list[Warning]:
    """Every season rule the race breaks, in the order of docs/coaching-rules.md."""
    others = [other for other in others if other.key != race.key]
    return [
        *long_a_races(race, others),
        *recovery_after_long_race(race, others),
        *tune_up(race, others),
        *in_busy_period(race, busy),
        *beginner_long_races(race, others, experience=experience),
        *a_races_per_year(race, others),
    ]
