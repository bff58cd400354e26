"""What a race-time target is judged by, one model per question: from 5K to the half,
Riegel's formula, where up to 5 % faster than it passes; for the marathon and longer, the
training-adjusted range of Vickers & Vertosick 2016 (`races.predictions.long_race_range`,
model 1 within its published inputs), where up to its fast end passes. `passing_time` is the
time a better goal names.
"""

import math
from dataclasses import dataclass

from athletes.measures import MARATHON_M
from athletes.units import format_distance, format_duration
from goals.smart.verdicts import Runner, Status
from goals.smart.words import race_name
from races.predictions import long_race_range, riegel

# Achievable, a race shorter than the marathon: the target against Riegel's prediction. Up to
# this much faster passes, up to the next warns, more fails.
RACE_TIME_WARN_ABOVE_PCT = 5.0
RACE_TIME_FAIL_ABOVE_PCT = 10.0
# Achievable, the marathon and longer: up to the fast end of the range passes; up to this much
# faster than the fast end warns, more fails.
LONG_RACE_FAIL_BEYOND_RANGE_PCT = 5.0


@dataclass(frozen=True)
class TimeCheck:
    """What the best effort predicts at a distance, and how a target is judged against it: by
    how much faster it is than `reference_s` (the prediction, or the range's fast end)."""

    predicted_s: float
    reference_s: float
    pass_pct: float
    warn_pct: float
    # "your 5K in 24:34 predicts 50:58", with the model it rests on.
    basis: str
    # For the marathon and longer, the model's range in words ("4:58:00 to 5:28:00").
    range_words: str = ""
    # A suggested time is rounded up to this: the second, or the minute where the model's own
    # error is 15 minutes.
    step_s: int = 1

    def faster_pct(self, target_s: float) -> float:
        return round((self.reference_s - target_s) / self.reference_s * 100, 1)

    def status_of(self, target_s: float) -> Status:
        faster = self.faster_pct(target_s)
        if faster <= self.pass_pct:
            return Status.PASS
        return Status.WARN if faster <= self.warn_pct else Status.FAIL

    @property
    def fastest_passing_s(self) -> float:
        """The fastest target that passes, rounded up to `step_s`."""
        fastest = self.reference_s * (1 - self.pass_pct / 100)
        return float(math.ceil(fastest / self.step_s) * self.step_s)


def time_check(distance_m: float, runner: Runner) -> TimeCheck | None:
    """The prediction a race-time target at `distance_m` is judged by; None with no effort."""
    effort = runner.best_effort
    if effort is None:
        return None
    race = race_name(effort.distance_m)
    if race.endswith(" km race"):
        race = format_distance(effort.distance_m, runner.units)
    evidence = f"your {race} in {format_duration(effort.duration_s)}"
    if distance_m >= MARATHON_M - 1:
        found = long_race_range(
            effort.distance_m,
            effort.duration_s,
            to_m=distance_m,
            weekly_distance_m=runner.recent_weekly_distance_m,
        )
        # The fast end rounded up, as the time a better goal names; the rest to the minute.
        low = format_duration(math.ceil(found.low_s / 60) * 60)
        high, about = to_the_minute(found.high_s), to_the_minute(found.predicted_s)
        span = f"{low} to {high}"
        return TimeCheck(
            predicted_s=found.predicted_s,
            reference_s=found.low_s,
            pass_pct=0.0,
            warn_pct=LONG_RACE_FAIL_BEYOND_RANGE_PCT,
            basis=f"{evidence} predicts {span} (about {about}). {found.basis}",
            range_words=span,
            step_s=60,
        )
    predicted = riegel(effort.duration_s, from_m=effort.distance_m, to_m=distance_m)
    return TimeCheck(
        predicted_s=predicted,
        reference_s=predicted,
        pass_pct=RACE_TIME_WARN_ABOVE_PCT,
        warn_pct=RACE_TIME_FAIL_ABOVE_PCT,
        basis=f"{evidence} predicts {format_duration(predicted)}",
    )


def to_the_minute(seconds: float) -> str:
    """A long race's time as the model can tell it: to the nearest minute ("5:13:00")."""
    return format_duration(round(seconds / 60) * 60)


def passing_time(distance_m: float, target_s: float | None, runner: Runner) -> float | None:
    """The time a better goal at `distance_m` names: the target when it passes (or when there
    is no effort to judge it by), else the fastest time that passes."""
    check = time_check(distance_m, runner)
    if check is None or (target_s and check.status_of(target_s) is Status.PASS):
        return target_s
    return check.fastest_passing_s
