"""Writes through the API that name another object: each may only name objects in the
writer's scope, an object outside it is refused exactly like a made-up id, and an object never
changes owner after it was created."""

import datetime as dt

import django_filters
import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.test import APIClient

from athletes.api_scope import ScopedFilterBackend, in_scope
from athletes.models import User
from checkins.models import Run
from goals.models import Benchmark, Goal, Milestone
from tests import clock
from tests.athletes.factories import AthleteFactory, SquadFactory
from tests.checkins.factories import WeeklyReviewFactory
from tests.goals.factories import BenchmarkFactory, GoalFactory, MilestoneFactory, VisionFactory

MISSING = 987654


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def goal_payload(**extra) -> dict:
    return {
        "level": "outcome",
        "kind": "distance",
        "title": "Run 30 km a week by summer",
        "metric": "weekly_distance",
        "target_value": 30000,
        "target_date": (clock.today() + dt.timedelta(weeks=12)).isoformat(),
        **extra,
    }


def assert_refused_like_a_made_up_id(post, field: str, theirs: int) -> None:
    outside = post(theirs)
    made_up = post(MISSING)
    assert outside.status_code == made_up.status_code == 400
    assert outside.json()[field] == [
        message.replace(str(MISSING), str(theirs)) for message in made_up.json()[field]
    ]


def test_a_runner_cannot_create_a_goal_for_another_runner(cast):
    client = api_as(cast.runner.user)
    assert_refused_like_a_made_up_id(
        lambda pk: client.post("/api/v1/goals/", goal_payload(athlete=pk), format="json"),
        "athlete",
        cast.other_runner.pk,
    )
    assert not Goal.objects.filter(athlete=cast.other_runner).exists()


def test_a_coach_cannot_create_a_goal_for_another_coaches_athlete(cast):
    client = api_as(cast.coach.user)
    assert_refused_like_a_made_up_id(
        lambda pk: client.post("/api/v1/goals/", goal_payload(athlete=pk), format="json"),
        "athlete",
        cast.other_runner.pk,
    )


def test_a_goal_cannot_hang_under_another_runners_goal(cast):
    theirs = VisionFactory(athlete=cast.other_runner)
    client = api_as(cast.runner.user)
    assert_refused_like_a_made_up_id(
        lambda pk: client.post("/api/v1/goals/", goal_payload(parent=pk), format="json"),
        "parent",
        theirs.pk,
    )


def test_a_coach_cannot_hang_one_athletes_goal_under_another_athletes(cast):
    second = AthleteFactory(coach=cast.coach)
    vision = VisionFactory(athlete=second)
    response = api_as(cast.coach.user).post(
        "/api/v1/goals/",
        goal_payload(athlete=cast.runner.pk, parent=vision.pk),
        format="json",
    )
    assert response.status_code == 400
    assert "parent" in response.json()


@pytest.mark.parametrize(
    ("route", "factory"), [("goals", GoalFactory), ("benchmarks", BenchmarkFactory)]
)
def test_a_runners_row_cannot_be_moved_to_another_athlete(cast, route, factory):
    second = AthleteFactory(coach=cast.coach)
    row = factory(athlete=cast.runner)
    api_as(cast.coach.user).patch(
        f"/api/v1/{route}/{row.pk}/", {"athlete": second.pk}, format="json"
    )
    row.refresh_from_db()
    assert row.athlete == cast.runner


def test_a_milestone_cannot_be_moved_under_another_goal(cast):
    second = AthleteFactory(coach=cast.coach)
    milestone = MilestoneFactory(goal=GoalFactory(athlete=cast.runner))
    elsewhere = GoalFactory(athlete=second)
    api_as(cast.coach.user).patch(
        f"/api/v1/milestones/{milestone.pk}/", {"goal": elsewhere.pk}, format="json"
    )
    milestone.refresh_from_db()
    assert milestone.goal.athlete == cast.runner


def test_a_runner_cannot_add_a_benchmark_for_another_runner(cast):
    client = api_as(cast.runner.user)
    assert_refused_like_a_made_up_id(
        lambda pk: client.post(
            "/api/v1/benchmarks/",
            {"athlete": pk, "distance_m": 5000, "duration_s": 1500, "date": "2026-01-10"},
            format="json",
        ),
        "athlete",
        cast.other_runner.pk,
    )
    assert not Benchmark.objects.filter(athlete=cast.other_runner).exists()


def test_a_runner_cannot_add_a_milestone_to_another_runners_goal(cast):
    theirs = GoalFactory(athlete=cast.other_runner)
    client = api_as(cast.runner.user)
    assert_refused_like_a_made_up_id(
        lambda pk: client.post(
            "/api/v1/milestones/",
            {"goal": pk, "title": "Sneaky", "target_date": "2030-01-01"},
            format="json",
        ),
        "goal",
        theirs.pk,
    )
    assert not Milestone.objects.filter(goal=theirs).exists()


def test_a_coach_cannot_invite_into_another_coaches_squad(cast):
    theirs = SquadFactory(coach=cast.other_coach)
    client = api_as(cast.coach.user)
    emails = iter(["a@example.org", "b@example.org"])
    assert_refused_like_a_made_up_id(
        lambda pk: client.post(
            "/api/v1/invitations/", {"email": next(emails), "squad": pk}, format="json"
        ),
        "squad",
        theirs.pk,
    )


def test_a_coach_cannot_comment_on_another_coaches_athletes_review(cast):
    review = WeeklyReviewFactory(athlete=cast.other_runner)
    response = api_as(cast.coach.user).post(
        f"/api/v1/reviews/{review.pk}/comments/", {"body": "Hello"}, format="json"
    )
    assert response.status_code == 404
    assert not review.comments.exists()


def test_a_comment_posted_with_another_review_id_lands_on_the_review_in_the_url(cast):
    mine = WeeklyReviewFactory(athlete=cast.runner)
    theirs = WeeklyReviewFactory(athlete=cast.other_runner)
    response = api_as(cast.runner.user).post(
        f"/api/v1/reviews/{mine.pk}/comments/",
        {"body": "Hello", "review": theirs.pk, "author": cast.other_coach.user.pk},
        format="json",
    )
    assert response.status_code == 201
    assert not theirs.comments.exists()
    assert mine.comments.get().author == cast.runner.user


@pytest.mark.parametrize("url", ["/api/v1/reviews/{pk}/read/", "/api/v1/reviews/{pk}/comments/"])
def test_another_coaches_athletes_review_actions_are_404(cast, url):
    review = WeeklyReviewFactory(athlete=cast.other_runner)
    response = api_as(cast.coach.user).post(url.format(pk=review.pk), {"body": "x"})
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.coach_read_at is None


def test_the_smart_check_of_another_runners_draft_is_refused_like_a_made_up_athlete(cast):
    client = api_as(cast.runner.user)
    assert_refused_like_a_made_up_id(
        lambda pk: client.post(
            "/api/v1/goals/assess/", {"athlete": pk, "level": "outcome"}, format="json"
        ),
        "athlete",
        cast.other_runner.pk,
    )


def test_a_reference_to_a_model_without_scoping_cannot_be_offered(cast):
    with pytest.raises(ImproperlyConfigured):
        in_scope(User, cast.runner.user)


def test_a_filter_set_that_does_not_scope_its_choices_is_a_configuration_error():
    class Unscoped(django_filters.FilterSet):
        class Meta:
            model = Run
            fields = ["athlete"]

    class View:
        filterset_class = Unscoped

    with pytest.raises(ImproperlyConfigured):
        ScopedFilterBackend().get_filterset_class(View(), Run.objects.all())
