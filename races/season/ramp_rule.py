"""The ramp rule every season plan climbs by: a weekly target at most 10 % over the last full
week, every fourth week a cut-back, a B race's week a mini-taper (`ramp`); and, from it, how far
a weekly distance or a long run can grow in so many weeks (`reachable`) and how many weeks it
takes to reach a need (`weeks_to_reach`), which SMART coaching asks of a goal's race too.
"""

import math

from athletes.measures import WEEKLY_RAMP

# Weekly target distance: at most WEEKLY_RAMP more than the last full week, and every fourth
# week a cut-back week this much lighter. No deeper: the week after a cut-back steps 10 % over
# the last full week, 1.10 / 0.85 = 1.29 times the cut-back week, inside the distance jump
# Runpath flags to a coach (more than 30 %, checkins.load.DISTANCE_JUMP); a 25 % cut-back
# made that step 47 %.
CUTBACK_EVERY = 4
CUTBACK = 0.15
# A B race's week is a one-week mini-taper, as light as a cut-back and for the same reason.
MINI_TAPER = CUTBACK


def ramp(
    start_m: float, ceiling_m: float, weeks: int, *, mini_tapers: frozenset[int] = frozenset()
) -> list[tuple[float, bool]]:
    """(target, is cut-back) for each training week: at most 10 % over the last full week, and
    every fourth week a cut-back of 15 %. Never above the ceiling once reached.

    The weeks in `mini_tapers` (a B race's week, by index) run 15 % light and, like a cut-back,
    do not count as a step up: the week after one rises 10 % over the last full week, not over
    a week the runner never ran."""
    targets = []
    full = min(start_m, ceiling_m)
    for index in range(weeks):
        cutback = index % CUTBACK_EVERY == CUTBACK_EVERY - 1
        mini_taper = index in mini_tapers and not cutback
        if index and not cutback and not mini_taper:
            full = min(full * (1 + WEEKLY_RAMP), ceiling_m)
        if cutback:
            targets.append((full * (1 - CUTBACK), True))
        elif mini_taper:
            targets.append((full * (1 - MINI_TAPER), False))
        else:
            targets.append((full, False))
    return targets


def reachable(start_m: float, weeks: int) -> float:
    """The most a weekly distance (or a long run) can grow to in `weeks` training weeks under the
    ramp rule, cut-backs included."""
    if weeks <= 0:
        return start_m
    full = [target for target, cutback in ramp(start_m, math.inf, weeks) if not cutback]
    return full[-1] if full else start_m


def weeks_to_reach(start_m: float, need_m: float, *, limit: int = 156) -> int | None:
    """Training weeks the ramp rule needs to grow from `start_m` to `need_m`, or None past `limit`."""
    if start_m <= 0:
        return None
    for weeks in range(limit + 1):
        if reachable(start_m, weeks) >= need_m:
            return weeks
    return None
