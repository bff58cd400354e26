"""`make bench`: the coach's triage roster, the review autosave and the coach digest for a coach
with 100, 1,000 and 3,000 athletes, and the roster's throughput under gunicorn at 1,000.

Fills the throw-away bench database (see benchdb.py) in bulk: three coaches whose runners, in
five squads and eight time zones, each have sixteen weeks of runs (checkins.demo), the weekly
aggregates those runs make (`WeekStat`), sixteen weeks of reviews with the same numbers (this
week's a draft for half of them, last week's missing for one in four, some unread questions for
the coach), goals and a benchmark, and an open injury for one in 25; then every standing is
computed in batches, as the periodic refresh does.

Then, per coach, server-side through Django's test client with `Accept-Encoding: gzip` (the
app compresses HTML): the roster's first page and a trivial authenticated view,
`GET /api/v1/me/`, alternately 20 times each after a warm-up, as the coach; one keystroke's
autosave of a draft review (the HTMX POST the review form sends, text changed, version
carried) against the same trivial view, as one of the coach's runners; and building the coach's
Monday digest (`checkins.reminders.digest.due_digests` and the e-mail). Last, gunicorn with the
production worker settings serves the 1,000-athlete roster to `wrk` (its own process, 8
connections) for 20 seconds. Targets (issue 9): the roster within 5× and the autosave within
2× the trivial view, and the same number of queries at every size.

`--sizes 100` seeds less for a quick look; `--profile` adds a cProfile of the roster and the
autosave at the largest size.
"""

import argparse
import cProfile
import datetime as dt
import gzip
import http.client
import io
import os
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypedDict, TypeVar

from bench_gunicorn import serving
from bench_pages import SQUADS, create_runners, seed_goals
from benchdb import analyze, bench_database, fill_week_stats

if TYPE_CHECKING:
    # Django and the models are imported once bench_database() has set Django up.
    from django.test import Client
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from athletes.models import Athlete, Coach, User
    from checkins.emails import Digest
    from checkins.models import WeeklyReview

# Only the test client's host: the settings allow none by default with DEBUG off.
os.environ["ALLOWED_HOSTS"] = "testserver"

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 1_000, 3_000)
# Athletes seeded per round trip: bounded memory (a round is ~16,000 runs).
SEED_CHUNK = 250
TIMED_REQUESTS = 20
TIMED_DIGESTS = 5
ROSTER_TARGET = 5
AUTOSAVE_TARGET = 2
# Headers for the test client, passed on as its `**extra`.
GZIP: dict[str, Any] = {"HTTP_ACCEPT_ENCODING": "gzip"}
HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}
TRIVIAL_URL = "/api/v1/me/"
# gunicorn as the Dockerfile runs it, and wrk in its own process.
LOAD_ROSTER = 1_000
LOAD_PORT = 8765
LOAD_SECONDS = 20
LOAD_CONNECTIONS = 8
LOAD_PASSWORD = "bench-only-password"
WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""
QUESTION = "My knee was sore after the long run. Should I skip Thursday's tempo?"
WINS = "Got out the door on Thursday even though it was pouring."


# --- Seeding ---------------------------------------------------------------------------------


def seed_coach(number: int, *, athletes: int, now: dt.datetime, today: dt.date) -> "Coach":
    """A coach with `athletes` runners and sixteen weeks of their training, in bulk."""
    from athletes.models import Athlete, Coach, Squad, User
    from checkins.demo import seed_runs

    joined = now - dt.timedelta(weeks=20)
    # Unusable passwords: the test client logs in with force_login, so nothing is hashed.
    coach = Coach.objects.create(
        user=User.objects.create(
            email=f"coach{number}@bench.example", full_name=f"Coach {number}", password="!"
        )
    )
    # Coaching since before the Monday digest the bench builds.
    Coach.objects.filter(pk=coach.pk).update(created_at=joined)
    squads = Squad.objects.bulk_create(Squad(coach=coach, name=name) for name in SQUADS)
    for first in range(0, athletes, SEED_CHUNK):
        numbers = range(first, min(first + SEED_CHUNK, athletes))
        roster = create_runners(coach, squads, numbers, number=number, joined=joined)
        seed_runs(roster, today=today)
        fill_week_stats(roster)
        seed_reviews(roster, first=first, now=now)
        seed_goals(roster, today=today)
        seed_setbacks(roster, first=first, today=today)
    # They joined before their sixteen weeks of history: weeks they missed are owed.
    Athlete.objects.filter(coach=coach).update(created_at=joined)
    return coach


def seed_reviews(roster: "list[Athlete]", *, first: int, now: dt.datetime) -> None:
    """Sixteen weeks of reviews per runner with its weeks' numbers (the `WeekStat` rows): this
    week's a draft for half of them, last week's missing for one in four, one earlier week
    missing for another one in four, low motivation last week for one in ten, an unread
    question for the coach from one in eight, the coach's comments on about a third."""
    from checkins.models import Comment, WeeklyReview, WeekStat
    from checkins.runs import local_start

    stats = {
        (stat.athlete_id, stat.week_start): stat
        for stat in WeekStat.objects.filter(athlete__in=roster)
    }
    reviews, comments = [], []
    for n, athlete in enumerate(roster, start=first):
        rng = random.Random(f"bench-roster-{athlete.user.email}")
        this_monday = athlete.week_start(now)
        for weeks_ago in range(15, -1, -1):
            if (
                (weeks_ago == 0 and n % 2)
                or (weeks_ago == 1 and n % 4 == 1)
                or (weeks_ago == 5 and n % 4 == 3)
            ):
                continue
            monday = this_monday - dt.timedelta(weeks=weeks_ago)
            stat = stats.get((athlete.pk, monday))
            mood = 2 if weeks_ago == 1 and n % 10 == 7 else rng.choice([3, 4, 4, 4, 5])
            submitted_at = local_start(athlete, day=monday + dt.timedelta(days=6), time=dt.time(19))
            draft = weeks_ago == 0 or submitted_at > now
            reviews.append(
                WeeklyReview(
                    athlete=athlete,
                    week_start=monday,
                    status=WeeklyReview.Status.DRAFT if draft else WeeklyReview.Status.SUBMITTED,
                    runs_planned=4,
                    runs_done=stat.runs if stat else 0,
                    distance_m=stat.distance_m if stat else 0,
                    longest_run_m=stat.longest_run_m if stat else 0,
                    strength_sessions=0,
                    good_sleep_nights=rng.randint(2, 7),
                    energy=max(1, mood + rng.choice([-1, 0, 1])),
                    motivation=mood,
                    wins=WINS,
                    setbacks="Legs heavy on the long run.",
                    next_week_plan="Same structure, add 1 km to the long run.",
                    submitted_at=None if draft else submitted_at,
                    coach_read_at=None if draft or weeks_ago < 2 else submitted_at,
                )
            )
    WeeklyReview.objects.bulk_create(reviews, batch_size=2000)
    newest = {review.athlete_id: review for review in reviews if review.submitted_at}
    for n, athlete in enumerate(roster, start=first):
        review = newest.get(athlete.pk)
        if review is not None and n % 8 == 3:
            comments.append(Comment(review=review, author=athlete.user, body=QUESTION))
    for review in reviews:
        if review.coach_read_at and review.pk % 3 == 0 and review.athlete.coach:
            comments.append(
                Comment(
                    review=review,
                    author=review.athlete.coach.user,
                    body="Great consistency this week.",
                    read_at=review.coach_read_at,
                )
            )
    Comment.objects.bulk_create(comments, batch_size=2000)


def seed_setbacks(roster: "list[Athlete]", *, first: int, today: dt.date) -> None:
    from checkins.models import Setback

    Setback.objects.bulk_create(
        Setback(
            athlete=athlete,
            kind=Setback.Kind.INJURY,
            start=today - dt.timedelta(days=6),
            severity=Setback.Severity.MODERATE,
            body_part="knee",
            created_by=athlete.user,
        )
        for n, athlete in enumerate(roster, start=first)
        if n % 25 == 4
    )


def refresh_all_standings(coach: "Coach") -> None:
    """Every standing computed, in the periodic refresh's batches."""
    from athletes.models import Athlete
    from coaching.attention.standings import REFRESH_BATCH, refresh_standings

    athletes = list(
        Athlete.objects.filter(coach=coach).select_related("user", "coach__user").order_by("pk")
    )
    for first in range(0, len(athletes), REFRESH_BATCH):
        refresh_standings(athletes[first : first + REFRESH_BATCH])


# --- Measuring in-process --------------------------------------------------------------------


def body(response: "TestResponse") -> bytes:
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content)
    return response.content


T = TypeVar("T")


def counted(call: Callable[[], T]) -> tuple[T, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = call()
    # Read now: the count is a slice of the log, which the next request empties.
    return result, len(queries)


def alternately(
    trivial: Callable[[], object], action: Callable[[], object], *, times: int = TIMED_REQUESTS
) -> tuple[list[float], list[float]]:
    """Time `trivial` and `action` in turns, so both see the same load on a shared machine."""
    trivial_times: list[float] = []
    action_times: list[float] = []
    for _ in range(times):
        for call, log in ((trivial, trivial_times), (action, action_times)):
            started = time.perf_counter()
            call()
            log.append(time.perf_counter() - started)
    return trivial_times, action_times


def logged_in(user: "User") -> "Client":
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def measure_roster(coach: "Coach", *, size: int) -> dict[str, float]:
    from django.urls import reverse

    client = logged_in(coach.user)
    url = reverse("roster")
    client.get(url, **GZIP)  # warm-up: template loading, first-use caches
    compressed, queries = counted(lambda: client.get(url, **GZIP))
    plain = client.get(url)
    assert compressed.status_code == plain.status_code == 200, compressed.status_code
    assert compressed["Content-Encoding"] == "gzip", "the roster was not compressed"
    html = plain.content.decode()
    assert f"{size} athletes" in html and html.count('id="athlete-') == min(size, 50), size
    me = client.get(TRIVIAL_URL, **GZIP)  # the first call also makes the calendar feed
    assert me.status_code == 200, me.status_code
    _, me_queries = counted(lambda: client.get(TRIVIAL_URL, **GZIP))
    me_times, roster_times = alternately(
        lambda: client.get(TRIVIAL_URL, **GZIP), lambda: client.get(url, **GZIP)
    )
    return {
        "me": statistics.median(me_times),
        "me_queries": me_queries,
        "roster": statistics.median(roster_times),
        "roster_p95": statistics.quantiles(roster_times, n=20, method="inclusive")[-1],
        "queries": queries,
        "raw": len(plain.content),
        "gzip": len(compressed.content),
    }


def autosave_runner(coach: "Coach") -> "WeeklyReview":
    """The coach's first runner with a draft review this week (half of them have one)."""
    from checkins.models import WeeklyReview

    review = (
        WeeklyReview.objects.filter(athlete__coach=coach, status=WeeklyReview.Status.DRAFT)
        .select_related("athlete__user")
        .order_by("athlete_id", "-week_start")
        .first()
    )
    assert review is not None and review.week_start == review.athlete.week_start(), review
    return review


def autosave_post(review: "WeeklyReview") -> "tuple[Client, Callable[[], TestResponse]]":
    """What the review form posts on a keystroke: every field as the page holds it, the draft
    text changed and the version it started from, which each answer moves on."""
    from django import forms
    from django.core import signing
    from django.urls import reverse

    from checkins.forms.reviews import WeeklyReviewForm
    from checkins.views.decorators import TYPED_REVIEW_SALT

    athlete = review.athlete
    form = WeeklyReviewForm(instance=review, units_name=athlete.units)
    fields = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                fields[name] = "on"
        else:
            fields[name] = "" if value is None else value
    fields["owner"] = signing.dumps(athlete.user.pk, salt=TYPED_REVIEW_SALT)
    client = logged_in(athlete.user)
    url = reverse("checkins:review-save", args=[review.week_start.isoformat()])
    state = {"version": review.version, "keystrokes": 0}

    def save() -> "TestResponse":
        state["keystrokes"] += 1
        response = client.post(
            url,
            {**fields, "wins": f"{WINS} Keystroke {state['keystrokes']}.", **state},
            **HTMX,
            **GZIP,
        )
        assert response.status_code == 200, (response.status_code, body(response)[:500])
        version = re.search(rb'name="version" value="(\d+)"', body(response))
        assert version is not None, body(response)[:500]
        state["version"] = int(version[1])
        return response

    return client, save


def measure_autosave(coach: "Coach") -> dict[str, float]:
    review = autosave_runner(coach)
    client, save = autosave_post(review)
    # Warm-up: the first save may also store the numbers as the form rounds them (a runner in
    # miles), which tells goals and flags once; every later keystroke changes text only.
    save()
    save()
    _, queries = counted(save)
    client.get(TRIVIAL_URL, **GZIP)  # the first call also makes the runner's calendar feed
    _, me_queries = counted(lambda: client.get(TRIVIAL_URL, **GZIP))
    me_times, save_times = alternately(lambda: client.get(TRIVIAL_URL, **GZIP), save)
    return {
        "me": statistics.median(me_times),
        "me_queries": me_queries,
        "autosave": statistics.median(save_times),
        "queries": queries,
    }


def measure_digest(coach: "Coach") -> dict[str, float]:
    """Building the coach's Monday digest as the reminder sweep does: who is due, each flagged
    runner's reasons from the stored standings, the e-mail rendered (not sent)."""
    from django.utils import timezone

    from athletes.measures import WEEK
    from athletes.models import Coach
    from checkins import emails
    from checkins.reminders.digest import digest_moment, due_digests

    # Only this coach's digest is due.
    Coach.objects.exclude(pk=coach.pk).update(email_digest=False)
    Coach.objects.filter(pk=coach.pk).update(email_digest=True)
    now = timezone.now()
    _, moment = digest_moment(coach, now)
    if moment > now:
        moment -= WEEK
    at = moment + dt.timedelta(minutes=5)

    def build() -> "tuple[Digest, bytes]":
        due = due_digests(at)
        assert len(due) == 1 and due[0].recipient_id == coach.user_id, due
        digest = due[0].digest
        assert digest is not None  # a digest's item carries it
        return digest, emails.coach_digest(digest).message().as_bytes()

    build()
    (digest, message), queries = counted(build)
    times = []
    for _ in range(TIMED_DIGESTS):
        started = time.perf_counter()
        build()
        times.append(time.perf_counter() - started)
    return {
        "digest": statistics.median(times),
        "queries": queries,
        "flagged": len(digest.flagged),
        "size": len(message),
    }


def profile(coach: "Coach") -> None:
    """Where the roster's and the autosave's time goes: cProfile's top functions."""
    from django.urls import reverse

    client = logged_in(coach.user)
    url = reverse("roster")
    client.get(url, **GZIP)
    _, save = autosave_post(autosave_runner(coach))
    save()
    calls: tuple[tuple[str, Callable[[], TestResponse]], ...] = (
        ("roster", lambda: client.get(url, **GZIP)),
        ("autosave", save),
    )
    for label, call in calls:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(TIMED_REQUESTS):
            call()
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
        print(f"\ncProfile, {TIMED_REQUESTS} × {label}:\n{out.getvalue()}")


# --- gunicorn and wrk ------------------------------------------------------------------------


def cookies_of(response: http.client.HTTPResponse) -> dict[str, str]:
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def log_in(email: str) -> str:
    """Log in through the real login form; returns the session cookie."""
    connection = http.client.HTTPConnection("127.0.0.1", LOAD_PORT, timeout=30)
    connection.request("GET", "/accounts/login/")
    page = connection.getresponse()
    html = page.read().decode()
    csrf = cookies_of(page)["csrftoken"]
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "the login page has no CSRF token"
    token = found[1]
    form = {"username": email, "password": LOAD_PASSWORD, "csrfmiddlewaretoken": token}
    connection.request(
        "POST",
        "/accounts/login/",
        urllib.parse.urlencode(form),
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"},
    )
    answer = connection.getresponse()
    answer.read()
    assert answer.status == 302, f"log-in answered {answer.status}"
    return f"sessionid={cookies_of(answer)['sessionid']}"


def throughput(coach: "Coach") -> dict[str, float] | None:
    """Requests per second and latency of the roster under gunicorn, 8 connections."""
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk is not installed (apt-get install wrk): skipping the gunicorn throughput.")
        return None
    coach.user.set_password(LOAD_PASSWORD)
    coach.user.save(update_fields=["password"])
    with (
        tempfile.NamedTemporaryFile("w", suffix=".lua") as script,
        serving(LOAD_PORT),
    ):
        script.write(WRK_REPORT)
        script.flush()
        cookie = log_in(coach.user.email)
        headers = {"Cookie": cookie, "Accept-Encoding": "gzip"}
        for _ in range(8):  # warm-up: both workers load their templates
            connection = http.client.HTTPConnection("127.0.0.1", LOAD_PORT, timeout=60)
            connection.request("GET", "/roster/", headers=headers)
            response = connection.getresponse()
            response.read()
            assert response.status == 200, f"/roster/ answered {response.status}"
        result = subprocess.run(
            [
                wrk,
                "--threads",
                "1",
                "--connections",
                str(LOAD_CONNECTIONS),
                "--duration",
                f"{LOAD_SECONDS}s",
                "--timeout",
                "30s",
                "--script",
                script.name,
                "--header",
                f"Cookie: {cookie}",
                "--header",
                "Accept-Encoding: gzip",
                f"http://127.0.0.1:{LOAD_PORT}/roster/",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=LOAD_SECONDS + 60,
        )
    line = next(line for line in result.stdout.splitlines() if line.startswith("WRK "))
    requests, duration_us, bad_status, socket_errors, p50, p95, p99 = map(int, line.split()[1:])
    return {
        "requests": requests,
        "rate": requests / (duration_us / 1e6),
        "p50": p50 / 1e6,
        "p95": p95 / 1e6,
        "p99": p99 / 1e6,
        "errors": bad_status + socket_errors,
    }


# --- The report ------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}ms"


def verdict(ratio: float, target: float) -> str:
    return "ok" if ratio <= target else "MISSED"


class CoachRow(TypedDict):
    """One bench coach's measurements, by roster size."""

    size: int
    roster: dict[str, float]
    autosave: dict[str, float]
    digest: dict[str, float]


def report(
    rows: "list[CoachRow]",
    load: dict[str, float] | None,
    *,
    seeded: float,
    standings: float,
    busy: list[float],
) -> None:
    total = sum(row["size"] for row in rows)
    print(
        f"\nTriage roster, autosave and digest per coach: server-side (django.test.Client,"
        f" gzip accepted), median of {TIMED_REQUESTS} taken in turns with GET {TRIVIAL_URL}."
        f"\nSeeded {total:,} runners with 16 weeks of runs and reviews in {seeded:.0f}s;"
        f" their standings took {standings:.0f}s ({standings / total * 1000:.0f}ms a runner)."
        # Times on a shared machine move with its load; the ratios much less.
        f"\nLoad average while measuring: {min(busy):.1f} to {max(busy):.1f}"
        f" on {os.cpu_count()} cores."
    )
    print(
        f"\n{'athletes':>8} {'me/':>8} {'roster':>8} {'p95':>8} {'ratio':>7}"
        f" {'target':>8} {'queries':>7} {'HTML':>8} {'gzipped':>8}"
    )
    for row in rows:
        ratio = row["roster"]["roster"] / row["roster"]["me"]
        print(
            f"{row['size']:>8,} {ms(row['roster']['me']):>8} {ms(row['roster']['roster']):>8}"
            f" {ms(row['roster']['roster_p95']):>8} {ratio:>6.1f}×"
            f" {'≤5× ' + verdict(ratio, ROSTER_TARGET):>8} {row['roster']['queries']:>7}"
            f" {row['roster']['raw'] / 1024:>6.0f}KB {row['roster']['gzip'] / 1024:>6.1f}KB"
        )
    print(
        f"\n{'athletes':>8} {'me/':>8} {'autosave':>9} {'ratio':>7} {'target':>8} {'queries':>7}"
        f" {'digest':>9} {'queries':>7} {'flagged':>8} {'e-mail':>8}"
    )
    for row in rows:
        save, digest = row["autosave"], row["digest"]
        ratio = save["autosave"] / save["me"]
        print(
            f"{row['size']:>8,} {ms(save['me']):>8} {ms(save['autosave']):>9} {ratio:>6.1f}×"
            f" {'≤2× ' + verdict(ratio, AUTOSAVE_TARGET):>8} {save['queries']:>7}"
            f" {ms(digest['digest']):>9} {digest['queries']:>7} {digest['flagged']:>8,}"
            f" {digest['size'] / 1024:>6.0f}KB"
        )
    me_queries = {row["roster"]["me_queries"] for row in rows}
    measured: tuple[Literal["roster", "autosave", "digest"], ...] = ("roster", "autosave", "digest")
    for key in measured:
        counts = [row[key]["queries"] for row in rows]
        flat = "flat" if len(set(counts)) == 1 else "NOT flat"
        print(f"Queries of the {key} across sizes: {' / '.join(map(str, counts))} ({flat}).")
    print(f"GET {TRIVIAL_URL} runs {'/'.join(map(str, sorted(me_queries)))} queries.")
    if load is None:
        return
    print(
        f"\ngunicorn (gthread, 2 workers × 4 threads) serving the {LOAD_ROSTER:,}-athlete roster"
        f" to wrk, {LOAD_CONNECTIONS} connections for {LOAD_SECONDS}s, gzip accepted:"
        f"\n  {load['rate']:.1f} requests/s ({load['requests']:,} requests, {load['errors']}"
        f" errors); latency median {ms(load['p50'])}, p95 {ms(load['p95'])},"
        f" p99 {ms(load['p99'])}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--profile", action="store_true", help="cProfile the largest roster")
    options = parser.parse_args()
    began = time.perf_counter()
    with bench_database():
        from django.utils import timezone

        now = timezone.now()
        started = time.perf_counter()
        coaches = {
            size: seed_coach(number, athletes=size, now=now, today=timezone.localdate())
            for number, size in enumerate(options.sizes, start=1)
        }
        seeded = time.perf_counter() - started
        started = time.perf_counter()
        for coach in coaches.values():
            refresh_all_standings(coach)
        standings = time.perf_counter() - started
        analyze()
        busy = [os.getloadavg()[0]]
        rows: list[CoachRow] = []
        for size, coach in coaches.items():
            rows.append(
                {
                    "size": size,
                    "roster": measure_roster(coach, size=size),
                    "autosave": measure_autosave(coach),
                    "digest": measure_digest(coach),
                }
            )
            busy.append(os.getloadavg()[0])
        if options.profile:
            profile(coaches[max(coaches)])
        load = throughput(coaches[LOAD_ROSTER]) if LOAD_ROSTER in coaches else None
        busy.append(os.getloadavg()[0])
    report(rows, load, seeded=seeded, standings=standings, busy=busy)
    print(f"\nThe whole bench took {time.perf_counter() - began:.0f}s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
