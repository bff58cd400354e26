"""The demo's reviews: sixteen believable weeks, an injury, a maintenance week, comments."""

import datetime as dt

import pytest
from django.core.management import call_command

from athletes.models import Athlete
from checkins.demo import DEMO_WEEKS, MISSED_WEEKS_AGO
from checkins.models import Comment, WeeklyReview
from checkins.reviews.conversation import unread_comments_for
from checkins.reviews.standing import ReviewState, review_summaries, review_weeks

pytestmark = pytest.mark.django_db


def test_seed_demo_writes_sixteen_weeks_of_reviews_once(demo):
    first = list(
        WeeklyReview.objects.order_by("pk").values_list(
            "athlete__user__email", "week_start", "status"
        )
    )
    comments = Comment.objects.count()
    call_command("seed_demo", verbosity=0)

    assert WeeklyReview.objects.count() == len(first)
    assert Comment.objects.count() == comments
    per_runner = {}
    for email, _, status in first:
        per_runner.setdefault(email, []).append(status)
    assert len(per_runner) == 12
    assert all(13 <= len(statuses) <= 16 for statuses in per_runner.values())
    submitted = sum(status == "submitted" for _, _, status in first)
    assert submitted / len(first) > 0.8


def test_the_demo_has_an_injury_a_maintenance_week_and_unread_coach_comments(demo):
    assert WeeklyReview.objects.filter(
        athlete__user__email="runner2@example.com", injured=True
    ).exists()
    assert (
        WeeklyReview.objects.filter(maintenance_week=True).exclude(maintenance_reason="").exists()
    )
    coach_comments = Comment.objects.filter(author__email="coach@example.com")
    assert coach_comments.filter(read_at=None).exists()
    assert coach_comments.exclude(read_at=None).exists()
    assert not Comment.objects.filter(review__athlete__user__email="runner12@example.com").exists()


def test_the_weeks_a_demo_runner_missed_are_listed_as_overdue_not_hidden(demo, now):
    athlete = Athlete.objects.get(user__email="runner5@example.com")
    this_week = athlete.week_start(now)

    rows = review_weeks(athlete, count=DEMO_WEEKS, viewer=athlete.user)

    assert len(rows) == DEMO_WEEKS
    overdue = {row.week_start for row in rows if row.state == ReviewState.OVERDUE}
    assert overdue == {
        this_week - dt.timedelta(weeks=ago) for ago in MISSED_WEEKS_AGO[athlete.user.email]
    }


def test_the_demo_coach_has_an_unread_question_from_a_runner_on_the_roster(demo):
    coach = Athlete.objects.get(user__email="runner3@example.com").coach.user
    unread = Comment.objects.filter(unread_comments_for(coach), review__athlete__coach__user=coach)
    assert unread.filter(author__email="runner3@example.com").count() == 1
    summaries = review_summaries(Athlete.objects.filter(coach__user=coach), viewer=coach)
    assert sum(summary.unread_comments for summary in summaries.values()) >= 1
