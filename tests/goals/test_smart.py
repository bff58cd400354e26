"""Every SMART rule, and each side of every threshold."""

import dataclasses
import datetime as dt

import pytest

from goals import smart
from goals.models import Goal
from goals.smart import plan, race_time, readiness, rules, volume
from goals.smart.verdicts import Better, Draft, Runner, Status
from races.predictions import Effort
from races.rules import BusySpan
from races.season.ramp_rule import CUTBACK

TODAY = dt.date(2027, 1, 4)
IN_4_WEEKS = TODAY + dt.timedelta(weeks=4)
M = Goal.Metric


def draft(**changes) -> Draft:
    base = Draft(
        level=Goal.Level.OUTCOME,
        kind=Goal.Kind.DISTANCE,
        title="Run 30 km every week",
        metric=M.WEEKLY_DISTANCE,
        target_value=24000,
        start_date=TODAY,
        target_date=IN_4_WEEKS,
        has_parent=True,
    )
    return dataclasses.replace(base, **changes)


def runner(**changes) -> Runner:
    base = Runner(
        today=TODAY,
        weekly_minutes_available=600,
        recent_weekly_distance_m=20000,
        typical_run_minutes=45,
        typical_pace_s_per_km=360,
    )
    return dataclasses.replace(base, **changes)


# --- the whole assessment ---


def test_vision_goals_are_not_assessed():
    assert smart.assess(draft(level=Goal.Level.VISION), runner()) is None


def test_a_sound_goal_passes_all_five():
    assessment = smart.assess(draft(), runner())
    assert [verdict.status for _, _, verdict in assessment.items()] == [Status.PASS] * 5
    assert not assessment.failing


def test_the_assessment_serialises_each_letter():
    data = smart.assess(draft(target_date=None), runner()).as_dict()
    assert set(data) == {"specific", "measurable", "achievable", "relevant", "time_bound"}
    assert data["time_bound"]["status"] == "fail"
    assert set(data["time_bound"]) == {"status", "message", "suggestion"}


def test_one_fail_marks_the_assessment_as_failing():
    assert smart.assess(draft(title=""), runner()).failing


# --- Specific ---


def test_specific_fails_without_a_title():
    assert smart.specific(draft(title="  "), runner()).status is Status.FAIL


def test_specific_fails_for_a_race_time_without_a_distance():
    verdict = smart.specific(draft(metric=M.RACE_TIME, target_value=1500), runner())
    assert verdict.status is Status.FAIL
    assert "distance" in verdict.message


def test_specific_warns_below_three_words_and_suggests_wording():
    verdict = smart.specific(draft(title="Run more"), runner())
    assert verdict.status is Status.WARN
    assert verdict.suggestion == "Try “24.0 km a week by 1 February”."


def test_specific_passes_at_exactly_three_words():
    assert smart.SPECIFIC_MIN_WORDS == 3
    assert smart.specific(draft(title="Run more often"), runner()).status is Status.PASS


# --- Measurable ---


def test_measurable_passes_with_a_metric_and_a_target():
    assert smart.measurable(draft()).status is Status.PASS


def test_measurable_fails_without_a_target():
    assert smart.measurable(draft(target_value=None)).status is Status.FAIL


def test_measurable_fails_without_a_metric_unless_mindset():
    assert smart.measurable(draft(metric="")).status is Status.FAIL


def test_mindset_goals_are_ticked_by_hand_so_measurable_only_warns():
    verdict = smart.measurable(draft(metric="", kind=Goal.Kind.MINDSET))
    assert verdict.status is Status.WARN
    assert verdict.suggestion


# --- Relevant ---


def test_relevant_passes_when_linked_to_a_parent_goal():
    assert smart.relevant(draft(has_parent=True)).status is Status.PASS


def test_relevant_warns_for_an_outcome_without_a_vision():
    verdict = smart.relevant(draft(has_parent=False))
    assert verdict.status is Status.WARN
    assert "vision" in verdict.message


def test_relevant_warns_for_a_process_goal_without_an_outcome():
    verdict = smart.relevant(draft(level=Goal.Level.PROCESS, has_parent=False))
    assert "outcome" in verdict.message


# --- Time-bound ---


@pytest.mark.parametrize(
    ("days", "status"),
    [
        (-3, Status.FAIL),
        (0, Status.FAIL),
        (1, Status.WARN),
        (plan.TIME_BOUND_MIN_DAYS - 1, Status.WARN),
        (plan.TIME_BOUND_MIN_DAYS, Status.PASS),
        (plan.TIME_BOUND_MAX_DAYS, Status.PASS),
        (plan.TIME_BOUND_MAX_DAYS + 1, Status.WARN),
    ],
)
def test_time_bound_by_days_to_the_target_date(days, status):
    verdict = smart.time_bound(draft(target_date=TODAY + dt.timedelta(days=days)), runner())
    assert verdict.status is status


@pytest.mark.parametrize(
    ("days", "wording"), [(7, "in 1 week."), (13, "in 1 week."), (14, "in 2 weeks.")]
)
def test_time_bound_counts_whole_weeks_in_plain_words(days, wording):
    verdict = smart.time_bound(draft(target_date=TODAY + dt.timedelta(days=days)), runner())
    assert verdict.message.endswith(wording)


def test_time_bound_fails_without_a_date():
    assert smart.time_bound(draft(target_date=None), runner()).status is Status.FAIL


# --- Achievable: weekly build ---


# --- Achievable: volume against the season plan's ramp ---

# Four weeks from 20 km a week: 20, 22, 24.2 km, then a cut-back week.
REACHED_IN_4_WEEKS = 20000 * 1.1**2


@pytest.mark.parametrize(
    ("share", "status"),
    [
        (1.0, Status.PASS),  # all the ramp reaches by the date
        (0.999, Status.WARN),  # just past it
        (0.8, Status.WARN),  # the ramp reaches 80 % of the target
        (0.799, Status.FAIL),  # under 80 %
    ],
)
def test_a_weekly_distance_against_what_the_ramp_reaches_by_the_date(share, status):
    verdict = volume.weekly_distance_rule(draft(target_value=REACHED_IN_4_WEEKS / share), runner())
    assert verdict.status is status
    assert (plan.REACH_WARN_BELOW, plan.REACH_FAIL_BELOW) == (1.0, 0.8)


def test_a_weekly_distance_out_of_reach_suggests_what_the_ramp_reaches_and_when_it_gets_there():
    verdict = volume.weekly_distance_rule(draft(target_value=40000), runner())
    assert verdict.status is Status.FAIL
    assert "20.0 km a week grows to 24.2 km by 1 February: 61 % of the 40.0 km" in verdict.message
    # 20 → 40 km takes 11 weeks: 20, 22, 24.2, cut-back, 26.6, 29.3, 32.2, cut-back, 35.4, 39.0,
    # 42.9.
    assert verdict.suggestion == "Try 24 km a week by 1 February, or 40 km a week by 22 March."
    assert verdict.better == (
        Better(target_value=24000),
        Better(target_date=TODAY + dt.timedelta(weeks=11)),
    )


def test_the_weekly_distance_suggested_also_fits_the_runners_time():
    # 250 minutes at 6:00 /km fit 41.7 km: the later 50 km is not offered, 24 km is.
    verdict = volume.weekly_distance_rule(
        draft(target_value=50000), runner(weekly_minutes_available=250)
    )
    assert verdict.better == (Better(target_value=24000),)


def test_with_no_recent_runs_the_build_starts_from_the_plans_floor():
    verdict = volume.weekly_distance_rule(draft(), runner(recent_weekly_distance_m=0))
    assert verdict.status is Status.FAIL
    assert verdict.message.startswith(
        "No runs in the last 4 weeks, so the build starts from the season plan's floor of 10 km "
        "a week."
    )
    assert "10.0 km a week grows to 12.1 km" in verdict.message


def test_volume_rules_do_not_apply_to_other_metrics():
    habit = draft(metric=M.RUNS_PER_WEEK, target_value=4)
    for rule in (volume.weekly_distance_rule, volume.total_distance_rule, volume.long_run_rule):
        assert rule(habit, runner()) is None


def in_the_log(*runs: tuple[int, float]) -> tuple[tuple[dt.date, float], ...]:
    return tuple((TODAY - dt.timedelta(days=days_ago), metres) for days_ago, metres in runs)


def test_a_total_counts_the_distance_run_since_its_start_and_sums_the_ramps_weeks():
    four_weeks_ago = TODAY - dt.timedelta(weeks=4)
    logged = runner(run_log=in_the_log((28, 20000), (21, 20000), (14, 20000), (7, 20000)))
    ahead = 20000 + 22000 + 24200 + 24200 * (1 - CUTBACK)
    total = draft(metric=M.TOTAL_DISTANCE, target_value=80000 + ahead, start_date=four_weeks_ago)
    assert volume.total_distance_rule(total, logged).status is Status.PASS
    assert "80 km run since 7 December 2026" in volume.total_distance_rule(total, logged).message
    # The same target, none of it run yet: out of reach.
    assert volume.total_distance_rule(total, runner()).status is Status.FAIL
    more = dataclasses.replace(total, target_value=80000 + ahead + 1000)
    assert volume.total_distance_rule(more, logged).status is Status.WARN


def test_a_total_that_starts_later_counts_only_its_own_weeks():
    later = draft(
        metric=M.TOTAL_DISTANCE,
        target_value=20000 + 22000,
        start_date=TODAY + dt.timedelta(weeks=2),
    )
    assert volume.total_distance_rule(later, runner()).status is Status.PASS
    further = dataclasses.replace(later, target_value=20000 + 22000 + 20000)
    assert volume.total_distance_rule(further, runner()).status is Status.FAIL


def test_a_total_distance_goal_without_a_target_yet_has_no_build_to_check():
    # The form assesses a goal as it is typed: the target may still be empty (was a TypeError).
    untargeted = draft(metric=M.TOTAL_DISTANCE, target_value=None)
    assert volume.total_distance_rule(untargeted, runner()) is None
    assessment = smart.assess(untargeted, runner())
    assert assessment.measurable.status is Status.FAIL


def long_run(target_m: float, weeks: int = 4) -> Draft:
    return draft(
        metric=M.LONG_RUN, target_value=target_m, target_date=TODAY + dt.timedelta(weeks=weeks)
    )


def test_a_long_run_of_12_km_cannot_become_32_km_in_4_weeks():
    verdict = volume.long_run_rule(long_run(32000), runner(recent_long_run_m=12000))
    assert verdict.status is Status.FAIL
    assert "12.0 km grows to 14.5 km by 1 February: 45 % of the 32.0 km" in verdict.message
    # 12 km reaches 32 km in 15 weeks of the ramp.
    assert verdict.suggestion == (
        "Try a long run of 14 km by 1 February, or a long run of 32 km by 19 April."
    )


@pytest.mark.parametrize(
    ("share", "status"),
    [(1.0, Status.PASS), (0.999, Status.WARN), (0.8, Status.WARN), (0.799, Status.FAIL)],
)
def test_long_run_thresholds(share, status):
    goal = long_run(12000 * 1.1**2 / share)
    assert volume.long_run_rule(goal, runner(recent_long_run_m=12000)).status is status


# --- Achievable: predicted race time ---


def race(target_s: float, **changes) -> Draft:
    return draft(
        metric=M.RACE_TIME, target_value=target_s, distance_m=5000, kind=Goal.Kind.TIME, **changes
    )


FIVE_K = Effort(distance_m=5000, duration_s=1474, date=TODAY - dt.timedelta(days=30))


@pytest.mark.parametrize(
    ("faster", "status"),
    [
        (-0.02, Status.PASS),  # slower than predicted
        (0.05, Status.PASS),  # exactly 5 % faster
        (0.051, Status.WARN),  # just above
        (0.10, Status.WARN),  # exactly 10 % faster
        (0.101, Status.FAIL),  # just above
    ],
)
def test_race_time_against_the_prediction(faster, status):
    verdict = race_time.race_time_rule(race(1474 * (1 - faster)), runner(best_effort=FIVE_K))
    assert verdict.status is status


def test_race_time_is_predicted_with_riegel_from_another_distance():
    ten_k = 1474 * 2**1.06
    verdict = race_time.race_time_rule(
        draft(metric=M.RACE_TIME, target_value=ten_k, distance_m=10000),
        runner(best_effort=FIVE_K),
    )
    assert verdict.status is Status.PASS
    assert "predicts 51:13" in verdict.message


def test_race_time_suggests_a_time_5_percent_faster_than_predicted():
    verdict = race_time.race_time_rule(race(1200), runner(best_effort=FIVE_K))
    assert verdict.suggestion == "Try 23:21: 5 % faster than your prediction of 24:34."


def test_race_time_without_a_benchmark_warns_and_asks_for_one():
    verdict = race_time.race_time_rule(race(1400), runner(best_effort=None))
    assert verdict.status is Status.WARN
    assert "time trial" in verdict.suggestion


# The worked example: a 5K in 30:00 on 25 km a week, a marathon in 16 weeks.
THIRTY_MINUTE_5K = Effort(distance_m=5000, duration_s=1800, date=TODAY - dt.timedelta(days=20))


def marathon_in(target_s: float, *, weeks: int = 16, distance_m: float = 42195) -> Draft:
    return draft(
        metric=M.RACE_TIME,
        kind=Goal.Kind.TIME,
        target_value=target_s,
        distance_m=distance_m,
        target_date=TODAY + dt.timedelta(weeks=weeks),
    )


def thirty_minute_runner(weekly_m: float = 25_000) -> Runner:
    return runner(
        best_effort=THIRTY_MINUTE_5K, recent_weekly_distance_m=weekly_m, recent_long_run_m=10_000
    )


def test_a_marathon_time_is_judged_by_the_training_adjusted_range():
    verdict = race_time.race_time_rule(marathon_in(4 * 3600 - 1), thirty_minute_runner())
    assert verdict.status is Status.FAIL
    # Vickers & Vertosick model 1: about 5:13, 4:58 to 5:28; Riegel says 4:47:44.
    assert "your 5K in 30:00 predicts 4:58:00 to 5:28:00 (about 5:13:00)" in verdict.message
    assert "Vickers & Vertosick (2016)" in verdict.message
    assert verdict.suggestion.startswith("Try 4:58:00, the fast end of that range")


@pytest.mark.parametrize(
    ("target_s", "status"),
    [
        (4 * 3600 + 57 * 60 + 47, Status.PASS),  # the fast end of the range, 4:57:47
        (5 * 3600 + 30 * 60, Status.PASS),  # slower than the range
        (4 * 3600 + 45 * 60, Status.WARN),  # 4.3 % faster than the fast end
        (4 * 3600 + 40 * 60, Status.FAIL),  # 5.9 % faster
    ],
)
def test_marathon_time_thresholds_against_the_fast_end(target_s, status):
    assert race_time.race_time_rule(marathon_in(target_s), thirty_minute_runner()).status is status


def test_the_marathon_time_suggested_passes_the_time_rule():
    better = race_time.race_time_rule(marathon_in(4 * 3600), thirty_minute_runner()).better[0]
    assert better.target_value == 4 * 3600 + 58 * 60  # the fast end, rounded up to the minute
    again = race_time.race_time_rule(better.applied(marathon_in(4 * 3600)), thirty_minute_runner())
    assert again.status is Status.PASS


def test_a_50k_time_carries_the_marathon_range_by_riegel():
    verdict = race_time.race_time_rule(
        marathon_in(5 * 3600, distance_m=50_000), thirty_minute_runner()
    )
    assert "Carried from the marathon to 50 km by Riegel" in verdict.message


def test_outside_the_models_inputs_the_range_is_riegels_and_says_so():
    # 5 km a week is 3.1 miles: under the model's 5 to 150.
    verdict = race_time.race_time_rule(marathon_in(5 * 3600), thirty_minute_runner(5_000))
    assert "5 to 150 miles a week" in verdict.message
    assert "Riegel" in verdict.message


def test_up_to_the_half_riegel_is_the_model():
    half = draft(metric=M.RACE_TIME, target_value=2 * 3600 + 12 * 60, distance_m=21097.5)
    verdict = race_time.race_time_rule(half, thirty_minute_runner())
    assert "predicts 2:18:00" in verdict.message
    assert "Vickers" not in verdict.message


# --- Achievable: minutes available ---


@pytest.mark.parametrize(
    ("runs", "minutes_each", "available", "status"),
    [
        (6, 45, 270, Status.PASS),  # exactly the time there is
        (6, 45.1, 270, Status.WARN),  # just above
        (10, 45, 300, Status.WARN),  # exactly 1.5 times the time there is
        (10, 45.3, 300, Status.FAIL),  # just above
    ],
)
def test_planned_runs_against_minutes_available(runs, minutes_each, available, status):
    verdict = rules.minutes_rule(
        draft(metric=M.RUNS_PER_WEEK, target_value=runs),
        runner(typical_run_minutes=minutes_each, weekly_minutes_available=available),
    )
    assert verdict.status is status


def test_too_many_runs_suggests_what_fits():
    verdict = rules.minutes_rule(
        draft(metric=M.RUNS_PER_WEEK, target_value=8),
        runner(typical_run_minutes=45, weekly_minutes_available=200),
    )
    assert verdict.suggestion == "Try 4 runs a week: that fits your time."


def test_weekly_distance_needs_time_at_the_usual_pace():
    # 50 km at 6:00 /km is 300 minutes.
    ok = rules.minutes_rule(draft(target_value=50000), runner(weekly_minutes_available=300))
    tight = rules.minutes_rule(draft(target_value=50000), runner(weekly_minutes_available=250))
    assert (ok.status, tight.status) == (Status.PASS, Status.WARN)
    # 250 minutes fit 41.7 km, and the ramp reaches 24.2 km in the 4 weeks: no more than that.
    assert tight.suggestion == "Try 24 km a week: that fits your time and your build."


def test_no_training_time_at_all_fails():
    verdict = rules.minutes_rule(draft(), runner(weekly_minutes_available=0))
    assert verdict.status is Status.FAIL


# --- Achievable: a beginner's first marathon ---


def marathon(days: int, **changes) -> Draft:
    return draft(
        metric=M.RACE_TIME,
        target_value=5 * 3600,
        distance_m=42195,
        target_date=TODAY + dt.timedelta(days=days),
        **changes,
    )


def with_base(**changes) -> Runner:
    """A beginner on 30 km a week: past Novice 1's 15 miles (24.1 km)."""
    return runner(experience="beginner", recent_weekly_distance_m=30_000, **changes)


def test_a_beginners_first_marathon_with_the_base_in_under_18_weeks_warns():
    # Race week is the 18th from this one on 17 weeks' time: Novice 1's 18 weeks.
    verdict = readiness.beginner_rule(marathon(17 * 7 - 1), with_base())
    assert verdict.status is Status.WARN
    assert "about 18 weeks of training (Hal Higdon's Novice 1 plan); you have 17" in verdict.message
    assert readiness.beginner_rule(marathon(17 * 7), with_base()) is None


def test_a_beginners_first_marathon_below_novice_1s_base_fails_with_a_later_date():
    # From 10 km a week the ramp reaches 24.1 km in 14 weeks, then Novice 1's 18: race week 32.
    beginner = runner(experience="beginner", recent_weekly_distance_m=10_000)
    verdict = readiness.beginner_rule(marathon(20 * 7), beginner)
    assert verdict.status is Status.FAIL
    assert "15–25 miles" in verdict.message and "32 weeks to race week; you have 21" in (
        verdict.message
    )
    race_day = TODAY + dt.timedelta(weeks=31)
    assert verdict.better[0].target_date == race_day
    assert readiness.beginner_rule(marathon(31 * 7), beginner) is None


def test_the_novice_rule_is_only_for_beginners():
    assert readiness.beginner_rule(marathon(30), runner(experience="intermediate")) is None


def test_the_novice_rule_is_only_for_a_first_marathon():
    assert (
        readiness.beginner_rule(marathon(30), runner(experience="beginner", longest_run_m=42195))
        is None
    )


def test_the_novice_rule_is_only_for_marathon_or_longer():
    half = draft(metric=M.RACE_TIME, target_value=7200, distance_m=21098)
    assert readiness.beginner_rule(half, runner(experience="beginner")) is None


def test_a_goal_linked_to_an_ultra_counts_as_marathon_or_longer():
    ultra = draft(race_distance_m=50_000, target_date=TODAY + dt.timedelta(weeks=10))
    assert readiness.beginner_rule(ultra, runner(experience="beginner")).status is Status.FAIL


# --- Achievable: busy periods ---


def busy(start_days: int, end_days: int) -> Runner:
    span = BusySpan(
        IN_4_WEEKS + dt.timedelta(days=start_days),
        IN_4_WEEKS + dt.timedelta(days=end_days),
        "Exams",
    )
    return runner(busy_periods=(span,))


@pytest.mark.parametrize(
    ("start", "end", "warns"),
    [
        (-2, 2, True),  # over the target date
        (-20, -13, True),  # ends on the first day of the last two weeks
        (-20, -14, False),  # ends the day before
        (1, 5, False),  # after the target date
    ],
)
def test_busy_period_in_the_last_two_weeks_warns(start, end, warns):
    verdict = rules.busy_rule(draft(), busy(start, end))
    assert (verdict is not None and verdict.status is Status.WARN) is warns


# --- Achievable: combining the rules ---


def test_achievable_reports_the_worst_rule():
    verdict = smart.achievable(draft(target_value=80000), busy(-2, 2))
    assert verdict.status is Status.FAIL
    assert "grows to" in verdict.message


def test_achievable_passes_a_mindset_goal():
    assert smart.achievable(draft(metric=""), runner()).status is Status.PASS


def test_achievable_moves_with_the_target_date():
    near = smart.achievable(draft(target_value=40000), runner())
    far = smart.achievable(
        draft(target_value=40000, target_date=TODAY + dt.timedelta(weeks=11)), runner()
    )
    assert (near.status, far.status) == (Status.FAIL, Status.PASS)


# --- Achievable: readiness for a race (long run and weekly distance by race day) ---

SIX_WEEKS = TODAY + dt.timedelta(weeks=6)


def sub_4_marathon(target_date: dt.date | None = SIX_WEEKS, **changes) -> Draft:
    fields = {
        "kind": Goal.Kind.TIME,
        "title": "Sub-4 marathon in six weeks",
        "metric": M.RACE_TIME,
        "target_value": 4 * 3600,
        "distance_m": 42195,
        "target_date": target_date,
    }
    return draft(**(fields | changes))


def runner_today(weekly_m: float = 40_000, long_run_m: float = 15_500, **changes) -> Runner:
    return runner(
        recent_weekly_distance_m=weekly_m,
        recent_long_run_m=long_run_m,
        longest_run_m=long_run_m,
        **changes,
    )


def test_a_sub_4_marathon_in_six_weeks_from_15_km_long_runs_fails_with_a_better_goal():
    verdict = smart.achievable(sub_4_marathon(), runner_today())
    assert verdict.status is Status.FAIL
    assert verdict.message == (
        "By 15 February, building 10 % a week with cut-backs and leaving a 3-week taper, your "
        "long run reaches 18.8 km of the 30 km needed (63 %) and your weekly distance reaches "
        "48 km of the 55 km needed (88 %) for the marathon."
    )
    # 15.5 km grows to 30 km in 10 weeks of 10 % with cut-backs; with the taper, 13 weeks.
    assert verdict.suggestion == (
        "Try 4:00:00 for the marathon on or after 29 March: by then the same build reaches "
        "30 km long runs and 55 km weeks. Or race a half marathon in 1:55:07 on 15 February: you "
        "can be ready for that."
    )


def test_the_later_date_it_suggests_is_ready_and_a_week_earlier_is_not():
    later = readiness.readiness_rule(sub_4_marathon(dt.date(2027, 3, 29)), runner_today())
    assert later.status is Status.PASS
    week_earlier = readiness.readiness_rule(sub_4_marathon(dt.date(2027, 3, 22)), runner_today())
    assert week_earlier.status is not Status.PASS


# Race day in the fourth week from today: 4 weeks less a 3-week taper leaves one training week,
# so what the ramp reaches is exactly where the runner stands today.
ONE_TRAINING_WEEK = TODAY + dt.timedelta(weeks=3, days=6)


@pytest.mark.parametrize(
    ("long_run_m", "status"),
    [
        (30_000, Status.PASS),  # all of the 30 km a marathon asks for
        (29_999, Status.WARN),  # just under
        (24_000, Status.WARN),  # exactly 80 %
        (23_999, Status.FAIL),  # just under
    ],
)
def test_readiness_thresholds_on_the_long_run(long_run_m, status):
    marathon_soon = sub_4_marathon(ONE_TRAINING_WEEK)
    verdict = readiness.readiness_rule(marathon_soon, runner_today(60_000, long_run_m))
    assert verdict.status is status


@pytest.mark.parametrize(
    ("weekly_m", "status"),
    [(55_000, Status.PASS), (54_999, Status.WARN), (44_000, Status.WARN), (43_999, Status.FAIL)],
)
def test_readiness_thresholds_on_the_weekly_distance(weekly_m, status):
    marathon_soon = sub_4_marathon(ONE_TRAINING_WEEK)
    verdict = readiness.readiness_rule(marathon_soon, runner_today(weekly_m, 32_000))
    assert verdict.status is status


def test_a_ready_runner_is_told_so():
    verdict = readiness.readiness_rule(sub_4_marathon(), runner_today(60_000, 32_000))
    assert verdict.status is Status.PASS
    assert verdict.message == (
        "Ready in time for the marathon: building 10 % a week with cut-backs, your long run "
        "reaches the 30 km needed and your weekly distance reaches the 55 km needed."
    )


def test_readiness_counts_weeks_from_this_week_to_race_week():
    # From Wednesday the weeks are the same as from Monday: training weeks are whole weeks.
    wednesday = runner_today(today=TODAY + dt.timedelta(days=2))
    monday = runner_today()
    assert readiness.readiness(42195, SIX_WEEKS, wednesday) == readiness.readiness(
        42195, SIX_WEEKS, monday
    )


def test_a_half_marathon_has_a_2_week_taper_and_its_own_needs():
    ready = readiness.readiness(21097.5, SIX_WEEKS, runner_today(20_000, 10_000))
    assert (ready.taper_weeks, ready.need_weekly_m, ready.need_long_run_m) == (2, 35_000, 16_000)
    # 7 weeks to race day less the taper: 20 → 22 → 24.2 km, a cut-back, then 26.6 km.
    assert ready.weekly_m == pytest.approx(26_620)


def test_a_goal_linked_to_a_race_is_checked_for_that_race():
    weekly_goal = draft(target_value=50_000, target_date=SIX_WEEKS, race_distance_m=42195)
    verdict = readiness.readiness_rule(weekly_goal, runner_today())
    assert verdict.status is Status.FAIL
    assert "for the marathon" in verdict.message
    assert verdict.suggestion.startswith("Try the marathon on or after 29 March")


def test_the_linked_race_wins_over_the_goals_own_distance():
    half_time_for_a_marathon = sub_4_marathon(distance_m=21097.5, race_distance_m=42195)
    assert (
        "the marathon" in readiness.readiness_rule(half_time_for_a_marathon, runner_today()).message
    )


def test_a_custom_distance_is_named_in_kilometres():
    verdict = readiness.readiness_rule(sub_4_marathon(distance_m=30_000), runner_today())
    assert "the 30 km race" in verdict.message


def test_no_shorter_race_is_offered_when_none_is_within_reach():
    verdict = readiness.readiness_rule(sub_4_marathon(), runner_today(5_000, 2_000))
    assert verdict.status is Status.FAIL
    assert "Or race" not in verdict.suggestion
    assert verdict.suggestion.startswith("Try 4:00:00 for the marathon on or after")


def test_without_recent_runs_readiness_starts_from_the_plans_floor():
    verdict = readiness.readiness_rule(sub_4_marathon(), runner_today(0, 0))
    assert verdict.status is Status.FAIL
    assert verdict.message.startswith(
        "No runs in the last 4 weeks, so the build starts from the season plan's floor of 10 km "
        "a week."
    )
    # 10 → 55 km takes 25 weeks; with the taper, race week is the 28th.
    assert verdict.better[0].target_date == SIX_WEEKS + dt.timedelta(weeks=28 - 7)


@pytest.mark.parametrize(
    "goal",
    [
        draft(),  # weekly distance, no race
        draft(metric=M.RUNS_PER_WEEK, target_value=4),
        sub_4_marathon(target_date=None),
        sub_4_marathon(target_date=TODAY),
        sub_4_marathon(distance_m=None),
    ],
)
def test_readiness_only_judges_a_race_ahead(goal):
    assert readiness.readiness_rule(goal, runner_today()) is None


# --- Achievable: every finding, not only the worst ---


def test_achievable_carries_every_finding_and_leads_with_the_worst():
    verdict = smart.achievable(sub_4_marathon(), runner_today(experience="beginner"))
    assert [finding.status for finding in verdict.findings] == [
        Status.WARN,  # no benchmark to predict from
        Status.FAIL,  # readiness
        Status.WARN,  # a beginner's first marathon in under 16 weeks
    ]
    assert verdict == dataclasses.replace(verdict.findings[1], findings=verdict.findings)


def test_a_passing_achievable_keeps_each_finding_too():
    verdict = smart.achievable(draft(), runner())
    assert verdict.status is Status.PASS
    assert len(verdict.findings) == 2  # the build and the minutes
    assert verdict.message == " ".join(finding.message for finding in verdict.findings)


def test_a_goal_with_nothing_to_check_has_no_findings():
    assert smart.achievable(draft(metric=""), runner()).findings == ()


def test_the_assessment_lists_achievable_findings():
    data = smart.assess(sub_4_marathon(), runner_today()).as_dict()
    assert [finding["status"] for finding in data["achievable"]["findings"]] == ["warn", "fail"]
    assert set(data["achievable"]["findings"][1]) == {"status", "message", "suggestion"}
    assert "findings" not in data["specific"]


def test_the_verdicts_show_every_achievable_finding():
    from django.template.loader import render_to_string

    assessment = smart.assess(sub_4_marathon(), runner_today())
    html = render_to_string("goals/partials/verdicts.html", {"assessment": assessment})
    achievable = html[html.index('data-letter="achievable"') : html.index('data-letter="relevant"')]
    assert achievable.count("data-finding=") == 2
    assert "No benchmark or race in the last 12 months" in achievable
    assert "Or race a half marathon in 1:55:07 on 15 February" in achievable


# --- the runner's numbers today, read from their log ---


@pytest.mark.django_db
def test_the_sub_4_runner_from_their_log_gets_a_fail_with_a_later_date():
    from goals import assessment
    from tests.athletes.factories import AthleteFactory
    from tests.checkins.factories import RunFactory
    from tests.goals.factories import NOW

    athlete = AthleteFactory(experience="intermediate")
    for week in range(1, 5):  # four weeks of about 40 km, the longest run 15.5 km
        sunday = NOW - dt.timedelta(weeks=week, days=NOW.weekday() - 6)
        RunFactory(athlete=athlete, distance_m=15_500, kind="long", started_at=sunday)
        for day in (1, 3, 5):
            RunFactory(
                athlete=athlete, distance_m=8_200, started_at=sunday - dt.timedelta(days=day)
            )
    RunFactory(athlete=athlete, distance_m=21_000, started_at=NOW - dt.timedelta(weeks=9))

    runner_now = assessment.runner_for(athlete)
    assert runner_now.recent_weekly_distance_m == pytest.approx(40_100)
    assert (runner_now.recent_long_run_m, runner_now.longest_run_m) == (15_500, 21_000)

    today = NOW.date()
    goal = sub_4_marathon(start_date=today, target_date=today + dt.timedelta(weeks=6))
    achievable = assessment.assess_draft(draft=goal, athlete=athlete).achievable
    assert achievable.status is Status.FAIL
    assert "your long run reaches 18.8 km of the 30 km needed" in achievable.message
    assert achievable.suggestion.startswith("Try 4:00:00 for the marathon on or after 2 June")
