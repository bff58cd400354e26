"""What every server-side SVG chart is made of: the viewBox (`WIDTH` × `HEIGHT`) and its
margins, the shapes a chart template draws (ticks, bars, points, line series) and the geometry
the charts share: a week's column, and the date labels under the weeks; the round axis maximum is `athletes.measures.nice_top`.
The picture scales to its box; the charts themselves are `checkins.charts` and
`checkins.load_chart`.
"""

import dataclasses
import datetime as dt
from collections.abc import Sequence

from athletes.measures import short_date

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


def slot(index: int, count: int) -> tuple[float, float]:
    """Left edge and width of week `index`'s column."""
    width = PLOT_W / max(count, 1)
    return LEFT + index * width, width


def week_labels(weeks: Sequence[dt.date]) -> list[Point]:
    """A date under every fourth week, counted from the newest so this week is labelled."""
    labels = []
    for index, week in enumerate(weeks):
        if (len(weeks) - 1 - index) % 4 == 0:
            left, width = slot(index, len(weeks))
            labels.append(Point(x=left + width / 2, y=HEIGHT - 6, title=short_date(week)))
    return labels


def bar(index: int, count: int, value: float, top: float, title: str) -> Bar:
    """Week `index`'s bar, `value` on an axis up to `top`."""
    left, width = slot(index, count)
    height = PLOT_H * value / top
    return Bar(
        x=round(left + width * 0.15, 1),
        y=round(TOP + PLOT_H - height, 1),
        width=round(width * 0.7, 1),
        height=round(height, 1),
        title=title,
    )
