import datetime as dt

from django.urls import reverse
from django.utils import timezone

from checkins.models import WeeklyReview
from tests.checkins.factories import WeeklyReviewFactory
from tests.conftest import client_for


def test_pages_show_times_in_the_signed_in_runners_zone(cast, now):
    cast.runner.time_zone = "Asia/Kolkata"
    cast.runner.save()
    week = cast.runner.week_start(now) - dt.timedelta(weeks=1)
    WeeklyReviewFactory(
        athlete=cast.runner,
        week_start=week,
        status=WeeklyReview.Status.SUBMITTED,
        submitted_at=dt.datetime.combine(week, dt.time(12, 0), tzinfo=dt.UTC),
    )
    client = client_for(cast.runner.user)
    html = client.get(reverse("checkins:review-edit", args=[week.isoformat()])).content.decode()
    assert "17:30" in html  # 12:00 UTC is 17:30 in Kolkata (+05:30)


def test_an_anonymous_request_after_a_signed_in_one_is_back_in_utc(cast, client):
    client_for(cast.runner.user).get(reverse("athletes:settings"))
    client.get(reverse("login"))
    assert timezone.get_current_timezone_name() == "UTC"


def test_the_api_answers_in_utc_whoever_asks(cast, now):
    cast.runner.time_zone = "Asia/Kolkata"
    cast.runner.save()
    review = WeeklyReviewFactory(
        athlete=cast.runner,
        week_start=cast.runner.week_start(now),
        status=WeeklyReview.Status.SUBMITTED,
        submitted_at=dt.datetime(2030, 1, 7, 12, 0, tzinfo=dt.UTC),
    )
    body = client_for(cast.runner.user).get(f"/api/v1/reviews/{review.pk}/").json()
    assert body["submitted_at"] == "2030-01-07T12:00:00Z"
