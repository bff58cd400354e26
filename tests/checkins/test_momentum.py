"""The review streak: weeks in a row with a submitted review, forgiving paused weeks."""

import datetime as dt
import zoneinfo

import pytest

from checkins import momentum
from checkins.models import WeeklyReview
from checkins.momentum import Mark
from checkins.reviews.standing import review_summaries
from tests.athletes.factories import AthleteFactory, BusyPeriodFactory
from tests.checkins.factories import WeeklyReviewFactory

pytestmark = pytest.mark.django_db

SYDNEY = zoneinfo.ZoneInfo("Australia/Sydney")
THIS_WEEK = dt.date(2026, 3, 30)  # a Monday
# Wednesday of THIS_WEEK: last week's review is already due, this week's is not.
NOW = dt.datetime(2026, 4, 1, 12, tzinfo=SYDNEY)


def week(ago: int) -> dt.date:
    return THIS_WEEK - dt.timedelta(weeks=ago)


@pytest.fixture
def runner():
    return AthleteFactory(time_zone="Australia/Sydney")


def submitted(runner, *weeks_ago: int, **fields) -> None:
    for ago in weeks_ago:
        WeeklyReviewFactory(
            athlete=runner, week_start=week(ago), status=WeeklyReview.Status.SUBMITTED, **fields
        )


def streak_of(runner) -> int:
    summary = review_summaries([runner], viewer=runner.user, now=NOW)[runner.pk]
    return summary.streak


def test_streak_counts_met_weeks_back_to_the_first_miss_and_skips_paused_ones():
    assert momentum.streak([Mark.MET, Mark.MISSED, Mark.MET, Mark.PAUSED, Mark.MET]) == 2
    assert momentum.streak([Mark.PAUSED, Mark.PAUSED]) == 0


def test_weeks_in_a_row_with_a_submitted_review(runner):
    submitted(runner, 1, 2, 3, 5)
    assert streak_of(runner) == 3


def test_this_weeks_open_review_neither_adds_nor_breaks(runner):
    submitted(runner, 1, 2)
    WeeklyReviewFactory(athlete=runner, week_start=THIS_WEEK)  # a draft, due next Tuesday
    assert streak_of(runner) == 2
    WeeklyReview.objects.filter(athlete=runner, week_start=THIS_WEEK).update(status="submitted")
    assert streak_of(runner) == 3


def test_last_weeks_review_still_counts_on_monday_before_it_is_due(runner):
    submitted(runner, 2, 3)
    monday = dt.datetime(2026, 3, 30, 23, 59, tzinfo=SYDNEY)
    summary = review_summaries([runner], viewer=runner.user, now=monday)[runner.pk]
    assert summary.streak == 2


def test_a_missed_week_breaks_the_streak(runner):
    submitted(runner, 1, 3, 4)
    assert streak_of(runner) == 1


def test_a_maintenance_week_draft_pauses_instead_of_breaking(runner):
    submitted(runner, 1, 3, 4)
    WeeklyReviewFactory(athlete=runner, week_start=week(2), maintenance_week=True)
    assert streak_of(runner) == 3


def test_an_injury_week_pauses_instead_of_breaking(runner):
    submitted(runner, 1, 3)
    WeeklyReviewFactory(athlete=runner, week_start=week(2), injured=True, injury_note="Calf")
    assert streak_of(runner) == 2


def test_a_busy_period_pauses_instead_of_breaking(runner):
    submitted(runner, 1, 4)
    BusyPeriodFactory(athlete=runner, start=week(3) + dt.timedelta(days=5), end=week(2))
    assert streak_of(runner) == 2


def test_review_marks_leave_out_weeks_not_yet_due(runner):
    marks = momentum.review_marks(
        athlete=runner, reviews={}, busy=set(), weeks=[week(1), week(0)], now=NOW
    )
    assert marks == [Mark.MISSED]
