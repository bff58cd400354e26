"""Refusals outside scope are 404, never 403: another coach or another runner asking for, or
trying to change, the runner's rows (or the coach's squads and invitations) cannot tell them
from rows that do not exist. The full table of every URL is tests/scoping.py; this walks the
refusals that name a row, and compares each API answer with the one for a made-up id."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.goals.factories import BenchmarkFactory
from tests.scoping import (
    GOAL_FORM,
    RACE_FORM,
    RUN_FORM,
    SETBACK_FORM,
    coach_squad,
    open_setback,
    pending_invitation,
    runner_busy_period,
    runner_goal,
    runner_milestone,
    runner_race,
    runner_review,
    runner_run,
    runner_setback,
    user_of,
)

pytestmark = pytest.mark.django_db
MADE_UP = 999_999_999


def runner_benchmark(cast) -> list:
    return [BenchmarkFactory.create(athlete=cast.runner).pk]


def review_pk(cast) -> list:
    return [runner_review(cast).pk]


# (method, URL name, arguments naming the row, body)
PAGES = [
    ("get", "athlete-detail", lambda cast: [cast.runner.pk], {}),
    ("get", "goals:goal-detail", runner_goal, {}),
    ("post", "goals:goal-edit", runner_goal, GOAL_FORM),
    ("post", "goals:goal-abandon", runner_goal, {"reason": "Injured"}),
    ("post", "goals:milestone-new", runner_goal, {"title": "Halfway", "target_date": "2030-01-01"}),
    ("post", "goals:milestone-tick", runner_milestone, {}),
    ("post", "races:race-edit", runner_race, RACE_FORM),
    ("post", "checkins:run-edit", runner_run, RUN_FORM),
    ("post", "checkins:setback-edit", runner_setback, SETBACK_FORM),
    ("post", "checkins:review-comment", review_pk, {"body": "Hello"}),
    ("post", "checkins:review-mark-read", review_pk, {}),
    ("post", "athletes:athlete-move", lambda cast: [cast.runner.pk], {"squad": ""}),
    ("post", "attention-handled", lambda cast: [open_setback(cast).athlete_id, "setback"], {}),
    ("post", "athletes:squad-rename", coach_squad, {"name": "Mine now"}),
    ("post", "athletes:invitation-revoke", lambda cast: [pending_invitation(cast).pk], {}),
]
API = [
    ("get", "api-athlete-detail", lambda cast: [cast.runner.pk], {}),
    ("patch", "api-athlete-detail", lambda cast: [cast.runner.pk], {"units": "mi"}),
    ("get", "api-athlete-season", lambda cast: [cast.runner.pk], {}),
    ("post", "api-athlete-handled", lambda cast: [open_setback(cast).athlete_id, "setback"], {}),
    ("patch", "api-goal-detail", runner_goal, {"title": "Mine now", "confirm": True}),
    ("post", "api-goal-abandon", runner_goal, {"reason": "Injured"}),
    ("patch", "api-milestone-detail", runner_milestone, {"title": "Mine now"}),
    ("delete", "api-milestone-detail", runner_milestone, {}),
    ("patch", "api-benchmark-detail", runner_benchmark, {"note": "Mine now"}),
    ("delete", "api-race-detail", runner_race, {}),
    ("patch", "api-run-detail", runner_run, {"notes": "Mine now"}),
    ("delete", "api-setback-detail", runner_setback, {}),
    ("patch", "api-busy-period-detail", runner_busy_period, {"label": "Mine now"}),
    ("post", "api-review-read", review_pk, {}),
    ("post", "api-review-comments", review_pk, {"body": "Hello"}),
    ("patch", "api-squad-detail", coach_squad, {"name": "Mine now"}),
    ("delete", "api-invitation-detail", lambda cast: [pending_invitation(cast).pk], {}),
]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_call(client: Client, method: str, url: str, body: dict):
    return getattr(client, method)(url, body, content_type="application/json")


@pytest.mark.parametrize("role", ["other_coach", "other_runner"])
@pytest.mark.parametrize(
    ("method", "name", "args", "body"), PAGES, ids=[f"{m} {n}" for m, n, *_ in PAGES]
)
def test_a_page_outside_scope_is_not_found(cast, role, method, name, args, body):
    response = getattr(signed_in(user_of(cast, role)), method)(reverse(name, args=args(cast)), body)
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["other_coach", "other_runner"])
@pytest.mark.parametrize(
    ("method", "name", "args", "body"), API, ids=[f"{m} {n}" for m, n, *_ in API]
)
def test_the_api_outside_scope_answers_as_for_a_made_up_id(cast, role, method, name, args, body):
    client = signed_in(user_of(cast, role))
    real_args = args(cast)
    made_up_args = [MADE_UP, *real_args[1:]]
    real = api_call(client, method, reverse(name, args=real_args), body)
    made_up = api_call(client, method, reverse(name, args=made_up_args), body)
    assert real.status_code == made_up.status_code == 404
    assert real.json() == made_up.json()
