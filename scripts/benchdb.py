"""The throw-away database every `make bench` script runs in.

Importing this module points Django at `runpath_bench` (or the name in BENCH_DATABASE, so two
people sharing a server can bench at once) on the server in DATABASE_URL, never at the
project's own database, with production-like settings: DEBUG off, as the tests run them (no
collected static files, no HTTPS redirect). `bench_database()` creates and migrates the
database and drops it afterwards, also when the benchmark fails. `fill_week_stats` stores the
weekly aggregates that bulk-created runs skip.
"""

import contextlib
import datetime as dt
import math
import os
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import django
import psycopg
from django.core.management import call_command
from django.db import connections

if TYPE_CHECKING:
    # The scripts set Django up before they import a model.
    from athletes.models import Athlete

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/runpath").rsplit(
    "/", 1
)[0]
BENCH_DB = os.environ.get("BENCH_DATABASE", "runpath_bench")
if not re.fullmatch(r"runpath_bench\w*", BENCH_DB):
    # It is dropped at the end (and named in SQL): refuse anything that could be a real database.
    sys.exit(
        f"BENCH_DATABASE must be runpath_bench followed by letters, digits or _, not {BENCH_DB!r}."
    )
os.environ["DATABASE_URL"] = f"{SERVER}/{BENCH_DB}"
# Timings with DEBUG on would include Django recording every query.
os.environ["DEBUG"] = "false"
os.environ["STATIC_MANIFEST"] = "false"
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coaching.settings")

# Where the benchmarks' runners live: either side of UTC, and either side of the date line.
ZONES = [
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Europe/Berlin",
]


def recreate_database(*, drop_only: bool = False) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        if not drop_only:
            admin.execute(f"CREATE DATABASE {BENCH_DB}")


@contextlib.contextmanager
def bench_database() -> Iterator[None]:
    recreate_database()
    try:
        django.setup()
        call_command("migrate", verbosity=0)
        yield
    finally:
        connections.close_all()
        recreate_database(drop_only=True)


def analyze() -> None:
    """Fresh planner statistics after seeding, as autovacuum keeps them on a live server:
    without them the planner guesses a few rows where there are thousands."""
    with connections["default"].cursor() as cursor:
        cursor.execute("ANALYZE")


def fill_week_stats(athletes: "Sequence[Athlete]") -> int:
    """Store every week of these athletes' runs as `WeekStat` rows, the totals
    `checkins.weekstats.refresh_week_stats` keeps (bulk-created runs send no signal), from one
    read of their runs instead of three queries per athlete; returns how many rows. Checked
    against `week_totals` for the first athlete, so it cannot drift from the real thing."""
    from athletes.measures import monday_of
    from checkins.load import Session
    from checkins.models import Run, WeekStat
    from checkins.weekstats import week_totals

    by_pk = {athlete.pk: athlete for athlete in athletes}
    weeks: dict[tuple[int, dt.date], WeekStat] = {}
    for athlete_id, started_at, kind, distance_m, duration_s, rpe in Run.objects.filter(
        athlete_id__in=list(by_pk)
    ).values_list("athlete_id", "started_at", "kind", "distance_m", "duration_s", "rpe"):
        day = started_at.astimezone(by_pk[athlete_id].zone).date()
        stat = weeks.setdefault(
            (athlete_id, monday_of(day)),
            WeekStat(athlete_id=athlete_id, week_start=monday_of(day), last_run_at=started_at),
        )
        if kind not in Run.NOT_RUNNING:
            stat.distance_m += distance_m
            stat.runs += 1
            stat.longest_run_m = max(stat.longest_run_m, distance_m)
        stat.load += Session(day, kind, duration_s, rpe).load
        stat.estimated_sessions += rpe is None
        stat.last_run_at = max(stat.last_run_at or started_at, started_at)
    if athletes:
        first = athletes[0]
        expected = {
            week: (row["total_m"], row["run_count"], row["longest_m"], row["total_load"])
            for week, row in week_totals(Run.objects.filter(athlete=first), first.zone).items()
        }
        filled = {
            week: (stat.distance_m, stat.runs, stat.longest_run_m, stat.load)
            for (athlete_id, week), stat in weeks.items()
            if athlete_id == first.pk
        }
        # Loads are sums of floats, added in another order by the database.
        assert filled.keys() == expected.keys(), (filled, expected)
        for week, (*totals, load) in filled.items():
            *expected_totals, expected_load = expected[week]
            assert totals == expected_totals and math.isclose(load, expected_load), week
    WeekStat.objects.bulk_create(weeks.values(), batch_size=2000)
    return len(weeks)
