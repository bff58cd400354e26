"""Server-side SVG charts: pure functions from weekly numbers to the shapes a template draws.

Coordinates are in the SVG's own viewBox (`WIDTH` × `HEIGHT`); the picture scales to its box.
Here are the weekly distance and wellbeing charts, the run log's weekly distances and the
charts each page shows; the load chart is `checkins.load_chart`, the shapes and the geometry
every chart shares are `checkins.chart_shapes`.
"""

import datetime as dt
from collections.abc import Sequence

from athletes import units
from athletes.measures import axis_ticks, monday_of, nice_top, short_date
from athletes.models import Athlete
from checkins import momentum, weekstats
from checkins.chart_shapes import (
    HEIGHT,
    PLOT_H,
    TOP,
    WIDTH,
    Chart,
    Point,
    Series,
    Tick,
    bar,
    slot,
    week_labels,
)
from checkins.load_chart import load_chart
from checkins.models import Run, WeeklyReview
from checkins.reviews.standing import WeekRow


def weekly_distance_chart(
    weeks: Sequence[tuple[dt.date, int]], *, units_name: str, title: str = "Weekly distance"
) -> Chart:
    """Bars of distance per week (metres in, drawn in the runner's unit)."""
    values = [units.from_metres(metres, units_name) for _, metres in weeks]
    top = nice_top(max(values, default=0) or 10)
    bars = [
        bar(index, len(weeks), value, top, f"Week of {short_date(week)}: {value:.1f} {units_name}")
        for index, ((week, _), value) in enumerate(zip(weeks, values, strict=True))
    ]
    ticks = [
        Tick(y=round(TOP + PLOT_H * (1 - value / top), 1), label=f"{value:g}")
        for value in axis_ticks(top)
    ]
    return Chart(
        title=f"{title} ({units_name})",
        width=WIDTH,
        height=HEIGHT,
        ticks=ticks,
        week_labels=week_labels([week for week, _ in weeks]),
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
            left, width = slot(index, len(weeks))
            point = Point(
                x=round(left + width / 2, 1),
                y=_scale_y(score),
                title=f"Week of {short_date(week)}: {name.lower()} {score}/5",
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
        week_labels=week_labels([week for week, _ in weeks]),
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
