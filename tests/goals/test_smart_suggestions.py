"""Every better goal SMART coaching suggests passes the SMART check itself: a property over
random runners (empty logs to 100 km weeks, beginners to advanced, 5K efforts of 16 to 40
minutes, busy periods) and random goals (race times from 5K to 100K, weekly and total
distances, long runs, runs a week, linked to a race or not). A suggestion that keeps the goal's
date keeps a busy period's warning over that date; it passes everything else.
"""

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from goals import smart
from goals.models import Goal
from goals.smart.verdicts import Draft, Runner, Status
from races.predictions import Effort
from races.rules import BusySpan

M = Goal.Metric
MONDAY = dt.date(2027, 1, 4)
RACES = [5000.0, 10000.0, 21097.5, 42195.0, 50000.0, 100000.0]

SUGGESTIONS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def runners(draw: st.DrawFn) -> Runner:
    today = MONDAY + dt.timedelta(days=draw(st.integers(0, 6)))
    weekly_m = draw(st.one_of(st.just(0.0), st.floats(3_000, 110_000)))
    long_run_m = weekly_m * draw(st.floats(0.2, 0.6))
    effort_m = draw(st.sampled_from([5000.0, 10000.0, 21097.5, 42195.0]))
    five_k_s = draw(st.floats(16 * 60, 40 * 60))
    effort = Effort(
        distance_m=effort_m,
        duration_s=five_k_s * (effort_m / 5000) ** 1.06 * draw(st.floats(0.97, 1.08)),
        date=today - dt.timedelta(days=draw(st.integers(1, 300))),
    )
    run_days = draw(st.integers(0, 26))
    return Runner(
        today=today,
        units=draw(st.sampled_from(["km", "mi"])),
        experience=draw(st.sampled_from(["beginner", "intermediate", "advanced"])),
        weekly_minutes_available=draw(st.integers(60, 900)),
        days_available=draw(st.integers(1, 7)),
        recent_weekly_distance_m=weekly_m,
        typical_run_minutes=draw(st.floats(20, 120)),
        typical_pace_s_per_km=draw(st.floats(270, 480)),
        longest_run_m=draw(st.sampled_from([long_run_m, 42195.0, 60000.0])),
        recent_long_run_m=long_run_m,
        best_effort=effort,
        busy_periods=tuple(
            BusySpan(
                today + dt.timedelta(days=start), today + dt.timedelta(days=start + 10), "Exams"
            )
            for start in draw(st.lists(st.integers(0, 700), max_size=2))
        ),
        run_log=tuple(
            (today - dt.timedelta(days=7 * week + 1), weekly_m) for week in range(run_days)
        ),
    )


@st.composite
def goals(draw: st.DrawFn, today: dt.date) -> Draft:
    metric = draw(
        st.sampled_from(
            [M.RACE_TIME, M.WEEKLY_DISTANCE, M.TOTAL_DISTANCE, M.LONG_RUN, M.RUNS_PER_WEEK]
        )
    )
    distance_m = draw(st.sampled_from(RACES)) if metric == M.RACE_TIME else None
    targets = {
        M.RACE_TIME: st.floats(0.5, 1.5).map(lambda share: share * (distance_m or 0) * 0.33),
        M.WEEKLY_DISTANCE: st.floats(5_000, 150_000),
        M.TOTAL_DISTANCE: st.floats(20_000, 4_000_000),
        M.LONG_RUN: st.floats(5_000, 60_000),
        M.RUNS_PER_WEEK: st.integers(1, 10).map(float),
    }
    start_days_ago = draw(st.integers(0, 180)) if metric == M.TOTAL_DISTANCE else 0
    return Draft(
        level=Goal.Level.OUTCOME,
        kind=Goal.Kind.TIME if metric == M.RACE_TIME else Goal.Kind.DISTANCE,
        title="A goal with a clear name",
        metric=metric,
        target_value=round(draw(targets[metric])),
        distance_m=distance_m,
        start_date=today - dt.timedelta(days=start_days_ago),
        target_date=today + dt.timedelta(days=draw(st.integers(14, 700))),
        has_parent=True,
        race_distance_m=draw(st.one_of(st.none(), st.sampled_from(RACES))),
    )


@st.composite
def runners_and_goals(draw: st.DrawFn) -> tuple[Runner, Draft]:
    runner = draw(runners())
    return runner, draw(goals(runner.today))


BUSY = "Your busy period"


def statuses(draft: Draft, runner: Runner) -> dict[str, Status]:
    """Each letter but Achievable, and each of Achievable's findings (it is the worst of them)."""
    assessment = smart.assess(draft, runner)
    assert assessment is not None
    found = {key: verdict.status for key, _, verdict in assessment.items() if key != "achievable"}
    findings = assessment.achievable.findings or (assessment.achievable,)
    return found | {f"achievable: {finding.message}": finding.status for finding in findings}


@SUGGESTIONS
@given(runners_and_goals())
def test_every_better_goal_suggested_passes_every_smart_criterion(runner_and_goal):
    runner, draft = runner_and_goal
    assessment = smart.assess(draft, runner)
    assert assessment is not None
    for finding in assessment.achievable.findings:
        for better in finding.better:
            event(f"a better {draft.metric} goal")
            suggested = better.applied(draft)
            keeps_the_date = suggested.target_date == draft.target_date
            failing = {
                key: status
                for key, status in statuses(suggested, runner).items()
                if status is not Status.PASS and not (keeps_the_date and BUSY in key)
            }
            assert not failing, (finding.suggestion, better, failing)


@SUGGESTIONS
@given(runners_and_goals())
def test_a_goal_out_of_reach_names_a_better_goal_whenever_one_is_within_two_years(
    runner_and_goal,
):
    runner, draft = runner_and_goal
    achievable = smart.achievable(draft, runner)
    for finding in achievable.findings:
        if finding.status is Status.FAIL and finding.better:
            assert finding.suggestion.startswith("Try")


def test_the_property_sees_suggestions_of_every_kind():
    # The strategies above reach the rules whose suggestions the property checks.
    runner = Runner(
        today=MONDAY,
        weekly_minutes_available=200,
        days_available=3,
        recent_weekly_distance_m=20_000,
        recent_long_run_m=8_000,
        best_effort=Effort(5000, 1800, MONDAY - dt.timedelta(days=10)),
    )
    in_8_weeks = MONDAY + dt.timedelta(weeks=8)
    drafts = [
        Draft("outcome", "time", "Sub four marathon soon", M.RACE_TIME, 14_400, 42195.0),
        Draft("outcome", "distance", "Sixty km every week", M.WEEKLY_DISTANCE, 60_000),
        Draft("outcome", "distance", "A thousand km total", M.TOTAL_DISTANCE, 1_000_000),
        Draft("outcome", "distance", "A 30 km long run", M.LONG_RUN, 30_000),
        Draft("process", "consistency", "Run six days weekly", M.RUNS_PER_WEEK, 6),
    ]
    for typed in drafts:
        draft = dataclasses.replace(
            typed, start_date=MONDAY, target_date=in_8_weeks, has_parent=True
        )
        findings = smart.achievable(draft, runner).findings
        betters = [better for finding in findings for better in finding.better]
        assert betters, draft.title
        for better in betters:
            assert set(statuses(better.applied(draft), runner).values()) == {Status.PASS}
