"""Run the whole suite at the instants where dates go wrong: `make test-clock`.

Each instant is worked out from today, so every one is in the near future whatever the day
(sessions and tokens the tests create stay valid for the browser): each day of next week at
noon in London, the next two clock changes in Europe/London and in America/New_York (half an
hour after each), 23:30 on a Sunday and 00:30 on the Monday after in London in summer (when
London's date and UTC's differ around midnight, and the week turns), and the next 29 February.
The suite runs once per instant with RUNPATH_TEST_NOW set (tests/clock.py); the command fails
if any run fails.

    python scripts/test_clock.py                 # every instant
    python scripts/test_clock.py london-0030 fri # some of them (names from --list)
    python scripts/test_clock.py --list
"""

import argparse
import datetime as dt
import os
import subprocess
import sys
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def clock_changes(zone: zoneinfo.ZoneInfo, after: dt.datetime) -> Iterator[dt.datetime]:
    """The instants (UTC) at which `zone`'s offset changes, from `after` on, to the quarter
    hour (every zone in tzdata changes on one)."""
    moment = after.replace(minute=0, second=0, microsecond=0)
    offset = moment.astimezone(zone).utcoffset()
    step = dt.timedelta(minutes=15)
    while True:
        moment += step
        if (current := moment.astimezone(zone).utcoffset()) != offset:
            offset = current
            yield moment


def at_london(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON).astimezone(dt.UTC)


def instants(today: dt.date) -> dict[str, dt.datetime]:
    next_monday = today + dt.timedelta(days=7 - today.weekday())
    moments = {
        name: at_london(next_monday + dt.timedelta(days=i), 12) for i, name in enumerate(DAYS)
    }
    start = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    half_an_hour = dt.timedelta(minutes=30)
    for label, zone in (("london", LONDON), ("new-york", NEW_YORK)):
        for change in _first(2, clock_changes(zone, start)):
            season = "spring" if change.astimezone(zone).month < 7 else "autumn"
            moments[f"{label}-{season}"] = change + half_an_hour
    # Either side of a week's turn in summer, when London's date and UTC's differ for an hour.
    summer_sunday = moments["london-spring"].date() + dt.timedelta(weeks=1)
    moments["london-2330"] = at_london(summer_sunday, 23, 30)
    moments["london-0030"] = at_london(summer_sunday + dt.timedelta(days=1), 0, 30)
    year = today.year + 1
    while not _is_leap(year):
        year += 1
    moments["leap-day"] = at_london(dt.date(year, 2, 29), 12)
    return moments


def _first(count: int, moments: Iterator[dt.datetime]) -> list[dt.datetime]:
    return [next(moments) for _ in range(count)]


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="instants to run at (default: all)")
    parser.add_argument("--list", action="store_true", help="print the instants and stop")
    parser.add_argument("--pytest-args", default="", help="passed on to pytest")
    options = parser.parse_args()

    # The wall clock is read here on purpose: the instants are the coming ones.
    moments = instants(dt.datetime.now(dt.UTC).date())
    unknown = [name for name in options.names if name not in moments]
    if unknown:
        parser.error(f"unknown instant {', '.join(unknown)}; choose from {', '.join(moments)}")
    chosen = {name: moments[name] for name in options.names or moments}
    if options.list:
        for name, moment in chosen.items():
            print(
                f"{name:16} {moment.isoformat()}  ({moment.astimezone(LONDON):%a %d %b %Y %H:%M} London)"
            )
        return 0

    failed = []
    for name, moment in chosen.items():
        print(f"=== {name}: RUNPATH_TEST_NOW={moment.isoformat()}", flush=True)
        command = [sys.executable, "-m", "pytest", "--numprocesses=auto", "-q"]
        command += options.pytest_args.split()
        environment = {**os.environ, "RUNPATH_TEST_NOW": moment.isoformat()}
        if subprocess.run(command, cwd=PROJECT, env=environment).returncode != 0:
            failed.append(name)
    if failed:
        print(f"The suite failed at: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"The suite passed at all {len(chosen)} instants.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
