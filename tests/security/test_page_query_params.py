"""Query parameters typed by hand into page URLs: odd values are ignored or answered 404, never
a server error (PostgreSQL refuses NUL characters and integers past 64 bits)."""

import pytest

from tests.conftest import client_for

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
