"""Personal bests at the standard distances, from race results, benchmarks and runs raced.

`history` is pure: efforts in, every improvement out, oldest first. `sync_personal_bests`
keeps an athlete's `PersonalBest` rows equal to that history, so a PB appears when a result is
recorded and disappears when the result that made it is corrected or deleted.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from athletes.measures import STANDARD_DISTANCES
from athletes.models import Athlete
from athletes.units import format_duration
from races.models import PersonalBest
from races.predictions import Effort

# An effort counts at a standard distance from 1 % short of it (a course measured a little
# short) to 3 % over it (GPS watches read long on winding courses).
SHORT_TOLERANCE = 0.01
LONG_TOLERANCE = 0.03


@dataclass(frozen=True)
class Improvement:
    distance_m: float
    effort: Effort
    previous_s: int | None


def standard_distance(distance_m: float) -> float | None:
    for _, metres in STANDARD_DISTANCES:
        if metres * (1 - SHORT_TOLERANCE) <= distance_m <= metres * (1 + LONG_TOLERANCE):
            return metres
    return None


def history(efforts: Iterable[Effort]) -> list[Improvement]:
    """Each effort that beat every earlier one at its standard distance, oldest first."""
    best: dict[float, int] = {}
    found = []
    for effort in sorted(efforts, key=lambda e: (e.date, e.duration_s)):
        distance = standard_distance(effort.distance_m)
        seconds = round(effort.duration_s)
        if distance is None or seconds <= 0:
            continue
        previous = best.get(distance)
        if previous is None or seconds < previous:
            found.append(Improvement(distance, effort, previous))
            best[distance] = seconds
    return found


def pb_message(pb: PersonalBest) -> str:
    """ "New 10K PB: 48:12, 1:03 faster", or "First 10K on record: 48:12"."""
    time = format_duration(pb.duration_s)
    if pb.previous_s is None:
        return f"First {pb.distance_name} on record: {time}"
    return f"New {pb.distance_name} PB: {time}, {format_duration(pb.improvement_s)} faster"


def sync_personal_bests(*, athlete: Athlete, efforts: Iterable[Effort]) -> list[PersonalBest]:
    """Make the athlete's PB rows match the history of `efforts`; returns the rows added."""
    wanted = {
        (i.distance_m, i.effort.date, round(i.effort.duration_s)): i for i in history(efforts)
    }
    stored = {
        (pb.distance_m, pb.date, pb.duration_s): pb
        for pb in PersonalBest.objects.filter(athlete=athlete)
    }
    stale = [
        pb.pk
        for key, pb in stored.items()
        if key not in wanted or pb.previous_s != wanted[key].previous_s
    ]
    if stale:
        PersonalBest.objects.filter(pk__in=stale).delete()
    added = [
        PersonalBest(
            athlete=athlete,
            distance_m=distance,
            date=date,
            duration_s=seconds,
            previous_s=improvement.previous_s,
            source=improvement.effort.source,
            source_label=improvement.effort.label[:200],
        )
        for (distance, date, seconds), improvement in wanted.items()
        if (distance, date, seconds) not in stored or stored[(distance, date, seconds)].pk in stale
    ]
    return PersonalBest.objects.bulk_create(added)


def current_bests(athlete: Athlete) -> list[PersonalBest]:
    """The runner's best time at each standard distance they have raced, shortest first."""
    bests: dict[float, PersonalBest] = {}
    for pb in PersonalBest.objects.filter(athlete=athlete).order_by("distance_m", "duration_s"):
        bests.setdefault(pb.distance_m, pb)
    return list(bests.values())


def recent_improvements(athlete: Athlete, *, since: dt.date) -> list[PersonalBest]:
    return list(
        PersonalBest.objects.filter(athlete=athlete, date__gte=since)
        .exclude(previous_s=None)
        .order_by("-date")
    )
