"""Each attention flag at its boundary, under a frozen clock, and the order they rank a roster in."""

import datetime as dt

import pytest
import time_machine

from athletes.models import Athlete
from checkins import load
from checkins.models import Setback, WeekStat
from checkins.weekstats import load_now, refresh_week_stats
from coaching import attention
from coaching.attention.flags import Flag, Kind, Severity
from coaching.attention.handling import FlagNotFound, mark_handled
from coaching.attention.standings import refresh_stale_standings, refresh_standings
from coaching.models import HandledFlag, Standing
from goals.models import Goal
from tests.athletes.factories import AthleteFactory
from tests.checkins.factories import CommentFactory, RunFactory, WeeklyReviewFactory
from tests.goals.factories import GoalFactory, ProcessGoalFactory
from tests.races.factories import RaceFactory

pytestmark = pytest.mark.django_db

# Wednesday 10 March 2027, noon in London: this week began Monday 8 March.
NOW = dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.UTC)
THIS_WEEK = dt.date(2027, 3, 8)
LAST_WEEK = THIS_WEEK - dt.timedelta(weeks=1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def veteran(**kwargs) -> Athlete:
    """A runner who joined long ago, with last week's review in, so only the flag under test
    shows."""
    athlete = AthleteFactory.create(**kwargs)
    Athlete.objects.filter(pk=athlete.pk).update(created_at=NOW - dt.timedelta(weeks=30))
    athlete.refresh_from_db()
    WeeklyReviewFactory(athlete=athlete, week_start=LAST_WEEK, status="submitted")
    return athlete


def run_on(
    athlete: Athlete,
    day: dt.date,
    metres: int,
    *,
    minutes: int = 50,
    rpe: int = 4,
    kind: str = "easy",
):
    RunFactory(
        athlete=athlete,
        started_at=dt.datetime.combine(day, dt.time(7), tzinfo=dt.UTC),
        distance_m=metres,
        duration_s=minutes * 60,
        rpe=rpe,
        kind=kind,
    )


def flags(athlete: Athlete) -> dict[str, Flag]:
    refresh_week_stats(athlete)
    return {str(f.flag): f for f in attention.compute([athlete], now=NOW)[athlete.pk].flags}


def test_weekly_distance_up_exactly_30_percent_is_no_jump_but_more_is():
    athlete = veteran()
    run_on(athlete, LAST_WEEK - dt.timedelta(weeks=1), 32000)
    run_on(athlete, LAST_WEEK, 41600)
    run_on(athlete, THIS_WEEK, 5000)
    assert Kind.DISTANCE_JUMP not in flags(athlete)
    run_on(athlete, LAST_WEEK + dt.timedelta(days=2), 100)
    jump = flags(athlete)[Kind.DISTANCE_JUMP]
    assert jump.reason == "Up 30 %: 42 km after 32 km"
    assert jump.severity == Severity.MEDIUM


def test_the_distance_jump_reads_in_the_runners_units():
    athlete = veteran(units="mi")
    run_on(athlete, LAST_WEEK - dt.timedelta(weeks=1), 32000)
    run_on(athlete, LAST_WEEK, 46000)
    run_on(athlete, THIS_WEEK, 1000)
    assert flags(athlete)[Kind.DISTANCE_JUMP].reason == "Up 44 %: 29 mi after 20 mi"


def test_motivation_of_two_is_flagged_and_three_is_not():
    athlete = veteran()
    WeeklyReviewFactory(athlete=athlete, week_start=THIS_WEEK, status="submitted", motivation=3)
    assert Kind.MOTIVATION not in flags(athlete)
    athlete.reviews.filter(week_start=THIS_WEEK).update(motivation=2)
    assert flags(athlete)[Kind.MOTIVATION].reason.startswith("Motivation 2/5")


def test_motivation_two_below_the_four_week_average_is_flagged():
    athlete = veteran()
    athlete.reviews.filter(week_start=LAST_WEEK).update(motivation=5)
    for weeks_ago in (2, 3, 4):
        WeeklyReviewFactory(
            athlete=athlete,
            week_start=THIS_WEEK - dt.timedelta(weeks=weeks_ago),
            status="submitted",
            motivation=5,
        )
    WeeklyReviewFactory(athlete=athlete, week_start=THIS_WEEK, status="submitted", motivation=4)
    assert Kind.MOTIVATION not in flags(athlete)
    athlete.reviews.filter(week_start=THIS_WEEK).update(motivation=3)
    assert flags(athlete)[Kind.MOTIVATION].reason == "Motivation 3/5, down from an average of 5.0"


def test_no_run_for_ten_days_is_flagged_nine_is_not():
    athlete = veteran()
    RunFactory(athlete=athlete, started_at=NOW - dt.timedelta(days=9, hours=23))
    assert Kind.NO_RUNS not in flags(athlete)
    RunFactory(athlete=athlete, started_at=NOW - dt.timedelta(days=10))
    athlete.runs.filter(started_at__gt=NOW - dt.timedelta(days=10)).delete()
    assert flags(athlete)[Kind.NO_RUNS].reason == "No run logged for 10 days"


def test_a_missing_review_is_overdue_from_tuesday_with_its_days():
    athlete = veteran()
    athlete.reviews.all().delete()
    RunFactory(athlete=athlete, started_at=NOW - dt.timedelta(days=1))
    overdue = flags(athlete)[Kind.OVERDUE]
    # Due Tuesday 9 March 00:00: on Wednesday noon it is a day and a half late.
    assert overdue.reason == "Review for the week of 1 Mar is 1 day overdue"
    assert overdue.key == LAST_WEEK.isoformat()


def test_an_open_setback_is_flagged_at_its_severity_and_a_closed_one_is_not():
    athlete = veteran()
    RunFactory(athlete=athlete, started_at=NOW - dt.timedelta(days=1))
    setback = Setback.objects.create(
        athlete=athlete, kind="injury", start=THIS_WEEK, severity=3, body_part="calf"
    )
    flag = flags(athlete)[Kind.SETBACK]
    assert flag.severity == Severity.HIGH
    assert flag.reason == "Injury (calf) since 8 Mar: severe"
    Setback.objects.filter(pk=setback.pk).update(end=THIS_WEEK + dt.timedelta(days=1))
    assert Kind.SETBACK not in flags(athlete)


def test_a_load_spike_at_ratio_1_5_is_flagged_in_plain_words():
    athlete = veteran()
    today = NOW.date()
    for days_ago in range(27, 6, -1):
        run_on(athlete, today - dt.timedelta(days=days_ago), 8000, minutes=75, rpe=4)
    for days_ago in range(6, -1, -1):
        run_on(athlete, today - dt.timedelta(days=days_ago), 8000, minutes=75, rpe=6)
    spike = flags(athlete)[Kind.LOAD_SPIKE]
    assert spike.reason.startswith("Load spike: 1.50× rolling (3,150 AU this week, 2,100 a week")


def test_a_race_week_is_no_distance_jump_but_the_same_week_without_the_race_is():
    # A marathon after a taper week of 25 km: the race is what the taper made room for.
    athlete = veteran()
    run_on(athlete, LAST_WEEK - dt.timedelta(weeks=1), 25_000)
    run_on(athlete, LAST_WEEK, 12_000)
    run_on(athlete, LAST_WEEK + dt.timedelta(days=6), 42_195, minutes=240, kind="race")
    assert Kind.DISTANCE_JUMP not in flags(athlete)
    run_on(athlete, THIS_WEEK, 20_000)  # this week against the race week: no jump either
    assert Kind.DISTANCE_JUMP not in flags(athlete)


def test_a_race_on_the_race_list_counts_however_its_run_was_logged():
    # A watch's file imports the marathon as an easy run; the race list says it was a race.
    athlete = veteran()
    run_on(athlete, LAST_WEEK - dt.timedelta(weeks=1), 25_000)
    run_on(athlete, LAST_WEEK, 12_000)
    race_day = LAST_WEEK + dt.timedelta(days=6)
    run_on(athlete, race_day, 42_195, minutes=240, rpe=8)
    assert Kind.DISTANCE_JUMP in flags(athlete)
    RaceFactory(athlete=athlete, date=race_day, status="completed", priority="B")
    assert Kind.DISTANCE_JUMP not in flags(athlete)


def test_a_long_run_in_place_of_the_race_is_a_distance_jump():
    athlete = veteran()
    run_on(athlete, LAST_WEEK - dt.timedelta(weeks=1), 25_000)
    run_on(athlete, LAST_WEEK, 12_000)
    run_on(athlete, LAST_WEEK + dt.timedelta(days=6), 42_195, minutes=240, kind="long")
    assert flags(athlete)[Kind.DISTANCE_JUMP].reason == "Up 117 %: 54 km after 25 km"


@pytest.mark.parametrize(("days_ago", "spike"), [(6, False), (7, True)])
def test_no_load_spike_in_the_7_days_from_a_race(days_ago, spike):
    athlete = veteran()
    today = NOW.date()
    for back in range(40, 0, -2):
        run_on(athlete, today - dt.timedelta(days=back), 5_000, minutes=30, rpe=3)
    run_on(athlete, today, 10_000, minutes=120, rpe=8)  # a spike of training today
    run_on(athlete, today - dt.timedelta(days=days_ago), 5_000, minutes=25, rpe=8, kind="race")
    assert (Kind.LOAD_SPIKE in flags(athlete)) is spike


def back_from_two_weeks_off(athlete: Athlete, *, setback: bool) -> None:
    """Four weeks of 40-minute runs, two weeks off, then 30-minute runs (the way back's 75 %)."""
    today = NOW.date()
    back_on = today - dt.timedelta(days=9)
    for back in range(1, 29):
        run_on(athlete, back_on - dt.timedelta(days=14 + back), 6_000, minutes=40)
    for back in range(0, 10):
        run_on(athlete, today - dt.timedelta(days=back), 4_500, minutes=30)
    if setback:
        Setback.objects.create(
            athlete=athlete,
            kind="illness",
            start=back_on - dt.timedelta(days=14),
            end=back_on - dt.timedelta(days=1),
        )


def test_the_week_after_one_a_setback_cut_short_is_no_distance_jump():
    # Ill until last Thursday: two short runs at the weekend, then back to 20 km.
    athlete = veteran()
    run_on(athlete, LAST_WEEK - dt.timedelta(weeks=1), 20_000)
    run_on(athlete, LAST_WEEK + dt.timedelta(days=5), 3_000)
    run_on(athlete, LAST_WEEK + dt.timedelta(days=6), 4_000)
    run_on(athlete, THIS_WEEK, 12_000)
    assert flags(athlete)[Kind.DISTANCE_JUMP].reason == "Up 71 %: 12 km so far this week after 7 km"
    Setback.objects.create(
        athlete=athlete, kind="illness", start=LAST_WEEK, end=LAST_WEEK + dt.timedelta(days=3)
    )
    assert Kind.DISTANCE_JUMP not in flags(athlete)


def test_the_way_back_after_a_setback_is_no_load_spike_but_the_same_gap_unexplained_is():
    explained, unexplained = veteran(), veteran()
    back_from_two_weeks_off(explained, setback=True)
    back_from_two_weeks_off(unexplained, setback=False)
    assert Kind.LOAD_SPIKE not in flags(explained)
    assert flags(unexplained)[Kind.LOAD_SPIKE].reason.startswith("Load spike: 2.52× rolling")


@pytest.mark.parametrize(("days_since", "spike"), [(27, False), (28, True)])
def test_the_load_spike_waits_28_days_after_a_setback(days_since, spike):
    athlete = veteran()
    today = NOW.date()
    end = today - dt.timedelta(days=days_since)
    Setback.objects.create(
        athlete=athlete, kind="injury", start=end - dt.timedelta(days=20), end=end
    )
    # Four weeks of running before the setback, and every day since it.
    for back in [*range(days_since + 21, days_since + 49), *range(0, days_since)]:
        run_on(athlete, today - dt.timedelta(days=back), 5_000, minutes=30, rpe=4)
    run_on(athlete, today, 10_000, minutes=120, rpe=8)  # a spike of training today
    assert (Kind.LOAD_SPIKE in flags(athlete)) is spike


def test_a_process_goal_missed_two_weeks_running_is_flagged():
    athlete = veteran()
    goal = ProcessGoalFactory(
        athlete=athlete, title="Three runs a week", start_date=THIS_WEEK - dt.timedelta(weeks=6)
    )
    run_on(athlete, THIS_WEEK - dt.timedelta(weeks=3), 5000)
    flag = flags(athlete)[Kind.PROCESS_MISSED]
    assert flag.reason == "“Three runs a week” missed 2 weeks running"
    assert flag.key == f"{goal.pk}:{LAST_WEEK.isoformat()}"


def test_a_goal_due_in_14_days_under_80_percent_is_at_risk_and_in_15_days_is_not():
    athlete = veteran()
    run_on(athlete, THIS_WEEK, 10000)
    goal = GoalFactory(
        athlete=athlete,
        title="A 100 km month",
        metric=Goal.Metric.TOTAL_DISTANCE,
        target_value=100000,
        start_date=THIS_WEEK - dt.timedelta(days=14),
        target_date=NOW.date() + dt.timedelta(days=15),
    )
    assert Kind.GOAL_AT_RISK not in flags(athlete)
    Goal.objects.filter(pk=goal.pk).update(target_date=NOW.date() + dt.timedelta(days=14))
    assert flags(athlete)[Kind.GOAL_AT_RISK].reason == "“A 100 km month” is due in 14 days at 10 %"


def test_an_a_race_within_two_weeks_that_training_does_not_carry_is_flagged():
    athlete = veteran()
    for weeks_ago in range(1, 5):
        run_on(athlete, THIS_WEEK - dt.timedelta(weeks=weeks_ago), 20000)
    RaceFactory(athlete=athlete, name="Valencia Marathon", date=NOW.date() + dt.timedelta(days=10))
    flag = flags(athlete)[Kind.RACE_READINESS]
    assert flag.severity == Severity.HIGH
    assert flag.reason == (
        "Valencia Marathon in 10 days: 20 km a week of the 55 km it asks; "
        "longest run 20 km of 30 km"
    )


def test_an_unread_comment_from_the_athlete_is_flagged_for_their_coach(cast):
    Athlete.objects.filter(pk=cast.runner.pk).update(created_at=NOW - dt.timedelta(weeks=30))
    cast.runner.refresh_from_db()
    review = WeeklyReviewFactory(athlete=cast.runner, week_start=LAST_WEEK, status="submitted")
    RunFactory(athlete=cast.runner, started_at=NOW - dt.timedelta(days=1))
    CommentFactory(review=review, author=cast.runner.user, body="Sore knee again?")
    assert flags(cast.runner)[Kind.UNREAD].reason == "1 unread comment from Rita Runner"


def test_handled_flags_stay_hidden_until_the_data_behind_them_changes(cast):
    athlete = cast.runner
    Athlete.objects.filter(pk=athlete.pk).update(created_at=NOW - dt.timedelta(weeks=30))
    athlete.refresh_from_db()
    RunFactory(athlete=athlete, started_at=NOW - dt.timedelta(days=12))
    refresh_week_stats(athlete)
    handled = mark_handled(
        athlete=athlete, flag=Kind.NO_RUNS, by=cast.coach.user, note="Holiday, she said"
    )
    assert handled.reason == "No run logged for 12 days"
    standing = Standing.objects.get(athlete=athlete)
    assert Kind.NO_RUNS not in [f["flag"] for f in standing.open_flags]
    assert Kind.NO_RUNS in standing.flags[-1]["flag"] and standing.flags[-1]["handled"]
    with pytest.raises(FlagNotFound):
        mark_handled(athlete=athlete, flag=Kind.NO_RUNS, by=cast.coach.user)
    # A run eleven days ago is new data behind the flag: it shows again.
    RunFactory(athlete=athlete, started_at=NOW - dt.timedelta(days=11))
    assert not flags(athlete)[Kind.NO_RUNS].handled
    assert HandledFlag.objects.filter(athlete=athlete).count() == 1


def test_a_handled_overdue_review_comes_back_for_the_next_week(cast):
    athlete = cast.runner
    Athlete.objects.filter(pk=athlete.pk).update(created_at=NOW - dt.timedelta(weeks=30))
    athlete.refresh_from_db()
    RunFactory(athlete=athlete, started_at=NOW - dt.timedelta(days=1))
    mark_handled(athlete=athlete, flag=Kind.OVERDUE, by=cast.coach.user)
    assert flags(athlete)[Kind.OVERDUE].handled
    WeeklyReviewFactory(athlete=athlete, week_start=LAST_WEEK, status="submitted")
    next_tuesday = NOW + dt.timedelta(days=6)
    with time_machine.travel(next_tuesday, tick=False):
        result = attention.compute([athlete], now=next_tuesday)[athlete.pk]
    overdue = {str(f.flag): f for f in result.flags}[Kind.OVERDUE]
    assert overdue.key == THIS_WEEK.isoformat() and not overdue.handled


def test_the_roster_ranks_by_severity_then_days_overdue(cast):
    calm = veteran(user__full_name="Calm Carla")
    run_on(calm, THIS_WEEK, 6000)
    late = veteran(user__full_name="Late Larry")
    late.reviews.all().delete()
    run_on(late, THIS_WEEK, 6000)
    hurt = veteran(user__full_name="Hurt Hana")
    run_on(hurt, THIS_WEEK, 6000)
    Setback.objects.create(athlete=hurt, kind="injury", start=THIS_WEEK, severity=3)
    for athlete in (calm, late, hurt):
        refresh_week_stats(athlete)
    refresh_standings([calm, late, hurt], now=NOW)
    ranked = list(
        Standing.objects.order_by("-score", "-overdue_days").values_list(
            "athlete__user__full_name", "score"
        )
    )
    assert ranked == [("Hurt Hana", 3), ("Late Larry", 2), ("Calm Carla", 0)]


def test_computing_flags_takes_the_same_queries_for_2_and_40_athletes(
    django_assert_max_num_queries,
):
    def roster(size: int) -> list[Athlete]:
        athletes = [veteran() for _ in range(size)]
        for athlete in athletes:
            run_on(athlete, THIS_WEEK, 5000)
            ProcessGoalFactory(athlete=athlete, start_date=THIS_WEEK - dt.timedelta(weeks=4))
            refresh_week_stats(athlete)
        return athletes

    small, large = roster(2), roster(40)
    with django_assert_max_num_queries(20) as few:
        attention.compute(small, now=NOW)
    with django_assert_max_num_queries(len(few.captured_queries)):
        attention.compute(large, now=NOW)
    assert WeekStat.objects.count() == 42


def test_the_periodic_refresh_recomputes_missing_and_stale_standings_only():
    fresh, stale, missing = veteran(), veteran(), veteran()
    refresh_standings([fresh, stale], now=NOW)
    Standing.objects.filter(athlete=stale).update(stale_after=NOW - dt.timedelta(minutes=1))
    assert refresh_stale_standings(now=NOW) == 2
    assert Standing.objects.filter(stale_after__gt=NOW).count() == 3
    assert refresh_stale_standings(now=NOW) == 0
    assert missing.standing.stale_after > NOW


def test_on_monday_a_review_missed_the_week_before_is_already_overdue():
    athlete = veteran()
    athlete.reviews.all().delete()
    RunFactory(athlete=athlete, started_at=NOW - dt.timedelta(days=1))
    # Monday 15 March, 08:00 in London (the digest's hour): last week's review (8 March) is due
    # tonight, but the week of 1 March was due last Tuesday.
    monday = dt.datetime(2027, 3, 15, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(monday, tick=False):
        result = attention.compute([athlete], now=monday)[athlete.pk]
    overdue = {str(f.flag): f for f in result.flags}[Kind.OVERDUE]
    assert overdue.reason == "Review for the week of 1 Mar is 6 days overdue"


def test_a_long_run_in_a_steady_week_of_two_runs_is_no_load_spike():
    # Six weeks of a 30-minute run and, three days later, a long run of two and a half hours,
    # today among them: the EWMA's acute weight (2/8 a day) reads the long run as a spike, the
    # rolling ratio, which the flag reads, as the steady week it is.
    athlete = veteran()
    today = NOW.date()
    for week in range(6):
        long_day = today - dt.timedelta(weeks=week)
        run_on(athlete, long_day, 25000, minutes=150, rpe=6, kind="long")
        run_on(athlete, long_day - dt.timedelta(days=3), 5000, minutes=30, rpe=3)
    refresh_week_stats(athlete)
    now_load = load_now(athlete, now=NOW)
    assert now_load.ewma.value is not None and now_load.ewma.value >= load.SPIKE_RATIO
    assert now_load.rolling.value == pytest.approx(1.0)
    assert Kind.LOAD_SPIKE not in flags(athlete)
    assert not now_load.is_spike
