"""The season as pictures: a timeline of phases and races, and each week's distance against the
plan. Pure functions from a `SeasonReport` to the shapes a template draws, with the words a
screen reader reads instead (`summary`, `desc`): colour is never the only sign.

Coordinates are in each SVG's own viewBox; the picture scales to its box.
"""

import datetime as dt
from dataclasses import dataclass

from athletes import units
from races.season import Phase, Season
from races.services import SeasonReport

WIDTH = 640
DAY = dt.timedelta(days=1)
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

# Plan chart margins: the top one holds each week's compliance word, written upwards.
PLAN_HEIGHT = 230
PLAN_LEFT, PLAN_RIGHT, PLAN_TOP, PLAN_BOTTOM = 34, 8, 62, 26
PLAN_W = WIDTH - PLAN_LEFT - PLAN_RIGHT
PLAN_H = PLAN_HEIGHT - PLAN_TOP - PLAN_BOTTOM
COMPLIANCE_CLASSES = {
    "as planned": "as-planned",
    "under": "under",
    "over": "over",
    "so far": "so-far",
}


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
class Marker:
    x: float
    y: float
    label: str
    title: str
    css_class: str = ""


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


@dataclass(frozen=True)
class PlanWeek:
    x: float
    width: float
    bar_y: float
    bar_height: float
    label: str
    label_x: float
    css_class: str
    phase_class: str
    title: str
    has_bar: bool


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class PlanChart:
    title: str
    summary: str
    desc: str
    width: int
    height: int
    weeks: list[PlanWeek]
    # The plan's weekly target as one stepped line ("x,y x,y …").
    target_points: str
    ticks: list[Tick]
    week_labels: list[Marker]
    label_y: int = PLAN_TOP - 4
    left: int = PLAN_LEFT
    plot_bottom: int = PLAN_TOP + PLAN_H


def _day_x(season: Season, day: dt.date) -> float:
    """x of the start of `day` on the timeline, which runs from the first Monday to the last
    Sunday of the plan."""
    first = season.weeks[0].week_start
    days = len(season.weeks) * 7
    return TIMELINE_SIDE + (day - first).days / days * (WIDTH - 2 * TIMELINE_SIDE)


def _span(season: Season, first: dt.date, last: dt.date) -> tuple[float, float]:
    left = _day_x(season, first)
    return round(left, 1), round(_day_x(season, last + DAY) - left, 1)


def _date(day: dt.date) -> str:
    return f"{day:%-d %b}"


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


def _week_runs(weeks: list, flag: str) -> list[tuple[dt.date, dt.date]]:
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
        f"Season for {race.name} (A) on {race.date:%-d %b %Y}, "
        f"{len(season.weeks)} weeks from {_date(season.weeks[0].week_start)}."
    ]
    parts.append(
        "Phases: "
        + ", ".join(
            f"{span.phase.value} {span.weeks} week{'s' if span.weeks != 1 else ''} "
            f"from {_date(span.first_week)}"
            for span in season.phases
        )
        + "."
    )
    others = [r for week in season.weeks for r in week.races if r.key != race.key]
    if others:
        parts.append(
            "Other races: "
            + ", ".join(f"{r.name} ({r.priority}) on {_date(r.date)}" for r in others)
            + "."
        )
    busy = _week_runs(list(season.weeks), "busy")
    if busy:
        parts.append(
            "Busy: " + ", ".join(f"{_date(first)} to {_date(last)}" for first, last in busy) + "."
        )
    setbacks = _week_runs(list(season.weeks), "setback")
    if setbacks:
        parts.append(
            "Setback: "
            + ", ".join(f"{_date(first)} to {_date(last)}" for first, last in setbacks)
            + "."
        )
    benchmarks = [week.week_start for week in season.weeks if week.benchmark]
    if benchmarks:
        parts.append(
            "Benchmark time trial in the weeks of " + " and ".join(map(_date, benchmarks)) + "."
        )
    week = season.week_of(report.today)
    if week is not None:
        parts.append(f"Today, {_date(report.today)}, is in {week.phase.value}.")
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
                f"{_date(span.first_week)} to {_date(span.last_day)}",
                name=name,
            )
        )
    busy = []
    for first, last in _week_runs(list(season.weeks), "busy"):
        x, width = _span(season, first, last)
        busy.append(Block(x, width, "busy", "", f"Busy: {_date(first)} to {_date(last)}"))
    setbacks = []
    for first, last in _week_runs(list(season.weeks), "setback"):
        x, width = _span(season, first, last)
        setbacks.append(Block(x, width, "setback", "", f"Setback: {_date(first)} to {_date(last)}"))
    benchmarks = []
    for week in season.weeks:
        if week.benchmark:
            x, width = _span(season, week.week_start, week.week_end)
            benchmarks.append(
                Marker(
                    x=round(x + width / 2, 1),
                    y=BENCHMARK_Y,
                    label="T",
                    title=f"Benchmark time trial in the week of {_date(week.week_start)}",
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
            f"{units.format_distance(race.distance_m, units_name)}, {race.date:%-d %b %Y}",
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
            title=f"Today, {_date(report.today)}",
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


def _nice_top(value: float) -> float:
    """A round axis maximum at or above `value` that leaves little empty: 10, 15, 20, 30, 40,
    50, 60, 80, 100 … (a 55 km peak week is drawn up to 60, not 100)."""
    step = 1.0
    while step * 10 < value:
        step *= 10
    for multiple in (1, 1.5, 2, 3, 4, 5, 6, 8, 10):
        if step * multiple >= value:
            return step * multiple
    return step * 10


def plan_summary(report: SeasonReport, *, units_name: str) -> str:
    """ "8 weeks done: 5 as planned, 2 under, 1 over. This week: 12.0 km of 40.0 km so far." """
    done = [w for w in report.weeks if w.compliance and w.compliance != "so far"]
    counts = {
        label: sum(w.compliance == label for w in done) for label in ("as planned", "under", "over")
    }
    parts = []
    if done:
        parts.append(
            f"{len(done)} week{'s' if len(done) != 1 else ''} done: "
            + ", ".join(f"{count} {label}" for label, count in counts.items() if count)
            + "."
        )
    else:
        parts.append("No full week of the plan done yet.")
    this_week = report.this_week
    if this_week is not None:
        parts.append(
            f"This week: {units.format_distance(this_week.actual_distance_m, units_name)} of "
            f"{units.format_distance(this_week.week.target_distance_m, units_name)} so far."
        )
    return " ".join(parts)


def _week_title(week_report, units_name: str) -> str:
    week = week_report.week
    planned = units.format_distance(week.target_distance_m, units_name)
    extra = "".join(
        [
            ", cut-back week" if week.cutback else "",
            ", benchmark week" if week.benchmark else "",
            ", busy" if week.busy else "",
            ", setback" if week.setback else "",
            *(f", {race.name} ({race.priority})" for race in week.races),
        ]
    )
    head = f"Week of {_date(week.week_start)} ({week.phase.value}{extra})"
    if not week_report.compliance:
        return f"{head}: {planned} planned"
    ran = units.format_distance(week_report.actual_distance_m, units_name)
    return f"{head}: {ran} run of {planned} planned, {week_report.compliance}"


def plan_chart(report: SeasonReport, *, units_name: str) -> PlanChart:
    """Bars of distance run in each week so far against a stepped line of the plan's target,
    each past week labelled in words: as planned, under or over."""
    weeks = report.weeks
    values = [
        (
            units.from_metres(w.week.target_distance_m, units_name),
            units.from_metres(w.actual_distance_m or 0, units_name),
        )
        for w in weeks
    ]
    top = _nice_top(max((max(pair) for pair in values), default=0) or 10)
    slot = PLAN_W / max(len(weeks), 1)

    def y(value: float) -> float:
        return round(PLAN_TOP + PLAN_H * (1 - value / top), 1)

    drawn, steps = [], []
    for index, (week_report, (target, actual)) in enumerate(zip(weeks, values, strict=True)):
        left = PLAN_LEFT + index * slot
        steps += [f"{round(left, 1)},{y(target)}", f"{round(left + slot, 1)},{y(target)}"]
        label = week_report.compliance
        drawn.append(
            PlanWeek(
                x=round(left + slot * 0.18, 1),
                width=round(slot * 0.64, 1),
                bar_y=y(actual),
                bar_height=round(PLAN_TOP + PLAN_H - y(actual), 1),
                label=label,
                # Rotated text sits on its baseline: nudge it right to centre it in the slot.
                label_x=round(left + slot / 2 + 3, 1),
                css_class=COMPLIANCE_CLASSES.get(label, "ahead"),
                phase_class=f"phase-{week_report.week.phase.value}",
                title=_week_title(week_report, units_name),
                has_bar=bool(label),
            )
        )
    ticks = [Tick(y=y(top * share), label=f"{top * share:g}") for share in (0, 0.5, 1)]
    week_labels = [
        Marker(
            x=round(PLAN_LEFT + (index + 0.5) * slot, 1),
            y=PLAN_HEIGHT - 8,
            label=_date(w.week.week_start),
            title="",
        )
        for index, w in enumerate(weeks)
        if index % 4 == 0
    ]
    return PlanChart(
        title=f"Weekly distance against the plan ({units_name})",
        summary=plan_summary(report, units_name=units_name),
        desc=" ".join(_week_title(w, units_name) + "." for w in weeks if w.compliance)
        or "No weeks run yet.",
        width=WIDTH,
        height=PLAN_HEIGHT,
        weeks=drawn,
        target_points=" ".join(steps),
        ticks=ticks,
        week_labels=week_labels,
    )
