"""Factories and helpers shared by the reminder tests."""

import datetime as dt
import zoneinfo

import time_machine

from checkins.reminders import sending
from tests.athletes.factories import AthleteFactory, CoachFactory

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    """An aware instant from ISO text with an offset, e.g. "2027-06-13T18:00+01:00"."""
    return dt.datetime.fromisoformat(text).astimezone(UTC)


def local(zone: str, text: str) -> dt.datetime:
    """A wall-clock time in `zone` as a UTC instant (fold=0 for ambiguous times)."""
    naive = dt.datetime.fromisoformat(text)
    return naive.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(UTC)


def runner(*, joined: str = "2027-05-01T12:00:00Z", **fields):
    """A runner who joined Runpath well before the weeks the tests look at."""
    with time_machine.travel(at(joined), tick=False):
        return AthleteFactory(**fields)


def coach(*, joined: str = "2027-05-01T12:00:00Z", **fields):
    with time_machine.travel(at(joined), tick=False):
        return CoachFactory(**fields)


def sweep_at(moment: dt.datetime, **kwargs) -> sending.SweepResult:
    """One sweep, with the clock frozen at `moment` as the beat would see it."""
    with time_machine.travel(moment, tick=False):
        return sending.sweep(now=moment, **kwargs)


def sent_to(outbox, email: str) -> list:
    return [message for message in outbox if message.to == [email]]
