"""A coach taken off a runner's roster (removed, or the runner joined another coach) loses
everything of that runner at once: pages, fragments, API rows, even what the coach wrote."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from athletes import services
from athletes.models import Invitation
from tests.checkins.factories import CommentFactory, RunFactory, WeeklyReviewFactory
from tests.goals.factories import BenchmarkFactory, GoalFactory, MilestoneFactory


def leave_by_removal(cast) -> None:
    services.roster_remove(athlete=cast.runner)


def leave_by_joining_another_coach(cast) -> None:
    _, token = Invitation.issue(coach=cast.other_coach, email=cast.runner.user.email)
    services.invitation_accept(token=token, user=cast.runner.user)


@pytest.fixture(params=[leave_by_removal, leave_by_joining_another_coach])
def former(request, cast):
    """What the coach made with the runner, and then the runner leaves them."""
    review = WeeklyReviewFactory(athlete=cast.runner)
    made = {
        "review": review,
        "comment": CommentFactory(review=review, author=cast.coach.user, body="Coach's words"),
        "goal": GoalFactory(athlete=cast.runner, created_by=cast.coach.user),
        "benchmark": BenchmarkFactory(athlete=cast.runner, created_by=cast.coach.user),
        "run": RunFactory(athlete=cast.runner),
    }
    made["milestone"] = MilestoneFactory(goal=made["goal"])
    request.param(cast)
    return made


def test_the_former_coach_gets_404_on_every_page_of_the_runner(cast, former):
    client = Client()
    client.force_login(cast.coach.user)
    pk = cast.runner.pk
    week = former["review"].week_start.isoformat()
    for url in (
        f"/athletes/{pk}/",
        f"/athletes/{pk}/runs/",
        f"/athletes/{pk}/goals/",
        f"/athletes/{pk}/goals/new/",
        f"/athletes/{pk}/benchmarks/",
        f"/athletes/{pk}/reviews/{week}/",
        f"/goals/{former['goal'].pk}/",
        f"/goals/{former['goal'].pk}/edit/",
        f"/athletes/{pk}/remove/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/reviews/{former['review'].pk}/comments/",
        f"/reviews/{former['review'].pk}/read/",
        f"/athletes/{pk}/squad/",
        f"/milestones/{former['milestone'].pk}/tick/",
    ):
        assert client.post(url, {"body": "Still here?"}).status_code == 404, url
    assert former["review"].comments.count() == 1


def test_the_roster_no_longer_lists_the_runner(cast, former):
    client = Client()
    client.force_login(cast.coach.user)
    assert cast.runner.user.full_name not in client.get("/roster/").content.decode()


def test_the_former_coach_gets_404_on_every_api_row_of_the_runner(cast, former):
    client = APIClient()
    client.force_authenticate(cast.coach.user)
    for url in (
        f"/api/v1/athletes/{cast.runner.pk}/",
        f"/api/v1/reviews/{former['review'].pk}/",
        f"/api/v1/reviews/{former['review'].pk}/comments/",
        f"/api/v1/goals/{former['goal'].pk}/",
        f"/api/v1/milestones/{former['milestone'].pk}/",
        f"/api/v1/benchmarks/{former['benchmark'].pk}/",
        f"/api/v1/runs/{former['run'].pk}/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        "/api/v1/athletes/",
        "/api/v1/reviews/",
        "/api/v1/goals/",
        "/api/v1/milestones/",
        "/api/v1/benchmarks/",
        "/api/v1/runs/",
    ):
        assert client.get(url).json()["count"] == 0, url


def test_the_runner_keeps_everything_including_the_former_coachs_words(cast, former):
    client = APIClient()
    client.force_authenticate(cast.runner.user)
    comments = client.get(f"/api/v1/reviews/{former['review'].pk}/comments/").json()
    assert [c["body"] for c in comments["results"]] == ["Coach's words"]
    assert client.get(f"/api/v1/goals/{former['goal'].pk}/").status_code == 200
