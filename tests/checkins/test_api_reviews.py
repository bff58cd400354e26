"""`/api/v1/reviews/`: versions and 409s, submit, who may write, filters, comments."""

import datetime as dt

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from checkins.models import Comment, WeeklyReview
from checkins.reviews import weeks
from tests.athletes.factories import AthleteFactory
from tests.checkins.factories import CommentFactory, RunFactory, WeeklyReviewFactory

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def detail(review, action: str = "") -> str:
    return f"/api/v1/reviews/{review.pk}/" + (f"{action}/" if action else "")


def test_creating_a_review_prefills_from_the_run_log_in_metres(cast, now):
    # Started now, so it is in this week whatever the time (the factory's default is 2 h ago).
    RunFactory(athlete=cast.runner, distance_m=10500, started_at=now)
    response = api(cast.runner.user).post(
        "/api/v1/reviews/",
        {"week_start": cast.runner.week_start(now).isoformat(), "wins": "Back running"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["distance_m"], body["runs_done"], body["wins"]) == (10500, 1, "Back running")
    assert body["status"] == "draft" and body["version"] == 1


def test_creating_a_future_week_or_a_second_review_of_a_week_is_a_400(cast, now):
    client = api(cast.runner.user)
    monday = cast.runner.week_start(now)
    future = client.post(
        "/api/v1/reviews/", {"week_start": (monday + dt.timedelta(days=7)).isoformat()}
    )
    assert future.status_code == 400 and "week_start" in future.json()
    WeeklyReviewFactory(athlete=cast.runner, week_start=monday)
    again = client.post("/api/v1/reviews/", {"week_start": monday.isoformat()})
    assert again.status_code == 400 and "already" in again.json()["week_start"][0]


def test_a_create_racing_another_for_the_same_week_is_a_400_and_keeps_the_first(
    cast, monkeypatch, now
):
    monday = cast.runner.week_start(now)
    looked_before_the_other_saved = weeks.review_for_week(athlete=cast.runner, week_start=monday)
    WeeklyReviewFactory(athlete=cast.runner, week_start=monday, wins="First")
    monkeypatch.setattr(weeks, "review_for_week", lambda **kwargs: looked_before_the_other_saved)

    response = api(cast.runner.user).post(
        "/api/v1/reviews/", {"week_start": monday.isoformat(), "wins": "Second"}, format="json"
    )

    assert response.status_code == 400 and "already" in response.json()["week_start"][0]
    assert WeeklyReview.objects.get(athlete=cast.runner).wins == "First"


def test_an_update_must_name_its_version(cast):
    review = WeeklyReviewFactory(athlete=cast.runner)
    response = api(cast.runner.user).patch(detail(review), {"wins": "x"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


def test_a_stale_version_answers_409_with_the_saved_review_and_changes_nothing(cast):
    review = WeeklyReviewFactory(athlete=cast.runner, wins="")
    client = api(cast.runner.user)
    first = client.patch(detail(review), {"version": 1, "wins": "Phone"}, format="json")
    assert first.status_code == 200 and first.json()["version"] == 2

    stale = client.patch(detail(review), {"version": 1, "wins": "Laptop"}, format="json")

    assert stale.status_code == 409
    assert stale.json()["current"]["wins"] == "Phone"
    assert stale.json()["current"]["version"] == 2
    assert WeeklyReview.objects.get(pk=review.pk).wins == "Phone"


def test_submit_marks_the_review_submitted_and_checks_a_whole_review(cast):
    review = WeeklyReviewFactory(athlete=cast.runner)
    client = api(cast.runner.user)
    incomplete = client.post(
        detail(review, "submit"), {"version": 1, "injured": True}, format="json"
    )
    assert incomplete.status_code == 400 and "injury_note" in incomplete.json()

    response = client.post(
        detail(review, "submit"),
        {"version": 1, "injured": True, "injury_note": "Sore calf"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "submitted" and body["submitted_at"] and not body["submitted_late"]


def test_a_coach_cannot_change_a_runners_review_text(cast):
    review = WeeklyReviewFactory(athlete=cast.runner, wins="Mine")
    client = api(cast.coach.user)
    assert client.patch(detail(review), {"version": 1, "wins": "Coach"}).status_code == 403
    assert client.post(detail(review, "submit"), {"version": 1}).status_code == 403
    assert WeeklyReview.objects.get(pk=review.pk).wins == "Mine"


def test_the_coach_marks_a_review_read(cast):
    review = WeeklyReviewFactory(athlete=cast.runner)
    response = api(cast.coach.user).post(detail(review, "read"))
    assert response.status_code == 200 and response.json()["coach_read_at"]


def test_reviews_filter_by_athlete_and_week(cast, now):
    monday = cast.runner.week_start(now)
    WeeklyReviewFactory(athlete=cast.runner, week_start=monday)
    WeeklyReviewFactory(athlete=cast.runner, week_start=monday - dt.timedelta(weeks=1))
    other = AthleteFactory(coach=cast.coach)
    WeeklyReviewFactory(athlete=other, week_start=monday)
    client = api(cast.coach.user)

    by_athlete = client.get("/api/v1/reviews/", {"athlete": cast.runner.pk}).json()
    by_week = client.get("/api/v1/reviews/", {"week_start": monday.isoformat()}).json()

    assert by_athlete["count"] == 2
    assert {row["athlete"] for row in by_week["results"]} == {cast.runner.pk, other.pk}


def test_the_review_list_takes_the_same_queries_for_few_and_many(
    cast, django_assert_max_num_queries, now
):
    client = api(cast.coach.user)
    WeeklyReviewFactory(athlete=cast.runner)
    with django_assert_max_num_queries(2):
        few = client.get("/api/v1/reviews/")
    for index in range(1, 40):
        review = WeeklyReviewFactory(
            athlete=cast.runner, week_start=cast.runner.week_start(now) - dt.timedelta(weeks=index)
        )
        CommentFactory(review=review)
    with django_assert_max_num_queries(2):
        many = client.get("/api/v1/reviews/")
    assert few.json()["count"] == 1
    assert many.json()["count"] == 40
    assert many.json()["results"][1]["comment_count"] == 1


def test_comments_are_listed_and_posted_and_listing_marks_the_other_sides_read(cast):
    review = WeeklyReviewFactory(athlete=cast.runner)
    CommentFactory(review=review, author=cast.coach.user, body="How did the hills feel?")
    runner = api(cast.runner.user)

    listed = runner.get(detail(review, "comments"))
    posted = runner.post(detail(review, "comments"), {"body": "Tough but good"}, format="json")
    empty = runner.post(detail(review, "comments"), {"body": "  "}, format="json")

    assert listed.status_code == 200
    assert [c["body"] for c in listed.json()["results"]] == ["How did the hills feel?"]
    assert listed.json()["results"][0]["read_at"] is None  # as it was when fetched
    assert Comment.objects.get(body="How did the hills feel?").read_at is not None
    assert posted.status_code == 201 and posted.json()["author"] == cast.runner.user.pk
    assert empty.status_code == 400


def test_the_openapi_schema_still_validates():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
