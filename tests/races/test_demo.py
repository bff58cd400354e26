import datetime as dt
import io
import statistics

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command

from athletes.measures import monday_of
from athletes.models import Athlete
from checkins.models import PlannedSession, Run
from goals.models import Goal
from races.demo import BUSY_RACER, RULE_BREAKER
from races.models import PersonalBest, Race
from races.services import next_race, season_for, warnings_by_race

# Every rule races/rules.py can warn about.
SEASON_RULES = {
    "long-a-races-per-year",
    "long-a-races-apart",
    "recovery-after-marathon",
    "b-race-in-taper",
    "b-race-timing",
    "c-race-in-taper",
    "busy-period",
    "beginner-long-races",
    "a-races-per-year",
}


@pytest.fixture
def runners(demo, db) -> dict[int, Athlete]:
    athletes = Athlete.objects.select_related("user")
    return {int(a.user.email.removeprefix("runner").split("@")[0]): a for a in athletes}


def races_of(athlete: Athlete, **filters) -> list[Race]:
    return list(Race.objects.filter(athlete=athlete, **filters))


def test_every_runner_has_an_a_race_8_to_20_weeks_out_and_a_season_with_weeks_behind_it(
    runners, now
):
    assert len(runners) == 12
    for number, athlete in runners.items():
        today = athlete.local_today(now)
        a_race = next_race(athlete, today=today, priority=Race.Priority.A)
        assert a_race is not None, number
        assert 8 * 7 <= (a_race.date - today).days <= 20 * 7, number
        report = season_for(athlete)
        assert report is not None, number
        assert report.season.a_race.key == a_race.pk
        # The plan began when the A race was added, weeks ago: there is a log to compare.
        behind = [w for w in report.weeks if w.week_start < monday_of(report.today)]
        assert len(behind) >= 5, number
        assert any(w.actual_distance_m for w in behind), number


def test_every_runner_has_a_b_tune_up_and_a_c_race_ahead(runners, now):
    for number, athlete in runners.items():
        today = athlete.local_today(now)
        a_race = next_race(athlete, today=today, priority=Race.Priority.A)
        tune_ups = races_of(athlete, priority=Race.Priority.B, date__gt=today)
        assert tune_ups, number
        assert races_of(athlete, priority=Race.Priority.C, date__gt=today), number
        if number != RULE_BREAKER:
            assert any(3 * 7 <= (a_race.date - b.date).days <= 6 * 7 for b in tune_ups), number


def test_every_runner_has_past_results_paced_like_their_runs_and_a_pb_improvement(runners, now):
    for number, athlete in runners.items():
        results = races_of(athlete, status=Race.Status.COMPLETED)
        assert 2 <= len(results) <= 4, number
        easy = Run.objects.filter(athlete=athlete, kind=Run.Kind.EASY)
        easy_pace = statistics.median(run.duration_s / run.distance_m for run in easy)
        for race in results:
            assert race.date < athlete.local_today(now)
            pace = race.result_time_s / race.distance_m
            # Raced faster than easy runs, but not impossibly so.
            assert 0.8 * easy_pace <= pace <= 1.05 * easy_pace, (number, race.name)
        improved = PersonalBest.objects.filter(athlete=athlete).exclude(previous_s=None)
        assert improved.exists(), number


def test_every_season_rule_has_a_real_example_and_only_the_two_rule_breakers_are_warned(
    runners,
) -> None:
    warned: dict[int, set[str]] = {}
    number_of = {athlete.pk: number for number, athlete in runners.items()}
    races = list(Race.objects.all())
    found = warnings_by_race(races)
    for race in races:
        for warning in found[race.pk]:
            warned.setdefault(number_of[race.athlete_id], set()).add(warning.rule)
    assert set().union(*warned.values()) == SEASON_RULES
    assert set(warned) == {RULE_BREAKER, BUSY_RACER}
    assert warned[BUSY_RACER] == {"busy-period"}
    assert warned[RULE_BREAKER] == SEASON_RULES - {"busy-period"}


def test_each_race_time_goal_is_for_a_race_at_its_distance(runners):
    goals = Goal.objects.filter(metric=Goal.Metric.RACE_TIME).select_related("race")
    assert goals.count() == 12
    for goal in goals:
        assert goal.race is not None, goal.title
        assert goal.race.athlete_id == goal.athlete_id
        assert goal.race.priority in (Race.Priority.A, Race.Priority.B)
        assert (goal.race.distance_m, goal.target_date) == (goal.distance_m, goal.race.date)
        # The results so far fall short of the goal: it is still something to run for.
        assert goal.status != Goal.Status.ACHIEVED, goal.title


def test_seeding_again_days_later_creates_nothing_and_moves_no_race(runners, now):
    def counts() -> dict[str, int]:
        # Planned sessions aside: a later day may be in a new week, which the demo plans
        # (races/session_demo.py; tests/races/test_session_demo.py).
        return {
            model._meta.label: model._default_manager.count()
            for app in ["athletes", "checkins", "races", "goals", "coaching"]
            for model in apps.get_app_config(app).get_models()
            if model is not PlannedSession
        }

    first, dates = counts(), dict(Race.objects.values_list("pk", "date"))
    assert first["races.Race"] >= 12 * 6
    # Races are found by runner and name, so a later day's dates make no second season.
    with time_machine.travel(now + dt.timedelta(days=3), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    assert dict(Race.objects.values_list("pk", "date")) == dates
