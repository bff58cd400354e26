import datetime as dt
import re

import pytest
from django.urls import reverse

from goals.models import Benchmark, Goal, GoalChange
from tests.checkins.factories import RunFactory
from tests.conftest import client_for
from tests.goals.factories import (
    NOW,
    BenchmarkFactory,
    GoalFactory,
    MilestoneFactory,
    ProcessGoalFactory,
    VisionFactory,
)

pytestmark = pytest.mark.django_db
# The goals page adds the PB table (1); the home adds the next race and, with one ahead, its plan.
GOALS_PAGE_MAX_QUERIES = 14
HOME_MAX_QUERIES = 26


def goal_form(**changes) -> dict:
    return {
        "level": "outcome",
        "kind": "distance",
        "title": "Run 30 km every week",
        "metric": "weekly_distance",
        # From an empty log the plan's floor of 10 km grows to 21.4 km a week by 1 June.
        "target": "20",
        "target_date": "2027-06-01",
        **changes,
    }


def test_the_goals_page_shows_the_tree_with_progress_and_momentum(cast):
    vision = VisionFactory(athlete=cast.runner, title="Run to stay sane")
    outcome = GoalFactory(athlete=cast.runner, parent=vision, title="Thirty a week")
    ProcessGoalFactory(athlete=cast.runner, parent=outcome, title="Three runs a week")
    RunFactory(athlete=cast.runner, distance_m=15000, started_at=NOW - dt.timedelta(days=7))
    html = client_for(cast.runner.user).get(reverse("goals:goals")).content.decode()
    assert html.index("Run to stay sane") < html.index("Thirty a week") < html.index("Three runs")
    assert '<rect width="50%"' in html  # 15 of 30 km
    assert "Now 15.0 km · target 30.0 km · 50 % of the way" in html
    assert 'class="marks"' in html
    assert "On track" in html or "Behind" in html


def test_progress_reads_from_the_starting_point_in_the_runners_units(cast):
    cast.runner.units = "mi"
    cast.runner.save()
    GoalFactory(athlete=cast.runner, baseline_value=20000, target_value=30000)
    RunFactory(athlete=cast.runner, distance_m=25000, started_at=NOW - dt.timedelta(days=7))
    html = client_for(cast.runner.user).get(reverse("goals:goals")).content.decode()
    assert "Now 15.5 mi · target 18.6 mi · started at 12.4 mi · 50 % of the way" in html


def test_a_race_goal_without_a_result_at_its_distance_shows_the_prediction(cast):
    cast.runner.units = "mi"
    cast.runner.save()
    goal = GoalFactory(
        athlete=cast.runner,
        kind=Goal.Kind.TIME,
        metric=Goal.Metric.RACE_TIME,
        distance_m=10000,
        target_value=50 * 60,
    )
    BenchmarkFactory(athlete=cast.runner, distance_m=5000, duration_s=24 * 60 + 34)
    html = client_for(cast.runner.user).get(reverse("goals:goals")).content.decode()
    assert "No race at this distance yet; your best effort predicts 51:13 · target 50:00" in html
    assert "No result yet" in html
    detail = client_for(cast.runner.user).get(reverse("goals:goal-detail", args=[goal.pk]))
    assert "Race time at a distance (6.2 mi)" in detail.content.decode()


def test_a_coach_sees_and_adds_goals_on_their_athletes_page(cast):
    GoalFactory(athlete=cast.runner, title="Sub-25 5K")
    client = client_for(cast.coach.user)
    page = client.get(reverse("goals:athlete-goals", args=[cast.runner.pk]))
    assert "Sub-25 5K" in page.content.decode()
    response = client.post(
        reverse("goals:athlete-goal-new", args=[cast.runner.pk]), goal_form(title="Coach set this")
    )
    goal = Goal.objects.get(title="Coach set this")
    assert response.status_code == 302
    assert (goal.athlete, goal.created_by) == (cast.runner, cast.coach.user)
    detail = client_for(cast.runner.user).get(reverse("goals:goal-detail", args=[goal.pk]))
    assert f"Set by {cast.coach.user}" in detail.content.decode()


def test_runner_and_coach_both_see_who_set_a_goal_and_who_last_changed_it(cast):
    coach = cast.coach.user
    goal = GoalFactory(
        athlete=cast.runner, title="Thirty a week", created_by=coach, updated_by=coach
    )
    runner = client_for(cast.runner.user)
    before = runner.get(reverse("goals:goal-detail", args=[goal.pk])).content.decode()
    assert f"Set by {cast.coach.user}" in before and "last changed" not in before
    assert f"· set by {cast.coach.user}" in runner.get(reverse("goals:goals")).content.decode()
    same_numbers = {
        "start_date": goal.start_date.isoformat(),
        "target_date": goal.target_date.isoformat(),
    }
    runner.post(
        reverse("goals:goal-edit", args=[goal.pk]),
        # The same 30 km, confirmed: from an empty log it fails Achievable.
        goal_form(title="Thirty km a week", target="30", confirm="on", **same_numbers),
    )
    coach_view = client_for(cast.coach.user).get(reverse("goals:goal-detail", args=[goal.pk]))
    assert f"last changed by {cast.runner.user}" in coach_view.content.decode()


def plant_goal_tree(athlete, *, outcomes: int) -> None:
    """A vision with `outcomes` outcome goals, each with a milestone, every third with a habit."""
    vision = VisionFactory(athlete=athlete)
    for number in range(outcomes):
        goal = GoalFactory(athlete=athlete, parent=vision)
        MilestoneFactory(goal=goal)
        if number % 3 == 0:
            ProcessGoalFactory(athlete=athlete, parent=goal)


@pytest.mark.parametrize("count", [3, 40])
def test_the_goals_page_query_count_does_not_grow_with_goals(
    cast, count, django_assert_max_num_queries
):
    plant_goal_tree(cast.runner, outcomes=count)
    client = client_for(cast.runner.user)
    with django_assert_max_num_queries(GOALS_PAGE_MAX_QUERIES):
        response = client.get(reverse("goals:goals"))
    assert response.content.decode().count('class="goal goal-') >= count


def test_a_failing_goal_asks_for_confirmation_then_saves(cast):
    client = client_for(cast.runner.user)
    # 12 runs of 45 minutes is 540 minutes; the runner has 330 a week.
    too_much = goal_form(metric="runs_per_week", target="12", title="Run twelve times a week")
    first = client.post(reverse("goals:goal-new"), too_much)
    assert first.status_code == 200
    assert not Goal.objects.exists()
    html = first.content.decode()
    assert "This goal fails the SMART check on Achievable. Confirm to save it anyway" in html
    assert 'name="confirm"' in html
    assert 'value="Run twelve times a week"' in html  # nothing typed is lost
    second = client.post(reverse("goals:goal-new"), {**too_much, "confirm": "on"})
    assert second.status_code == 302
    assert Goal.objects.get().target_value == 12


def test_a_vision_keeps_only_its_words_whatever_the_hidden_measure_fields_hold(cast):
    response = client_for(cast.runner.user).post(
        reverse("goals:goal-new"),
        goal_form(level="vision", title="Run to clear my head", target="lots", why="Calm"),
    )
    assert response.status_code == 302
    vision = Goal.objects.get()
    assert (vision.level, vision.kind, vision.metric, vision.target_value) == (
        "vision",
        "mindset",
        "",
        None,
    )
    assert (vision.target_date, vision.why) == (None, "Calm")


def test_the_goal_form_gives_examples_in_the_runners_units_and_names_parent_levels(cast):
    cast.runner.units = "mi"
    cast.runner.save()
    VisionFactory(athlete=cast.runner, title="Run for joy")
    html = client_for(cast.runner.user).get(reverse("goals:goal-new")).content.decode()
    assert "Run 20 miles a week by 1 March" in html and "30 km" not in html
    assert "Vision: Run for joy" in html


def test_a_habit_under_a_vision_is_told_where_it_belongs(cast):
    vision = VisionFactory(athlete=cast.runner)
    data = goal_form(level="process", metric="runs_per_week", target="3", parent=vision.pk)
    html = client_for(cast.runner.user).post(reverse("goals:goal-new"), data).content.decode()
    assert "A process goal (a habit) sits under an outcome goal." in html


def test_bad_input_is_explained_next_to_the_field(cast):
    response = client_for(cast.runner.user).post(
        reverse("goals:goal-new"), goal_form(target="lots", metric="race_time")
    )
    html = response.content.decode()
    assert "not a duration we understand" in html
    assert "Which race distance" in html
    assert not Goal.objects.exists()


def test_the_live_assessment_moves_with_the_target_date(cast):
    for week in range(1, 5):
        RunFactory(athlete=cast.runner, distance_m=20000, started_at=NOW - dt.timedelta(weeks=week))
    client = client_for(cast.runner.user)
    near = goal_form(target="40", target_date="2027-04-07", athlete=cast.runner.pk)
    response = client.post(reverse("goals:goal-assess"), near, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="smart"' in html and "<html" not in html
    # 20 → 40 km a week in 4 weeks: the ramp reaches 24.2 km, 61 %.
    assert re.search(r'data-letter="achievable"><span class="badge bad">fail', html)
    far = {**near, "target_date": "2027-06-30"}
    html = client.post(reverse("goals:goal-assess"), far).content.decode()
    assert re.search(r'data-letter="achievable"><span class="badge good">pass', html)
    assert not Goal.objects.exists()


def test_the_verdicts_sum_up_in_one_line_beside_the_save_button(cast):
    for week in range(1, 5):
        RunFactory(athlete=cast.runner, distance_m=20000, started_at=NOW - dt.timedelta(weeks=week))
    client = client_for(cast.runner.user)
    near = goal_form(target="40", target_date="2027-04-07", athlete=cast.runner.pk)
    page = client.post(reverse("goals:goal-new"), {**near, "title": ""}).content.decode()
    form = page[page.index('id="goal-form"') :]
    form = form[: form.index("</form>")]
    assert form.index('id="smart-summary"') < form.index("Save goal")
    assert 'aria-label="Specific: fail"' in form
    fragment = client.post(reverse("goals:goal-assess"), near).content.decode()
    summary = re.search(r'<p id="smart-summary"[^>]*>(.*?)</p>', fragment, re.S)
    assert 'hx-swap-oob="true"' in summary[0] and "hidden" not in summary[0]
    letters = re.findall(
        r'<span class="badge (\w+)" data-letter="(\w+)"[^>]*>(\w)</span>', summary[1]
    )
    assert [letter for _, _, letter in letters] == list("SMART")
    assert ("bad", "achievable", "A") in letters
    assert ("good", "specific", "S") in letters


def test_the_live_assessment_of_a_total_distance_goal_before_its_target_is_typed(cast):
    # Picking "total distance" before typing the target used to answer 500 (None / weeks).
    typed = goal_form(metric="total_distance", target="", athlete=cast.runner.pk)
    response = client_for(cast.runner.user).post(reverse("goals:goal-assess"), typed)
    assert response.status_code == 200
    assert re.search(
        r'data-letter="measurable"><span class="badge bad">fail', response.content.decode()
    )


def test_a_vision_has_no_verdicts_to_sum_up(cast):
    vision = goal_form(level="vision", metric="", target="", athlete=cast.runner.pk)
    fragment = (
        client_for(cast.runner.user).post(reverse("goals:goal-assess"), vision).content.decode()
    )
    assert (
        '<p id="smart-summary" class="smart-summary small" hx-swap-oob="true" hidden>' in fragment
    )


def test_the_assessment_of_another_coaches_athlete_is_not_found(cast):
    response = client_for(cast.coach.user).post(
        reverse("goals:goal-assess"), goal_form(athlete=cast.other_runner.pk)
    )
    assert response.status_code == 404


def test_changing_the_date_asks_for_a_reason_and_shows_it_in_the_history(cast):
    goal = GoalFactory(athlete=cast.runner, target_date=dt.date(2027, 6, 1), title="Thirty a week")
    client = client_for(cast.runner.user)
    url = reverse("goals:goal-edit", args=[goal.pk])
    moved = goal_form(title="Thirty a week", target_date="2027-07-01")
    refused = client.post(url, moved)
    assert "Say briefly why" in refused.content.decode()
    assert "hidden" not in re.search(r'<div id="reason-box"[^>]*>', refused.content.decode())[0]
    response = client.post(url, {**moved, "reason": "Holiday in June"})
    assert response.status_code == 302
    detail = client.get(reverse("goals:goal-detail", args=[goal.pk])).content.decode()
    assert "Holiday in June" in detail
    assert "1 Jun 2027 → 1 Jul 2027" in detail


def test_the_reason_box_is_hidden_until_the_target_or_date_changes(cast):
    goal = GoalFactory(athlete=cast.runner, target_date=dt.date(2027, 6, 1))
    client = client_for(cast.runner.user)
    page = client.get(reverse("goals:goal-edit", args=[goal.pk])).content.decode()
    assert re.search(r'<div id="reason-box" hidden>', page)
    data = goal_form(target="35", athlete=cast.runner.pk, goal=goal.pk)
    fragment = client.post(reverse("goals:goal-assess"), data).content.decode()
    assert '<div id="reason-box" hx-swap-oob="true">' in fragment


def test_abandoning_needs_a_reason_and_keeps_the_goal_in_the_history(cast):
    goal = GoalFactory(athlete=cast.runner, title="Sub-4 marathon")
    client = client_for(cast.runner.user)
    url = reverse("goals:goal-abandon", args=[goal.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Moving house"}).status_code == 302
    page = client.get(reverse("goals:goals")).content.decode()
    history = page[page.index('id="goal-history"') :]
    assert "Sub-4 marathon" in history
    assert GoalChange.objects.get(goal=goal).reason == "Moving house"


def test_milestones_are_added_and_ticked_off_by_hand_when_not_measured(cast):
    goal = GoalFactory(athlete=cast.runner)
    client = client_for(cast.runner.user)
    client.post(
        reverse("goals:milestone-new", args=[goal.pk]),
        {"title": "Join a club run", "target": "", "target_date": "2027-04-01"},
    )
    milestone = goal.milestones.get()
    client.post(reverse("goals:milestone-tick", args=[milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.achieved_at == dt.date(2027, 3, 10)


def test_benchmarks_show_predictions_and_vdot(cast):
    BenchmarkFactory(athlete=cast.runner, distance_m=5000, duration_s=24 * 60 + 34)
    html = client_for(cast.runner.user).get(reverse("goals:benchmarks")).content.decode()
    assert '<strong id="vdot">39.1</strong>' in html
    assert "51:13" in html  # 10K by Riegel


def test_a_coach_records_a_benchmark_in_the_runners_units(cast):
    cast.runner.units = "mi"
    cast.runner.save()
    client_for(cast.coach.user).post(
        reverse("goals:athlete-benchmarks", args=[cast.runner.pk]),
        {"distance": "3.1", "time": "24:34", "date": "2027-03-01"},
    )
    bench = Benchmark.objects.get()
    assert (bench.athlete, bench.distance_m, bench.duration_s, bench.created_by) == (
        cast.runner,
        4989,
        1474,
        cast.coach.user,
    )


def test_a_benchmark_in_the_future_is_refused(cast):
    response = client_for(cast.runner.user).post(
        reverse("goals:benchmarks"), {"distance": "5", "time": "24:34", "date": "2027-04-01"}
    )
    assert "already run" in response.content.decode()
    assert not Benchmark.objects.exists()


def test_home_shows_the_runners_why_and_recent_wins(cast):
    VisionFactory(athlete=cast.runner, title="Be the parent who runs")
    GoalFactory(
        athlete=cast.runner,
        title="First 10K",
        status=Goal.Status.ACHIEVED,
        achieved_at=dt.date(2027, 3, 1),
        reward="A massage",
    )
    html = client_for(cast.runner.user).get(reverse("athlete-home")).content.decode()
    assert "Be the parent who runs" in html
    assert "First 10K" in html and "A massage" in html


def test_the_coach_sees_each_habits_last_12_weeks(cast):
    ProcessGoalFactory(athlete=cast.runner, title="Three runs a week")
    html = client_for(cast.coach.user).get(reverse("athlete-detail", args=[cast.runner.pk]))
    content = html.content.decode()
    assert "Three runs a week" in content
    marks = content[content.index('id="process-goal-marks"') :]
    assert "paused: maintenance, injury or busy week" in marks  # the legend
    row = marks[marks.index('<span class="marks"') :]
    assert row[: row.index("</span>\n")].count('class="mark ') == 12


def home_goal_tree(client) -> str:
    html = client.get(reverse("athlete-home")).content.decode()
    tree = html[html.index('id="home-goal-tree"') :]
    return tree[: tree.index("</section>")]


def test_home_shows_open_goals_as_a_compact_tree_with_progress(cast):
    vision = VisionFactory(athlete=cast.runner, title="Run to stay sane")
    outcome = GoalFactory(athlete=cast.runner, parent=vision, title="Thirty a week")
    ProcessGoalFactory(athlete=cast.runner, parent=outcome, title="Three runs a week")
    ProcessGoalFactory(
        athlete=cast.runner, parent=outcome, title="Old habit", status=Goal.Status.ABANDONED
    )
    GoalFactory(athlete=cast.runner, title="First 10K", status=Goal.Status.ACHIEVED)
    reached = GoalFactory(
        athlete=cast.runner, title="First 20 km week", status=Goal.Status.ACHIEVED
    )
    ProcessGoalFactory(athlete=cast.runner, parent=reached, title="Long run on Sundays")
    # Three runs of 5 km last week, one so far this week.
    for days_ago in (7, 6, 5, 1):
        RunFactory(
            athlete=cast.runner, distance_m=5000, started_at=NOW - dt.timedelta(days=days_ago)
        )
    tree = home_goal_tree(client_for(cast.runner.user))
    assert tree.index("Thirty a week") < tree.index("Three runs a week")
    destination = tree[: tree.index("Three runs a week")]
    assert '<rect width="50%"' in destination  # 15 of 30 km
    assert "50 % of the way" in destination and "On track" in destination
    habit = tree[tree.index("Three runs a week") : tree.index("Long run on Sundays")]
    assert "1 of 3 this week · 33 %" in habit and "On track" in habit
    assert "1 week in a row" in habit  # last week's three runs
    assert 'class="marks"' not in tree  # the twelve weeks are on the goals page
    # A habit whose destination is reached still shows; closed goals and the why do not.
    assert "Long run on Sundays" in tree
    for closed in ("Old habit", "First 10K", "First 20 km week", "Run to stay sane"):
        assert closed not in tree
    assert "Add a habit" not in tree


def test_home_shows_a_race_goal_without_a_result_against_its_prediction(cast):
    GoalFactory(
        athlete=cast.runner,
        kind=Goal.Kind.TIME,
        metric=Goal.Metric.RACE_TIME,
        distance_m=10000,
        target_value=50 * 60,
    )
    BenchmarkFactory(athlete=cast.runner, distance_m=5000, duration_s=24 * 60 + 34)
    tree = home_goal_tree(client_for(cast.runner.user))
    assert 'progress-text">Predicted 51:13 · target 50:00' in tree
    assert "No result yet" in tree


def test_home_without_open_goals_invites_a_destination(cast):
    VisionFactory(athlete=cast.runner)
    tree = home_goal_tree(client_for(cast.runner.user))
    assert "No open goals." in tree
    assert f'href="{reverse("goals:goal-new")}?level=outcome"' in tree


@pytest.mark.parametrize("count", [3, 40])
def test_the_home_query_count_does_not_grow_with_goals(cast, count, django_assert_max_num_queries):
    plant_goal_tree(cast.runner, outcomes=count)
    client = client_for(cast.runner.user)
    with django_assert_max_num_queries(HOME_MAX_QUERIES):
        tree = home_goal_tree(client)
    assert tree.count('class="goal goal-outcome"') == count


@pytest.mark.parametrize("typed", ["inf", "nan", "1e400"])
def test_a_target_that_is_not_a_finite_number_is_a_field_error_not_a_crash(cast, typed):
    response = client_for(cast.runner.user).post(reverse("goals:goal-new"), goal_form(target=typed))
    assert response.status_code == 200
    assert "Enter a number, e.g. 30." in response.content.decode()
    assert not Goal.objects.exists()
