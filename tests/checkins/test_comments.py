"""The conversation on a review: posted without a reload, unread until the other side looks."""

import datetime as dt

import pytest
from django.urls import reverse

from checkins.models import Comment
from tests.checkins.factories import CommentFactory, WeeklyReviewFactory
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def review(cast):
    return WeeklyReviewFactory(athlete=cast.runner, status="submitted")


def coach_url(review) -> str:
    return reverse(
        "checkins:review-detail", kwargs={"pk": review.athlete_id, "week": review.week_start}
    )


def runner_url(review) -> str:
    return reverse("checkins:review-edit", kwargs={"week": review.week_start.isoformat()})


def test_a_coach_comment_posted_with_htmx_comes_back_as_the_thread(cast, review):
    response = client_for(cast.coach.user).post(
        reverse("checkins:review-comment", args=[review.pk]), {"body": "Lovely long run!"}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="comments"' in body and "Lovely long run!" in body
    assert "<!doctype" not in body
    assert Comment.objects.get().author == cast.coach.user


def test_without_javascript_a_comment_posts_and_returns_to_the_review(cast, review):
    response = client_for(cast.runner.user).post(
        reverse("checkins:review-comment", args=[review.pk]), {"body": "Thanks!"}
    )
    assert response.status_code == 302
    assert response["Location"] == runner_url(review) + "#comments"


def test_an_empty_comment_is_refused_next_to_the_field(cast, review):
    response = client_for(cast.coach.user).post(
        reverse("checkins:review-comment", args=[review.pk]), {"body": "   "}, **HTMX
    )
    assert response.status_code == 422
    assert "Write something first." in response.content.decode()
    assert not Comment.objects.exists()


def test_the_runner_sees_the_coachs_comment_unread_once_then_read(cast, review):
    CommentFactory(review=review, author=cast.coach.user, body="Great pacing")
    runner = client_for(cast.runner.user)

    home = runner.get(reverse("athlete-home")).content.decode()
    first = runner.get(runner_url(review)).content.decode()
    second = runner.get(runner_url(review)).content.decode()

    assert "1 unread comment" in home
    assert "Unread" in first and "Great pacing" in first
    assert "Unread" not in second


def test_the_coach_opening_the_review_does_not_mark_their_own_comment_read(cast, review):
    mine = CommentFactory(review=review, author=cast.coach.user)
    theirs = CommentFactory(review=review, author=cast.runner.user)
    client_for(cast.coach.user).get(coach_url(review))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is None and theirs.read_at is not None


def test_staff_looking_at_a_review_leaves_the_comments_unread(cast, review):
    comment = CommentFactory(review=review, author=cast.runner.user)
    assert client_for(cast.staff).get(coach_url(review)).status_code == 200
    comment.refresh_from_db()
    assert comment.read_at is None


def test_the_coach_marks_the_review_read_in_place(cast, review):
    client = client_for(cast.coach.user)
    assert "Mark as read" in client.get(coach_url(review)).content.decode()
    response = client.post(reverse("checkins:review-mark-read", args=[review.pk]), **HTMX)
    assert response.status_code == 200 and "Read " in response.content.decode()
    review.refresh_from_db()
    assert review.coach_read_at is not None


def test_the_unread_links_go_to_the_newest_review_with_an_unread_comment(cast, now):
    this_week = cast.runner.week_start(now)
    older = WeeklyReviewFactory(athlete=cast.runner, week_start=this_week - dt.timedelta(weeks=3))
    newer = WeeklyReviewFactory(athlete=cast.runner, week_start=this_week - dt.timedelta(weeks=1))
    WeeklyReviewFactory(athlete=cast.runner, week_start=this_week)
    for review in (older, newer):
        CommentFactory(review=review, author=cast.coach.user)
        CommentFactory(review=review, author=cast.runner.user)

    home = client_for(cast.runner.user).get(reverse("athlete-home")).content.decode()
    roster = client_for(cast.coach.user).get(reverse("roster")).content.decode()

    assert f'href="{runner_url(newer)}#comments"><span class="badge warn">2 unread' in home
    assert f'href="{coach_url(newer)}#comments"><span class="badge warn"' in roster
