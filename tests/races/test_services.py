import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from goals import achievements, board
from goals import services as goals
from goals.models import Goal, GoalChange
from races import records, services
from races.models import PersonalBest, Race
from tests import clock
from tests.checkins.factories import RunFactory
from tests.conftest import client_for
from tests.goals.factories import BenchmarkFactory, GoalFactory
from tests.races.factories import RaceFactory

pytestmark = pytest.mark.django_db


def draft_of(race: Race, **changes) -> services.RaceDraft:
    fields = {name: getattr(race, name) for name in services.RaceDraft.__dataclass_fields__}
    return services.RaceDraft(**{**fields, **changes})


def ten_k(cast, *, days_ago: int, seconds: int, name: str = "Parkside 10K") -> Race:
    today = cast.runner.local_today(clock.now())
    return services.race_create(
        athlete=cast.runner,
        by=cast.runner.user,
        draft=services.RaceDraft(
            name=name,
            date=today - dt.timedelta(days=days_ago),
            distance_m=10000,
            priority=Race.Priority.C,
            status=Race.Status.COMPLETED,
            result_time_s=seconds,
        ),
    )


def test_a_first_result_is_on_record_and_a_faster_one_is_a_pb_with_its_margin(cast):
    ten_k(cast, days_ago=60, seconds=49 * 60 + 15)
    ten_k(cast, days_ago=3, seconds=48 * 60 + 12, name="Riverside 10K")
    first, improvement = PersonalBest.objects.filter(athlete=cast.runner).order_by("date")
    assert records.pb_message(first) == "First 10K on record: 49:15"
    assert records.pb_message(improvement) == "New 10K PB: 48:12, 1:03 faster"
    assert improvement.source == "race" and improvement.source_label == "Riverside 10K"


def test_a_slower_result_is_no_pb(cast):
    ten_k(cast, days_ago=60, seconds=48 * 60)
    ten_k(cast, days_ago=3, seconds=50 * 60)
    assert PersonalBest.objects.filter(athlete=cast.runner).count() == 1


def test_correcting_a_result_rebuilds_the_pbs(cast):
    ten_k(cast, days_ago=60, seconds=49 * 60)
    later = ten_k(cast, days_ago=3, seconds=48 * 60)
    services.race_update(race=later, by=cast.runner.user, draft=draft_of(later, result_time_s=3000))
    assert [pb.duration_s for pb in records.current_bests(cast.runner)] == [49 * 60]
    services.race_delete(race=later, by=cast.runner.user)
    assert PersonalBest.objects.filter(athlete=cast.runner).count() == 1


def test_benchmarks_and_runs_raced_count_towards_pbs(cast, now):
    today = cast.runner.local_today(now)
    BenchmarkFactory(athlete=cast.runner, distance_m=5000, duration_s=1500, date=today)
    RunFactory(
        athlete=cast.runner,
        kind="race",
        distance_m=5040,
        duration_s=1440,
        started_at=now - dt.timedelta(hours=2),
    )
    achievements.record_achievements(athlete=cast.runner)
    best = records.current_bests(cast.runner)
    assert [(pb.distance_m, pb.duration_s, pb.source) for pb in best] == [(5000.0, 1440, "run")]


def test_a_pb_shows_among_the_runners_recent_wins(cast):
    ten_k(cast, days_ago=60, seconds=49 * 60 + 15)
    ten_k(cast, days_ago=3, seconds=48 * 60 + 12)
    wins = board.goal_home(cast.runner).wins
    assert "New 10K PB: 48:12, 1:03 faster" in [win.title for win in wins]


def test_a_goal_linked_to_a_race_is_due_on_race_day(cast):
    race = RaceFactory(athlete=cast.runner)
    goal = goals.goal_create(
        athlete=cast.runner,
        by=cast.runner.user,
        data=goals.GoalData(
            level=Goal.Level.OUTCOME,
            kind=Goal.Kind.TIME,
            title="Sub-4 at the city marathon",
            metric=Goal.Metric.RACE_TIME,
            target_value=4 * 3600,
            target_date=race.date + dt.timedelta(days=30),
            race=race,
        ),
    )
    assert goal.target_date == race.date
    assert goal.distance_m == 42195


def test_moving_a_race_moves_its_goals_and_says_why(cast):
    race = RaceFactory(athlete=cast.runner)
    goal = GoalFactory(athlete=cast.runner, race=race, target_date=race.date)
    new_date = race.date + dt.timedelta(weeks=2)
    services.race_update(race=race, by=cast.coach.user, draft=draft_of(race, date=new_date))
    goal.refresh_from_db()
    assert goal.target_date == new_date
    change = GoalChange.objects.get(goal=goal)
    assert (change.field, change.reason, change.changed_by) == (
        "target_date",
        "race moved",
        cast.coach.user,
    )
    assert change.new_value == new_date.isoformat()


def test_a_race_saved_without_moving_leaves_its_goals_alone(cast):
    race = RaceFactory(athlete=cast.runner)
    GoalFactory(athlete=cast.runner, race=race, target_date=race.date)
    services.race_update(race=race, by=cast.runner.user, draft=draft_of(race, name="Renamed"))
    assert not GoalChange.objects.exists()


def test_a_race_result_feeds_a_race_time_goal(cast, now):
    today = cast.runner.local_today(now)
    goal = GoalFactory(
        athlete=cast.runner,
        kind=Goal.Kind.TIME,
        metric=Goal.Metric.RACE_TIME,
        distance_m=10000,
        target_value=50 * 60,
        start_date=today - dt.timedelta(days=30),
        target_date=today + dt.timedelta(days=30),
    )
    ten_k(cast, days_ago=2, seconds=49 * 60)
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ACHIEVED


def test_a_completed_race_needs_its_time_and_a_race_ahead_cannot_be_completed(cast):
    with pytest.raises(ValidationError) as missing:
        ten_k(cast, days_ago=1, seconds=None)
    assert "result_time_s" in missing.value.message_dict
    with pytest.raises(ValidationError) as ahead:
        ten_k(cast, days_ago=-7, seconds=3000)
    assert "still ahead" in str(ahead.value.message_dict["status"])
    assert not Race.objects.exists()


def test_the_goals_api_links_a_goal_to_a_race_in_scope_only(cast):
    own = RaceFactory(athlete=cast.runner)
    others = RaceFactory(athlete=cast.other_runner)
    client = client_for(cast.runner.user)
    body = {
        "level": "outcome",
        "kind": "time",
        "title": "Sub-4 at the city marathon",
        "metric": "race_time",
        "target_value": 14400,
        "target_date": (own.date + dt.timedelta(days=9)).isoformat(),
        # From an empty log a marathon fails Achievable: confirmed, as the runner would.
        "confirm": True,
    }
    refused = client.post("/api/v1/goals/", {**body, "race": others.pk}, "application/json")
    assert refused.status_code == 400 and "race" in refused.json()
    created = client.post("/api/v1/goals/", {**body, "race": own.pk}, "application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["race"] == own.pk
    assert created.json()["target_date"] == own.date.isoformat()
    assert created.json()["distance_m"] == 42195
