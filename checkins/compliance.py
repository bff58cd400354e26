"""Was a planned session run as planned? TrainingPeaks' compliance bands, worded plainly.

Pure: takes what was planned and what was run, returns a word. The bands, by the share of the
planned distance (or, when only a time was planned, of the planned time) that was run:

    80–120 %  "as planned"
    50–79 %   "under"          121–150 %  "over"
    < 50 %    "well under"     > 150 %    "well over"
    no run, the day gone       "missed"

A session swapped for a maintenance run and a session on a day a setback covered are never
missed: they read "maintenance" and "setback" unless something was run. Nothing here is a
failure; pages say "under" and "over", never red. Source: TrainingPeaks Help Center, "Color
coding workouts by type and/or compliance" (docs/coaching-rules.md).
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

# Within this share either side of the plan reads "as planned" (TrainingPeaks' green).
AS_PLANNED_BAND = 0.20
# Beyond this share either side (below 50 %, above 150 %) reads "well under"/"well over"
# (TrainingPeaks' red; Runpath never shows it as red).
PARTLY_BAND = 0.50


class Compliance(StrEnum):
    AS_PLANNED = "as planned"
    UNDER = "under"
    OVER = "over"
    WELL_UNDER = "well under"
    WELL_OVER = "well over"
    MISSED = "missed"
    MAINTENANCE = "maintenance"
    SETBACK = "setback"
    REST = "rest"
    # Today or later, nothing run yet.
    AHEAD = "ahead"
    # Run, but nothing planned to measure it by (a session with no distance or time).
    DONE = "done"


@dataclass(frozen=True)
class Planned:
    day: dt.date
    is_rest: bool
    distance_m: int | None
    duration_s: int | None
    is_maintenance: bool = False


@dataclass(frozen=True)
class Done:
    distance_m: int
    duration_s: int


def by_share(share: float) -> Compliance:
    """The band a share of the plan (1.0 = exactly as planned) falls in."""
    if share < 1 - PARTLY_BAND:
        return Compliance.WELL_UNDER
    if share < 1 - AS_PLANNED_BAND:
        return Compliance.UNDER
    if share > 1 + PARTLY_BAND:
        return Compliance.WELL_OVER
    if share > 1 + AS_PLANNED_BAND:
        return Compliance.OVER
    return Compliance.AS_PLANNED


def judge(planned: Planned, done: Done | None, *, today: dt.date, in_setback: bool) -> Compliance:
    """How a session went, as its day's runner reads it on `today`."""
    if done is not None:
        if planned.distance_m:
            return by_share(done.distance_m / planned.distance_m)
        if planned.duration_s:
            return by_share(done.duration_s / planned.duration_s)
        return Compliance.DONE
    if planned.is_rest:
        return Compliance.REST
    if planned.is_maintenance:
        return Compliance.MAINTENANCE
    if in_setback:
        return Compliance.SETBACK
    if planned.day >= today:
        return Compliance.AHEAD
    return Compliance.MISSED
