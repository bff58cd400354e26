"""`make bench`: Strava's webhook under 50 events at once, and a backfill of 1,000 activities.

1. The webhook answer time: gunicorn as the Dockerfile runs it (2 workers, 4 threads each),
   with a Redis broker (BENCH_REDIS_URL, default redis://127.0.0.1:6379/14, whose queue is
   emptied afterwards), takes rounds of 50 events posted at the same moment; p50, p95 and the
   slowest answer. Strava gives a webhook 2 s; the answer is one INSERT and one message to the
   broker, never a request to Strava.
2. The backfill: 1,000 activities over the last 12 weeks at the stand-in of Strava's API
   (tests/integrations/strava_standin.py), brought in by `integrations.strava.sync.run_backfill`
   as a worker runs it (5 pages of 200); wall time, requests to Strava, queries, runs saved.

Runs in the throw-away `runpath_bench` database (scripts/benchdb.py), dropped afterwards.
"""

import concurrent.futures
import datetime as dt
import http.client
import json
import os
import statistics
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import redis
from bench_gunicorn import serving
from benchdb import bench_database

if TYPE_CHECKING:
    # Models are imported once bench_database() has set Django up.
    from integrations.models import StravaConnection

ROOT = Path(__file__).resolve().parent.parent
PORT = 8766
CONCURRENT = 50
ROUNDS = 6
ACTIVITIES = 1_000
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
STRAVA_ENV = {
    "STRAVA_CLIENT_ID": "12345",
    "STRAVA_CLIENT_SECRET": "bench-secret",
    "STRAVA_VERIFY_TOKEN": "bench-verify-token",
}


def connected_runner(strava_athlete_id: int) -> "StravaConnection":
    from django.utils import timezone

    from athletes.models import Athlete, User
    from integrations.models import StravaConnection

    user = User.objects.create(email="runner@bench.example", full_name="Bench Runner", password="!")
    athlete = Athlete.objects.create(user=user, time_zone="Europe/London")
    connection = StravaConnection(
        athlete=athlete, strava_athlete_id=strava_athlete_id, connected_at=timezone.now()
    )
    connection.set_tokens(access_token="a", refresh_token="r", expires_at=timezone.now())
    connection.save()
    return connection


def post_event(object_id: int) -> float:
    body = json.dumps(
        {
            "aspect_type": "create",
            "event_time": 1_700_000_000 + object_id,
            "object_id": object_id,
            "object_type": "activity",
            "owner_id": 777,
            "subscription_id": 1,
            "updates": {},
        }
    )
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request(
        "POST", "/integrations/strava/webhook/", body, {"Content-Type": "application/json"}
    )
    answer = connection.getresponse()
    answer.read()
    elapsed = time.perf_counter() - started
    assert answer.status == 200, f"the webhook answered {answer.status}"
    return elapsed


def webhook_answer_times() -> list[float] | None:
    broker = redis.Redis.from_url(REDIS_URL)
    try:
        broker.ping()
    except redis.RedisError:
        print(f"No Redis at {REDIS_URL}: skipping the webhook under gunicorn.")
        return None
    times: list[float] = []
    try:
        with serving(PORT, env={**STRAVA_ENV, "REDIS_URL": REDIS_URL}):
            post_event(1)  # warm-up: the first answer of each worker loads Django's views
            post_event(2)
            with concurrent.futures.ThreadPoolExecutor(CONCURRENT) as pool:
                for round_number in range(ROUNDS):
                    start = threading.Barrier(CONCURRENT)
                    first = 1_000 + round_number * CONCURRENT

                    def at_once(object_id: int, start: threading.Barrier = start) -> float:
                        start.wait()
                        return post_event(object_id)

                    times += pool.map(at_once, range(first, first + CONCURRENT))
    finally:
        # The queued events name nobody connected here; no worker should ever take them.
        broker.delete("celery", "_kombu.binding.celery")
    return times


def backfill_of(count: int) -> dict[str, float]:
    from django.conf import settings
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from checkins.models import ImportJob, Run
    from integrations.strava import sync
    from tests.integrations.strava_standin import StravaStandin

    standin = StravaStandin().start()
    try:
        for name, value in standin.settings.items():
            setattr(settings, name, value)
        strava_connection = connected_runner(standin.athlete_id)
        grant = standin._new_grant(standin.athlete_id, "read,activity:read_all")
        strava_connection.set_tokens(
            access_token=grant.access_token,
            refresh_token=grant.refresh_token,
            expires_at=dt.datetime.fromtimestamp(grant.expires_at, tz=dt.UTC),
        )
        strava_connection.save()
        now = timezone.now()
        span = dt.timedelta(weeks=settings.STRAVA_BACKFILL_WEEKS) - dt.timedelta(hours=1)
        for n in range(count):
            standin.add_activity(
                start=now - span + n * (span / count),
                distance=5_000 + n % 7 * 1_000,
                elapsed_time=1_500 + n % 7 * 300,
                sport_type="Ride" if n % 10 == 0 else "Run",
            )
        job = sync.start_backfill(strava_connection)
        started = time.perf_counter()
        with CaptureQueriesContext(db) as queries:
            sync.run_backfill(connection_id=strava_connection.pk)
        elapsed = time.perf_counter() - started
        job.refresh_from_db()
        assert job.state == ImportJob.State.DONE, job.stage
        return {
            "seconds": elapsed,
            "requests": standin.count("GET", "/api/v3/athlete/activities"),
            "queries": len(queries.captured_queries),
            "runs": Run.objects.count(),
            "pages": job.files.count(),
        }
    finally:
        standin.stop()


def main() -> None:
    os.environ.update(STRAVA_ENV)
    os.environ.pop("REDIS_URL", None)  # this process runs the backfill itself
    with bench_database():
        from django.conf import settings

        settings.DEBUG = True  # CaptureQueriesContext counts queries only with a debug cursor
        times = webhook_answer_times()
        if times:
            times.sort()
            p95 = times[int(0.95 * len(times)) - 1]
            print(
                f"webhook, {len(times)} events in rounds of {CONCURRENT} at once under gunicorn: "
                f"p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
                f"slowest {times[-1] * 1000:.0f} ms (Strava allows 2,000 ms)"
            )
        result = backfill_of(ACTIVITIES)
        print(
            f"backfill of {ACTIVITIES:,} activities from the stand-in: {result['seconds']:.2f} s, "
            f"{result['requests']} requests to Strava, {result['queries']} queries, "
            f"{result['runs']:,} runs saved in {result['pages']} pages (1 in 10 a ride, skipped)"
        )


if __name__ == "__main__":
    main()
