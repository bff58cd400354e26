"""How a season's weeks divide into phases: taper, peak, build and base from race day back,
shortest phases first when weeks are few (`phase_lengths`); how much the taper cuts each week
(`taper_cuts`); and the recovery after the race (`RECOVERY_SHARE`). The lengths themselves
(`taper_weeks`, `PEAK_WEEKS`, the least base and build, `recovery_weeks`) are in `races.rules`,
whose spacing of long A races needs them too.
"""

from dataclasses import dataclass, field

from races.rules import BASE_MIN_WEEKS, BUILD_MIN_WEEKS, PEAK_WEEKS, taper_weeks

BUILD_MAX_WEEKS = 8
BUILD_SHARE = 0.4
# The taper cuts weekly distance by 40 % in its first week, falling to 60 % in race week.
TAPER_CUT_FIRST = 0.40
TAPER_CUT_LAST = 0.60
# Recovery weeks after the A race run at this share of the peak.
RECOVERY_SHARE = 0.5


@dataclass(frozen=True)
class PhaseLengths:
    base: int
    build: int
    peak: int
    taper: int
    notes: tuple[str, ...] = field(default_factory=tuple)


def phase_lengths(total_weeks: int, distance_m: float) -> PhaseLengths:
    """How many of `total_weeks` (race week included) each phase gets, shortest phases first."""
    taper_ideal = taper_weeks(distance_m)
    taper = min(taper_ideal, total_weeks)
    peak = min(PEAK_WEEKS, total_weeks - taper)
    rest = total_weeks - taper - peak
    build = min(max(round(BUILD_SHARE * rest), BUILD_MIN_WEEKS), BUILD_MAX_WEEKS, rest)
    base = rest - build
    notes = []
    if base < BASE_MIN_WEEKS:
        notes.append(f"base is {base} of the {BASE_MIN_WEEKS} weeks it needs")
    if build < BUILD_MIN_WEEKS:
        notes.append(f"build is {build} of the {BUILD_MIN_WEEKS} weeks it needs")
    if peak < PEAK_WEEKS:
        notes.append(f"peak is {peak} of {PEAK_WEEKS} weeks")
    if taper < taper_ideal:
        notes.append(f"taper is {taper} of {taper_ideal} weeks")
    return PhaseLengths(base, build, peak, taper, tuple(notes))


def taper_cuts(weeks: int) -> list[float]:
    """The cut from peak for each taper week: 40 % falling to 60 % in race week."""
    if weeks == 1:
        return [(TAPER_CUT_FIRST + TAPER_CUT_LAST) / 2]
    step = (TAPER_CUT_LAST - TAPER_CUT_FIRST) / (weeks - 1)
    return [TAPER_CUT_FIRST + step * i for i in range(weeks)]
