"""A goal that fails its SMART check is saved only once confirmed: on the goal form (a box to
tick) and through the API (`"confirm": true`), by one rule in goals.assessment."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from goals.assessment import check_smart_confirmed
from goals.forms.goals import GoalForm
from goals.models import Goal
from goals.smart.verdicts import Assessment, Status, Verdict
from tests.conftest import client_for
from tests.goals.factories import GoalFactory
from tests.scoping import user_of

pytestmark = pytest.mark.django_db

# 12 runs of 45 minutes is 540 minutes; the runner has 330 a week: Achievable fails.
TOO_MUCH = {
    "level": "outcome",
    "kind": "consistency",
    "title": "Run twelve times a week",
    "metric": "runs_per_week",
    "target_value": 12,
    "target_date": "2027-06-01",
}
FAILS = "This goal fails the SMART check on Achievable. Confirm to save it anyway, or change it."


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("role", ["runner", "coach"])
def test_the_api_refuses_a_failing_goal_naming_the_criteria_until_confirmed(cast, role):
    client = api(user_of(cast, role))
    body = {**TOO_MUCH, "athlete": cast.runner.pk}
    refused = client.post("/api/v1/goals/", body, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"confirm": [FAILS]}
    assert not Goal.objects.exists()
    saved = client.post("/api/v1/goals/", {**body, "confirm": True}, format="json")
    assert saved.status_code == 201
    assert saved.json()["smart"]["achievable"]["status"] == "fail"
    assert "confirm" not in saved.json()
    assert Goal.objects.get().target_value == 12


@pytest.mark.parametrize("role", ["other_coach", "other_runner"])
def test_confirming_does_not_open_another_runners_goals(cast, role):
    client = api(user_of(cast, role))
    body = {**TOO_MUCH, "athlete": cast.runner.pk, "confirm": True}
    assert client.post("/api/v1/goals/", body, format="json").status_code == 400
    goal = GoalFactory(athlete=cast.runner)
    change = {"target_value": 120000, "reason": "More", "confirm": True}
    assert client.patch(f"/api/v1/goals/{goal.pk}/", change, format="json").status_code == 404
    assert not Goal.objects.filter(target_value=12).exists()
    goal.refresh_from_db()
    assert goal.target_value == 30000


def test_a_goal_that_passes_needs_no_confirmation(cast):
    reachable = {**TOO_MUCH, "title": "Run three times a week", "target_value": 3}
    response = api(cast.runner.user).post("/api/v1/goals/", reachable, format="json")
    assert response.status_code == 201


@pytest.mark.parametrize("role", ["runner", "coach"])
def test_a_change_that_makes_a_goal_fail_asks_for_confirmation_too(cast, role):
    goal = GoalFactory(athlete=cast.runner)
    client = api(user_of(cast, role))
    change = {"target_value": 120000, "reason": "Ambitious block"}
    refused = client.patch(f"/api/v1/goals/{goal.pk}/", change, format="json")
    assert refused.status_code == 400
    assert refused.json()["confirm"][0].startswith("This goal fails the SMART check on Achievable")
    goal.refresh_from_db()
    assert goal.target_value == 30000 and not goal.changes.exists()
    saved = client.patch(f"/api/v1/goals/{goal.pk}/", {**change, "confirm": True}, format="json")
    assert saved.status_code == 200
    goal.refresh_from_db()
    assert goal.target_value == 120000


def test_the_refusal_comes_with_the_goals_other_field_errors(cast):
    no_distance = {**TOO_MUCH, "metric": "race_time", "target_value": 1200}
    response = api(cast.runner.user).post("/api/v1/goals/", no_distance, format="json")
    assert response.status_code == 400
    assert {"distance_m", "confirm"} <= set(response.json())


def test_the_form_and_the_api_refuse_with_the_same_words(cast):
    form = GoalForm(
        {
            "level": "outcome",
            "kind": "consistency",
            "title": "Run twelve times a week",
            "metric": "runs_per_week",
            "target": "12",
            "target_date": "2027-06-01",
        },
        athlete=cast.runner,
    )
    assert not form.is_valid()
    assert form.errors["confirm"] == [FAILS]
    page = client_for(cast.runner.user).post(reverse("goals:goal-new"), form.data)
    assert FAILS in page.content.decode()


def test_the_rule_names_every_failing_criterion():
    fail = Verdict(Status.FAIL, "No.")
    ok = Verdict(Status.PASS, "Yes.")
    assessment = Assessment(
        specific=fail, measurable=ok, achievable=fail, relevant=ok, time_bound=fail
    )
    with pytest.raises(ValidationError) as refused:
        check_smart_confirmed(assessment=assessment, confirmed=False)
    assert refused.value.message_dict == {
        "confirm": [
            "This goal fails the SMART check on Specific, Achievable and Time-bound. "
            "Confirm to save it anyway, or change it."
        ]
    }
    check_smart_confirmed(assessment=assessment, confirmed=True)
    # A vision goal has no SMART check, so nothing to confirm.
    check_smart_confirmed(assessment=None, confirmed=False)


def test_the_schema_documents_the_confirm_field_and_the_refusal(cast):
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    for component in ("GoalRequest", "PatchedGoalRequest"):
        confirm = schema["components"]["schemas"][component]["properties"]["confirm"]
        assert confirm["type"] == "boolean"
        assert confirm["writeOnly"] is True
        assert "SMART" in confirm["description"]
    assert "confirm" not in schema["components"]["schemas"]["Goal"]["properties"]
    assert "confirm" not in schema["components"]["schemas"]["GoalDraftRequest"]["properties"]
    create = schema["paths"]["/api/v1/goals/"]["post"]["responses"]["400"]
    assert '"confirm": true' in create["description"]
