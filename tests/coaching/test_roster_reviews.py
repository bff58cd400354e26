"""The roster's review columns: state, last review, unread comments and streak, in a fixed
number of queries however long the roster is."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from athletes.models import Athlete
from tests import clock
from tests.athletes.factories import AthleteFactory, CoachFactory
from tests.checkins.factories import CommentFactory, WeeklyReviewFactory
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ZONES = ["Europe/London", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Auckland"]


def roster_of(coach, size: int):
    athletes = [
        AthleteFactory.create(coach=coach, time_zone=ZONES[index % len(ZONES)])
        for index in range(size)
    ]
    for index, athlete in enumerate(athletes):
        monday = athlete.week_start(clock.now())
        for ago in range(1, 4):
            WeeklyReviewFactory(
                athlete=athlete,
                week_start=monday - dt.timedelta(weeks=ago),
                status="submitted",
            )
        if index % 2:
            review = WeeklyReviewFactory(athlete=athlete, week_start=monday)
            CommentFactory(review=review, author=athlete.user)
    return athletes


@pytest.mark.parametrize("size", [5, 200])
def test_roster_review_columns_take_the_same_queries_for_5_and_200_athletes(
    size, django_assert_max_num_queries
):
    coach = CoachFactory()
    roster_of(coach, size)
    client = client_for(coach.user)
    client.get(reverse("roster"))
    pages = []
    for page in range(1, -(-size // 50) + 1):
        with django_assert_max_num_queries(9):
            pages.append(client.get(reverse("roster"), {"page": page}).content.decode())
    body = "".join(pages)
    assert body.count("3 wk") == size
    assert body.count("1 unread</span>") == size // 2


def test_last_weeks_review_turns_overdue_exactly_at_tuesday_midnight_in_the_runners_zone(cast):
    zone = zoneinfo.ZoneInfo("America/Los_Angeles")
    Athlete.objects.filter(pk=cast.runner.pk).update(
        time_zone="America/Los_Angeles", created_at=dt.datetime(2026, 1, 1, tzinfo=zone)
    )
    WeeklyReviewFactory(athlete=cast.runner, week_start=dt.date(2026, 2, 23), status="submitted")
    client = client_for(cast.coach.user)
    # The week of 2 March ends Sunday night; its review is due by Tuesday 00:00 in LA.
    with time_machine.travel(dt.datetime(2026, 3, 9, 23, 59, 59, tzinfo=zone)):
        monday_night = client.get(reverse("roster")).content.decode()
    with time_machine.travel(dt.datetime(2026, 3, 10, 0, 0, tzinfo=zone)):
        tuesday = client.get(reverse("roster")).content.decode()
    assert "Not started" in monday_night and "Overdue" not in monday_night
    assert "Overdue" in tuesday
    assert "week of 2 Mar" in tuesday  # which week is overdue, not just that one is
    assert "23 Feb" in tuesday  # the last submitted review's week


def test_roster_shows_submitted_and_draft(cast):
    WeeklyReviewFactory(athlete=cast.runner, status="submitted")
    body = client_for(cast.coach.user).get(reverse("roster")).content.decode()
    assert "Submitted" in body
    assert "1 wk" in body
