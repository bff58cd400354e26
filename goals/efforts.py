"""Efforts: race results, runs raced and benchmarks as `races.predictions.Effort`s, which race
predictions, race-time goals and personal bests are made of; how long an effort must be to
predict from, and how far back one counts (`EFFORT_LOOKBACK`). A runner's efforts of a window are
read from their loaded activity (`goals.activity.Activity.efforts`); `all_efforts` reads every
one they have, for personal bests.
"""

import datetime as dt

from athletes.models import Athlete
from checkins.models import Run
from goals.models import Benchmark
from races.models import Race
from races.predictions import Effort

# Predictions from efforts shorter than this are unreliable (Riegel holds from about 1.5 km).
SHORTEST_EFFORT_M = 1500
EFFORT_LOOKBACK = dt.timedelta(days=365)


def race_effort(race: Race) -> Effort:
    """The effort of a race with a result (`Race.objects.with_result()`)."""
    assert race.result_time_s is not None
    return Effort(race.distance_m, race.result_time_s, race.date, "race", race.name)


def run_effort(run: Run, day: dt.date) -> Effort:
    return Effort(run.distance_m, run.duration_s, day, "run", run.notes[:80] or "Run raced")


def benchmark_effort(bench: Benchmark) -> Effort:
    return Effort(
        bench.distance_m, bench.duration_s, bench.date, "benchmark", bench.note or "Benchmark"
    )


def all_efforts(athlete: Athlete) -> list[Effort]:
    """Every race result, run raced and benchmark the athlete has, in three queries: what
    personal bests are made of."""
    runs = Run.objects.filter(athlete=athlete, kind=Run.Kind.RACE).only(
        "distance_m", "duration_s", "started_at", "notes"
    )
    return [
        *(race_effort(race) for race in Race.objects.filter(athlete=athlete).with_result()),
        *(run_effort(run, run.started_at.astimezone(athlete.zone).date()) for run in runs),
        *(benchmark_effort(bench) for bench in Benchmark.objects.filter(athlete=athlete)),
    ]
