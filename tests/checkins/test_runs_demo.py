import datetime as dt
from collections import Counter

import pytest
import time_machine

from athletes.demo import seed_people
from checkins.demo import DEMO_WEEKS, seed_runs
from checkins.models import Run

TODAY = dt.date(2024, 5, 8)  # a Wednesday
THIS_MONDAY = dt.date(2024, 5, 6)


@pytest.fixture
def athletes(db):
    with time_machine.travel(dt.datetime(2024, 5, 8, 12, tzinfo=dt.UTC), tick=False):
        yield seed_people(today=TODAY)


def weeks_ago(run: Run) -> int:
    local = run.started_at.astimezone(run.athlete.zone).date()
    return (THIS_MONDAY - (local - dt.timedelta(days=local.weekday()))).days // 7


def test_every_demo_runner_gets_sixteen_weeks_of_runs_at_believable_paces(athletes):
    created = seed_runs(athletes, today=TODAY)

    runs = list(Run.objects.select_related("athlete__user"))
    assert created == len(runs)
    for athlete in athletes:
        own = [run for run in runs if run.athlete_id == athlete.pk]
        per_week = Counter(weeks_ago(run) for run in own)
        assert max(per_week) == DEMO_WEEKS - 1, athlete
        full_weeks = [per_week[week] for week in range(1, DEMO_WEEKS) if week not in (6, 7)]
        assert all(3 <= count <= 5 for count in full_weeks), (athlete, per_week)
        assert {Run.Kind.LONG} < {run.kind for run in own}
    paces = [run.duration_s / (run.distance_m / 1000) for run in runs]
    assert min(paces) >= 270 and max(paces) <= 420
    assert all(run.started_at.date() < TODAY for run in runs)


def test_volume_builds_from_the_first_weeks_to_the_last(athletes):
    seed_runs(athletes, today=TODAY)
    runner1 = athletes[0]
    by_week = Counter()
    for run in runner1.runs.all():
        by_week[weeks_ago(run)] += run.distance_m

    assert by_week[1] + by_week[2] > 1.2 * (by_week[14] + by_week[15])


def test_runner2_has_an_injury_gap(athletes):
    seed_runs(athletes, today=TODAY)
    runner2 = athletes[1]

    weeks = {weeks_ago(run) for run in runner2.runs.all()}

    assert runner2.user.email == "runner2@example.com"
    assert {6, 7}.isdisjoint(weeks)
    assert {5, 8} <= weeks


def test_seeding_again_adds_nothing_and_the_runs_are_the_same_every_time(athletes):
    seed_runs(athletes, today=TODAY)
    first = sorted(Run.objects.values_list("source_fingerprint", "distance_m", "duration_s"))

    assert seed_runs(athletes, today=TODAY) == 0
    Run.objects.all().delete()
    seed_runs(athletes, today=TODAY)

    assert (
        sorted(Run.objects.values_list("source_fingerprint", "distance_m", "duration_s")) == first
    )
