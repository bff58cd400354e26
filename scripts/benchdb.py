"""The throw-away database every `make bench` script runs in.

Importing this module points Django at `runpath_bench` on the server in DATABASE_URL (never
at the project's own database) with production-like settings: DEBUG off, as the tests run
them (no collected static files, no HTTPS redirect). `bench_database()` creates and migrates
the database and drops it afterwards, also when the benchmark fails.
"""

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import django
import psycopg
from django.core.management import call_command
from django.db import connections

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/runpath").rsplit(
    "/", 1
)[0]
BENCH_DB = "runpath_bench"
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
