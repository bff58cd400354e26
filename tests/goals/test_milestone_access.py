"""Milestones are changed by whoever may change their goal (`Milestone.objects.editable_by`),
the same on the goal's page and through the API; outside scope is 404 on both."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from rest_framework.test import APIClient

from goals.models import Milestone
from tests.conftest import client_for
from tests.goals.factories import GoalFactory, MilestoneFactory
from tests.scoping import ROLES, user_of

pytestmark = pytest.mark.django_db
PEOPLE = ("runner", "coach", "other_coach", "other_runner", "staff")
MAY_CHANGE = {"runner": True, "coach": True, "staff": True}


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def hand_ticked(cast) -> Milestone:
    return MilestoneFactory.create(goal=GoalFactory.create(athlete=cast.runner), target_value=None)


def test_milestones_are_editable_by_whoever_may_change_their_goal(cast):
    milestone = hand_ticked(cast)
    editable = {
        role: Milestone.objects.editable_by(user_of(cast, role) or AnonymousUser()).contains(
            milestone
        )
        for role in ROLES
    }
    assert editable == {role: MAY_CHANGE.get(role, False) for role in ROLES}


@pytest.mark.parametrize("role", PEOPLE)
def test_the_page_and_the_api_let_the_same_people_change_a_milestone(cast, role):
    user = user_of(cast, role)
    allowed = MAY_CHANGE.get(role, False)
    ticked = client_for(user).post(reverse("goals:milestone-tick", args=[hand_ticked(cast).pk]))
    assert ticked.status_code == (302 if allowed else 404)
    milestone = hand_ticked(cast)
    url = f"/api/v1/milestones/{milestone.pk}/"
    renamed = api(user).patch(url, {"title": "Two thirds"}, format="json")
    removed = api(user).delete(url)
    assert (renamed.status_code, removed.status_code) == ((200, 204) if allowed else (404, 404))
    assert Milestone.objects.filter(pk=milestone.pk).exists() is not allowed


@pytest.mark.parametrize("role", PEOPLE)
def test_a_milestone_goes_only_under_a_goal_the_writer_may_change(cast, role):
    user = user_of(cast, role)
    goal = GoalFactory(athlete=cast.runner)
    body = {"goal": goal.pk, "title": "Halfway", "target_date": "2027-04-01"}
    added_on_page = client_for(user).post(
        reverse("goals:milestone-new", args=[goal.pk]), {**body, "target": ""}
    )
    added_through_api = api(user).post("/api/v1/milestones/", body, format="json")
    if MAY_CHANGE.get(role, False):
        assert (added_on_page.status_code, added_through_api.status_code) == (302, 201)
        assert goal.milestones.count() == 2
    else:
        # The page names the goal in its URL (404); the API in its body, refused like a
        # made-up goal (400).
        assert (added_on_page.status_code, added_through_api.status_code) == (404, 400)
        assert "goal" in added_through_api.json()
        assert not goal.milestones.exists()


def test_the_api_lists_only_milestones_in_scope(cast):
    mine = hand_ticked(cast)
    MilestoneFactory(goal=GoalFactory(athlete=cast.other_runner))
    for role in ("runner", "coach"):
        listed = api(user_of(cast, role)).get("/api/v1/milestones/").json()["results"]
        assert [row["id"] for row in listed] == [mine.pk]
    for role in ("other_coach", "other_runner"):
        listed = api(user_of(cast, role)).get("/api/v1/milestones/").json()["results"]
        assert mine.pk not in [row["id"] for row in listed]
