import datetime as dt
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
import redis
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from tests import clock
from tests.athletes.factories import AthleteFactory, CoachFactory, SquadFactory, UserFactory

SHARED_ACTIVITIES = Path(__file__).resolve().parents[2] / "shared" / "data" / "activities"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Tests hash passwords fast; what is hashed is not what they test.
MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
REDIS_URL_FOR_TESTS = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/15")


_CLOCK = pytest.StashKey[time_machine.travel]()


def pytest_configure(config: pytest.Config) -> None:
    """Start the suite's clock (tests/clock.py) before anything is collected or seeded."""
    os.environ.setdefault(clock.ENVIRONMENT_VARIABLE, clock.suite_now().isoformat())
    traveller = time_machine.travel(clock.suite_now(), tick=True)
    traveller.start()
    config.stash[_CLOCK] = traveller


def pytest_unconfigure(config: pytest.Config) -> None:
    if traveller := config.stash.get(_CLOCK, None):
        traveller.stop()


def pytest_report_header(config: pytest.Config) -> str:
    return (
        f"clock: {clock.suite_now().isoformat()} (rerun at it with {clock.ENVIRONMENT_VARIABLE}=…)"
    )


@pytest.fixture(autouse=True)
def _suite_clock() -> Iterator[None]:
    """Each test starts at the suite's instant, however long the tests before it took."""
    with time_machine.travel(clock.suite_now(), tick=True):
        yield


@pytest.fixture
def now() -> dt.datetime:
    """The instant every test starts at (UTC)."""
    return clock.suite_now()


@pytest.fixture
def today(now: dt.datetime) -> dt.date:
    """Today's date for a runner the factories make (Europe/London)."""
    return clock.local_today(now)


@dataclass
class Cast:
    """Everyone a scoping test needs: a coached runner and the people around them."""

    runner: object  # Athlete coached by `coach`
    coach: object  # Coach
    other_coach: object
    other_runner: object  # Athlete coached by `other_coach`
    self_coached: object  # Athlete with no coach
    staff: object  # User with is_staff


@pytest.fixture
def cast(db) -> Cast:
    coach = CoachFactory(user__full_name="Maya Coach")
    other_coach = CoachFactory(user__full_name="Otto Coach")
    squad = SquadFactory(coach=coach, name="Marathon group")
    return Cast(
        runner=AthleteFactory(coach=coach, squad=squad, user__full_name="Rita Runner"),
        coach=coach,
        other_coach=other_coach,
        other_runner=AthleteFactory(coach=other_coach, user__full_name="Oscar Other"),
        self_coached=AthleteFactory(user__full_name="Sol Self"),
        staff=UserFactory(is_staff=True, is_superuser=True, full_name="Stella Staff"),
    )


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@dataclass(frozen=True)
class Demo:
    output: str  # what seed_demo printed
    mails: int  # e-mails it sent


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[Demo]:
    """The demo, seeded once for the module (it takes seconds) and rolled back after it. Each
    test using it (with `db`) runs in a savepoint inside, as TestCase.setUpTestData does."""
    fast_hashing = override_settings(PASSWORD_HASHERS=[MD5_HASHER])
    at_the_suite_instant = time_machine.travel(clock.suite_now(), tick=True)
    with django_db_blocker.unblock(), transaction.atomic(), fast_hashing, at_the_suite_instant:
        before, output = len(mail.outbox), StringIO()
        call_command("seed_demo", stdout=output)
        yield Demo(output=output.getvalue(), mails=len(mail.outbox) - before)
        transaction.set_rollback(True)


@pytest.fixture
def redis_url() -> str:
    """The real Redis the broker tests talk to; they are skipped, saying why, without one."""
    try:
        redis.Redis.from_url(REDIS_URL_FOR_TESTS, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(
            f"Redis does not answer at {REDIS_URL_FOR_TESTS} ({error}); set REDIS_URL_FOR_TESTS."
        )
    return REDIS_URL_FOR_TESTS


@pytest.fixture
def activities_dir() -> Path:
    if not SHARED_ACTIVITIES.is_dir():
        pytest.skip(f"the shared activity files are not on this machine ({SHARED_ACTIVITIES})")
    return SHARED_ACTIVITIES


# Browser tests: Playwright drives the machine's Chromium; never downloads its own.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests skipped: Chromium is not installed at {CHROMIUM}")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The real hasher costs a quarter of a second per user on purpose; tests need no such cost."""
    settings.PASSWORD_HASHERS = [MD5_HASHER]


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Throttle counters live in the cache; one test's requests must not throttle the next.

    In-process tests use a memory cache of their own: the configured one is a database table
    (which a test without `db` may not touch) or, with REDIS_URL set, a Redis database that
    clearing would flush. tests/security/test_throttle_under_gunicorn.py runs the real ones.
    """
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
