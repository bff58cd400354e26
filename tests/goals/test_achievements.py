"""Goals and milestones are achieved when the log reaches them, dated that day; pages only read."""

import dataclasses
import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from checkins import imports, runs
from checkins.models import Run
from checkins.reviews.writes import review_save_draft, review_submit
from goals import achievements, board, services
from goals.models import Goal, Milestone
from tests.checkins.activity_files import strava_csv_bytes
from tests.checkins.factories import RunFactory, WeeklyReviewFactory
from tests.conftest import client_for
from tests.goals.factories import NOW, GoalFactory, MilestoneFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2027, 3, 10)


def log_run(athlete, *, metres: int, when: dt.datetime = NOW) -> Run:
    run = Run(athlete=athlete, started_at=when - dt.timedelta(hours=2), distance_m=metres)
    run.duration_s = metres * 6 // 10
    return runs.run_save(run=run)


def test_a_run_that_reaches_a_goal_achieves_it_that_day_though_the_page_opens_later(cast):
    goal = GoalFactory(athlete=cast.runner, target_value=20000, reward="New shoes")
    reached = MilestoneFactory(goal=goal, target_value=15000)
    further = MilestoneFactory(goal=goal, target_value=25000, title="25 km week")
    log_run(cast.runner, metres=21000)
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        page = client_for(cast.runner.user).get(reverse("goals:goal-detail", args=[goal.pk]))
        wins = board.goal_home(cast.runner).wins
    goal.refresh_from_db()
    assert (goal.status, goal.achieved_at) == (Goal.Status.ACHIEVED, TODAY)
    assert Milestone.objects.get(pk=reached.pk).achieved_at == TODAY
    assert Milestone.objects.get(pk=further.pk).achieved_at is None
    assert "Achieved 10 Mar" in page.content.decode()
    assert {(win.title, win.reward, win.date) for win in wins} == {
        (goal.title, "New shoes", TODAY),
        ("First 25 km week", "", TODAY),
    }


def test_opening_the_goal_pages_writes_nothing(cast):
    goal = GoalFactory(athlete=cast.runner, target_value=20000)
    MilestoneFactory(goal=goal, target_value=15000)
    RunFactory(athlete=cast.runner, distance_m=21000, started_at=NOW - dt.timedelta(hours=2))
    client = client_for(cast.runner.user)
    pages = [
        reverse("goals:goals"),
        reverse("goals:goal-detail", args=[goal.pk]),
        reverse("athlete-home"),
    ]
    with CaptureQueriesContext(connection) as queries:
        assert [client.get(url).status_code for url in pages] == [200, 200, 200]
        assert client.get("/api/v1/goals/").json()["results"][0]["progress"]["percent"] == 100
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert [sql for sql in writes if "goals_" in sql] == []
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ACTIVE


def test_deleting_a_run_keeps_an_achievement_and_logs_after_it_do_not_redate_it(cast):
    goal = GoalFactory(athlete=cast.runner, target_value=20000)
    run = log_run(cast.runner, metres=21000)
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        runs.run_delete(run=run)
        log_run(cast.runner, metres=22000, when=NOW + dt.timedelta(days=1))
    goal.refresh_from_db()
    assert (goal.status, goal.achieved_at) == (Goal.Status.ACHIEVED, TODAY)


def test_an_imported_file_that_reaches_a_goal_achieves_it(cast):
    goal = GoalFactory(athlete=cast.runner, metric=Goal.Metric.LONG_RUN, target_value=20000)
    data = strava_csv_bytes(
        [("1", "Mar 9, 2027, 7:00:00 AM", "Long", "Run", "7500", "21", "21000")]
    )
    result = imports.import_activity_file(athlete=cast.runner, name="activities.csv", data=data)
    assert result.imported == 1
    goal.refresh_from_db()
    assert (goal.status, goal.achieved_at) == (Goal.Status.ACHIEVED, TODAY)


def test_a_weekly_review_that_reaches_a_strength_goal_achieves_it(cast):
    goal = GoalFactory(
        athlete=cast.runner, metric=Goal.Metric.STRENGTH_PER_WEEK, target_value=2, title="Lift"
    )
    review = WeeklyReviewFactory(athlete=cast.runner, week_start=dt.date(2027, 3, 8))
    review_save_draft(review=review, data={"strength_sessions": 1}, version=1)
    assert Goal.objects.get(pk=goal.pk).status == Goal.Status.ACTIVE
    review_submit(review=review, data={"strength_sessions": 2}, version=2)
    goal.refresh_from_db()
    assert (goal.status, goal.achieved_at) == (Goal.Status.ACHIEVED, TODAY)


def test_a_benchmark_that_beats_a_race_time_goal_achieves_it(cast):
    goal = GoalFactory(
        athlete=cast.runner,
        kind=Goal.Kind.TIME,
        metric=Goal.Metric.RACE_TIME,
        distance_m=5000,
        target_value=25 * 60,
    )
    services.benchmark_create(
        athlete=cast.runner,
        by=cast.coach.user,
        data=services.BenchmarkData(distance_m=5000, duration_s=24 * 60, date=TODAY),
    )
    goal.refresh_from_db()
    assert (goal.status, goal.achieved_at) == (Goal.Status.ACHIEVED, TODAY)


def test_a_goal_or_milestone_set_at_a_level_already_reached_is_achieved_when_saved(cast):
    RunFactory(athlete=cast.runner, distance_m=21000, started_at=NOW - dt.timedelta(hours=2))
    goal = services.goal_create(
        athlete=cast.runner,
        by=cast.runner.user,
        data=services.GoalData(
            level=Goal.Level.OUTCOME,
            kind=Goal.Kind.DISTANCE,
            title="Run 20 km every week",
            metric=Goal.Metric.WEEKLY_DISTANCE,
            target_value=20000,
            target_date=dt.date(2027, 6, 1),
        ),
    )
    assert (goal.status, goal.achieved_at) == (Goal.Status.ACHIEVED, TODAY)
    open_goal = GoalFactory(athlete=cast.runner, target_value=30000)
    milestone = services.milestone_save(
        milestone=Milestone(goal=open_goal, title="Twenty", target_value=20000, target_date=TODAY)
    )
    assert milestone.achieved_at == TODAY
    services.goal_update(
        goal=open_goal,
        by=cast.coach.user,
        reason="Easier",
        data=dataclasses.replace(services.GoalData.of(open_goal), target_value=21000),
    )
    assert (open_goal.status, open_goal.achieved_at) == (Goal.Status.ACHIEVED, TODAY)


def test_a_milestone_added_through_the_api_is_achieved_when_already_reached(cast):
    goal = GoalFactory(athlete=cast.runner, target_value=30000)
    RunFactory(athlete=cast.runner, distance_m=21000, started_at=NOW - dt.timedelta(hours=2))
    client = APIClient()
    client.force_authenticate(cast.coach.user)
    response = client.post(
        "/api/v1/milestones/",
        {"goal": goal.pk, "title": "Twenty a week", "target_value": 20000, "target_date": TODAY},
    )
    assert response.status_code == 201
    assert response.json()["achieved_at"] == "2027-03-10"


def test_abandoned_goals_and_process_goals_are_not_achieved_by_the_log(cast):
    dropped = GoalFactory(athlete=cast.runner, target_value=20000, status=Goal.Status.ABANDONED)
    left = MilestoneFactory(goal=dropped, target_value=15000)
    habit = GoalFactory(
        athlete=cast.runner,
        level=Goal.Level.PROCESS,
        metric=Goal.Metric.RUNS_PER_WEEK,
        target_value=1,
    )
    log_run(cast.runner, metres=21000)
    assert Goal.objects.get(pk=dropped.pk).status == Goal.Status.ABANDONED
    assert Goal.objects.get(pk=habit.pk).status == Goal.Status.ACTIVE
    assert Milestone.objects.get(pk=left.pk).achieved_at is None


def test_a_review_change_costs_one_query_for_a_runner_without_measured_goals(
    cast, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        achievements.record_achievements(athlete=cast.runner, personal_bests=False)


def test_personal_bests_cost_four_queries_more(cast, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        achievements.record_achievements(athlete=cast.runner)
