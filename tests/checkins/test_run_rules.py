"""The run rules live once (`runs.validate_run`): the form and the API say the same."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from checkins import runs
from checkins.forms.runs import RunForm
from checkins.models import Run
from tests.checkins.factories import RunFactory

NOW = dt.datetime(2024, 5, 8, 12, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def post_run(athlete, *, day: dt.date, distance_m: int) -> tuple[dict, dict]:
    """(form errors, API errors) for the same run typed in the page and sent to the API."""
    form = RunForm(
        {
            "day": day.isoformat(),
            "start_time": "06:45",
            "distance": str(distance_m / 1000),
            "duration": "30:00",
            "kind": Run.Kind.EASY,
        },
        athlete=athlete,
    )
    form.is_valid()
    client = APIClient()
    client.force_authenticate(athlete.user)
    started_at = dt.datetime.combine(day, dt.time(6, 45), tzinfo=athlete.zone)
    answer = client.post(
        "/api/v1/runs/",
        {"started_at": started_at.isoformat(), "distance_m": distance_m, "duration_s": 1800},
        format="json",
    )
    assert answer.status_code == (201 if form.is_valid() else 400)
    return form.errors, answer.json()


def test_a_future_run_without_a_distance_is_refused_alike_by_form_and_api(cast):
    form, api = post_run(cast.runner, day=dt.date(2024, 5, 10), distance_m=0)
    assert form["day"] == api["started_at"] == [runs.FUTURE_RUN_MESSAGE]
    assert form["distance"] == api["distance_m"] == [runs.NO_DISTANCE_MESSAGE]


def test_a_full_log_is_refused_alike_by_form_and_api(cast, monkeypatch):
    monkeypatch.setattr(runs, "MAX_RUNS_PER_ATHLETE", 1)
    RunFactory(athlete=cast.runner, started_at=NOW - dt.timedelta(days=3))
    form, api = post_run(cast.runner, day=dt.date(2024, 5, 7), distance_m=8000)
    assert form["__all__"] == api["non_field_errors"] == [runs.FULL_LOG_MESSAGE]


def test_a_run_before_1990_is_refused_alike_by_form_and_api(cast):
    form, api = post_run(cast.runner, day=dt.date(1985, 6, 1), distance_m=8000)
    assert form["day"] == api["started_at"] == [runs.TOO_EARLY_MESSAGE]


def test_a_run_in_year_one_is_a_field_error_not_a_server_error(cast):
    client = APIClient()
    client.force_authenticate(cast.runner.user)
    answer = client.post(
        "/api/v1/runs/",
        {"started_at": "0001-01-01T00:00:04Z", "distance_m": 5000, "duration_s": 1800},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["started_at"] == [runs.TOO_EARLY_MESSAGE]


def test_run_save_itself_refuses_a_run_that_breaks_the_rules(cast):
    run = Run(athlete=cast.runner, started_at=NOW + dt.timedelta(days=1), distance_m=5000)
    run.duration_s = 1500
    with pytest.raises(ValidationError) as refused:
        runs.run_save(run=run)
    assert refused.value.message_dict["started_at"] == [runs.FUTURE_RUN_MESSAGE]
    assert not Run.objects.filter(athlete=cast.runner).exists()
