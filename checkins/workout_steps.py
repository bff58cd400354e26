"""The structure of a planned session: a warm-up, repeats of work and recovery, a cool-down.

Stored as JSON on `PlannedSession.steps`, a list of steps in order, for example:

    [{"step": "warmup", "distance_m": 2000, "rpe": 3},
     {"step": "repeat", "times": 6, "steps": [
         {"step": "work", "distance_m": 800, "pace_s_per_km": 270},
         {"step": "recovery", "duration_s": 120, "rpe": 2}]},
     {"step": "cooldown", "duration_s": 600}]

A step lasts a distance or a time (or, with neither, until the runner presses lap) and aims at a
pace or an effort (RPE 1–10), or at neither. Pure: no database; `parse_steps` is the one check
the model, the forms and the API share, and what the FIT workout file is written from.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

WARMUP, WORK, RECOVERY, COOLDOWN, REPEAT = "warmup", "work", "recovery", "cooldown", "repeat"
STEP_KINDS = (WARMUP, WORK, RECOVERY, COOLDOWN)
STEP_NAMES = {WARMUP: "Warm-up", WORK: "Work", RECOVERY: "Recovery", COOLDOWN: "Cool-down"}
# Limits that keep a workout something a watch shows and a person runs.
MAX_STEPS = 20
MAX_REPEAT_STEPS = 6
MIN_REPEATS, MAX_REPEATS = 2, 50
MAX_STEP_DISTANCE_M = 100_000
MAX_STEP_DURATION_S = 6 * 3600
# Paces from 2:00 to 20:00 per km: faster is a world record, slower is walking.
FASTEST_PACE_S_PER_KM, SLOWEST_PACE_S_PER_KM = 120, 1200
STEP_KEYS = frozenset({"step", "distance_m", "duration_s", "pace_s_per_km", "rpe"})
REPEAT_KEYS = frozenset({"step", "times", "steps"})


@dataclass(frozen=True)
class Step:
    kind: str
    distance_m: int | None = None
    duration_s: int | None = None
    pace_s_per_km: int | None = None
    rpe: int | None = None

    @property
    def name(self) -> str:
        return STEP_NAMES[self.kind]


@dataclass(frozen=True)
class Repeat:
    times: int
    steps: tuple[Step, ...]


def _whole(value: Any, *, low: int, high: int, what: str) -> int:
    # bool is an int to Python; true is not a distance.
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(f"{what} must be a whole number from {low} to {high}.")
    return value


def _step(raw: Any, *, allowed: tuple[str, ...], where: str) -> Step:
    if not isinstance(raw, dict) or raw.get("step") not in allowed:
        raise ValidationError(f"{where}: each step is one of {', '.join(allowed)}.")
    unknown = set(raw) - STEP_KEYS
    if unknown:
        raise ValidationError(f"{where}: unknown field {sorted(unknown)[0]}.")
    if "distance_m" in raw and "duration_s" in raw:
        raise ValidationError(f"{where}: a step lasts a distance or a time, not both.")
    if "pace_s_per_km" in raw and "rpe" in raw:
        raise ValidationError(f"{where}: a step aims at a pace or an effort (RPE), not both.")
    return Step(
        kind=raw["step"],
        distance_m=_whole(raw["distance_m"], low=1, high=MAX_STEP_DISTANCE_M, what="distance_m")
        if "distance_m" in raw
        else None,
        duration_s=_whole(raw["duration_s"], low=1, high=MAX_STEP_DURATION_S, what="duration_s")
        if "duration_s" in raw
        else None,
        pace_s_per_km=_whole(
            raw["pace_s_per_km"],
            low=FASTEST_PACE_S_PER_KM,
            high=SLOWEST_PACE_S_PER_KM,
            what="pace_s_per_km",
        )
        if "pace_s_per_km" in raw
        else None,
        rpe=_whole(raw["rpe"], low=1, high=10, what="rpe") if "rpe" in raw else None,
    )


def _repeat(raw: dict[str, Any], *, where: str) -> Repeat:
    unknown = set(raw) - REPEAT_KEYS
    if unknown:
        raise ValidationError(f"{where}: unknown field {sorted(unknown)[0]}.")
    times = _whole(raw.get("times"), low=MIN_REPEATS, high=MAX_REPEATS, what="times")
    inner = raw.get("steps")
    if not isinstance(inner, list) or not 1 <= len(inner) <= MAX_REPEAT_STEPS:
        raise ValidationError(f"{where}: a repeat holds 1 to {MAX_REPEAT_STEPS} steps.")
    return Repeat(
        times=times,
        steps=tuple(
            _step(step, allowed=(WORK, RECOVERY), where=f"{where}, step {number}")
            for number, step in enumerate(inner, 1)
        ),
    )


def parse_steps(raw: Any) -> tuple[Step | Repeat, ...]:
    """The steps of a session, checked; ValidationError says what is wrong and where."""
    if not isinstance(raw, list):
        raise ValidationError("Steps are a list.")
    if len(raw) > MAX_STEPS:
        raise ValidationError(f"A session has at most {MAX_STEPS} steps.")
    parsed: list[Step | Repeat] = []
    for number, item in enumerate(raw, 1):
        where = f"Step {number}"
        if isinstance(item, dict) and item.get("step") == REPEAT:
            parsed.append(_repeat(item, where=where))
            continue
        step = _step(item, allowed=STEP_KINDS, where=where)
        if step.kind == WARMUP and number != 1:
            raise ValidationError(f"{where}: the warm-up comes first.")
        if step.kind == COOLDOWN and number != len(raw):
            raise ValidationError(f"{where}: the cool-down comes last.")
        parsed.append(step)
    return tuple(parsed)


def validate_steps(raw: Any) -> None:
    parse_steps(raw)


def steps_json(steps: tuple[Step | Repeat, ...]) -> list[dict[str, Any]]:
    """Steps as stored: the inverse of `parse_steps`."""

    def one(step: Step) -> dict[str, Any]:
        fields = {
            "distance_m": step.distance_m,
            "duration_s": step.duration_s,
            "pace_s_per_km": step.pace_s_per_km,
            "rpe": step.rpe,
        }
        return {"step": step.kind, **{k: v for k, v in fields.items() if v is not None}}

    return [
        {"step": REPEAT, "times": item.times, "steps": [one(s) for s in item.steps]}
        if isinstance(item, Repeat)
        else one(item)
        for item in steps
    ]
