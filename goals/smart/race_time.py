"""Achievable's race-time rule: a target time against the prediction from the best effort of
the last 12 months (`goals.smart.prediction`: Riegel from 5K to the half, Vickers & Vertosick's
training-adjusted range for the marathon and longer). The better goal it suggests is a time the
prediction passes, moved to a later race day when the runner cannot be ready by the one typed.
"""

from athletes.units import format_duration
from goals.models import Goal
from goals.smart.prediction import RACE_TIME_WARN_ABOVE_PCT, time_check
from goals.smart.readiness import better_race_goal, readiness_distance
from goals.smart.verdicts import Draft, Runner, Status, Verdict
from goals.smart.words import day


def race_time_rule(draft: Draft, runner: Runner) -> Verdict | None:
    if draft.metric != Goal.Metric.RACE_TIME or not draft.distance_m or not draft.target_value:
        return None
    check = time_check(draft.distance_m, runner)
    if check is None:
        return Verdict(
            Status.WARN,
            "No benchmark or race in the last 12 months to check this time against.",
            "Run a time trial (e.g. 5K) and record it as a benchmark.",
        )
    status = check.status_of(draft.target_value)
    faster_pct = check.faster_pct(draft.target_value)
    if status is Status.PASS:
        if check.range_words:
            return Verdict(Status.PASS, f"Within reach: {check.basis}")
        if faster_pct <= 0:
            return Verdict(Status.PASS, f"Within reach: {check.basis}.")
        return Verdict(Status.PASS, f"A fair stretch, {faster_pct:g} % faster than {check.basis}.")
    better_s = check.fastest_passing_s
    if check.range_words:
        message = f"{format_duration(draft.target_value)} is faster than {check.basis}"
        suggestion = f"Try {format_duration(better_s)}, the fast end of that range"
    else:
        message = f"{faster_pct:g} % faster than {check.basis}."
        suggestion = (
            f"Try {format_duration(better_s)}: {RACE_TIME_WARN_ABOVE_PCT:g} % faster than your "
            f"prediction of {format_duration(check.predicted_s)}"
        )
    distance = readiness_distance(draft) or draft.distance_m
    better = better_race_goal(draft, runner, distance) if draft.target_date else None
    if better is not None and better.target_date not in (None, draft.target_date):
        suggestion += (
            f", on or after {day(better.target_date, runner.today)}, when your training can be "
            "ready for it"
        )
    return Verdict(status, message, f"{suggestion}.", better=(better,) if better else ())
