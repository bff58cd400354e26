"""Race-time predictions from one effort: Riegel's formula and Daniels–Gilbert VDOT.

Pure arithmetic, no database: distances in metres, times in seconds.
"""

import datetime as dt
import math
from dataclasses import dataclass

from athletes.measures import HALF_MARATHON_M, MARATHON_M, STANDARD_DISTANCES
from athletes.units import METRES_PER_UNIT

RIEGEL_EXPONENT = 1.06
# Riegel's formula holds from about 1.5 km to the marathon: the standard distances up to it.
PREDICTED_DISTANCES = [
    (name, metres) for name, metres in STANDARD_DISTANCES if metres <= MARATHON_M
]


@dataclass(frozen=True)
class Effort:
    """A race result, benchmark or run raced: evidence of race fitness on a day."""

    distance_m: float
    duration_s: float
    date: dt.date
    source: str = "race"
    label: str = ""


@dataclass(frozen=True)
class Prediction:
    name: str
    distance_m: float
    duration_s: float


def riegel(duration_s: float, *, from_m: float, to_m: float) -> float:
    """Riegel: T2 = T1 × (D2 / D1) ^ 1.06 (sound from about 1.5 km to the marathon)."""
    ratio: float = (to_m / from_m) ** RIEGEL_EXPONENT
    return duration_s * ratio


def vdot(distance_m: float, duration_s: float) -> float:
    """Daniels–Gilbert VDOT: the oxygen cost of the pace over the fraction of VO2max sustainable."""
    minutes = duration_s / 60
    velocity = distance_m / minutes
    oxygen_cost = -4.60 + 0.182258 * velocity + 0.000104 * velocity**2
    fraction_of_max = (
        0.8 + 0.1894393 * math.exp(-0.012778 * minutes) + 0.2989558 * math.exp(-0.1932605 * minutes)
    )
    return oxygen_cost / fraction_of_max


def vdot_time(vdot_value: float, distance_m: float) -> float:
    """The time (s) at `distance_m` whose VDOT is `vdot_value`: Daniels' tables, solved by
    bisection between 1:30 and 20:00 per km (VDOT falls as the time grows in that range)."""
    fast, slow = distance_m * 0.09, distance_m * 1.2
    for _ in range(60):
        middle = (fast + slow) / 2
        if vdot(distance_m, middle) > vdot_value:
            fast = middle
        else:
            slow = middle
    return (fast + slow) / 2


@dataclass(frozen=True)
class ComparedPrediction:
    name: str
    distance_m: float
    riegel_s: float
    vdot_s: float


def compared(distance_m: float, duration_s: float) -> list[ComparedPrediction]:
    """5K, 10K, half and marathon predicted both ways from one effort: Riegel from its time,
    VDOT from the fitness it shows (the time at each distance with the same VDOT)."""
    fitness = vdot(distance_m, duration_s)
    return [
        ComparedPrediction(
            name, to_m, riegel(duration_s, from_m=distance_m, to_m=to_m), vdot_time(fitness, to_m)
        )
        for name, to_m in PREDICTED_DISTANCES
    ]


def predictions(distance_m: float, duration_s: float) -> list[Prediction]:
    """Predicted times at 5K, 10K, half and full marathon from one effort."""
    return [
        Prediction(name, to_m, riegel(duration_s, from_m=distance_m, to_m=to_m))
        for name, to_m in PREDICTED_DISTANCES
    ]


# Training-adjusted marathon: Vickers & Vertosick 2016 (BMC Sports Sci Med Rehabil 8:26),
# model 1, fitted on 2,303 recreational runners. Their Riegel time uses the exponent 1.07; the
# marathon speed (m/s) is then a + b × that Riegel speed + c × (miles a week / 10).
VICKERS_EXPONENT = 1.07
VICKERS_INTERCEPT_M_S = 0.16018617
VICKERS_RIEGEL_SPEED = 0.83076202
VICKERS_PER_10_MILES_M_S = 0.06423826
# Their validation mean squared error for model 1 was 228 (minutes squared): a typical miss of
# about 15 minutes either way, which is the width of the range shown.
VICKERS_TYPICAL_ERROR_S = math.sqrt(228) * 60
# Model 1 was fitted on one prior race up to the half marathon and 5 to 150 miles a week;
# outside those inputs it is not used.
VICKERS_LONGEST_EFFORT_M = HALF_MARATHON_M
VICKERS_FEWEST_MILES = 5.0
VICKERS_MOST_MILES = 150.0
MILE_M = METRES_PER_UNIT["mi"]


@dataclass(frozen=True)
class MarathonRange:
    """A marathon time range that allows for weekly volume: the fast end, the slow end, the
    model's own estimate between them, and one sentence on what it rests on."""

    low_s: float
    high_s: float
    basis: str
    predicted_s: float
    # False when the effort or the weekly mileage is outside the model's published inputs and
    # the range is Riegel's instead.
    within_model: bool = True


def within_vickers_inputs(effort_distance_m: float, *, weekly_distance_m: float) -> bool:
    """Whether model 1 may be used: a race up to the half marathon, 5 to 150 miles a week."""
    miles = weekly_distance_m / MILE_M
    return (
        effort_distance_m <= VICKERS_LONGEST_EFFORT_M + 1
        and VICKERS_FEWEST_MILES <= miles <= VICKERS_MOST_MILES
    )


def marathon_range(
    effort_distance_m: float, effort_duration_s: float, *, weekly_distance_m: float
) -> MarathonRange:
    """A marathon range from a shorter race and the recent weekly distance.

    Riegel's formula from a 5K or a half underestimates most recreational runners' marathons,
    by 10 minutes or more for half of them (Vickers & Vertosick 2016); their model 1 corrects
    it with weekly mileage. An effort of marathon length or longer is its own evidence: Riegel
    from it, with the same margin. Outside the model's inputs (an effort between the half and
    the marathon, under 5 or over 150 miles a week) the range is Riegel's, and says so.
    """
    if effort_distance_m <= 0 or effort_duration_s <= 0:
        raise ValueError("An effort needs a distance and a time.")
    weekly_miles = max(weekly_distance_m, 0.0) / MILE_M
    within = within_vickers_inputs(effort_distance_m, weekly_distance_m=max(weekly_distance_m, 0))
    if effort_distance_m >= MARATHON_M:
        predicted = riegel(effort_duration_s, from_m=effort_distance_m, to_m=MARATHON_M)
        basis = "Riegel from a race of marathon length or longer, give or take 15 minutes."
        within = True
    elif not within:
        predicted = riegel(effort_duration_s, from_m=effort_distance_m, to_m=MARATHON_M)
        basis = (
            f"Riegel, give or take 15 minutes: the Vickers & Vertosick (2016) model takes a "
            f"race up to the half marathon and {VICKERS_FEWEST_MILES:g} to "
            f"{VICKERS_MOST_MILES:g} miles a week, and this is a "
            f"{effort_distance_m / 1000:.1f} km race on {weekly_miles:.0f} miles a week. "
            "Riegel is often optimistic over a marathon."
        )
    else:
        riegel_s = effort_duration_s * (MARATHON_M / effort_distance_m) ** VICKERS_EXPONENT
        speed = (
            VICKERS_INTERCEPT_M_S
            + VICKERS_RIEGEL_SPEED * MARATHON_M / riegel_s
            + VICKERS_PER_10_MILES_M_S * weekly_miles / 10
        )
        predicted = MARATHON_M / speed
        basis = (
            f"Vickers & Vertosick (2016) model from this race and {weekly_miles:.0f} miles "
            f"({weekly_distance_m / 1000:.0f} km) a week, give or take their typical error of "
            "15 minutes."
        )
    return MarathonRange(
        low_s=predicted - VICKERS_TYPICAL_ERROR_S,
        high_s=predicted + VICKERS_TYPICAL_ERROR_S,
        basis=basis,
        predicted_s=predicted,
        within_model=within,
    )


def long_race_range(
    effort_distance_m: float, effort_duration_s: float, *, to_m: float, weekly_distance_m: float
) -> MarathonRange:
    """The range at the marathon or a longer race: the marathon range (`marathon_range`),
    carried past the marathon by Riegel's exponent, which no study calibrates for ultras."""
    marathon = marathon_range(
        effort_distance_m, effort_duration_s, weekly_distance_m=weekly_distance_m
    )
    if to_m <= MARATHON_M:
        return marathon
    scale = (to_m / MARATHON_M) ** RIEGEL_EXPONENT
    return MarathonRange(
        low_s=marathon.low_s * scale,
        high_s=marathon.high_s * scale,
        basis=f"{marathon.basis} Carried from the marathon to {to_m / 1000:g} km by Riegel.",
        predicted_s=marathon.predicted_s * scale,
        within_model=marathon.within_model,
    )


def predicted_time(
    effort_distance_m: float, effort_duration_s: float, *, to_m: float, weekly_distance_m: float
) -> float:
    """One prediction per question: Riegel up to the half and below the marathon, the
    training-adjusted estimate (`long_race_range`) for the marathon and longer."""
    if to_m < MARATHON_M - 1:
        return riegel(effort_duration_s, from_m=effort_distance_m, to_m=to_m)
    return long_race_range(
        effort_distance_m, effort_duration_s, to_m=to_m, weekly_distance_m=weekly_distance_m
    ).predicted_s
