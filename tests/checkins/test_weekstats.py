import datetime as dt
import zoneinfo

import pytest
import time_machine

from checkins import runs
from checkins.models import Run, WeekStat
from checkins.weekstats import refresh_week_stats
from tests.athletes.factories import AthleteFactory
from tests.checkins.factories import RunFactory

pytestmark = pytest.mark.django_db
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")


def local(day: dt.date, hour: int = 7) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AUCKLAND)


def test_a_week_holds_its_runs_totals_and_session_load():
    athlete = AthleteFactory(time_zone="Pacific/Auckland")
    monday = dt.date(2027, 3, 1)
    RunFactory(athlete=athlete, started_at=local(monday), distance_m=8000, duration_s=2400, rpe=4)
    RunFactory(
        athlete=athlete,
        started_at=local(monday + dt.timedelta(days=6), 18),
        distance_m=20000,
        duration_s=7200,
        kind="long",
        rpe=None,
    )
    RunFactory(
        athlete=athlete,
        started_at=local(monday + dt.timedelta(days=2)),
        distance_m=0,
        duration_s=1800,
        kind="strength",
        rpe=6,
    )
    refresh_week_stats(athlete)
    stat = WeekStat.objects.get(athlete=athlete)
    assert stat.week_start == monday
    assert (stat.distance_m, stat.runs, stat.longest_run_m) == (28000, 2, 20000)
    # 4 × 40 + 5 (a long run's default) × 120 + 6 × 30
    assert stat.load == pytest.approx(160 + 600 + 180)
    assert stat.estimated_sessions == 1


def test_a_sunday_evening_run_belongs_to_its_local_week_not_the_utc_one():
    athlete = AthleteFactory(time_zone="Pacific/Auckland")
    # Monday 06:00 in Auckland is still Sunday in UTC.
    RunFactory(athlete=athlete, started_at=local(dt.date(2027, 3, 8), 6), distance_m=5000)
    refresh_week_stats(athlete)
    assert WeekStat.objects.get(athlete=athlete).week_start == dt.date(2027, 3, 8)


@time_machine.travel(dt.datetime(2027, 3, 10, 12, tzinfo=dt.UTC), tick=False)
def test_saving_and_deleting_runs_keeps_the_weeks_current():
    athlete = AthleteFactory()
    run = runs.run_save(
        run=Run(
            athlete=athlete,
            started_at=dt.datetime(2027, 3, 2, 7, tzinfo=dt.UTC),
            distance_m=10000,
            duration_s=3000,
        )
    )
    assert WeekStat.objects.get(athlete=athlete).distance_m == 10000
    run.distance_m = 12000
    runs.run_save(run=run)
    assert WeekStat.objects.get(athlete=athlete).distance_m == 12000
    runs.run_delete(run=run)
    assert not WeekStat.objects.filter(athlete=athlete).exists()
