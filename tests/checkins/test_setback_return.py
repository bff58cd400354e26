"""The way back after a setback, as pure arithmetic: the return ramp and the weeks it is shown."""

import datetime as dt

import pytest

from athletes.measures import WEEK, WEEKLY_RAMP
from checkins.setbacks import (
    LONGEST_RAMP_WEEKS,
    RETURN_LONG_SHARE,
    RETURN_RULE,
    RETURN_SHORT_BREAK_WEEKS,
    RETURN_SHORT_SHARE,
    comeback_weeks,
    return_ramp,
)

THURSDAY = dt.date(2027, 3, 4)
ITS_MONDAY = dt.date(2027, 3, 1)


def test_a_short_break_starts_at_three_quarters_and_climbs_ten_percent_a_week_to_the_usual():
    ramp = return_ramp(before_m=40_000, weeks_off=RETURN_SHORT_BREAK_WEEKS)
    assert ramp[0] == pytest.approx(40_000 * RETURN_SHORT_SHARE)
    assert all(
        later == pytest.approx(min(40_000, earlier * (1 + WEEKLY_RAMP)))
        for earlier, later in zip(ramp, ramp[1:], strict=False)
    )
    assert ramp[-1] == pytest.approx(40_000, rel=0.005)  # within half a percent is back


def test_a_longer_break_starts_at_half_and_takes_the_longest_ramp():
    ramp = return_ramp(before_m=40_000, weeks_off=RETURN_SHORT_BREAK_WEEKS + 1)
    assert ramp[0] == pytest.approx(40_000 * RETURN_LONG_SHARE)
    assert len(ramp) == LONGEST_RAMP_WEEKS


def test_the_weeks_back_start_on_the_monday_of_the_day_back_with_their_share_of_the_usual():
    ramp = [30_000.0, 33_000.0, 36_300.0, 40_000.0]
    weeks = comeback_weeks(back_on=THURSDAY, today=THURSDAY, ramp=ramp)
    assert weeks is not None
    assert [w.week_start for w in weeks] == [ITS_MONDAY + WEEK * n for n in range(4)]
    assert [w.distance_m for w in weeks] == ramp
    assert [w.share for w in weeks] == ["75 %", "82 %", "91 %", "100 %"]


def test_the_weeks_back_are_shown_until_the_last_one_is_over():
    ramp = [30_000.0, 40_000.0]
    last_day = ITS_MONDAY + WEEK * 2 - dt.timedelta(days=1)
    assert comeback_weeks(back_on=THURSDAY, today=last_day, ramp=ramp) is not None
    assert (
        comeback_weeks(back_on=THURSDAY, today=last_day + dt.timedelta(days=1), ramp=ramp) is None
    )


def test_with_nothing_logged_before_the_setback_the_page_says_how_to_start_for_a_while():
    assert return_ramp(before_m=0, weeks_off=1) == []
    still = ITS_MONDAY + WEEK * RETURN_SHORT_BREAK_WEEKS - dt.timedelta(days=1)
    assert comeback_weeks(back_on=THURSDAY, today=still, ramp=[]) == []
    assert comeback_weeks(back_on=THURSDAY, today=still + dt.timedelta(days=1), ramp=[]) is None


def test_the_rule_is_worded_from_its_numbers():
    assert RETURN_RULE == (
        "Resume at 75 % of your usual weekly distance after up to 2 weeks off, 50 % after "
        "longer, then at most 10 % more a week."
    )
