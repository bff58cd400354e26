"""A week's review is due at Tuesday 00:00 in the runner's zone: "by the end of Monday"."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from athletes.models import Athlete
from checkins.models import WeeklyReview
from tests.conftest import client_for


@pytest.mark.parametrize(
    ("zone", "week_start"),
    [
        ("Europe/London", dt.date(2027, 3, 22)),  # the clocks go forward on Sunday 28 March
        ("Europe/London", dt.date(2027, 10, 25)),  # the clocks went back on Sunday 31 October
        ("America/New_York", dt.date(2027, 3, 8)),  # forward on Sunday 14 March
        ("Pacific/Auckland", dt.date(2027, 6, 7)),
    ],
)
def test_the_due_day_is_the_monday_after_the_week_whatever_the_clocks_do(zone, week_start):
    athlete = Athlete(time_zone=zone)
    due_at = WeeklyReview.due_at(athlete, week_start)
    due_day = WeeklyReview.due_day(athlete, week_start)
    assert due_day == week_start + dt.timedelta(days=7)
    assert due_day.weekday() == 0
    assert due_at.astimezone(zoneinfo.ZoneInfo(zone)).date() == due_day + dt.timedelta(days=1)
    assert due_at.astimezone(zoneinfo.ZoneInfo(zone)).time() == dt.time(0, 0)


def test_this_weeks_review_page_says_the_day_it_is_due_by(cast, now):
    page = client_for(cast.runner.user).get(reverse("checkins:review-this-week"), follow=True)
    due_day = WeeklyReview.due_day(cast.runner, cast.runner.week_start(now))
    assert f"Due by the end of {due_day:%A} {due_day.day} {due_day:%b}" in page.content.decode()
