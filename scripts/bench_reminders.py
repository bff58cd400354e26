"""`make bench`: the reminder sweep over 1,000 and 10,000 due runners.

Creates a throw-away PostgreSQL database (`runpath_bench` on the server in DATABASE_URL), fills
it with runners in eight time zones whose reminder moment passed in the last 90 minutes, runs
one sweep with the in-memory e-mail backend and prints wall time, queries issued, e-mails sent
and the sweep's peak Python memory (a second, traced run: tracing slows the first down). Drops
the database afterwards.
"""

import datetime as dt
import sys
import time
import tracemalloc
import zoneinfo
from collections.abc import Callable
from typing import Any

from benchdb import ZONES, bench_database

NOW = dt.datetime(2027, 6, 9, 12, 0, tzinfo=dt.UTC)  # a Wednesday: no coach digest is due
RUNNERS_PER_COACH = 100


def add_runners(first: int, count: int) -> None:
    from athletes.models import Athlete, Coach, User

    users = User.objects.bulk_create(
        User(email=f"runner{n}@bench.example", full_name=f"Runner {n}", password="!")
        for n in range(first, first + count)
    )
    coach_users = User.objects.bulk_create(
        User(email=f"coach{n}@bench.example", full_name=f"Coach {n}", password="!")
        for n in range(first // RUNNERS_PER_COACH, (first + count) // RUNNERS_PER_COACH)
    )
    coaches = Coach.objects.bulk_create(Coach(user=user) for user in coach_users)
    athletes = []
    for index, user in enumerate(users):
        zone = zoneinfo.ZoneInfo(ZONES[index % len(ZONES)])
        moment = (NOW - dt.timedelta(minutes=index % 90)).astimezone(zone)
        athletes.append(
            Athlete(
                user=user,
                coach=coaches[index // RUNNERS_PER_COACH],
                time_zone=zone.key,
                reminder_weekday=moment.weekday(),
                reminder_time=moment.time().replace(second=0, microsecond=0),
            )
        )
    Athlete.objects.bulk_create(athletes, batch_size=2000)
    # Everyone joined well before this week's reminder moment.
    Athlete.objects.update(created_at=NOW - dt.timedelta(days=90))
    Coach.objects.update(created_at=NOW - dt.timedelta(days=90))


def measure(runners: int) -> dict[str, float]:
    from django.core import mail
    from django.db import connection

    from checkins.models import ReminderLog
    from checkins.reminders import sending

    reads = writes = 0

    def count(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        nonlocal reads, writes
        if sql.lstrip().upper().startswith("SELECT"):
            reads += 1
        else:
            writes += 1
        return execute(sql, params, many, context)

    mail.outbox = []
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = sending.sweep(now=NOW)
        wall = time.perf_counter() - started
    emails = len(mail.outbox)
    assert result.sent == emails == runners, (result, emails)

    ReminderLog.objects.all().delete()
    mail.outbox = []
    tracemalloc.start()
    sending.sweep(now=NOW)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ReminderLog.objects.all().delete()
    mail.outbox = []
    return {
        "runners": runners,
        "wall": wall,
        "reads": reads,
        "writes": writes,
        "emails": emails,
        "peak": peak,
    }


def main() -> int:
    with bench_database():
        from django.conf import settings

        from checkins.reminders.sending import CLAIM_BATCH

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        rows = []
        done = 0
        for runners in (1_000, 10_000):
            add_runners(done, runners - done)
            done = runners
            rows.append(measure(runners))
    print(f"Reminder sweep at {NOW:%Y-%m-%d %H:%M} UTC, every runner due, locmem e-mail:")
    print(
        f"{'runners':>8} {'wall time':>10} {'queries':>8} {'(reads':>7} {'writes)':>8}"
        f" {'e-mails':>8} {'peak memory':>12}"
    )
    for row in rows:
        print(
            f"{row['runners']:>8,} {row['wall']:>9.2f}s {row['reads'] + row['writes']:>8,}"
            f" {row['reads']:>7,} {row['writes']:>8,} {row['emails']:>8,}"
            f" {row['peak'] / 2**20:>9.1f} MB"
        )
    print(f"Reads stay flat; writes are two per {CLAIM_BATCH} e-mails (claim, mark sent).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
