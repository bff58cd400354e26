"""Planned sessions: their steps and rules, TrainingPeaks' compliance bands at their edges,
matching runs to sessions, moving a session and the maintenance swap."""

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from athletes.measures import monday_of
from checkins import sessions
from checkins.compliance import Compliance, Done, Planned, by_share, judge
from checkins.models import PlannedSession, Setback
from checkins.reviews.weeks import review_for_week
from checkins.runs import run_delete, run_save
from checkins.workout_steps import Repeat, parse_steps
from tests.athletes.factories import AthleteFactory, CoachFactory
from tests.checkins.factories import PlannedSessionFactory, RunFactory


@pytest.mark.parametrize(
    ("share", "word"),
    [
        (0.49, Compliance.WELL_UNDER),
        (0.50, Compliance.UNDER),
        (0.79, Compliance.UNDER),
        (0.80, Compliance.AS_PLANNED),
        (1.20, Compliance.AS_PLANNED),
        (1.21, Compliance.OVER),
        (1.50, Compliance.OVER),
        (1.51, Compliance.WELL_OVER),
    ],
)
def test_compliance_bands_are_trainingpeaks_at_their_edges(share, word):
    assert by_share(share) is word


DAY = dt.date(2027, 3, 3)


def planned(**changes) -> Planned:
    base = Planned(day=DAY, is_rest=False, distance_m=10_000, duration_s=None)
    return dataclasses.replace(base, **changes)


def test_a_session_is_measured_by_distance_else_by_time():
    assert judge(planned(), Done(7_000, 9_999), today=DAY, in_setback=False) is Compliance.UNDER
    timed = planned(distance_m=None, duration_s=3600)
    assert judge(timed, Done(1, 3000), today=DAY, in_setback=False) is Compliance.AS_PLANNED


def test_a_session_not_run_is_missed_only_once_its_day_is_gone():
    after = DAY + dt.timedelta(days=1)
    assert judge(planned(), None, today=DAY, in_setback=False) is Compliance.AHEAD
    assert judge(planned(), None, today=after, in_setback=False) is Compliance.MISSED


def test_maintenance_setbacks_and_rest_are_never_misses():
    after = DAY + dt.timedelta(days=1)
    swapped = planned(is_maintenance=True)
    assert judge(swapped, None, today=after, in_setback=False) is Compliance.MAINTENANCE
    assert judge(planned(), None, today=after, in_setback=True) is Compliance.SETBACK
    rest = planned(is_rest=True, distance_m=None)
    assert judge(rest, None, today=after, in_setback=False) is Compliance.REST


def test_structured_steps_are_read_and_checked():
    steps = parse_steps(
        [
            {"step": "warmup", "duration_s": 600, "rpe": 3},
            {
                "step": "repeat",
                "times": 5,
                "steps": [
                    {"step": "work", "distance_m": 1000, "pace_s_per_km": 270},
                    {"step": "recovery", "duration_s": 120},
                ],
            },
            {"step": "cooldown", "distance_m": 1000},
        ]
    )
    assert isinstance(steps[1], Repeat) and steps[1].times == 5
    assert steps[1].steps[0].pace_s_per_km == 270


@pytest.mark.parametrize(
    ("steps", "problem"),
    [
        ({"step": "work"}, "list"),
        ([{"step": "sprint"}], "one of"),
        ([{"step": "work", "distance_m": 400, "duration_s": 60}], "not both"),
        ([{"step": "work", "pace_s_per_km": 300, "rpe": 7}], "not both"),
        ([{"step": "work", "rpe": 11}], "rpe"),
        ([{"step": "work", "distance_m": True}], "distance_m"),
        ([{"step": "work"}, {"step": "warmup"}], "warm-up comes first"),
        ([{"step": "cooldown"}, {"step": "work"}], "cool-down comes last"),
        ([{"step": "repeat", "times": 1, "steps": [{"step": "work"}]}], "times"),
        ([{"step": "repeat", "times": 3, "steps": [{"step": "warmup"}]}], "one of"),
        ([{"step": "work", "colour": "red"}], "unknown field"),
    ],
)
def test_steps_that_no_watch_could_run_are_refused(steps, problem):
    with pytest.raises(ValidationError, match=problem):
        parse_steps(steps)


@pytest.mark.django_db
def test_a_rest_day_has_nothing_to_run_and_a_run_has_a_target():
    with pytest.raises(ValidationError, match="rest day"):
        PlannedSessionFactory.build(kind="rest", distance_m=5000).clean()
    with pytest.raises(ValidationError, match="distance, a time"):
        PlannedSessionFactory.build(distance_m=None).clean()


def local_noon(athlete, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=athlete.zone)


def earlier_today(athlete, now: dt.datetime) -> dt.datetime:
    """An instant of the runner's today that has passed, whatever the hour."""
    midnight = dt.datetime.combine(athlete.local_today(now), dt.time.min, tzinfo=athlete.zone)
    return midnight + (now - midnight) / 2


@pytest.mark.django_db
def test_a_run_matches_the_session_of_its_day_of_the_nearest_kind_and_distance(now, today):
    athlete = AthleteFactory()
    easy = PlannedSessionFactory(athlete=athlete, day=today, kind="easy", distance_m=6000)
    tempo = PlannedSessionFactory(athlete=athlete, day=today, kind="tempo", distance_m=9000)
    run = run_save(
        run=RunFactory.build(
            athlete=athlete, started_at=earlier_today(athlete, now), kind="tempo", distance_m=6000
        )
    )
    tempo.refresh_from_db()
    easy.refresh_from_db()
    assert tempo.run == run and easy.run is None
    run_delete(run=run)
    tempo.refresh_from_db()
    assert tempo.run is None


@pytest.mark.django_db
def test_a_run_matches_by_the_runners_own_day(today):
    athlete = AthleteFactory(time_zone="Pacific/Auckland")
    session = PlannedSessionFactory(athlete=athlete, day=today)
    # 23:30 on `today` in Auckland is the day before in UTC.
    late = dt.datetime.combine(today, dt.time(23, 30), tzinfo=athlete.zone)
    run_save(run=RunFactory.build(athlete=athlete, started_at=late - dt.timedelta(days=1)))
    session.refresh_from_db()
    assert session.run is None
    run = RunFactory.create(athlete=athlete, started_at=late)
    sessions.match_runs(athlete)
    session.refresh_from_db()
    assert session.run == run


@pytest.mark.django_db
def test_a_strength_session_or_a_ride_does_not_tick_off_a_run(today):
    athlete = AthleteFactory()
    session = PlannedSessionFactory(athlete=athlete, day=today)
    RunFactory(athlete=athlete, started_at=local_noon(athlete, today), kind="strength")
    RunFactory(athlete=athlete, started_at=local_noon(athlete, today), kind="cross-training")
    sessions.match_runs(athlete)
    session.refresh_from_db()
    assert session.run is None


def week_days(today: dt.date) -> tuple[dt.date, dt.date]:
    """Two different days of this week."""
    monday = monday_of(today)
    return monday, monday + dt.timedelta(days=3)


@pytest.mark.django_db
def test_moving_a_session_trades_days_with_a_rest_day(today):
    athlete = AthleteFactory()
    first, second = week_days(today)
    session = PlannedSessionFactory(athlete=athlete, day=first)
    rest = PlannedSessionFactory(athlete=athlete, day=second, kind="rest", distance_m=None)
    sessions.session_move(session=session, day=second, by=athlete.user)
    rest.refresh_from_db()
    assert (session.day, rest.day) == (second, first)


@pytest.mark.django_db
def test_a_session_moves_within_its_week_only(today):
    session = PlannedSessionFactory(day=monday_of(today))
    with pytest.raises(ValidationError, match="within its week"):
        sessions.session_move(
            session=session, day=monday_of(today) - dt.timedelta(days=1), by=session.athlete.user
        )


@pytest.mark.django_db
def test_a_coachs_change_marks_the_session_theirs():
    coach = CoachFactory()
    session = PlannedSessionFactory(athlete=AthleteFactory(coach=coach))
    session.notes = "Hills, please."
    sessions.session_save(session=session, by=coach.user)
    assert PlannedSession.objects.get(pk=session.pk).by_coach


@pytest.mark.django_db
def test_a_maintenance_swap_is_a_shorter_easy_run_and_never_a_miss(today):
    athlete = AthleteFactory()
    day = today - dt.timedelta(days=1)
    session = PlannedSessionFactory(
        athlete=athlete,
        day=day,
        kind="tempo",
        distance_m=11_000,
        duration_s=3600,
        steps=[{"step": "work"}],
    )
    sessions.session_swap(session=session, by=athlete.user)
    session.refresh_from_db()
    assert (session.kind, session.distance_m, session.duration_s, session.steps) == (
        "easy",
        5500,
        1800,
        [],
    )
    assert (session.swapped_from_kind, session.swapped_from_distance_m) == ("tempo", 11_000)
    [report] = sessions.week_reports(athlete, monday_of(day))
    assert report.compliance is Compliance.MAINTENANCE
    with pytest.raises(ValidationError, match="already"):
        sessions.session_swap(session=session, by=athlete.user)


@pytest.mark.django_db
def test_a_session_a_setback_covered_is_not_missed_and_one_run_is_measured(today):
    athlete = AthleteFactory()
    day = today - dt.timedelta(days=1)
    missed = PlannedSessionFactory(athlete=athlete, day=day - dt.timedelta(days=1))
    excused = PlannedSessionFactory(athlete=athlete, day=day)
    Setback.objects.create(athlete=athlete, kind="illness", start=day)
    run = RunFactory(athlete=athlete, started_at=local_noon(athlete, today), distance_m=12_500)
    done = PlannedSessionFactory(athlete=athlete, day=today, distance_m=10_000, run=run)
    found = {
        r.session.pk: r.compliance
        for r in sessions.reports(
            PlannedSession.objects.filter(athlete=athlete).select_related("athlete", "run")
        )
    }
    assert found == {
        missed.pk: Compliance.MISSED,
        excused.pk: Compliance.SETBACK,
        done.pk: Compliance.OVER,
    }


@pytest.mark.django_db
def test_the_weekly_review_is_prefilled_with_the_weeks_planned_sessions(today):
    athlete = AthleteFactory()
    monday = monday_of(today)
    assert review_for_week(athlete=athlete, week_start=monday).runs_planned is None
    for offset in (0, 2, 4):
        PlannedSessionFactory(athlete=athlete, day=monday + dt.timedelta(days=offset))
    PlannedSessionFactory(
        athlete=athlete, day=monday + dt.timedelta(days=1), kind="rest", distance_m=None
    )
    PlannedSessionFactory(athlete=athlete, day=monday + dt.timedelta(days=7))
    assert review_for_week(athlete=athlete, week_start=monday).runs_planned == 3


@pytest.mark.django_db
def test_momentum_counts_weeks_of_sessions_kept_and_forgives_a_swap_a_setback_and_one_miss(
    now, today
):
    athlete = AthleteFactory()
    this_week = monday_of(today)

    def week_of(weeks_ago: int, *, runs: int, missed: int = 0, swapped: int = 0) -> None:
        monday = this_week - dt.timedelta(weeks=weeks_ago)
        for day in range(runs):
            run = RunFactory(
                athlete=athlete, started_at=local_noon(athlete, monday + dt.timedelta(days=day))
            )
            PlannedSessionFactory(athlete=athlete, day=monday + dt.timedelta(days=day), run=run)
        for day in range(runs, runs + missed):
            PlannedSessionFactory(athlete=athlete, day=monday + dt.timedelta(days=day))
        for day in range(runs + missed, runs + missed + swapped):
            PlannedSessionFactory(
                athlete=athlete, day=monday + dt.timedelta(days=day), is_maintenance=True
            )

    week_of(5, runs=3)
    week_of(4, runs=1, missed=2)
    week_of(3, runs=3, missed=1)
    week_of(2, runs=2, swapped=2)
    # Week 1 ago: ill all week, nothing run; nothing planned 6 weeks ago.
    monday = this_week - dt.timedelta(weeks=1)
    PlannedSessionFactory(athlete=athlete, day=monday)
    Setback.objects.create(
        athlete=athlete, kind="illness", start=monday, end=monday + dt.timedelta(days=6)
    )
    assert sessions.sessions_streak(athlete, now=now) == 2
