"""Race-time predictions from one effort: Riegel's formula and Daniels–Gilbert VDOT.

Pure arithmetic, no database: distances in metres, times in seconds.
"""

import datetime as dt
import math
from dataclasses import dataclass

RIEGEL_EXPONENT = 1.06
STANDARD_DISTANCES = [
    ("5K", 5000.0),
    ("10K", 10000.0),
    ("Half marathon", 21097.5),
    ("Marathon", 42195.0),
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
    return duration_s * (to_m / from_m) ** RIEGEL_EXPONENT


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


def predictions(distance_m: float, duration_s: float) -> list[Prediction]:
    """Predicted times at 5K, 10K, half and full marathon from one effort."""
    return [
        Prediction(name, to_m, riegel(duration_s, from_m=distance_m, to_m=to_m))
        for name, to_m in STANDARD_DISTANCES
    ]
