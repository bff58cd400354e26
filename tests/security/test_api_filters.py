"""List filters that name another object (`?athlete=`, `?goal=`) must not tell an id that
exists outside the asker's scope from one that does not exist at all."""

import pytest
from rest_framework.test import APIClient

from tests.checkins.factories import WeeklyReviewFactory
from tests.goals.factories import GoalFactory

MISSING = 987654


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


ATHLETE_FILTERED_LISTS = [
    "/api/v1/busy-periods/",
    "/api/v1/runs/",
    "/api/v1/reviews/",
    "/api/v1/goals/",
    "/api/v1/benchmarks/",
]


@pytest.mark.parametrize("url", ATHLETE_FILTERED_LISTS)
def test_filtering_by_another_coaches_athlete_answers_like_a_made_up_id(cast, url):
    client = api_as(cast.coach.user)
    theirs = client.get(url, {"athlete": cast.other_runner.pk})
    made_up = client.get(url, {"athlete": MISSING})
    assert theirs.status_code == made_up.status_code
    assert theirs.json() == made_up.json()


@pytest.mark.parametrize("url", ATHLETE_FILTERED_LISTS)
def test_a_runner_filtering_by_their_own_id_is_answered(cast, url):
    response = api_as(cast.runner.user).get(url, {"athlete": cast.runner.pk})
    assert response.status_code == 200


def test_filtering_milestones_by_another_runners_goal_answers_like_a_made_up_id(cast):
    goal = GoalFactory(athlete=cast.other_runner)
    client = api_as(cast.runner.user)
    theirs = client.get("/api/v1/milestones/", {"goal": goal.pk})
    made_up = client.get("/api/v1/milestones/", {"goal": MISSING})
    assert theirs.status_code == made_up.status_code == 400
    assert theirs.json() == made_up.json()


def test_filtering_reviews_by_week_shows_only_reviews_in_scope(cast):
    mine = WeeklyReviewFactory(athlete=cast.runner)
    WeeklyReviewFactory(athlete=cast.other_runner, week_start=mine.week_start)
    response = api_as(cast.runner.user).get(
        "/api/v1/reviews/", {"week_start": mine.week_start.isoformat()}
    )
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
