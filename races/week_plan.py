"""A week of sessions from the season plan's weekly target and the runner's available days.

Pure: `build_week(WeekInputs)` returns the same sessions for the same inputs. The rules, each
in docs/coaching-rules.md ("The week's sessions"):

- runs only on days with training time (and the race on race day), about one for every
  `TYPICAL_RUN_M` of the week and at most `MOST_RUNS`, none shorter than `SHORTEST_RUN_M` unless
  the whole week is;
- the long run on the day with the most minutes (the later one on a tie), the biggest run of
  the week, at most `LONG_SHARE` of it once there are runs enough to share it;
- quality sessions (tempo, intervals) by phase, never on the day after or before another hard
  day (long run, quality, race): no two hard days back to back;
- the distances add up to the week's target exactly (a race's distance counts towards it);
- every other day is a rest day.
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from checkins.models import PlannedSession
from checkins.workout_steps import COOLDOWN, RECOVERY, WARMUP, WORK, Repeat, Step, steps_json
from races.season.shapes import Phase, PlannedRace

Kind = PlannedSession.Kind

MOST_RUNS = 6
SHORTEST_RUN_M = 3000
# A week is run in runs of about this much (fewer, longer runs rather than many short ones).
TYPICAL_RUN_M = 8000
# The long run's share of the week: twice an ordinary run's, at most this much.
LONG_SHARE = 0.40
# A tempo or interval session is at least this long: a 2 km warm-up, 1 km cool-down and 2 km
# of work; shorter, it is an easy run.
QUALITY_MIN_M = 5000
WARMUP_M, COOLDOWN_M = 2000, 1000
# Intervals: 800 m repeats with 400 m jogged between, from 2 to 10 of them.
REP_WORK_M, REP_RECOVERY_M = 800, 400
MIN_REPS, MAX_REPS = 2, 10
# Efforts on the CR-10 scale (as checkins/load.py's defaults): easy, tempo, intervals, jog.
EASY_RPE, TEMPO_RPE, INTERVAL_RPE, JOG_RPE = 3, 6, 8, 2
ROUND_TO_M = 100
# Quality sessions each phase asks for, hardest first: base, cut-back and recovery weeks
# build the aerobic base only; the taper keeps intensity while the distance falls (Bosquet
# et al. 2007).
QUALITY_BY_PHASE: dict[Phase | None, tuple[str, ...]] = {
    None: (),
    Phase.BASE: (),
    Phase.BUILD: (Kind.TEMPO,),
    Phase.PEAK: (Kind.INTERVALS, Kind.TEMPO),
    Phase.TAPER: (Kind.TEMPO,),
    Phase.RECOVERY: (),
}
# Runs a week needs before it holds a first and a second quality session.
QUALITY_NEEDS_RUNS = (3, 5)


@dataclass(frozen=True)
class WeekInputs:
    week_start: dt.date
    target_m: int
    # Minutes available on each weekday, Monday first.
    minutes: tuple[int, ...]
    phase: Phase | None = None
    cutback: bool = False
    races: tuple[PlannedRace, ...] = ()
    # The runner's usual pace, to plan each session's time; None when unknown.
    pace_s_per_km: float | None = None


@dataclass(frozen=True)
class SessionPlan:
    day: dt.date
    kind: str
    distance_m: int | None = None
    duration_s: int | None = None
    steps: list[dict[str, Any]] = field(default_factory=list)
    notes: str = ""

    @property
    def is_hard(self) -> bool:
        return self.kind in PlannedSession.HARD


def quality_steps(kind: str, distance_m: int) -> list[dict[str, Any]]:
    """The structured steps of a tempo or interval session of this distance (they add up to
    it): warm-up, the work, cool-down."""
    work_m = distance_m - WARMUP_M - COOLDOWN_M
    if kind == Kind.TEMPO:
        middle: Step | Repeat = Step(WORK, distance_m=work_m, rpe=TEMPO_RPE)
        cooldown_m = COOLDOWN_M
    else:
        reps = max(MIN_REPS, min(MAX_REPS, work_m // (REP_WORK_M + REP_RECOVERY_M)))
        middle = Repeat(
            times=reps,
            steps=(
                Step(WORK, distance_m=REP_WORK_M, rpe=INTERVAL_RPE),
                Step(RECOVERY, distance_m=REP_RECOVERY_M, rpe=JOG_RPE),
            ),
        )
        cooldown_m = distance_m - WARMUP_M - reps * (REP_WORK_M + REP_RECOVERY_M)
    return steps_json(
        (
            Step(WARMUP, distance_m=WARMUP_M, rpe=EASY_RPE),
            middle,
            Step(COOLDOWN, distance_m=cooldown_m, rpe=EASY_RPE),
        )
    )


def _adjacent(day: int, hard: set[int]) -> bool:
    return day - 1 in hard or day + 1 in hard or day in hard


def _shares(count: int) -> list[float]:
    """The long run's share first, then each other run's."""
    if count == 1:
        return [1.0]
    long_share = max(1 / count, min(2 / (count + 1), LONG_SHARE))
    return [long_share] + [(1 - long_share) / (count - 1)] * (count - 1)


def build_week(inputs: WeekInputs) -> list[SessionPlan]:
    """The week's sessions, one for each day, in day order."""
    days = [inputs.week_start + dt.timedelta(days=i) for i in range(7)]
    race_days = {(race.date - inputs.week_start).days: race for race in inputs.races}
    race_days = {i: race for i, race in race_days.items() if 0 <= i < 7}
    planned: dict[int, SessionPlan] = {
        i: SessionPlan(
            day=days[i], kind=Kind.RACE, distance_m=round(race.distance_m), notes=race.name
        )
        for i, race in race_days.items()
    }
    left_m = max(0, inputs.target_m - sum(p.distance_m or 0 for p in planned.values()))
    free = [i for i in range(7) if inputs.minutes[i] > 0 and i not in planned]
    count = min(len(free), MOST_RUNS - len(planned), max(1, math.ceil(left_m / TYPICAL_RUN_M)))
    if left_m <= 0 or count <= 0:
        count = 0
    # Fewer runs rather than any shorter than SHORTEST_RUN_M beside the long run.
    while count > 1 and left_m * _shares(count)[-1] < SHORTEST_RUN_M:
        count -= 1
    # The days with the most minutes, the later first on a tie (the weekend's long run).
    chosen = sorted(free, key=lambda i: (-inputs.minutes[i], -i))[:count]
    hard = set(planned)
    kinds: dict[int, str] = dict.fromkeys(chosen, Kind.EASY)
    if chosen:
        long_day = next((i for i in chosen if not _adjacent(i, hard)), None)
        if count > 1 and long_day is not None and not race_days:
            kinds[long_day] = Kind.LONG
            hard.add(long_day)
        wanted = () if inputs.cutback or race_days else QUALITY_BY_PHASE.get(inputs.phase, ())
        wanted = tuple(
            k for k, runs in zip(wanted, QUALITY_NEEDS_RUNS, strict=False) if count >= runs
        )
        for kind in wanted:
            slot = next(
                (i for i in chosen if kinds[i] == Kind.EASY and not _adjacent(i, hard)), None
            )
            if slot is None:
                break
            kinds[slot] = kind
            hard.add(slot)
    # The long run (or the biggest run) first, then the others by their order in `chosen`.
    ordered = sorted(chosen, key=lambda i: kinds[i] != Kind.LONG)
    metres = (
        [round(left_m * share / ROUND_TO_M) * ROUND_TO_M for share in _shares(len(ordered))]
        if ordered
        else []
    )
    if metres:
        metres[0] += left_m - sum(metres)
    for i, distance in zip(ordered, metres, strict=True):
        kind = kinds[i]
        if kind in (Kind.TEMPO, Kind.INTERVALS) and distance < QUALITY_MIN_M:
            kind = Kind.EASY
        planned[i] = SessionPlan(
            day=days[i],
            kind=kind,
            distance_m=distance,
            duration_s=math.ceil(distance * inputs.pace_s_per_km / 1000)
            if inputs.pace_s_per_km
            else None,
            steps=quality_steps(kind, distance) if kind in (Kind.TEMPO, Kind.INTERVALS) else [],
        )
    return [planned.get(i) or SessionPlan(day=days[i], kind=Kind.REST) for i in range(7)]
