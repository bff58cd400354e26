"""The coach's triage flag for planned sessions: 3 or more missed in 14 days, with the days, and
never for a maintenance swap, a rest day, a setback or a session still ahead."""

import datetime as dt

import pytest

from checkins.models import Setback
from coaching import attention
from coaching.attention.flags import Kind, Severity
from coaching.attention.session_rules import MISSED_SESSIONS, MISSED_SESSIONS_DAYS
from tests.athletes.factories import AthleteFactory
from tests.checkins.factories import PlannedSessionFactory

pytestmark = pytest.mark.django_db


def missed_flag(athlete, now):
    found = attention.compute([athlete], now=now)[athlete.pk].flags
    return next((f for f in found if f.flag == Kind.SESSIONS_MISSED), None)


def days_back(today: dt.date, *counts: int) -> list[dt.date]:
    return [today - dt.timedelta(days=count) for count in counts]


def test_three_missed_sessions_in_a_fortnight_flag_the_runner_with_their_days(now, today):
    athlete = AthleteFactory()
    for day in days_back(today, 1, 5, MISSED_SESSIONS_DAYS):
        PlannedSessionFactory(athlete=athlete, day=day)
    flag = missed_flag(athlete, now)
    assert flag is not None and flag.severity == Severity.MEDIUM
    assert flag.reason.startswith(
        f"{MISSED_SESSIONS} planned sessions missed in {MISSED_SESSIONS_DAYS} days ("
    )
    assert flag.key == f"{(today - dt.timedelta(days=1)).isoformat()}:3"


def test_two_missed_or_one_outside_the_fortnight_is_no_flag(now, today):
    athlete = AthleteFactory()
    for day in days_back(today, 1, 5, MISSED_SESSIONS_DAYS + 1):
        PlannedSessionFactory(athlete=athlete, day=day)
    assert missed_flag(athlete, now) is None


def test_swaps_rest_setbacks_and_today_are_not_misses(now, today):
    athlete = AthleteFactory()
    PlannedSessionFactory(athlete=athlete, day=today - dt.timedelta(days=1))
    PlannedSessionFactory(athlete=athlete, day=today)
    PlannedSessionFactory(athlete=athlete, day=today - dt.timedelta(days=2), is_maintenance=True)
    PlannedSessionFactory(
        athlete=athlete, day=today - dt.timedelta(days=3), kind="rest", distance_m=None
    )
    PlannedSessionFactory(athlete=athlete, day=today - dt.timedelta(days=9))
    PlannedSessionFactory(athlete=athlete, day=today - dt.timedelta(days=10))
    assert missed_flag(athlete, now) is not None
    Setback.objects.create(
        athlete=athlete,
        kind="illness",
        start=today - dt.timedelta(days=10),
        end=today - dt.timedelta(days=9),
    )
    assert missed_flag(athlete, now) is None
