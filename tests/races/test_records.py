"""Personal-best history from efforts: pure, no database."""

import datetime as dt

import pytest

from races import records
from races.predictions import Effort

DAY = dt.date(2027, 3, 1)


def effort(distance_m: float, duration_s: float, days: int = 0, **changes) -> Effort:
    return Effort(distance_m, duration_s, DAY + dt.timedelta(days=days), **changes)


def test_the_first_effort_at_a_distance_is_its_first_record():
    (first,) = records.history([effort(10_000, 2892)])
    assert (first.distance_m, first.previous_s) == (10_000, None)
    assert first.effort.duration_s == 2892


def test_a_faster_effort_improves_on_the_last_best():
    found = records.history([effort(10_000, 2892), effort(10_000, 2829, days=30)])
    assert [(i.effort.duration_s, i.previous_s) for i in found] == [(2892, None), (2829, 2892)]


def test_a_slower_effort_is_no_record():
    found = records.history([effort(10_000, 2829), effort(10_000, 2892, days=30)])
    assert [i.effort.duration_s for i in found] == [2829]


def test_an_equal_time_is_no_record():
    assert len(records.history([effort(5000, 1474), effort(5000, 1474, days=7)])) == 1


def test_history_is_oldest_first_whatever_the_order_given():
    given = [effort(5000, 1400, days=60), effort(5000, 1474), effort(5000, 1440, days=30)]
    found = records.history(given)
    assert [(i.effort.duration_s, i.previous_s) for i in found] == [
        (1474, None),
        (1440, 1474),
        (1400, 1440),
    ]


def test_a_faster_older_effort_hides_later_slower_ones():
    given = [effort(5000, 1500, days=10), effort(5000, 1400), effort(5000, 1450, days=20)]
    assert [i.effort.duration_s for i in records.history(given)] == [1400]


def test_two_efforts_on_one_day_keep_the_faster():
    found = records.history([effort(5000, 1480), effort(5000, 1470)])
    assert [(i.effort.duration_s, i.previous_s) for i in found] == [(1470, None)]


def test_each_standard_distance_keeps_its_own_history():
    found = records.history([effort(5000, 1474), effort(10_000, 3100), effort(5000, 1460, 9)])
    assert [(i.distance_m, i.effort.duration_s) for i in found] == [
        (5000, 1474),
        (10_000, 3100),
        (5000, 1460),
    ]


def test_times_are_compared_in_whole_seconds():
    same_second = records.history([effort(5000, 1474.4), effort(5000, 1473.6, days=1)])
    assert [i.previous_s for i in same_second] == [None]
    a_second_faster = records.history([effort(5000, 1474.4), effort(5000, 1473.4, days=1)])
    assert [i.previous_s for i in a_second_faster] == [None, 1474]


@pytest.mark.parametrize(
    ("distance_m", "counts"),
    [
        (10_000 * 0.99, True),  # 1 % short: the shortest that counts
        (10_000 * 0.99 - 1, False),
        (10_000 * 1.03, True),  # 3 % long (GPS on a winding course): the longest that counts
        (10_000 * 1.03 + 1, False),
    ],
)
def test_tolerance_boundaries(distance_m, counts):
    assert records.SHORT_TOLERANCE == 0.01 and records.LONG_TOLERANCE == 0.03
    assert (records.standard_distance(distance_m) == 10_000) is counts
    assert bool(records.history([effort(distance_m, 3000)])) is counts


@pytest.mark.parametrize(
    ("distance_m", "standard"),
    [(21_000, 21097.5), (42_500, 42195.0), (50_100, 50_000.0), (100_000, 100_000.0)],
)
def test_efforts_count_at_the_nearest_standard_distance(distance_m, standard):
    assert records.standard_distance(distance_m) == standard


def test_an_effort_between_standard_distances_makes_no_record():
    assert records.standard_distance(15_000) is None
    assert records.history([effort(15_000, 4500)]) == []


def test_an_effort_without_a_time_makes_no_record():
    assert records.history([effort(5000, 0), effort(5000, 0.4)]) == []


def test_the_effort_keeps_where_it_came_from():
    (first,) = records.history([effort(5000, 1474, source="benchmark", label="Track trial")])
    assert (first.effort.source, first.effort.label) == ("benchmark", "Track trial")
