"""The test suite's one clock.

Every test runs at the same instant, `SUITE_NOW`: the moment named by `RUNPATH_TEST_NOW` (an ISO
8601 time with its offset, as `make test-clock` sets it), or else the moment the run began. The
clock ticks from there during a test (code that waits still sees time pass) and is set back to
the instant before the next one, so what a test sees of "today" does not depend on how long the
tests before it took. `tests/conftest.py` starts it for the whole run and for each test;
`scripts/test_clock.py` lists the instants `make test-clock` runs the suite at.
"""

import datetime as dt
import os
import zoneinfo

from django.utils import timezone

ENVIRONMENT_VARIABLE = "RUNPATH_TEST_NOW"
# The zone the factories give runners and coaches (tests/athletes/factories.py).
HOME_ZONE = zoneinfo.ZoneInfo("Europe/London")


def suite_now() -> dt.datetime:
    """The run's instant, in UTC. Set once per run (pytest_configure puts it in the environment,
    so pytest-xdist's workers and any process a test starts share it)."""
    value = os.environ.get(ENVIRONMENT_VARIABLE)
    if not value:
        # The one read of the wall clock in the suite: a plain `make test` tests today.
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"{ENVIRONMENT_VARIABLE}={value!r} needs an offset, e.g. +00:00")
    return moment.astimezone(dt.UTC)


def local_today(moment: dt.datetime) -> dt.date:
    """The date at `moment` for a runner made by the factories."""
    return moment.astimezone(HOME_ZONE).date()


def now() -> dt.datetime:
    """The clock as the running test sees it: the suite's instant plus the test's own time, or
    wherever the test travelled to (time-machine). Factories and helpers read this, so a test
    frozen at another moment gets runs, goals and races around that moment."""
    return timezone.now()


def today() -> dt.date:
    """Today by `now()` for a runner made by the factories."""
    return local_today(now())
