"""The plan chart: bars of the distance run in each week so far against a stepped line of the
plan's weekly target, each past week labelled in words (as planned, under or over); with
`plan_summary` and a description of every week for screen readers.
"""

from dataclasses import dataclass

from athletes import units
from athletes.measures import FINE_AXIS_STEPS, axis_ticks, nice_top, short_date
from checkins.chart_shapes import Tick
from races.charts.common import WIDTH, Marker
from races.services import SeasonReport, WeekReport

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


def _week_title(week_report: WeekReport, units_name: str) -> str:
    week = week_report.week
    planned = units.format_distance(week.target_distance_m, units_name)
    if week.race_distance_m:
        running = units.format_distance(week.training_distance_m, units_name)
        planned = f"{planned} ({running} and the race)"
    extra = "".join(
        [
            ", cut-back week" if week.cutback else "",
            ", benchmark week" if week.benchmark else "",
            ", busy" if week.busy else "",
            ", setback" if week.setback else "",
            *(f", {race.name} ({race.priority})" for race in week.races),
        ]
    )
    head = f"Week of {short_date(week.week_start)} ({week.phase.value}{extra})"
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
    top = nice_top(max((max(pair) for pair in values), default=0) or 10, steps=FINE_AXIS_STEPS)
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
    ticks = [Tick(y=y(value), label=f"{value:g}") for value in axis_ticks(top)]
    week_labels = [
        Marker(
            x=round(PLAN_LEFT + (index + 0.5) * slot, 1),
            y=PLAN_HEIGHT - 8,
            label=short_date(w.week.week_start),
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
