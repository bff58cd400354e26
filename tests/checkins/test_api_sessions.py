"""`/api/v1/athletes/{id}/sessions/` and `/api/v1/sessions/{id}/`: planned sessions in scope,
each with its compliance, moved and swapped through checkins.sessions."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from athletes.measures import monday_of
from checkins.models import PlannedSession
from tests.checkins.factories import PlannedSessionFactory, RunFactory

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(athlete) -> str:
    return f"/api/v1/athletes/{athlete.pk}/sessions/"


def test_a_coach_lists_a_runners_sessions_from_and_to_a_day_with_compliance(cast, today):
    monday = monday_of(today) - dt.timedelta(weeks=1)
    run = RunFactory(
        athlete=cast.runner,
        started_at=dt.datetime.combine(monday, dt.time(7), tzinfo=cast.runner.zone),
        distance_m=6000,
    )
    done = PlannedSessionFactory(athlete=cast.runner, day=monday, distance_m=10_000, run=run)
    missed = PlannedSessionFactory(athlete=cast.runner, day=monday + dt.timedelta(days=2))
    PlannedSessionFactory(athlete=cast.runner, day=monday + dt.timedelta(weeks=3))
    PlannedSessionFactory(athlete=cast.other_runner, day=monday)
    answer = api(cast.coach.user).get(
        url(cast.runner),
        {"from": monday.isoformat(), "to": (monday + dt.timedelta(days=6)).isoformat()},
    )
    assert answer.status_code == 200
    found = {row["id"]: row["compliance"] for row in answer.json()["results"]}
    assert found == {done.pk: "under", missed.pk: "missed"}


def test_a_day_range_sent_empty_is_refused_not_ignored(cast):
    answer = api(cast.runner.user).get(url(cast.runner), {"from": ""})
    assert answer.status_code == 400 and "from" in answer.json()


def test_the_list_costs_the_same_however_many_sessions(cast, today, django_assert_num_queries):
    client = api(cast.runner.user)
    PlannedSessionFactory(athlete=cast.runner, day=today)
    with django_assert_num_queries(4) as small:
        client.get(url(cast.runner))
    for days in range(1, 30):
        PlannedSessionFactory(athlete=cast.runner, day=today - dt.timedelta(days=days))
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get(url(cast.runner)).json()["results"]) == 30


def test_a_coach_adds_a_session_marked_as_theirs_and_bad_steps_are_refused(cast, today):
    client = api(cast.coach.user)
    body = {
        "day": today.isoformat(),
        "kind": "tempo",
        "distance_m": 8000,
        "steps": [{"step": "work", "rpe": 7}],
    }
    answer = client.post(url(cast.runner), body, format="json")
    assert answer.status_code == 201, answer.json()
    assert answer.json()["by_coach"] is True
    assert PlannedSession.objects.get(pk=answer.json()["id"]).athlete == cast.runner
    refused = client.post(url(cast.runner), {**body, "steps": [{"step": "sprint"}]}, format="json")
    assert refused.status_code == 400 and "steps" in refused.json()
    rest = client.post(
        url(cast.runner),
        {"day": today.isoformat(), "kind": "rest", "distance_m": 5000},
        format="json",
    )
    assert rest.status_code == 400 and "kind" in rest.json()


def test_move_and_swap_answer_the_session_as_it_is_now(cast, today):
    monday = monday_of(today)
    session = PlannedSessionFactory(athlete=cast.runner, day=monday, kind="long", distance_m=16_000)
    client = api(cast.runner.user)
    moved = client.post(
        f"/api/v1/sessions/{session.pk}/move/", {"day": (monday + dt.timedelta(days=2)).isoformat()}
    )
    assert (
        moved.status_code == 200
        and moved.json()["day"] == (monday + dt.timedelta(days=2)).isoformat()
    )
    elsewhere = client.post(
        f"/api/v1/sessions/{session.pk}/move/", {"day": (monday - dt.timedelta(days=1)).isoformat()}
    )
    assert elsewhere.status_code == 400 and "day" in elsewhere.json()
    swapped = client.post(f"/api/v1/sessions/{session.pk}/swap/")
    assert swapped.status_code == 200
    assert (
        swapped.json().items()
        >= {
            "kind": "easy",
            "distance_m": 8000,
            "is_maintenance": True,
            "swapped_from_kind": "long",
            "swapped_from_distance_m": 16_000,
        }.items()
    )
    assert client.post(f"/api/v1/sessions/{session.pk}/swap/").status_code == 400


def test_a_session_cannot_be_given_to_another_runner(cast, today):
    session = PlannedSessionFactory(athlete=cast.runner, day=today)
    answer = api(cast.runner.user).patch(
        f"/api/v1/sessions/{session.pk}/",
        {"athlete": cast.other_runner.pk, "notes": "Mine now"},
        format="json",
    )
    assert answer.status_code == 200
    session.refresh_from_db()
    assert session.athlete == cast.runner and session.notes == "Mine now"
