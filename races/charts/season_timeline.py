"""The season timeline: the plan's phases as coloured blocks, busy and setback weeks hatched,
benchmark weeks marked, each race as its letter above its day, the months below and a line at
today; with `timeline_summary`, the same in words for screen readers.
"""

import datetime as dt
from dataclasses import dataclass

from athletes import units
from athletes.measures import short_date
from races.charts.common import DAY, WIDTH, Marker
from races.season.shapes import Phase, Season, Week
from races.services import SeasonReport

PHASE_NAMES = {phase: phase.value.capitalize() for phase in Phase}

# Timeline rows, top to bottom: race letters, the phase band, benchmark marks, month names.
TIMELINE_HEIGHT = 104
TIMELINE_SIDE = 10
RACE_Y = 12
BAND_TOP, BAND_HEIGHT = 26, 34
BENCHMARK_Y = 70
MONTH_Y = 96
# A phase's name is written in its block when the block is at least this wide.
LABEL_MIN_WIDTH = 44


@dataclass(frozen=True)
class Block:
    x: float
    width: float
    css_class: str
    label: str
    title: str
    name: str = ""

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Timeline:
    title: str
    summary: str
    width: int
    height: int
    phases: list[Block]
    busy: list[Block]
    setbacks: list[Block]
    benchmarks: list[Marker]
    races: list[Marker]
    months: list[Marker]
    today: Marker | None
    band_top: int = BAND_TOP
    band_height: int = BAND_HEIGHT

    @property
    def band_bottom(self) -> int:
        return self.band_top + self.band_height


def _day_x(season: Season, day: dt.date) -> float:
    """x of the start of `day` on the timeline, which runs from the first Monday to the last
    Sunday of the plan."""
    first = season.weeks[0].week_start
    days = len(season.weeks) * 7
    return TIMELINE_SIDE + (day - first).days / days * (WIDTH - 2 * TIMELINE_SIDE)


def _span(season: Season, first: dt.date, last: dt.date) -> tuple[float, float]:
    left = _day_x(season, first)
    return round(left, 1), round(_day_x(season, last + DAY) - left, 1)


def _months(season: Season) -> list[Marker]:
    """The name of each month starting inside the plan (every other one on a long season)."""
    first, last = season.weeks[0].week_start, season.weeks[-1].week_end
    starts = []
    day = dt.date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            starts.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    step = 1 if len(starts) <= 10 else 2
    return [
        Marker(x=round(_day_x(season, day), 1), y=MONTH_Y, label=f"{day:%b}", title=f"{day:%B %Y}")
        for day in starts[::step]
    ]


def _week_runs(weeks: list[Week], flag: str) -> list[tuple[dt.date, dt.date]]:
    """Consecutive weeks with `flag` set, as (first Monday, last Sunday) spans."""
    spans: list[tuple[dt.date, dt.date]] = []
    for week in weeks:
        if not getattr(week, flag):
            continue
        if spans and spans[-1][1] + DAY == week.week_start:
            spans[-1] = (spans[-1][0], week.week_end)
        else:
            spans.append((week.week_start, week.week_end))
    return spans


def timeline_summary(report: SeasonReport, *, units_name: str) -> str:
    """The timeline in words, for screen readers and for anyone who reads rather than looks."""
    season = report.season
    race = season.a_race
    parts = [
        f"Season for {race.name} (A) on {short_date(race.date, with_year=True)}, "
        f"{len(season.weeks)} weeks from {short_date(season.weeks[0].week_start)}."
    ]
    parts.append(
        "Phases: "
        + ", ".join(
            f"{span.phase.value} {span.weeks} week{'s' if span.weeks != 1 else ''} "
            f"from {short_date(span.first_week)}"
            for span in season.phases
        )
        + "."
    )
    others = [r for week in season.weeks for r in week.races if r.key != race.key]
    if others:
        parts.append(
            "Other races: "
            + ", ".join(f"{r.name} ({r.priority}) on {short_date(r.date)}" for r in others)
            + "."
        )
    for label, kind in (("Busy", "busy"), ("Setback", "setback")):
        spans = _week_runs(list(season.weeks), kind)
        if spans:
            parts.append(
                f"{label}: "
                + ", ".join(f"{short_date(first)} to {short_date(last)}" for first, last in spans)
                + "."
            )
    benchmarks = [week.week_start for week in season.weeks if week.benchmark]
    if benchmarks:
        parts.append(
            "Benchmark time trial in the weeks of "
            + " and ".join(map(short_date, benchmarks))
            + "."
        )
    week = season.week_of(report.today)
    if week is not None:
        parts.append(f"Today, {short_date(report.today)}, is in {week.phase.value}.")
    return " ".join(parts)


def season_timeline(report: SeasonReport, *, units_name: str) -> Timeline:
    """Phases as coloured blocks, busy weeks hatched, benchmark weeks marked, races as their
    letter above the day they fall on, and a line at today."""
    season = report.season
    phases = []
    for span in season.phases:
        x, width = _span(season, span.first_week, span.last_day)
        name = PHASE_NAMES[span.phase]
        phases.append(
            Block(
                x=x,
                width=width,
                css_class=f"phase-{span.phase.value}",
                label=name if width >= LABEL_MIN_WIDTH else "",
                title=f"{name}: {span.weeks} week{'s' if span.weeks != 1 else ''}, "
                f"{short_date(span.first_week)} to {short_date(span.last_day)}",
                name=name,
            )
        )
    busy = []
    for first, last in _week_runs(list(season.weeks), "busy"):
        x, width = _span(season, first, last)
        busy.append(Block(x, width, "busy", "", f"Busy: {short_date(first)} to {short_date(last)}"))
    setbacks = []
    for first, last in _week_runs(list(season.weeks), "setback"):
        x, width = _span(season, first, last)
        setbacks.append(
            Block(x, width, "setback", "", f"Setback: {short_date(first)} to {short_date(last)}")
        )
    benchmarks = []
    for week in season.weeks:
        if week.benchmark:
            x, width = _span(season, week.week_start, week.week_end)
            benchmarks.append(
                Marker(
                    x=round(x + width / 2, 1),
                    y=BENCHMARK_Y,
                    label="T",
                    title=f"Benchmark time trial in the week of {short_date(week.week_start)}",
                    css_class="benchmark",
                )
            )
    races = [
        Marker(
            x=round(
                _day_x(season, race.date)
                + (_day_x(season, race.date + DAY) - _day_x(season, race.date)) / 2,
                1,
            ),
            y=RACE_Y,
            label=race.priority,
            title=f"{race.name} ({race.priority}), "
            f"{units.format_distance(race.distance_m, units_name)}, {short_date(race.date, with_year=True)}",
            css_class=f"race-{race.priority.lower()}",
        )
        for week in season.weeks
        for race in week.races
    ]
    first, last = season.weeks[0].week_start, season.weeks[-1].week_end
    today = None
    if first <= report.today <= last:
        today = Marker(
            x=round(_day_x(season, report.today), 1),
            y=BAND_TOP - 2,
            label="today",
            title=f"Today, {short_date(report.today)}",
            css_class="today",
        )
    return Timeline(
        title=f"Season plan for {season.a_race.name}",
        summary=timeline_summary(report, units_name=units_name),
        width=WIDTH,
        height=TIMELINE_HEIGHT,
        phases=phases,
        busy=busy,
        setbacks=setbacks,
        benchmarks=benchmarks,
        races=races,
        months=_months(season),
        today=today,
    )
