"""Query parameters typed by hand into page URLs: odd values are ignored or answered 404, never
a server error (PostgreSQL refuses NUL characters and integers past 64 bits)."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.scoping import GOAL_FORM

pytestmark = pytest.mark.django_db

HOSTILE = [
    "99999999999999999999999",
    "-1",
    "1e400",
    "\x00",
    "abc\x00def",
    "0001-01-01",
    "9999-12-31",
    "²",  # a digit to str.isdigit(), not to int()
    "١٢",  # Arabic-Indic digits
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name", ["q", "squad", "flag", "order", "page"])
def test_the_roster_takes_any_filter_value(cast, name, value):
    response = client_for(cast.coach.user).get("/roster/", {name: value})
    assert response.status_code in (200, 404)


@pytest.mark.parametrize("value", HOSTILE)
def test_the_run_log_takes_any_week(cast, value):
    response = client_for(cast.runner.user).get("/runs/", {"week": value})
    assert response.status_code in (200, 302, 404)


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name", ["level", "parent"])
def test_the_new_goal_form_takes_any_initial_value(cast, name, value):
    response = client_for(cast.runner.user).get("/goals/new/", {name: value})
    assert response.status_code in (200, 404)


# Posted fields of the live checks and the goal form: refused or 404, never a 500.

POSTED_IDS = ["abc", "²", "99999999999999999999999", "\x00"]


@pytest.mark.parametrize("value", POSTED_IDS)
@pytest.mark.parametrize("name", ["athlete", "goal"])
def test_the_live_smart_check_takes_any_posted_id(cast, name, value):
    data = {**GOAL_FORM, "athlete": str(cast.runner.pk), name: value}
    response = client_for(cast.runner.user).post(reverse("goals:goal-assess"), data)
    assert response.status_code == 404


@pytest.mark.parametrize("value", POSTED_IDS)
@pytest.mark.parametrize("name", ["athlete", "race"])
def test_the_live_race_check_takes_any_posted_id(cast, name, value):
    data = {"athlete": str(cast.runner.pk), name: value}
    response = client_for(cast.runner.user).post(reverse("races:race-check"), data)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("target_date", "0001-01-05", "Check the year"),
        ("start_date", "0001-01-01", "Check the year"),
        ("target_date", "9999-12-31", "Check the year"),
        ("target", "1e308", "too large"),
    ],
)
def test_the_goal_form_and_its_live_check_refuse_what_no_goal_can_hold(cast, field, value, message):
    client = client_for(cast.runner.user)
    data = {**GOAL_FORM, "athlete": str(cast.runner.pk), "units": "mi", field: value}
    assessed = client.post(reverse("goals:goal-assess"), data)
    created = client.post(reverse("goals:goal-new"), data)
    assert assessed.status_code == created.status_code == 200
    assert message in created.content.decode()


@pytest.mark.parametrize("field", ["start_date", "target_date"])
def test_the_goals_api_refuses_a_date_in_year_one(cast, field):
    body = {
        "level": "outcome",
        "kind": "distance",
        "title": "Run 30 km a week",
        "metric": "weekly_distance",
        "target_value": 30000,
        "target_date": "2030-01-01",
        field: "0001-01-05",
    }
    for url in ("/api/v1/goals/", "/api/v1/goals/assess/"):
        response = client_for(cast.runner.user).post(url, body, content_type="application/json")
        assert response.status_code == 400, (url, response.content[:300])
