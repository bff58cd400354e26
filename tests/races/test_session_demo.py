"""The demo's planned sessions: every runner has last week, this week and next planned, runs
ticked off sessions, a miss and a maintenance swap; seeding again changes nothing."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from athletes.measures import monday_of
from athletes.models import Athlete
from checkins.compliance import Compliance
from checkins.models import PlannedSession
from checkins.sessions import reports


@pytest.fixture
def runners(demo, db) -> list[Athlete]:
    return list(Athlete.objects.select_related("user"))


def test_every_demo_runner_has_this_week_and_next_planned_with_a_swap(runners, now):
    for athlete in runners:
        monday = athlete.week_start(now)
        days = set(PlannedSession.objects.filter(athlete=athlete).values_list("day", flat=True))
        assert {monday + dt.timedelta(days=i) for i in range(14)} <= days, athlete
        swapped = PlannedSession.objects.filter(athlete=athlete, is_maintenance=True).get()
        assert monday_of(swapped.day) == monday + dt.timedelta(weeks=1)


def test_demo_runners_have_sessions_done_and_one_missed_last_week(runners, now):
    for athlete in runners:
        last_week = athlete.week_start(now) - dt.timedelta(weeks=1)
        found = reports(
            PlannedSession.objects.filter(athlete=athlete)
            .between(last_week, last_week + dt.timedelta(days=6))
            .select_related("athlete", "run"),
            now=now,
        )
        words = [r.compliance for r in found]
        assert any(r.session.run_id is not None for r in found), (athlete, words)
        assert words.count(Compliance.MISSED) + words.count(Compliance.SETBACK) == 1, (
            athlete,
            words,
        )


def test_seeding_again_adds_no_sessions(demo, db):
    before = PlannedSession.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert PlannedSession.objects.count() == before
