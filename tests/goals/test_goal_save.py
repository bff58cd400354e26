"""One save path for goals: the goal form and the API both save through services.goal_save."""

import datetime as dt

from django.urls import reverse
from rest_framework.test import APIClient

from goals import services
from goals.models import Goal
from tests.conftest import client_for
from tests.goals.factories import NOW, GoalFactory

REASON = "Knee niggle: build more slowly"


def history(goal: Goal) -> list[tuple[str, str, str, str]]:
    goal.refresh_from_db()
    return sorted((c.field, c.old_value, c.new_value, c.reason) for c in goal.changes.all())


def test_goal_save_creates_a_goal_for_the_athlete_and_changes_one_with_its_reason(cast):
    data = services.GoalData(level=Goal.Level.VISION, title="Run to stay sane", kind="mindset")
    goal = services.goal_save(athlete=cast.runner, goal=None, by=cast.coach.user, data=data)
    assert (goal.athlete, goal.created_by, goal.start_date) == (
        cast.runner,
        cast.coach.user,
        cast.runner.local_today(NOW),
    )
    changed = services.GoalData.of(goal)
    services.goal_save(
        athlete=cast.runner,
        goal=goal,
        by=cast.runner.user,
        data=services.GoalData(**{**changed.values(), "title": "Run to stay calm"}),
    )
    goal.refresh_from_db()
    assert (goal.title, goal.updated_by, goal.changes.count()) == (
        "Run to stay calm",
        cast.runner.user,
        0,  # a title is not a tracked change
    )


def test_a_new_target_through_the_form_and_through_the_api_is_saved_alike(cast, today):
    by_form, by_api = (
        GoalFactory(athlete=cast.runner, target_date=today + dt.timedelta(weeks=8)) for _ in "ab"
    )
    new_date = today + dt.timedelta(weeks=10)
    form = client_for(cast.runner.user).post(
        reverse("goals:goal-edit", args=[by_form.pk]),
        {
            "level": "outcome",
            "kind": "distance",
            "title": by_form.title,
            "metric": "weekly_distance",
            "target": "25",
            "start_date": by_form.start_date.isoformat(),
            "target_date": new_date.isoformat(),
            "reason": REASON,
            "confirm": "on",
        },
    )
    assert form.status_code == 302
    api = APIClient()
    api.force_authenticate(cast.runner.user)
    response = api.patch(
        f"/api/v1/goals/{by_api.pk}/",
        {
            "target_value": 25000,
            "target_date": new_date.isoformat(),
            "reason": REASON,
            "confirm": True,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (
        history(by_form)
        == history(by_api)
        == [
            (
                "target_date",
                (today + dt.timedelta(weeks=8)).isoformat(),
                new_date.isoformat(),
                REASON,
            ),
            ("target_value", "30000", "25000", REASON),
        ]
    )
    assert by_form.status == by_api.status == Goal.Status.ADJUSTED
