"""What a season plan is made of: what it is built from (`SeasonInputs`: the A race and the
other races as `PlannedRace`s, the runner's starting distance, busy periods and setbacks as
`SetbackSpan`s) and what it is (a `Season` of `Week`s, grouped in `PhaseSpan`s of a `Phase`).
Plain frozen dataclasses, no behaviour beyond reading themselves.
"""

import datetime as dt
import enum
from dataclasses import dataclass

from athletes.measures import WEEK, monday_of, sunday_of
from races.rules import BusySpan


class Phase(enum.StrEnum):
    BASE = "base"
    BUILD = "build"
    PEAK = "peak"
    TAPER = "taper"
    RECOVERY = "recovery"


@dataclass(frozen=True)
class PlannedRace:
    key: object
    name: str
    date: dt.date
    distance_m: float
    priority: str


@dataclass(frozen=True)
class SeasonInputs:
    today: dt.date
    a_race: PlannedRace
    # Monday of the week the season began (when the A race was added), at latest this week.
    start_week: dt.date
    # The average weekly distance of the four weeks before `start_week`.
    start_weekly_m: float
    other_races: tuple[PlannedRace, ...] = ()
    # The weekly distance the runner's available minutes fit at their usual pace, if known.
    fits_weekly_m: float | None = None
    busy_periods: tuple[BusySpan, ...] = ()
    setbacks: tuple["SetbackSpan", ...] = ()
    units: str = "km"


@dataclass(frozen=True)
class SetbackSpan:
    """A setback in the season: open while `end` is None. `before_weekly_m` is the mean weekly
    distance of the four weeks before it, where the way back starts from."""

    start: dt.date
    end: dt.date | None
    before_weekly_m: float

    def covers(self, monday: dt.date) -> bool:
        return self.start <= sunday_of(monday) and (self.end is None or self.end >= monday)


@dataclass(frozen=True)
class Week:
    week_start: dt.date
    phase: Phase
    # What the week asks the runner to run, races in it included.
    target_distance_m: float
    benchmark: bool = False
    cutback: bool = False
    races: tuple[PlannedRace, ...] = ()
    busy: bool = False
    setback: bool = False
    # The A race's distance, in race week: part of the target, on top of the taper's running.
    race_distance_m: float = 0.0

    @property
    def week_end(self) -> dt.date:
        return sunday_of(self.week_start)

    @property
    def training_distance_m(self) -> float:
        """The target less the A race: the running the taper cuts."""
        return self.target_distance_m - self.race_distance_m


@dataclass(frozen=True)
class PhaseSpan:
    phase: Phase
    first_week: dt.date
    weeks: int

    @property
    def last_day(self) -> dt.date:
        return self.first_week + self.weeks * WEEK - dt.timedelta(days=1)


@dataclass(frozen=True)
class Season:
    a_race: PlannedRace
    weeks: tuple[Week, ...]
    phases: tuple[PhaseSpan, ...]
    notes: tuple[str, ...] = ()
    peak_weekly_m: float = 0.0
    needs_weekly_m: float = 0.0
    needs_long_run_m: float = 0.0

    def week_of(self, day: dt.date) -> Week | None:
        monday = monday_of(day)
        return next((week for week in self.weeks if week.week_start == monday), None)
