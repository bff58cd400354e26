import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from checkins.models import Run
from goals import achievements, services
from goals.board import goal_board
from goals.models import Goal, GoalChange
from tests.athletes.factories import AthleteFactory
from tests.checkins.factories import RunFactory
from tests.goals.factories import (
    NOW,
    GoalFactory,
    ProcessGoalFactory,
    VisionFactory,
)

pytestmark = pytest.mark.django_db


def changed(goal: Goal, **changes) -> services.GoalData:
    return dataclasses.replace(services.GoalData.of(goal), **changes)


def test_a_coach_may_edit_their_athletes_goals_but_not_another_coaches(cast):
    goal = GoalFactory(athlete=cast.runner)
    editable = Goal.objects.editable_by
    assert editable(cast.runner.user).filter(pk=goal.pk).exists()
    assert editable(cast.coach.user).filter(pk=goal.pk).exists()
    assert not editable(cast.other_coach.user).filter(pk=goal.pk).exists()
    assert not editable(cast.other_runner.user).filter(pk=goal.pk).exists()


def test_creating_an_outcome_goal_records_who_set_it_and_measures_the_starting_point(cast):
    RunFactory(athlete=cast.runner, distance_m=18000, started_at=NOW - dt.timedelta(days=7))
    goal = services.goal_create(
        athlete=cast.runner,
        by=cast.coach.user,
        data=services.GoalData(
            level=Goal.Level.OUTCOME,
            kind=Goal.Kind.DISTANCE,
            title="Run 30 km a week",
            metric=Goal.Metric.WEEKLY_DISTANCE,
            target_value=30000,
            target_date=dt.date(2027, 6, 1),
        ),
    )
    assert (goal.created_by, goal.updated_by) == (cast.coach.user, cast.coach.user)
    assert goal.baseline_value == 18000
    assert goal.start_date == dt.date(2027, 3, 10)


@pytest.mark.parametrize(
    ("level", "parent_level", "ok"),
    [
        (Goal.Level.OUTCOME, Goal.Level.VISION, True),
        (Goal.Level.PROCESS, Goal.Level.OUTCOME, True),
        (Goal.Level.PROCESS, Goal.Level.VISION, False),
        (Goal.Level.OUTCOME, Goal.Level.PROCESS, False),
        (Goal.Level.VISION, Goal.Level.VISION, False),
    ],
)
def test_levels_pair_vision_outcome_process(level, parent_level, ok):
    athlete = AthleteFactory()
    parent = GoalFactory(athlete=athlete, level=parent_level)
    create = lambda: services.goal_create(  # noqa: E731
        athlete=athlete,
        by=athlete.user,
        data=services.GoalData(
            level=level, kind=Goal.Kind.MINDSET, title="Enjoy every single run", parent=parent
        ),
    )
    if ok:
        assert create().parent == parent
    else:
        with pytest.raises(ValidationError) as error:
            create()
        assert "parent" in error.value.message_dict


def test_a_parent_goal_of_another_runner_is_refused():
    goal_elsewhere = VisionFactory()
    with pytest.raises(ValidationError, match="another runner"):
        services.goal_create(
            athlete=AthleteFactory(),
            by=goal_elsewhere.athlete.user,
            data=services.GoalData(
                level=Goal.Level.OUTCOME,
                kind=Goal.Kind.MINDSET,
                title="Finish a first half marathon",
                parent=goal_elsewhere,
            ),
        )


def test_changing_the_target_without_a_reason_is_refused(cast):
    goal = GoalFactory(athlete=cast.runner)
    with pytest.raises(ValidationError) as error:
        services.goal_update(goal=goal, by=cast.runner.user, data=changed(goal, target_value=35000))
    assert "reason" in error.value.message_dict
    goal.refresh_from_db()
    assert goal.target_value == 30000


def test_changing_target_and_date_with_a_reason_keeps_the_history(cast):
    goal = GoalFactory(athlete=cast.runner, target_date=dt.date(2027, 5, 1))
    services.goal_update(
        goal=goal,
        by=cast.coach.user,
        reason="Knee niggle: build more slowly",
        data=changed(goal, target_value=25000, target_date=dt.date(2027, 6, 1)),
    )
    goal.refresh_from_db()
    assert (goal.status, goal.updated_by) == (Goal.Status.ADJUSTED, cast.coach.user)
    changes = {
        c.field: (c.old_value, c.new_value, c.reason, c.changed_by) for c in goal.changes.all()
    }
    reason = "Knee niggle: build more slowly"
    assert changes == {
        "target_value": ("30000", "25000", reason, cast.coach.user),
        "target_date": ("2027-05-01", "2027-06-01", reason, cast.coach.user),
    }


def test_changing_only_the_title_needs_no_reason(cast):
    goal = GoalFactory(athlete=cast.runner)
    services.goal_update(
        goal=goal,
        by=cast.runner.user,
        data=changed(goal, title="Thirty a week", target_value=30000),
    )
    assert not goal.changes.exists()
    assert goal.status == Goal.Status.ACTIVE


def test_abandoning_needs_a_reason_and_is_recorded(cast):
    goal = GoalFactory(athlete=cast.runner)
    with pytest.raises(ValidationError):
        services.goal_abandon(goal=goal, by=cast.runner.user, reason=" ")
    services.goal_abandon(goal=goal, by=cast.runner.user, reason="New job, less time")
    assert goal.status == Goal.Status.ABANDONED
    change = GoalChange.objects.get(goal=goal)
    assert (change.field, change.new_value, change.reason) == (
        "status",
        "abandoned",
        "New job, less time",
    )


def test_mindset_goals_are_ticked_off_by_hand_with_a_note(cast):
    goal = GoalFactory(athlete=cast.runner, kind=Goal.Kind.MINDSET, metric="", target_value=None)
    services.goal_tick(goal=goal, by=cast.runner.user, note="Smiled through every run")
    goal.refresh_from_db()
    assert (goal.status, goal.achieved_at, goal.completion_note) == (
        Goal.Status.ACHIEVED,
        dt.date(2027, 3, 10),
        "Smiled through every run",
    )


def test_measured_goals_cannot_be_ticked_by_hand(cast):
    with pytest.raises(ValidationError):
        services.goal_tick(goal=GoalFactory(athlete=cast.runner), by=cast.runner.user, note="")


def test_process_goals_are_not_achieved_by_one_good_week(cast):
    goal = ProcessGoalFactory(athlete=cast.runner, target_value=1)
    RunFactory(athlete=cast.runner, started_at=NOW - dt.timedelta(hours=3), kind=Run.Kind.EASY)
    achievements.record_achievements(athlete=cast.runner)
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ACTIVE


def test_the_board_is_a_tree_with_abandoned_goals_in_the_history(cast):
    vision = VisionFactory(athlete=cast.runner)
    outcome = GoalFactory(athlete=cast.runner, parent=vision)
    habit = ProcessGoalFactory(athlete=cast.runner, parent=outcome)
    dropped = GoalFactory(athlete=cast.runner, parent=vision, status=Goal.Status.ABANDONED)
    orphan = ProcessGoalFactory(athlete=cast.runner)
    board = goal_board(cast.runner)
    assert [node.goal for node in board.roots] == [vision, orphan]
    assert [node.goal for node in board.roots[0].children] == [outcome]
    assert [node.goal for node in board.roots[0].children[0].children] == [habit]
    assert [node.goal for node in board.history] == [dropped]
    assert {node.goal for node in board.process_nodes()} == {habit, orphan}
