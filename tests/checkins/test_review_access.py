"""Who takes part in a review's conversation (`WeeklyReview.may_discuss`) and who marks it read
(its runner's coach), the same on the pages and through the API."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from rest_framework.test import APIClient

from checkins.models import Comment
from checkins.reviews.conversation import comments_mark_read
from tests.checkins.factories import CommentFactory, WeeklyReviewFactory
from tests.conftest import client_for
from tests.scoping import ROLES, user_of

pytestmark = pytest.mark.django_db
PEOPLE = ("runner", "coach", "other_coach", "other_runner", "staff")


@pytest.fixture
def review(cast):
    return WeeklyReviewFactory(athlete=cast.runner, status="submitted")


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_only_the_runner_and_their_coach_may_discuss_a_review(cast, review):
    discussing = {
        role: review.may_discuss(user_of(cast, role) or AnonymousUser()) for role in ROLES
    }
    assert discussing == {
        "anonymous": False,
        "runner": True,
        "coach": True,
        "other_coach": False,
        "other_runner": False,
        "staff": False,
    }


@pytest.mark.parametrize(
    ("role", "page", "api_status"),
    [
        ("runner", 302, 201),
        ("coach", 302, 201),
        # Staff read every review but do not join the conversation: in scope, so 403.
        ("staff", 403, 403),
        ("other_coach", 404, 404),
        ("other_runner", 404, 404),
    ],
)
def test_commenting_follows_may_discuss_on_the_page_and_the_api(
    cast, review, role, page, api_status
):
    user = user_of(cast, role)
    on_page = client_for(user).post(
        reverse("checkins:review-comment", args=[review.pk]), {"body": "Hi"}
    )
    through_api = api(user).post(
        f"/api/v1/reviews/{review.pk}/comments/", {"body": "Hi"}, format="json"
    )
    assert (on_page.status_code, through_api.status_code) == (page, api_status)
    posted = 2 if review.may_discuss(user) else 0
    assert Comment.objects.filter(author=user).count() == posted


@pytest.mark.parametrize("role", PEOPLE)
def test_reading_the_thread_marks_comments_read_only_for_those_who_discuss(cast, review, role):
    CommentFactory(review=review, author=cast.coach.user)
    CommentFactory(review=review, author=cast.runner.user)
    user = user_of(cast, role)
    marked = comments_mark_read(review=review, reader=user)
    assert marked == (1 if review.may_discuss(user) else 0)


@pytest.mark.parametrize("role", PEOPLE)
def test_only_the_runners_coach_marks_a_review_read_elsewhere_it_is_not_found(cast, review, role):
    user = user_of(cast, role)
    on_page = client_for(user).post(reverse("checkins:review-mark-read", args=[review.pk]))
    through_api = api(user).post(f"/api/v1/reviews/{review.pk}/read/")
    if role == "coach":
        assert (on_page.status_code, through_api.status_code) == (302, 200)
    else:
        assert (on_page.status_code, through_api.status_code) == (404, 404)
    review.refresh_from_db()
    assert (review.coach_read_at is not None) == (role == "coach")


def test_the_reading_view_calls_only_the_runners_coach_their_coach(cast, review):
    url = reverse(
        "checkins:review-detail", kwargs={"pk": cast.runner.pk, "week": review.week_start}
    )
    assert client_for(cast.coach.user).get(url).context["is_coach"] is True
    assert client_for(cast.staff).get(url).context["is_coach"] is False
