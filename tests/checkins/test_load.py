"""Training load against examples worked by hand (docs/coaching-rules.md shows the same sums)."""

import datetime as dt

import pytest

from checkins import load

TODAY = dt.date(2027, 3, 28)


def days_back(count: int) -> list[dt.date]:
    """The `count` days up to and including TODAY, oldest first."""
    return [TODAY - dt.timedelta(days=offset) for offset in reversed(range(count))]


def test_session_rpe_is_effort_times_minutes():
    assert load.Session(TODAY, "tempo", 45 * 60, 7).load == 315


def test_a_run_without_rpe_counts_at_its_kinds_typical_effort_and_says_so():
    session = load.Session(TODAY, "long", 90 * 60, None)
    assert session.load == 5 * 90
    assert session.estimated


def test_sessions_of_one_day_add_up():
    sessions = [load.Session(TODAY, "easy", 30 * 60, 3), load.Session(TODAY, "strength", 1200, 5)]
    assert load.daily_loads(sessions) == {TODAY: 90 + 100}


def test_rolling_ratio_is_last_week_over_the_weekly_mean_of_the_three_before():
    # 21 days at 300 AU, then 7 days at 450: acute 3150, chronic 6300 / 3 = 2100, ratio 1.5.
    days = days_back(28)
    daily = dict.fromkeys(days[:21], 300.0) | dict.fromkeys(days[21:], 450.0)
    ratio = load.rolling_ratio(daily, today=TODAY, first_day=days[0])
    assert (ratio.acute, ratio.chronic) == (3150, 2100)
    assert ratio.value == pytest.approx(1.5, rel=0.005)
    assert ratio.is_spike


def test_rolling_ratio_just_under_the_threshold_is_no_spike():
    days = days_back(28)
    daily = dict.fromkeys(days[:21], 300.0) | dict.fromkeys(days[21:], 449.0)
    ratio = load.rolling_ratio(daily, today=TODAY, first_day=days[0])
    assert ratio.value == pytest.approx(449 / 300, rel=0.005)
    assert not ratio.is_spike


def test_ewma_ratio_by_hand():
    # 27 days at 100 AU, then 800 today.
    # acute   = 0.25 × 800 + 0.75 × 100          = 275
    # chronic = 2/29 × 800 + 27/29 × 100          = 148.2759
    # ratio   = 275 / 148.2759                    = 1.8547
    days = days_back(28)
    daily = dict.fromkeys(days[:-1], 100.0) | {TODAY: 800.0}
    ratio = load.ewma_ratio(daily, today=TODAY, first_day=days[0])
    assert ratio.acute == pytest.approx(275, rel=0.005)
    assert ratio.chronic == pytest.approx(148.2759, rel=0.005)
    assert ratio.value == pytest.approx(1.8547, rel=0.005)


def test_steady_training_is_a_ratio_of_one_both_ways():
    days = days_back(60)
    daily = dict.fromkeys(days, 250.0)
    for ratio in (
        load.rolling_ratio(daily, today=TODAY, first_day=days[0]),
        load.ewma_ratio(daily, today=TODAY, first_day=days[0]),
    ):
        assert ratio.value == pytest.approx(1.0)


@pytest.mark.parametrize("method", [load.rolling_ratio, load.ewma_ratio])
def test_no_ratio_before_28_days_of_history(method):
    days = days_back(27)
    daily = dict.fromkeys(days, 250.0)
    assert method(daily, today=TODAY, first_day=days[0]).state is load.RatioState.WARMING_UP
    assert method(daily, today=TODAY, first_day=None).value is None
    older = TODAY - dt.timedelta(days=27)
    assert method(daily, today=TODAY, first_day=older).state is load.RatioState.READY


@pytest.mark.parametrize("method", [load.rolling_ratio, load.ewma_ratio])
def test_no_ratio_without_chronic_load(method):
    first_day = TODAY - dt.timedelta(days=40)
    ratio = method({}, today=TODAY, first_day=first_day)
    assert ratio.state is load.RatioState.NO_CHRONIC_LOAD
    assert ratio.value is None
