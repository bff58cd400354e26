"""Server-side SVG charts: pure functions from weekly numbers to the shapes a template draws.

Coordinates are in the SVG's own viewBox (`WIDTH` × `HEIGHT`); the picture scales to its box.
"""

import dataclasses
import datetime as dt
from collections.abc import Sequence

from athletes import units
from athletes.models import WEEK, Athlete, monday_of
from checkins import momentum, weekstats
from checkins.models import Run, WeeklyReview, WeekStat
from checkins.reviews.standing import WeekRow

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 28, 14, 10, 22  # margins for the axis labels
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclasses.dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclasses.dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str


@dataclasses.dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str


@dataclasses.dataclass(frozen=True)
class Series:
    name: str
    css_class: str
    points: list[Point]
    # Runs of consecutive weeks with a value, each drawn as one line ("x,y x,y …").
    segments: list[str]


@dataclasses.dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    ticks: list[Tick]
    week_labels: list[Point]
    bars: list[Bar] = dataclasses.field(default_factory=list)
    series: list[Series] = dataclasses.field(default_factory=list)
    empty: bool = False
    left: int = LEFT
    label_x: int = LEFT - 4
    # The picture in words, for screen readers and for anyone who reads rather than looks.
    summary: str = ""


def _slot(index: int, count: int) -> tuple[float, float]:
    """Left edge and width of week `index`'s column."""
    width = PLOT_W / max(count, 1)
    return LEFT + index * width, width


def _week_labels(weeks: Sequence[dt.date]) -> list[Point]:
    """A date under every fourth week, counted from the newest so this week is labelled."""
    labels = []
    for index, week in enumerate(weeks):
        if (len(weeks) - 1 - index) % 4 == 0:
            left, width = _slot(index, len(weeks))
            labels.append(Point(x=left + width / 2, y=HEIGHT - 6, title=f"{week:%-d %b}"))
    return labels


def _bar(index: int, count: int, value: float, top: float, title: str) -> Bar:
    """Week `index`'s bar, `value` on an axis up to `top`."""
    left, width = _slot(index, count)
    height = PLOT_H * value / top
    return Bar(
        x=round(left + width * 0.15, 1),
        y=round(TOP + PLOT_H - height, 1),
        width=round(width * 0.7, 1),
        height=round(height, 1),
        title=title,
    )


def _nice_top(value: float) -> float:
    """A round axis maximum at or above `value`: 10, 20, 25, 50, 100 …"""
    step = 1.0
    while step * 10 < value:
        step *= 10
    for multiple in (1, 2, 2.5, 5, 10):
        if step * multiple >= value:
            return step * multiple
    return step * 10


def weekly_distance_chart(
    weeks: Sequence[tuple[dt.date, int]], *, units_name: str, title: str = "Weekly distance"
) -> Chart:
    """Bars of distance per week (metres in, drawn in the runner's unit)."""
    values = [units.from_metres(metres, units_name) for _, metres in weeks]
    top = _nice_top(max(values, default=0) or 10)
    bars = [
        _bar(index, len(weeks), value, top, f"Week of {week:%-d %b}: {value:.1f} {units_name}")
        for index, ((week, _), value) in enumerate(zip(weeks, values, strict=True))
    ]
    ticks = [
        Tick(y=round(TOP + PLOT_H * (1 - share), 1), label=f"{top * share:g}")
        for share in (0, 0.5, 1)
    ]
    return Chart(
        title=f"{title} ({units_name})",
        width=WIDTH,
        height=HEIGHT,
        ticks=ticks,
        week_labels=_week_labels([week for week, _ in weeks]),
        bars=bars,
        empty=not any(values),
    )


def _scale_y(score: int) -> float:
    return round(TOP + PLOT_H * (5 - score) / 4, 1)


def wellbeing_chart(weeks: Sequence[tuple[dt.date, WeeklyReview | None]]) -> Chart:
    """Energy and motivation (1–5) per week as two lines; weeks without a score leave a gap."""
    series = []
    for name, css_class in (("Energy", "energy"), ("Motivation", "motivation")):
        field = name.lower()
        points: list[Point] = []
        segments: list[list[str]] = [[]]
        for index, (week, review) in enumerate(weeks):
            score = getattr(review, field, None) if review else None
            if score is None:
                segments.append([])
                continue
            left, width = _slot(index, len(weeks))
            point = Point(
                x=round(left + width / 2, 1),
                y=_scale_y(score),
                title=f"Week of {week:%-d %b}: {name.lower()} {score}/5",
            )
            points.append(point)
            segments[-1].append(f"{point.x},{point.y}")
        series.append(
            Series(
                name=name,
                css_class=css_class,
                points=points,
                segments=[" ".join(s) for s in segments if len(s) > 1],
            )
        )
    return Chart(
        title="Energy and motivation (1–5)",
        width=WIDTH,
        height=HEIGHT,
        ticks=[Tick(y=_scale_y(score), label=str(score)) for score in (1, 3, 5)],
        week_labels=_week_labels([week for week, _ in weeks]),
        series=series,
        empty=not any(s.points for s in series),
    )


def weekly_distances(athlete: Athlete, weeks: Sequence[dt.date]) -> list[tuple[dt.date, int]]:
    """Metres run in each of `weeks` (consecutive Mondays), in one query."""
    if not weeks:
        return []
    start, _ = athlete.week_bounds(weeks[0])
    _, end = athlete.week_bounds(weeks[-1])
    totals = dict.fromkeys(weeks, 0)
    runs = (
        Run.objects.running()
        .filter(athlete=athlete, started_at__gte=start, started_at__lt=end)
        .values_list("started_at", "distance_m")
    )
    for started_at, metres in runs:
        day = started_at.astimezone(athlete.zone).date()
        totals[monday_of(day)] += metres
    return list(totals.items())


def athlete_charts(athlete: Athlete, rows: Sequence[WeekRow], *, count: int) -> dict[str, Chart]:
    """The athlete page's two pictures over the last `count` weeks; `rows` (from
    `review_weeks`) supply the reviews, so no week's review is fetched twice."""
    mondays = momentum.recent_weeks(athlete, count=count)
    by_week = {row.week_start: row.review for row in rows}
    return {
        "distance_chart": weekly_distance_chart(
            weekly_distances(athlete, mondays), units_name=athlete.units
        ),
        "wellbeing_chart": wellbeing_chart([(monday, by_week.get(monday)) for monday in mondays]),
        **load_context(athlete, count=count),
    }


def load_context(athlete: Athlete, *, count: int) -> dict[str, Chart]:
    """The load chart over the last `count` weeks, with today's ratios in words."""
    mondays = momentum.recent_weeks(athlete, count=count)
    return {"load_chart": load_chart(athlete, mondays, now_load=weekstats.load_now(athlete))}


# Chronic load on the load chart: the weekly mean of the weeks before, as the rolling ratio reads it.
CHRONIC_WEEKS = 3


def load_chart(athlete: Athlete, weeks: Sequence[dt.date], *, now_load=None) -> Chart:
    """Weekly session-RPE load as bars, and the chronic load (the mean of the three weeks before
    each) as a line: a bar well above the line is a spike. `now_load` (weekstats.LoadNow) adds
    today's ratios to the words."""
    stats = dict(
        WeekStat.objects.filter(
            athlete=athlete,
            week_start__gte=weeks[0] - CHRONIC_WEEKS * WEEK,
            week_start__lte=weeks[-1],
        ).values_list("week_start", "load")
    )

    def chronic(week: dt.date) -> float | None:
        before = [week - i * WEEK for i in range(1, CHRONIC_WEEKS + 1)]
        if before[-1] < min(stats, default=week):
            return None
        return sum(stats.get(w, 0.0) for w in before) / CHRONIC_WEEKS

    values = [stats.get(week, 0.0) for week in weeks]
    chronics = [chronic(week) for week in weeks]
    top = _nice_top(max([*values, *(c or 0 for c in chronics)], default=0) or 100)
    bars, points = [], []
    segments: list[list[str]] = [[]]
    for index, (week, value, base) in enumerate(zip(weeks, values, chronics, strict=True)):
        left, width = _slot(index, len(weeks))
        ratio = f", {value / base:.2f}× the three weeks before" if base else ""
        bars.append(
            _bar(index, len(weeks), value, top, f"Week of {week:%-d %b}: {value:,.0f} AU{ratio}")
        )
        if base is None:
            segments.append([])
            continue
        point = Point(
            x=round(left + width / 2, 1),
            y=round(TOP + PLOT_H * (1 - base / top), 1),
            title=f"Week of {week:%-d %b}: chronic load {base:,.0f} AU a week",
        )
        points.append(point)
        segments[-1].append(f"{point.x},{point.y}")
    words = []
    if now_load is not None:
        words.append(_ratio_words(now_load))
    return Chart(
        title="Training load (RPE × minutes, AU a week)",
        width=WIDTH,
        height=HEIGHT,
        ticks=[
            Tick(y=round(TOP + PLOT_H * (1 - share), 1), label=_short(top * share))
            for share in (0, 0.5, 1)
        ],
        week_labels=_week_labels(weeks),
        bars=bars,
        series=[
            Series(
                name="Chronic (3 weeks before)",
                css_class="chronic",
                points=points,
                segments=[" ".join(s) for s in segments if len(s) > 1],
            )
        ],
        empty=not any(values),
        summary=" ".join(words),
    )


def _short(value: float) -> str:
    """An axis label that fits the margin: 750, 1.3k, 2.5k."""
    return f"{value / 1000:.3g}k" if value >= 1000 else f"{value:g}"


def _ratio_words(now_load) -> str:
    rolling, ewma = now_load.rolling, now_load.ewma
    if rolling.value is None:
        state = "warming up: no ratio before 28 days of history"
        if rolling.state == "no chronic load":
            state = "no ratio: no load in the three weeks before"
        text = f"Acute:chronic ratio: {state}."
    else:
        text = f"Acute:chronic ratio today: {rolling.value:.2f} rolling"
        text += f", {ewma.value:.2f} EWMA." if ewma.value is not None else "."
        if now_load.is_spike:
            text += " That is a load spike (1.5 or more): worth a word about how the body feels."
    if now_load.estimated_sessions:
        count = now_load.estimated_sessions
        text += (
            f" {count} session{'s' if count != 1 else ''} of the last 4 weeks had no RPE; "
            "their load uses a typical effort for the kind of run."
        )
    return text
