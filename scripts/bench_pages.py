"""`make bench`: page and API response times for a coach with 500 athletes.

Fills the throw-away `runpath_bench` database (see benchdb.py) with a big coach, 500 runners
in five squads and eight time zones with sixteen weeks of runs, weekly reviews (some drafts,
some missed, coach comments, some unread), goals and a benchmark each, plus a small coach
with 50 runners seeded the same way, and every standing computed, as the periodic refresh keeps
them (a roster view otherwise computes up to `REFRESH_BATCH` stale ones itself, which
bench_roster.py measures apart). Then, server-side through Django's test client, each
page gets one warm-up request, one request whose queries are counted, and 20 timed requests.
Prints median and p95 wall time, queries, response size and the process's peak memory.
"""

import datetime as dt
import os
import resource
import statistics
import sys
import time
import warnings
from typing import TYPE_CHECKING, Any, TypedDict

from benchdb import ZONES, analyze, bench_database, fill_week_stats

if TYPE_CHECKING:
    # Models are imported once bench_database() has set Django up.
    from django.test import Client

    from athletes.models import Athlete, Coach, Squad, User

# Only the test client's host: the settings allow none by default with DEBUG off.
os.environ["ALLOWED_HOSTS"] = "testserver"
# WhiteNoise looks for collected files the benchmark has no need of (as in the tests).
warnings.filterwarnings("ignore", "No directory at", UserWarning)

SQUADS = ["Marathon group", "Half marathon", "5K to 10K", "Trail squad", "Comeback"]
BIG_ROSTER = 500
SMALL_ROSTER = 50
TIMED_REQUESTS = 20
HTMX = {"HTTP_HX_REQUEST": "true"}


def create_runners(
    coach: "Coach", squads: "list[Squad]", numbers: range, *, number: int, joined: dt.datetime
) -> "list[Athlete]":
    """Runners `numbers` of bench coach `number`, in bulk: squads, eight time zones, both units
    and every level of experience in turn. Unusable passwords: nothing is ever hashed."""
    from athletes.models import Athlete, User

    users = User.objects.bulk_create(
        User(email=f"runner{number}-{n}@bench.example", full_name=f"Runner {n}", password="!")
        for n in numbers
    )
    levels = list(Athlete.Experience)
    return Athlete.objects.bulk_create(
        Athlete(
            user=user,
            coach=coach,
            squad=squads[n % len(squads)],
            coached_since=joined,
            time_zone=ZONES[n % len(ZONES)],
            units=Athlete.Units.MI if n % 4 == 0 else Athlete.Units.KM,
            experience=levels[n % len(levels)],
        )
        for n, user in zip(numbers, users, strict=True)
    )


def seed_coach(number: int, *, athletes: int, today: dt.date) -> "tuple[Coach, list[Athlete]]":
    """A coach with `athletes` runners and sixteen weeks of their training; returns both."""
    from django.utils import timezone

    from athletes.models import Athlete, Coach, Squad, User
    from checkins.demo import seed_reviews, seed_runs
    from checkins.models import WeeklyReview

    # Unusable passwords: the client logs in with force_login, so nothing is ever hashed.
    coach = Coach.objects.create(
        user=User.objects.create(
            email=f"coach{number}@bench.example", full_name=f"Coach {number}", password="!"
        )
    )
    squads = Squad.objects.bulk_create(Squad(coach=coach, name=name) for name in SQUADS)
    joined = timezone.now() - dt.timedelta(weeks=20)
    roster = create_runners(coach, squads, range(athletes), number=number, joined=joined)
    # They joined before their sixteen weeks of history: weeks they missed are owed.
    Athlete.objects.filter(coach=coach).update(created_at=joined)
    for athlete in roster:
        athlete.created_at = joined
    seed_runs(roster, today=today)
    # Bulk-created runs send no signal: store their weekly totals, which flags and charts read.
    fill_week_stats(roster)
    seed_reviews(roster, today=today)
    # One runner in four left one earlier week without a review.
    WeeklyReview.objects.filter(
        athlete__in=roster[::4], week_start=today - dt.timedelta(days=today.weekday(), weeks=5)
    ).delete()
    seed_goals(roster, today=today)
    return coach, roster


def seed_goals(roster: "list[Athlete]", *, today: dt.date) -> None:
    """A why, two destinations, two habits and a 5K benchmark per runner, made in bulk (the
    goal services assess and measure each goal one at a time)."""
    from goals.demo import FIVE_K_S, RACE_GOAL, RUNS_A_WEEK, VISIONS, WEEKLY_KM
    from goals.models import Benchmark, Goal

    def coach_of(athlete: Athlete) -> "User":
        assert athlete.coach is not None  # every bench runner has one
        return athlete.coach.user

    def new_goal(athlete: Athlete, **fields: Any) -> Goal:
        by = coach_of(athlete)
        return Goal(athlete=athlete, created_by=by, updated_by=by, **fields)

    visions = Goal.objects.bulk_create(
        new_goal(
            athlete,
            level=Goal.Level.VISION,
            kind=Goal.Kind.MINDSET,
            title=VISIONS[n % len(VISIONS)],
            start_date=today - dt.timedelta(weeks=16),
        )
        for n, athlete in enumerate(roster)
    )
    outcomes = Goal.objects.bulk_create(
        goal
        for athlete, vision in zip(roster, visions, strict=True)
        for goal in (
            new_goal(
                athlete,
                level=Goal.Level.OUTCOME,
                kind=Goal.Kind.TIME,
                parent=vision,
                title=RACE_GOAL[athlete.experience][0],
                metric=Goal.Metric.RACE_TIME,
                distance_m=RACE_GOAL[athlete.experience][1],
                target_value=RACE_GOAL[athlete.experience][2],
                start_date=today - dt.timedelta(weeks=10),
                target_date=today + dt.timedelta(weeks=14),
            ),
            new_goal(
                athlete,
                level=Goal.Level.OUTCOME,
                kind=Goal.Kind.DISTANCE,
                parent=vision,
                title=f"Build to {WEEKLY_KM[athlete.experience]} km a week",
                metric=Goal.Metric.WEEKLY_DISTANCE,
                target_value=WEEKLY_KM[athlete.experience] * 1000,
                baseline_value=WEEKLY_KM[athlete.experience] * 600,
                start_date=today - dt.timedelta(weeks=4),
                target_date=today + dt.timedelta(weeks=12),
            ),
        )
    )
    Goal.objects.bulk_create(
        goal
        for race, volume in zip(outcomes[::2], outcomes[1::2], strict=True)
        for goal in (
            new_goal(
                race.athlete,
                level=Goal.Level.PROCESS,
                kind=Goal.Kind.CONSISTENCY,
                parent=volume,
                title=f"Run {RUNS_A_WEEK[race.athlete.experience]} times every week",
                metric=Goal.Metric.RUNS_PER_WEEK,
                target_value=RUNS_A_WEEK[race.athlete.experience],
                start_date=today - dt.timedelta(weeks=12),
                target_date=today + dt.timedelta(weeks=14),
            ),
            new_goal(
                race.athlete,
                level=Goal.Level.PROCESS,
                kind=Goal.Kind.CONSISTENCY,
                parent=race,
                title="Submit my weekly review every Sunday",
                metric=Goal.Metric.REVIEWS_PER_WEEK,
                target_value=1,
                start_date=today - dt.timedelta(weeks=8),
                target_date=today + dt.timedelta(weeks=14),
            ),
        )
    )
    Benchmark.objects.bulk_create(
        Benchmark(
            athlete=athlete,
            distance_m=5000,
            duration_s=FIVE_K_S[athlete.experience] + n % 120,
            date=today - dt.timedelta(weeks=6),
            note="5K time trial",
            created_by=coach_of(athlete),
        )
        for n, athlete in enumerate(roster)
    )


class Measured(TypedDict):
    label: str
    roster: int
    median: float
    p95: float
    queries: int
    size: int


def measure(client: "Client", label: str, url: str, roster: int, **headers: Any) -> Measured:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, **headers)  # warm-up: template loading, first-use caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    # Read now: the count is a slice of the log, which the next request empties.
    query_count = len(queries)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(TIMED_REQUESTS):
        started = time.perf_counter()
        client.get(url, **headers)
        times.append(time.perf_counter() - started)
    return {
        "label": label,
        "roster": roster,
        "median": statistics.median(times),
        "p95": statistics.quantiles(times, n=20, method="inclusive")[-1],
        "queries": query_count,
        "size": len(response.content),
    }


def main() -> int:
    with bench_database():
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        today = timezone.localdate()
        started = time.perf_counter()
        big_coach, big_roster = seed_coach(1, athletes=BIG_ROSTER, today=today)
        small_coach, _ = seed_coach(2, athletes=SMALL_ROSTER, today=today)
        from coaching.attention.standings import refresh_stale_standings

        refresh_stale_standings()
        analyze()
        seeded = time.perf_counter() - started

        runner = big_roster[len(big_roster) // 2]
        coach_client, small_client, runner_client = Client(), Client(), Client()
        coach_client.force_login(big_coach.user)
        small_client.force_login(small_coach.user)
        runner_client.force_login(runner.user)
        week = runner.week_start().isoformat()
        search = f"{reverse('roster')}?q=Runner+4"
        pages = [
            (small_client, "roster", reverse("roster"), SMALL_ROSTER, {}),
            (small_client, "roster, HTMX search", search, SMALL_ROSTER, HTMX),
            (coach_client, "roster", reverse("roster"), BIG_ROSTER, {}),
            (coach_client, "roster, HTMX search", search, BIG_ROSTER, HTMX),
            (
                coach_client,
                "athlete detail",
                reverse("athlete-detail", args=[runner.pk]),
                BIG_ROSTER,
                {},
            ),
            (
                coach_client,
                "coach's run view",
                reverse("checkins:athlete-runs", args=[runner.pk]),
                BIG_ROSTER,
                {},
            ),
            (runner_client, "runner home", reverse("athlete-home"), BIG_ROSTER, {}),
            (runner_client, "runner goals", reverse("goals:goals"), BIG_ROSTER, {}),
            (
                runner_client,
                "review form",
                reverse("checkins:review-edit", args=[week]),
                BIG_ROSTER,
                {},
            ),
            (coach_client, "API athletes", "/api/v1/athletes/", BIG_ROSTER, {}),
            (coach_client, "API runs", f"/api/v1/runs/?athlete={runner.pk}", BIG_ROSTER, {}),
            (coach_client, "API reviews", "/api/v1/reviews/", BIG_ROSTER, {}),
            (coach_client, "API goals", "/api/v1/goals/", BIG_ROSTER, {}),
        ]
        rows = [
            measure(client, label, url, roster, **headers)
            for client, label, url, roster, headers in pages
        ]
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(
        f"Pages and API, server-side through the test client, {TIMED_REQUESTS} requests each"
        f" after a warm-up (seeded {BIG_ROSTER + SMALL_ROSTER} runners in {seeded:.0f}s):"
    )
    print(f"{'page':<22} {'roster':>8} {'median':>8} {'p95':>8} {'queries':>8} {'size':>8}")
    for row in rows:
        print(
            f"{row['label']:<22} {row['roster']:>8,} {row['median'] * 1000:>6.0f}ms"
            f" {row['p95'] * 1000:>6.0f}ms {row['queries']:>8} {row['size'] / 1024:>6.0f}KB"
        )
    print(f"Peak memory of the process (RSS): {peak_kb / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
