"""The season plan, built backwards from the next A race.

A pure module: `build(SeasonInputs)` returns the same `Season` for the same inputs. Phases, from
race day back: taper (3 weeks for a marathon or longer, 2 for a half, 1 shorter), peak (3
weeks), build (about 40 % of the weeks left, 4 to 8) and base (the rest, at least 4), then
recovery after the race. When there are too few weeks, base shortens first, then build, then
peak, then taper; the weekly ramp never gets steeper to make up for it. Every number is in
docs/coaching-rules.md with its source.
"""

import datetime as dt
import enum
import math
from dataclasses import dataclass, field, replace

from athletes.models import WEEK, monday_of
from athletes.units import METRES_PER_UNIT, format_distance
from checkins.setbacks import return_ramp
from races.models import HALF_MARATHON_M, MARATHON_M, distance_name
from races.rules import BusySpan, taper_weeks

PEAK_WEEKS = 3
BASE_MIN_WEEKS = 4
BUILD_MIN_WEEKS = 4
BUILD_MAX_WEEKS = 8
BUILD_SHARE = 0.4
# Weekly target distance: at most this much more than the last full week…
RAMP = 0.10
# …and every fourth week a cut-back week this much lighter.
CUTBACK_EVERY = 4
CUTBACK = 0.25
# A B race's week is a one-week mini-taper, this much lighter than the full week.
MINI_TAPER = 0.25
# The taper cuts weekly distance by 40 % in its first week, falling to 60 % in race week.
TAPER_CUT_FIRST = 0.40
TAPER_CUT_LAST = 0.60
# Recovery weeks after the A race run at this share of the peak.
RECOVERY_SHARE = 0.5
# With no runs in the last four weeks the plan starts from this.
START_FLOOR_M = 10_000.0
MILE_M = METRES_PER_UNIT["mi"]

# What each race asks for at its peak: weekly distance and longest run (metres). Lower ends of
# the published recreational plans, see docs/coaching-rules.md.
RACE_NEEDS = [
    # (shortest distance it applies to, weekly distance, long run)
    (100_000, 80_000, 45_000),
    (50_000, 65_000, 35_000),
    (MARATHON_M, 55_000, 30_000),
    (HALF_MARATHON_M, 35_000, 16_000),
    (10_000, 25_000, 12_000),
    (0, 20_000, 8_000),
]


def race_needs(distance_m: float) -> tuple[float, float]:
    """(weekly distance, longest run) in metres that a race of this distance asks for at the peak."""
    for shortest, weekly, long_run in RACE_NEEDS:
        if distance_m >= shortest:
            return float(weekly), float(long_run)
    raise ValueError(distance_m)


def recovery_weeks(distance_m: float) -> int:
    """About a day per mile raced, in whole weeks, at least one."""
    return max(1, math.ceil(distance_m / MILE_M / 7))


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
        return self.start <= monday + dt.timedelta(days=6) and (
            self.end is None or self.end >= monday
        )


@dataclass(frozen=True)
class Week:
    week_start: dt.date
    phase: Phase
    target_distance_m: float
    benchmark: bool = False
    cutback: bool = False
    races: tuple[PlannedRace, ...] = ()
    busy: bool = False
    setback: bool = False

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)


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


@dataclass(frozen=True)
class PhaseLengths:
    base: int
    build: int
    peak: int
    taper: int
    notes: tuple[str, ...] = field(default_factory=tuple)


def phase_lengths(total_weeks: int, distance_m: float) -> PhaseLengths:
    """How many of `total_weeks` (race week included) each phase gets, shortest phases first."""
    taper_ideal = taper_weeks(distance_m)
    taper = min(taper_ideal, total_weeks)
    peak = min(PEAK_WEEKS, total_weeks - taper)
    rest = total_weeks - taper - peak
    build = min(max(round(BUILD_SHARE * rest), BUILD_MIN_WEEKS), BUILD_MAX_WEEKS, rest)
    base = rest - build
    notes = []
    if base < BASE_MIN_WEEKS:
        notes.append(f"base is {base} of the {BASE_MIN_WEEKS} weeks it needs")
    if build < BUILD_MIN_WEEKS:
        notes.append(f"build is {build} of the {BUILD_MIN_WEEKS} weeks it needs")
    if peak < PEAK_WEEKS:
        notes.append(f"peak is {peak} of {PEAK_WEEKS} weeks")
    if taper < taper_ideal:
        notes.append(f"taper is {taper} of {taper_ideal} weeks")
    return PhaseLengths(base, build, peak, taper, tuple(notes))


def taper_cuts(weeks: int) -> list[float]:
    """The cut from peak for each taper week: 40 % falling to 60 % in race week."""
    if weeks == 1:
        return [(TAPER_CUT_FIRST + TAPER_CUT_LAST) / 2]
    step = (TAPER_CUT_LAST - TAPER_CUT_FIRST) / (weeks - 1)
    return [TAPER_CUT_FIRST + step * i for i in range(weeks)]


def ramp(
    start_m: float, ceiling_m: float, weeks: int, *, mini_tapers: frozenset[int] = frozenset()
) -> list[tuple[float, bool]]:
    """(target, is cut-back) for each training week: at most 10 % over the last full week, and
    every fourth week a cut-back of 25 %. Never above the ceiling once reached.

    The weeks in `mini_tapers` (a B race's week, by index) run 25 % light and, like a cut-back,
    do not count as a step up: the week after one rises 10 % over the last full week, not over
    a week the runner never ran."""
    targets = []
    full = min(start_m, ceiling_m)
    for index in range(weeks):
        cutback = index % CUTBACK_EVERY == CUTBACK_EVERY - 1
        mini_taper = index in mini_tapers and not cutback
        if index and not cutback and not mini_taper:
            full = min(full * (1 + RAMP), ceiling_m)
        if cutback:
            targets.append((full * (1 - CUTBACK), True))
        elif mini_taper:
            targets.append((full * (1 - MINI_TAPER), False))
        else:
            targets.append((full, False))
    return targets


def reachable(start_m: float, weeks: int) -> float:
    """The most a weekly distance (or a long run) can grow to in `weeks` training weeks under the
    ramp rule, cut-backs included."""
    if weeks <= 0:
        return start_m
    full = [target for target, cutback in ramp(start_m, math.inf, weeks) if not cutback]
    return full[-1] if full else start_m


def weeks_to_reach(start_m: float, need_m: float, *, limit: int = 156) -> int | None:
    """Training weeks the ramp rule needs to grow from `start_m` to `need_m`, or None past `limit`."""
    if start_m <= 0:
        return None
    for weeks in range(limit + 1):
        if reachable(start_m, weeks) >= need_m:
            return weeks
    return None


def way_back(setback: SetbackSpan, weeks: int) -> list[float]:
    """The return ramp of checkins.setbacks, then on at 10 % a week: `weeks` weekly ceilings."""
    assert setback.end is not None  # only a setback that is over has a way back
    weeks_off = (setback.end - setback.start).days // 7
    ceilings = return_ramp(before_m=setback.before_weekly_m, weeks_off=weeks_off)
    while len(ceilings) < weeks:
        ceilings.append(ceilings[-1] * (1 + RAMP))
    return ceilings[:weeks]


def after_setbacks(weeks: list[Week], inputs: SeasonInputs) -> tuple[list[Week], list[str]]:
    """Hold the plan to the way back after the latest setback that is over, and say so."""
    notes = []
    ongoing = [s for s in inputs.setbacks if s.end is None]
    if ongoing:
        notes.append(
            f"Setback since {ongoing[0].start:%-d %B}: its weeks are marked. Once you are back "
            "running, the plan restarts lower and builds up again."
        )
        return weeks, notes
    over = [s for s in inputs.setbacks if s.end is not None and s.before_weekly_m > 0]
    if not over:
        return weeks, notes
    latest = max(over, key=lambda s: s.end or dt.date.min)
    assert latest.end is not None  # `over` holds setbacks that ended
    first_back = latest.end + dt.timedelta(days=1)
    first_back = monday_of(first_back)
    later = [i for i, week in enumerate(weeks) if week.week_start >= first_back]
    if not later:
        return weeks, notes
    ceilings = way_back(latest, len(later))
    held = False
    for index, ceiling in zip(later, ceilings, strict=True):
        if weeks[index].target_distance_m > ceiling:
            weeks[index] = replace(weeks[index], target_distance_m=round(ceiling))
            held = True
    if held:
        notes.append(
            f"Back from a setback on {latest.end:%-d %B}: the plan restarts at "
            f"{format_distance(ceilings[0], inputs.units, digits=0)} a week, "
            f"{ceilings[0] / latest.before_weekly_m * 100:.0f} % of the "
            f"{format_distance(latest.before_weekly_m, inputs.units, digits=0)} before it, "
            "and builds at most 10 % a week until it meets the plan."
        )
    return weeks, notes


def build(inputs: SeasonInputs) -> Season:
    a_race = inputs.a_race
    race_week = monday_of(a_race.date)
    start_week = min(inputs.start_week, race_week)
    total = (race_week - start_week).days // 7 + 1
    lengths = phase_lengths(total, a_race.distance_m)
    need_weekly, need_long = race_needs(a_race.distance_m)
    notes = []
    if lengths.notes:
        notes.append(
            f"{total} week{'s' if total != 1 else ''} to race day is short of a full season: "
            + "; ".join(lengths.notes)
            + ". The weekly build stays at 10 % at most."
        )
    start_m = inputs.start_weekly_m
    if start_m <= 0:
        start_m = START_FLOOR_M
        notes.append(
            f"No runs in the four weeks before the season began, so the plan starts from "
            f"{format_distance(START_FLOOR_M, inputs.units, digits=0)} a week."
        )
    ceiling = max(need_weekly, start_m)
    if inputs.fits_weekly_m is not None and inputs.fits_weekly_m < ceiling:
        notes.append(
            f"Your training time fits about "
            f"{format_distance(inputs.fits_weekly_m, inputs.units, digits=0)} a week at your "
            f"usual pace; a {distance_name(a_race.distance_m)} asks for about "
            f"{format_distance(need_weekly, inputs.units, digits=0)}."
        )
        ceiling = max(inputs.fits_weekly_m, 0.0)
    training_weeks = lengths.base + lengths.build + lengths.peak
    races = sorted([a_race, *inputs.other_races], key=lambda race: race.date)
    b_race_weeks = frozenset(
        index
        for index in range(training_weeks)
        if any(
            race.priority == "B" and 0 <= (race.date - start_week).days - index * 7 < 7
            for race in races
        )
    )
    targets = ramp(start_m, ceiling, training_weeks, mini_tapers=b_race_weeks)
    full_weeks = [
        target
        for index, (target, cutback) in enumerate(targets)
        if not cutback and index not in b_race_weeks
    ]
    peak_m = max(full_weeks, default=min(start_m, ceiling))
    if peak_m < need_weekly:
        notes.append(
            f"At 10 % a week with cut-backs, your weekly distance reaches "
            f"{format_distance(peak_m, inputs.units, digits=0)} by the peak; a "
            f"{distance_name(a_race.distance_m)} asks for about "
            f"{format_distance(need_weekly, inputs.units, digits=0)}."
        )

    phases = [
        (Phase.BASE, lengths.base),
        (Phase.BUILD, lengths.build),
        (Phase.PEAK, lengths.peak),
        (Phase.TAPER, lengths.taper),
        (Phase.RECOVERY, recovery_weeks(a_race.distance_m)),
    ]
    spans, week_phases = [], []
    cursor = start_week
    for phase, count in phases:
        if count:
            spans.append(PhaseSpan(phase, cursor, count))
        week_phases += [phase] * count
        cursor += count * WEEK

    benchmark_weeks = {start_week}
    if lengths.build:
        benchmark_weeks.add(start_week + (lengths.base + lengths.build - 1) * WEEK)
    cuts = taper_cuts(lengths.taper) if lengths.taper else []
    weeks = []
    for index, phase in enumerate(week_phases):
        monday = start_week + index * WEEK
        in_week = tuple(r for r in races if monday <= r.date < monday + WEEK)
        cutback = False
        if phase is Phase.TAPER:
            target = peak_m * (1 - cuts[index - training_weeks])
        elif phase is Phase.RECOVERY:
            target = peak_m * RECOVERY_SHARE
        else:
            target, cutback = targets[index]
        weeks.append(
            Week(
                week_start=monday,
                phase=phase,
                target_distance_m=round(target),
                benchmark=monday in benchmark_weeks,
                cutback=cutback,
                races=in_week,
                busy=any(
                    span.start <= monday + dt.timedelta(days=6) and span.end >= monday
                    for span in inputs.busy_periods
                ),
                setback=any(setback.covers(monday) for setback in inputs.setbacks),
            )
        )
    weeks, setback_notes = after_setbacks(weeks, inputs)
    notes += setback_notes
    return Season(
        a_race=a_race,
        weeks=tuple(weeks),
        phases=tuple(spans),
        notes=tuple(notes),
        peak_weekly_m=round(peak_m),
        needs_weekly_m=need_weekly,
        needs_long_run_m=need_long,
    )
