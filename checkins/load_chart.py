"""The training load chart: weekly session-RPE load as bars against the chronic load (the mean
of the weeks before) as a line, so a spike stands out, with today's acute:chronic ratios in
words for screen readers and for anyone who reads rather than looks.
"""

import datetime as dt
from collections.abc import Sequence

from athletes.measures import WEEK, axis_ticks, nice_top, short_date
from athletes.models import Athlete
from checkins import load
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
from checkins.models import WeekStat
from checkins.weekstats import LoadNow

# Chronic load on the load chart: the weekly mean of the weeks before, as the rolling ratio reads it.
CHRONIC_WEEKS = 3


def load_chart(
    athlete: Athlete, weeks: Sequence[dt.date], *, now_load: LoadNow | None = None
) -> Chart:
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
    top = nice_top(max([*values, *(c or 0 for c in chronics)], default=0) or 100)
    bars, points = [], []
    segments: list[list[str]] = [[]]
    for index, (week, value, base) in enumerate(zip(weeks, values, chronics, strict=True)):
        left, width = slot(index, len(weeks))
        ratio = f", {value / base:.2f}× the {CHRONIC_WEEKS} weeks before" if base else ""
        bars.append(
            bar(
                index, len(weeks), value, top, f"Week of {short_date(week)}: {value:,.0f} AU{ratio}"
            )
        )
        if base is None:
            segments.append([])
            continue
        point = Point(
            x=round(left + width / 2, 1),
            y=round(TOP + PLOT_H * (1 - base / top), 1),
            title=f"Week of {short_date(week)}: chronic load {base:,.0f} AU a week",
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
            Tick(y=round(TOP + PLOT_H * (1 - value / top), 1), label=_short(value))
            for value in axis_ticks(top)
        ],
        week_labels=week_labels(weeks),
        bars=bars,
        series=[
            Series(
                name=f"Chronic ({CHRONIC_WEEKS} weeks before)",
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


def _ratio_words(now_load: LoadNow) -> str:
    rolling, ewma = now_load.rolling, now_load.ewma
    if rolling.value is None:
        state = f"warming up: no ratio before {load.HISTORY_DAYS} days of history"
        if rolling.state == "no chronic load":
            weeks = (load.CHRONIC_DAYS - load.ACUTE_DAYS) // 7
            state = f"no ratio: no load in the {weeks} weeks before"
        text = f"Acute:chronic ratio: {state}."
    else:
        text = f"Acute:chronic ratio today: {rolling.value:.2f} rolling"
        text += f", {ewma.value:.2f} EWMA." if ewma.value is not None else "."
        if now_load.is_spike:
            text += (
                f" That is a load spike ({load.SPIKE_RATIO} or more): worth a word about how the body"
                " feels."
            )
    if now_load.estimated_sessions:
        count = now_load.estimated_sessions
        text += (
            f" {count} session{'s' if count != 1 else ''} of the last 4 weeks had no RPE; "
            "their load uses a typical effort for the kind of run."
        )
    return text
