"""Progress measured from runs, weekly reviews, benchmarks and races."""

import datetime as dt

import pytest

from checkins.models import Run, WeeklyReview
from checkins.momentum import Mark
from goals import progress as measured
from goals.activity import load_activity
from goals.assessment import runner_context
from goals.models import Goal
from tests.athletes.factories import AthleteFactory, BusyPeriodFactory
from tests.checkins.factories import RunFactory, WeeklyReviewFactory
from tests.goals.factories import NOW, BenchmarkFactory, GoalFactory, ProcessGoalFactory

THIS_MONDAY = dt.date(2027, 3, 8)

pytestmark = pytest.mark.django_db


def run_on(athlete, day: dt.date, *, metres=8000, kind=Run.Kind.EASY, seconds=2700):
    started = dt.datetime.combine(day, dt.time(7, 0), tzinfo=athlete.zone)
    return RunFactory(
        athlete=athlete, started_at=started, distance_m=metres, kind=kind, duration_s=seconds
    )


def weeks_ago(count: int) -> dt.date:
    return THIS_MONDAY - dt.timedelta(weeks=count)


def measure(goal):
    activity = load_activity([goal.athlete], since=THIS_MONDAY - dt.timedelta(days=400))
    return measured.measure(goal, activity[goal.athlete.pk], now=NOW)


def test_a_process_goal_counts_this_weeks_runs_toward_the_weekly_target():
    athlete = AthleteFactory()
    goal = ProcessGoalFactory(athlete=athlete, start_date=weeks_ago(6))
    run_on(athlete, THIS_MONDAY)
    run_on(athlete, THIS_MONDAY + dt.timedelta(days=1))
    run_on(athlete, THIS_MONDAY, kind=Run.Kind.STRENGTH)
    result = measure(goal)
    assert (result.value, result.target, result.percent) == (2, 3, 67)


def test_process_goal_weeks_are_met_missed_or_paused_and_the_streak_forgives_pauses():
    athlete = AthleteFactory()
    goal = ProcessGoalFactory(athlete=athlete, start_date=weeks_ago(4))
    for week in (4, 3, 1):
        for day in range(3):
            run_on(athlete, weeks_ago(week) + dt.timedelta(days=day))
    WeeklyReviewFactory(athlete=athlete, week_start=weeks_ago(2), maintenance_week=True)
    result = measure(goal)
    marks = [mark for _, mark in result.marks]
    assert marks[-4:] == [Mark.MET, Mark.MET, Mark.PAUSED, Mark.MET]
    assert marks[:8] == [None] * 8  # before the goal began
    assert len(marks) == 12
    assert result.streak == 3
    assert result.on_track is True


def test_a_missed_week_breaks_momentum_and_puts_the_habit_behind():
    athlete = AthleteFactory()
    goal = ProcessGoalFactory(athlete=athlete, start_date=weeks_ago(3))
    for week in (3, 2):
        for day in range(3):
            run_on(athlete, weeks_ago(week) + dt.timedelta(days=day))
    result = measure(goal)
    assert [mark for _, mark in result.marks][-3:] == [Mark.MET, Mark.MET, Mark.MISSED]
    assert (result.streak, result.on_track) == (0, False)


def test_an_injury_week_and_a_busy_period_pause_instead_of_breaking():
    athlete = AthleteFactory()
    goal = ProcessGoalFactory(athlete=athlete, start_date=weeks_ago(2))
    WeeklyReviewFactory(athlete=athlete, week_start=weeks_ago(2), injured=True)
    BusyPeriodFactory(athlete=athlete, start=weeks_ago(1), end=weeks_ago(1))
    assert [mark for _, mark in measure(goal).marks][-2:] == [Mark.PAUSED, Mark.PAUSED]


def halfway_weekly_goal(athlete):
    """20 → 30 km a week, halfway through its window: 50 % of the build is expected."""
    return GoalFactory(
        athlete=athlete,
        baseline_value=20000,
        target_value=30000,
        start_date=THIS_MONDAY - dt.timedelta(days=26),
        target_date=THIS_MONDAY + dt.timedelta(days=30),
    )


def test_weekly_distance_on_track_against_the_straight_line_build():
    athlete = AthleteFactory()
    goal = halfway_weekly_goal(athlete)
    run_on(athlete, weeks_ago(1), metres=25000)
    result = measure(goal)
    assert (result.value, result.percent, result.on_track) == (25000, 50, True)


def test_weekly_distance_well_below_the_build_is_behind():
    athlete = AthleteFactory()
    goal = halfway_weekly_goal(athlete)
    run_on(athlete, weeks_ago(1), metres=21000)
    result = measure(goal)
    assert (result.percent, result.on_track, result.reached) == (10, False, False)


def test_total_distance_counts_only_the_goal_window():
    athlete = AthleteFactory()
    goal = GoalFactory(
        athlete=athlete,
        metric=Goal.Metric.TOTAL_DISTANCE,
        target_value=100000,
        start_date=weeks_ago(2),
        target_date=THIS_MONDAY + dt.timedelta(weeks=2),
    )
    run_on(athlete, weeks_ago(3), metres=50000)
    run_on(athlete, weeks_ago(2), metres=20000)
    run_on(athlete, THIS_MONDAY, metres=30000)
    run_on(athlete, THIS_MONDAY, metres=5000, kind=Run.Kind.CROSS_TRAINING)
    result = measure(goal)
    assert (result.value, result.percent) == (50000, 50)
    assert result.on_track is True


def test_long_run_is_the_longest_run_since_the_start():
    athlete = AthleteFactory()
    goal = GoalFactory(
        athlete=athlete, metric=Goal.Metric.LONG_RUN, target_value=21000, start_date=weeks_ago(2)
    )
    run_on(athlete, weeks_ago(1), metres=18000)
    run_on(athlete, weeks_ago(1) + dt.timedelta(days=2), metres=12000)
    assert measure(goal).value == 18000


def test_race_time_comes_from_races_and_benchmarks_at_that_distance():
    athlete = AthleteFactory()
    goal = GoalFactory(
        athlete=athlete,
        kind=Goal.Kind.TIME,
        metric=Goal.Metric.RACE_TIME,
        distance_m=5000,
        target_value=25 * 60,
        baseline_value=27 * 60,
        start_date=weeks_ago(8),
    )
    run_on(athlete, weeks_ago(3), metres=5050, seconds=26 * 60, kind=Run.Kind.RACE)
    run_on(athlete, weeks_ago(2), metres=10000, seconds=50 * 60, kind=Run.Kind.RACE)
    BenchmarkFactory(athlete=athlete, distance_m=5000, duration_s=25 * 60 + 30, date=weeks_ago(1))
    result = measure(goal)
    assert result.value == 25 * 60 + 30
    assert (result.percent, result.reached) == (75, False)
    BenchmarkFactory(athlete=athlete, distance_m=5000, duration_s=24 * 60 + 50, date=THIS_MONDAY)
    assert measure(goal).reached


def test_strength_sleep_and_reviews_come_from_the_weekly_review():
    athlete = AthleteFactory()
    WeeklyReviewFactory(
        athlete=athlete,
        week_start=weeks_ago(1),
        strength_sessions=2,
        good_sleep_nights=5,
        status=WeeklyReview.Status.SUBMITTED,
    )
    activity = load_activity([athlete], since=weeks_ago(4))[athlete.pk]
    values = [
        activity.week_value(metric, weeks_ago(1))
        for metric in (
            Goal.Metric.STRENGTH_PER_WEEK,
            Goal.Metric.SLEEP_PER_WEEK,
            Goal.Metric.REVIEWS_PER_WEEK,
        )
    ]
    assert values == [2, 5, 1]
    assert activity.week_value(Goal.Metric.REVIEWS_PER_WEEK, THIS_MONDAY) == 0


def test_strength_sessions_logged_as_runs_count_when_the_review_has_none():
    athlete = AthleteFactory()
    run_on(athlete, THIS_MONDAY, kind=Run.Kind.STRENGTH)
    activity = load_activity([athlete], since=weeks_ago(4))[athlete.pk]
    assert activity.week_value(Goal.Metric.STRENGTH_PER_WEEK, THIS_MONDAY) == 1


def test_the_best_effort_is_the_highest_vdot_of_the_last_12_months():
    athlete = AthleteFactory()
    BenchmarkFactory(athlete=athlete, distance_m=5000, duration_s=20 * 60, date=weeks_ago(60))
    BenchmarkFactory(athlete=athlete, distance_m=5000, duration_s=26 * 60, date=weeks_ago(5))
    run_on(athlete, weeks_ago(2), metres=10000, seconds=52 * 60, kind=Run.Kind.RACE)
    activity = load_activity([athlete], since=weeks_ago(70))[athlete.pk]
    best = activity.best_effort(THIS_MONDAY)
    assert (best.distance_m, best.duration_s) == (10000, 52 * 60)


def test_runner_context_averages_the_last_four_complete_weeks():
    athlete = AthleteFactory()
    for week in (1, 2, 3, 4):
        run_on(athlete, weeks_ago(week), metres=20000, seconds=7200)
    run_on(athlete, THIS_MONDAY, metres=50000)  # this week does not count yet
    activity = load_activity([athlete], since=weeks_ago(20))[athlete.pk]
    runner = runner_context(activity, today=THIS_MONDAY + dt.timedelta(days=2))
    assert runner.recent_weekly_distance_m == 20000
    assert runner.longest_run_m == 50000
    assert runner.weekly_minutes_available == athlete.weekly_minutes_available


def test_a_target_met_from_a_baseline_already_past_it_counts_as_done():
    assert measured.percent_done(value=4, target=3, baseline=4, lower_is_better=False) == 100
    assert (
        measured.percent_done(value=1500, target=1600, baseline=1400, lower_is_better=True) == 100
    )


def test_every_measure_reads_only_the_columns_loaded(django_assert_num_queries):
    """`load_activity` loads only the columns the measures read (`RUN_FIELDS`, `REVIEW_FIELDS`):
    reading another would cost a query a run. Every metric, and the SMART check's runner
    context, is worked out from a loaded activity without one."""
    athlete = AthleteFactory()
    for week in range(1, 6):
        run_on(athlete, weeks_ago(week), metres=12_000)
        run_on(athlete, weeks_ago(week) + dt.timedelta(days=2), kind=Run.Kind.STRENGTH)
        WeeklyReviewFactory(
            athlete=athlete,
            week_start=weeks_ago(week),
            status=WeeklyReview.Status.SUBMITTED,
            strength_sessions=2,
            good_sleep_nights=5,
            maintenance_week=week == 4,
        )
    run_on(athlete, weeks_ago(2), metres=5000, seconds=25 * 60, kind=Run.Kind.RACE)
    goals = [
        GoalFactory(
            athlete=athlete,
            metric=metric,
            distance_m=5000 if metric == Goal.Metric.RACE_TIME else None,
            target_value=25 * 60 if metric == Goal.Metric.RACE_TIME else 3,
            start_date=weeks_ago(6),
        )
        for metric in Goal.Metric
        if metric
    ]
    # As habits too: their weekly marks read the paused weeks (maintenance, injured).
    goals += [
        ProcessGoalFactory(athlete=athlete, metric=metric, start_date=weeks_ago(6))
        for metric in Goal.WEEKLY_METRICS
    ]
    activity = load_activity([athlete], since=weeks_ago(60))[athlete.pk]
    with django_assert_num_queries(0):
        results = [measured.measure(goal, activity, now=NOW) for goal in goals]
        runner_context(activity, today=THIS_MONDAY)
    assert all(result is not None for result in results)
    assert any(result.marks for result in results)


def test_a_marathon_goals_prediction_is_the_training_adjusted_one_a_10ks_is_riegels():
    # One model per question, as SMART judges the goal: a 30-minute 5K on 25 km a week.
    athlete = AthleteFactory()
    BenchmarkFactory(athlete=athlete, distance_m=5000, duration_s=1800, date=weeks_ago(2))
    for week in range(1, 5):
        run_on(athlete, weeks_ago(week), metres=25_000, seconds=25 * 360)
    dates = {"start_date": THIS_MONDAY, "target_date": THIS_MONDAY + dt.timedelta(weeks=16)}
    marathon = GoalFactory(
        athlete=athlete,
        metric=Goal.Metric.RACE_TIME,
        distance_m=42195,
        target_value=4 * 3600,
        **dates,
    )
    ten_k = GoalFactory(
        athlete=athlete, metric=Goal.Metric.RACE_TIME, distance_m=10_000, target_value=3600, **dates
    )
    # Vickers & Vertosick model 1: about 5:13 (Riegel would say 4:47:44).
    assert measure(marathon).predicted == pytest.approx(5 * 3600 + 12 * 60 + 53, abs=2)
    assert measure(ten_k).predicted == pytest.approx(1800 * 2**1.06)
