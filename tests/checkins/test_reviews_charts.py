"""The SVG charts are pictures computed from numbers: bars scale, lines break at gaps."""

import datetime as dt

from checkins import chart_shapes, charts
from checkins.models import WeeklyReview

MONDAYS = [dt.date(2026, 1, 5) + dt.timedelta(weeks=i) for i in range(4)]


def test_distance_bars_scale_to_a_round_axis_in_the_runners_unit():
    chart = charts.weekly_distance_chart(
        list(zip(MONDAYS, [0, 20000, 40000, 10000], strict=True)), units_name="km"
    )
    heights = [bar.height for bar in chart.bars]
    assert heights[0] == 0
    # The longest week, 40 km, sits on a 50 km axis.
    assert heights[2] == round(chart_shapes.PLOT_H * 40 / 50, 1)
    assert heights[1] == heights[2] / 2
    assert [tick.label for tick in chart.ticks] == ["0", "25", "50"]
    assert chart.bars[1].title == "Week of 12 Jan: 20.0 km"
    assert chart.title == "Weekly distance (km)"


def test_distance_in_miles_and_an_empty_chart_says_so():
    chart = charts.weekly_distance_chart([(MONDAYS[0], 16093)], units_name="mi")
    assert chart.bars[0].title.endswith("10.0 mi")
    assert charts.weekly_distance_chart([(MONDAYS[0], 0)], units_name="km").empty


def test_wellbeing_lines_leave_a_gap_for_weeks_without_a_score():
    scored = [WeeklyReview(energy=5, motivation=1), WeeklyReview(energy=4, motivation=2)]
    chart = charts.wellbeing_chart(
        [
            (MONDAYS[0], scored[0]),
            (MONDAYS[1], scored[1]),
            (MONDAYS[2], None),
            (MONDAYS[3], scored[0]),
        ]
    )
    energy, motivation = chart.series
    assert len(energy.points) == 3
    assert len(energy.segments) == 1  # the lone last week is a dot, not a line
    assert energy.points[0].y == chart_shapes.TOP  # 5 at the top
    assert motivation.points[0].y == chart_shapes.TOP + chart_shapes.PLOT_H  # 1 at the bottom
    assert not chart.empty
