"""`make bench`: the season plan of one runner with two years of runs, and the season page.

Fills the throw-away `runpath_bench` database (see benchdb.py), in bulk, with one coached,
advanced runner: two years of runs (five a week), a season (an A marathon twelve weeks out,
added eight weeks ago, a B half and a C 10K before it), a race result every ten weeks, two
busy periods and a race-time goal for the A race. Prints the median time and the queries of
building the season plan (`races.services.season_for`) over 20 runs, then the season page's
server time (through the test client, as bench_pages.py measures pages) divided by that of a
trivial authenticated view, `/api/v1/me/`, for the runner and for their coach.
"""

import datetime as dt
import random
import statistics
import sys
import time
from typing import TYPE_CHECKING

from bench_pages import TIMED_REQUESTS, measure
from benchdb import bench_database

if TYPE_CHECKING:
    # Models are imported once bench_database() has set Django up.
    from athletes.models import Athlete, Coach

RUN_WEEKS = 104
TIMED_PLANS = 20
# (weekday, kind, share of the week's distance, seconds per km)
WEEK_OF_RUNS = (
    (0, "recovery", 0.12, 330),
    (1, "tempo", 0.18, 270),
    (3, "intervals", 0.17, 275),
    (5, "easy", 0.23, 305),
    (6, "long", 0.30, 320),
)
# (weeks from this week, name, metres, priority, result as seconds for past races)
RACES = [
    (12, "Berlin Marathon", 42195, "A", None),
    (7, "Berlin Half Marathon", 21098, "B", None),
    (3, "Spreewald 10K", 10000, "C", None),
    *(
        (-10 * n, f"Race {n}", distance, "C", seconds + 4 * n)
        for n, (distance, seconds) in enumerate(
            [(5000, 21 * 60), (10000, 44 * 60), (21098, 98 * 60), (42195, 207 * 60)] * 3, start=1
        )
        if 10 * n < RUN_WEEKS
    ),
]


def seed_runner(today: dt.date) -> "tuple[Athlete, Coach, int]":
    """The runner, their coach and everything the season page reads, made in bulk."""
    from athletes.measures import monday_of
    from athletes.models import Athlete, BusyPeriod, Coach, User
    from checkins.models import Run
    from goals.models import Goal
    from races.models import Race

    coach = Coach.objects.create(
        user=User.objects.create(email="coach@bench.example", full_name="Coach", password="!")
    )
    athlete = Athlete.objects.create(
        user=User.objects.create(email="runner@bench.example", full_name="Runner", password="!"),
        coach=coach,
        time_zone="Europe/Berlin",
        experience=Athlete.Experience.ADVANCED,
    )
    rng = random.Random("runpath-bench-season")
    this_monday = monday_of(today)
    runs = []
    for weeks_ago in range(RUN_WEEKS, 0, -1):
        monday = this_monday - dt.timedelta(weeks=weeks_ago)
        weekly_m = 55_000 + 20_000 * (weeks_ago % 26) / 26
        if weeks_ago % 4 == 0:
            weekly_m *= 0.75
        for weekday, kind, share, pace in WEEK_OF_RUNS:
            metres = 10 * round(weekly_m * share * rng.uniform(0.9, 1.1) / 10)
            started = dt.datetime.combine(
                monday + dt.timedelta(days=weekday), dt.time(7, 0), tzinfo=athlete.zone
            )
            runs.append(
                Run(
                    athlete=athlete,
                    started_at=started,
                    distance_m=metres,
                    duration_s=round(metres * (pace + rng.randint(-8, 8)) / 1000),
                    kind=kind,
                )
            )
    Run.objects.bulk_create(runs, batch_size=1000)
    added = dt.datetime.combine(today - dt.timedelta(weeks=8), dt.time(20), tzinfo=athlete.zone)
    races = Race.objects.bulk_create(
        Race(
            athlete=athlete,
            name=name,
            date=this_monday + dt.timedelta(weeks=weeks, days=6),
            distance_m=metres,
            priority=priority,
            status="completed" if result else "planned",
            result_time_s=result,
            created_by=athlete.user,
            created_at=added,
        )
        for weeks, name, metres, priority, result in RACES
    )
    BusyPeriod.objects.bulk_create(
        [
            BusyPeriod(
                athlete=athlete,
                label="Work trip",
                start=today + dt.timedelta(days=20),
                end=today + dt.timedelta(days=26),
            ),
            BusyPeriod(
                athlete=athlete,
                label="Holiday",
                start=today - dt.timedelta(days=40),
                end=today - dt.timedelta(days=33),
            ),
        ]
    )
    vision = Goal.objects.create(
        athlete=athlete, level="vision", kind="mindset", title="Run for life", created_by=coach.user
    )
    Goal.objects.create(
        athlete=athlete,
        level="outcome",
        kind="time",
        parent=vision,
        title="Run a marathon under 3:20",
        metric="race_time",
        distance_m=42195,
        target_value=200 * 60,
        start_date=today - dt.timedelta(weeks=8),
        target_date=races[0].date,
        race=races[0],
        created_by=coach.user,
    )
    return athlete, coach, len(runs)


def time_season_plan(athlete: "Athlete") -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from races.services import season_for

    season_for(athlete)  # warm-up
    with CaptureQueriesContext(connection) as queries:
        report = season_for(athlete)
    assert report is not None, "the bench runner has an A race ahead"
    times = []
    for _ in range(TIMED_PLANS):
        started = time.perf_counter()
        season_for(athlete)
        times.append(time.perf_counter() - started)
    return {
        "median": statistics.median(times),
        "queries": len(queries),
        "weeks": len(report.weeks),
    }


def page_ratios(athlete: "Athlete", coach: "Coach") -> list[str]:
    """The season page's median server time over /api/v1/me/'s, for the runner and the coach."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    lines = []
    for who, user, name, args in [
        ("runner", athlete.user, "season", []),
        ("coach", coach.user, "athlete-season", [athlete.pk]),
    ]:
        client = Client()
        client.force_login(user)
        try:
            url = reverse(name, args=args)
        except NoReverseMatch:
            lines.append(f"season page ({who}): skipped, there is no URL named {name!r} yet")
            continue
        status = client.get(url).status_code
        if status != 200:
            lines.append(f"season page ({who}): skipped, {url} answers {status}")
            continue
        page = measure(client, "season page", url, 1)
        trivial = measure(client, "/api/v1/me/", reverse("api-me"), 1)
        lines.append(
            f"season page ({who}) {page['median'] * 1000:.1f}ms, {page['queries']} queries,"
            f" {page['size'] / 1024:.0f}KB; /api/v1/me/ {trivial['median'] * 1000:.1f}ms,"
            f" {trivial['queries']} queries; ratio {page['median'] / trivial['median']:.1f}×"
        )
    return lines


def main() -> int:
    with bench_database():
        from django.utils import timezone

        today = timezone.localdate()
        athlete, coach, runs = seed_runner(today)
        plan = time_season_plan(athlete)
        pages = page_ratios(athlete, coach)
    print(
        f"Season plan (races.services.season_for) for one runner with {runs} runs over "
        f"{RUN_WEEKS} weeks, {len(RACES)} races:"
    )
    print(
        f"  median {plan['median'] * 1000:.1f}ms over {TIMED_PLANS} runs after a warm-up,"
        f" {plan['queries']} queries, {plan['weeks']} plan weeks"
    )
    print(f"Season page against a trivial view, {TIMED_REQUESTS} requests each after a warm-up:")
    for line in pages:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
