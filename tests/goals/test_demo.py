import io

import pytest
from django.core.management import call_command

from goals.assessment import assess_draft, draft_of
from goals.models import Goal, GoalChange

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    """The demo is seeded once for the module, on today's date: these tests keep that clock."""
    yield


def test_seed_demo_gives_every_runner_a_goal_tree_and_is_idempotent(demo):
    counts = Goal.objects.count(), GoalChange.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert (Goal.objects.count(), GoalChange.objects.count()) == counts
    for athlete_id in Goal.objects.values_list("athlete", flat=True).distinct():
        levels = list(Goal.objects.filter(athlete_id=athlete_id).values_list("level", flat=True))
        assert levels.count("vision") == 1
        assert 1 <= levels.count("outcome") <= 2
        assert 2 <= levels.count("process") <= 3
    assert Goal.objects.values("athlete").distinct().count() == 12
    assert Goal.objects.filter(status=Goal.Status.ACHIEVED).exists()
    adjusted = GoalChange.objects.get()
    assert adjusted.reason and adjusted.goal.status == Goal.Status.ADJUSTED


def test_one_demo_goal_fails_smart_on_purpose(demo, today):
    goal = Goal.objects.get(title="Run 80 km a week by next month")
    assessment = assess_draft(draft=draft_of(goal), athlete=goal.athlete)
    assert assessment.achievable.status == "fail"
    assert goal.target_date > today


def test_demo_goals_read_in_each_runners_units_and_targets_match_their_titles(demo):
    lucy = Goal.objects.filter(athlete__user__email="runner4@example.com")
    assert lucy.get(title="Build to 30 mi a week").target_value == pytest.approx(30 * 1609.344)
    assert lucy.get(title="Run a half marathon under 1:55").target_value == 115 * 60
