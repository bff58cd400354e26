"""The week's sessions built from a weekly target: the rules at their edges, and properties that
hold for any week (hypothesis): the target kept, no hard days back to back, runs only on the
days the runner has time."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from checkins.workout_steps import Repeat, parse_steps
from races.season.shapes import Phase, PlannedRace
from races.week_plan import (
    MOST_RUNS,
    QUALITY_MIN_M,
    SHORTEST_RUN_M,
    SessionPlan,
    WeekInputs,
    build_week,
)

MONDAY = dt.date(2027, 3, 1)
USUAL = (45, 45, 45, 45, 0, 60, 90)


def running(plans: list[SessionPlan]) -> list[SessionPlan]:
    return [p for p in plans if p.kind != "rest"]


def kinds(plans: list[SessionPlan]) -> list[str]:
    return [p.kind for p in plans]


def steps_distance(steps: list) -> int:
    total = 0
    for item in parse_steps(steps):
        if isinstance(item, Repeat):
            total += item.times * sum(s.distance_m or 0 for s in item.steps)
        else:
            total += item.distance_m or 0
    return total


def test_a_base_week_has_its_long_run_on_the_day_with_most_minutes():
    plans = build_week(WeekInputs(MONDAY, 42_000, USUAL, phase=Phase.BASE))
    assert kinds(plans) == ["easy", "easy", "easy", "easy", "rest", "easy", "long"]
    assert sum(p.distance_m or 0 for p in plans) == 42_000
    long_run = plans[6]
    assert long_run.distance_m == max(p.distance_m or 0 for p in plans)


def test_a_peak_week_adds_intervals_and_a_tempo_apart_from_the_long_run():
    plans = build_week(WeekInputs(MONDAY, 42_000, USUAL, phase=Phase.PEAK))
    assert kinds(plans) == ["easy", "tempo", "easy", "intervals", "rest", "easy", "long"]
    for plan in plans:
        if plan.kind in ("tempo", "intervals"):
            assert steps_distance(plan.steps) == plan.distance_m


def test_a_cutback_week_has_no_quality_sessions():
    plans = build_week(WeekInputs(MONDAY, 42_000, USUAL, phase=Phase.PEAK, cutback=True))
    assert "tempo" not in kinds(plans) and "intervals" not in kinds(plans)


def test_a_small_week_has_fewer_runs_none_shorter_than_the_shortest():
    plans = running(build_week(WeekInputs(MONDAY, 9_000, USUAL, phase=Phase.BASE)))
    assert len(plans) == 2
    assert all(p.distance_m >= SHORTEST_RUN_M for p in plans)


def test_a_race_week_puts_the_race_on_its_day_and_keeps_the_day_before_easy():
    race = PlannedRace(1, "Spring 10K", MONDAY + dt.timedelta(days=6), 10_000, "B")
    plans = build_week(WeekInputs(MONDAY, 30_000, USUAL, phase=Phase.BUILD, races=(race,)))
    assert plans[6].kind == "race" and plans[6].distance_m == 10_000
    assert plans[5].kind in ("easy", "rest")
    assert sum(p.distance_m or 0 for p in plans) == 30_000


def test_the_time_of_each_session_follows_the_usual_pace():
    plans = build_week(WeekInputs(MONDAY, 20_000, USUAL, pace_s_per_km=360))
    for plan in running(plans):
        assert plan.duration_s == plan.distance_m * 360 // 1000


def test_a_quality_session_too_short_for_its_steps_is_an_easy_run():
    plans = build_week(WeekInputs(MONDAY, 16_000, USUAL, phase=Phase.BUILD))
    assert all(p.distance_m >= QUALITY_MIN_M for p in plans if p.kind == "tempo")
    assert all(not p.steps for p in plans if p.kind == "easy")


@st.composite
def weeks(draw) -> WeekInputs:
    minutes = tuple(
        draw(st.lists(st.sampled_from([0, 0, 20, 30, 45, 60, 90, 150]), min_size=7, max_size=7))
    )
    races: tuple[PlannedRace, ...] = ()
    if draw(st.booleans()) and draw(st.booleans()):
        day = MONDAY + dt.timedelta(days=draw(st.integers(0, 6)))
        races = (PlannedRace(1, "Race", day, draw(st.sampled_from([5000, 10_000, 21_097.5])), "B"),)
    return WeekInputs(
        week_start=MONDAY,
        target_m=draw(st.integers(0, 160_000)),
        minutes=minutes,
        phase=draw(st.sampled_from([None, *Phase])),
        cutback=draw(st.booleans()),
        races=races,
        pace_s_per_km=draw(st.one_of(st.none(), st.floats(180, 600))),
    )


@settings(max_examples=400, deadline=None)
@given(weeks())
def test_any_week_keeps_the_target_spaces_hard_days_and_keeps_to_available_days(inputs):
    plans = build_week(inputs)
    assert [p.day for p in plans] == [MONDAY + dt.timedelta(days=i) for i in range(7)]
    race_m = sum(round(r.distance_m) for r in inputs.races)
    runs = [i for i, p in enumerate(plans) if p.kind not in ("rest", "race")]
    if (
        any(inputs.minutes[i] for i in range(7) if plans[i].kind != "race")
        or race_m >= inputs.target_m
    ):
        assert sum(p.distance_m or 0 for p in plans) == max(inputs.target_m, race_m)
    # Runs only on days with training time, at most MOST_RUNS with the race.
    assert all(inputs.minutes[i] > 0 for i in runs)
    assert len(runs) + len(inputs.races) <= MOST_RUNS
    if len(runs) > 1:
        assert all((plans[i].distance_m or 0) >= SHORTEST_RUN_M for i in runs)
    hard = [i for i, p in enumerate(plans) if p.is_hard]
    assert all(b - a > 1 for a, b in zip(hard, hard[1:], strict=False)), kinds(plans)
    for plan in plans:
        if plan.steps:
            assert steps_distance(plan.steps) == plan.distance_m
