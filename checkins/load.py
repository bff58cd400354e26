"""Training load: session-RPE per day and the acute:chronic workload ratio, two ways.

A pure module: sessions in, numbers out, no database. Load is session-RPE (Foster et al.
2001): the session's effort on the 1–10 scale times its minutes, in arbitrary units (AU). The
acute:chronic workload ratio compares the last 7 days with the 28 before, as an uncoupled rolling
ratio (Windt & Gabbett 2019) and as exponentially weighted moving averages (Williams et al.
2017). A ratio at or above `SPIKE_RATIO` is shown as a load spike, a fact about the training to
talk over, never a prediction of injury (Impellizzeri et al. 2020). docs/coaching-rules.md has
the sources and the worked examples the tests pin.
"""

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# A run logged without an RPE is counted at a typical effort for its kind: Runpath's choice, read
# against the words of Foster et al. 2001's scale (0 rest, 1 very, very easy, 2 easy,
# 3 moderate, 4 somewhat hard, 5 hard, 7 very hard, 10 maximal; 6, 8 and 9 have none).
DEFAULT_RPE = {
    "recovery": 2,
    "easy": 3,
    "long": 5,
    "cross-training": 4,
    "strength": 5,
    "tempo": 6,
    "intervals": 7,
    "race": 8,
}
# Any other kind of session without an RPE.
FALLBACK_RPE = 4
ACUTE_DAYS = 7
CHRONIC_DAYS = 28
# No ratio until this many days of history (from the first logged session) exist.
HISTORY_DAYS = 28
# At or above this ratio the week reads as a load spike (Gabbett 2016's "danger zone" threshold).
SPIKE_RATIO = 1.5
# A weekly distance more than this over the week before reads as a distance jump. Nielsen et al.
# 2014 followed 874 novice runners: progressing weekly distance by more than 30 % over two weeks
# came with more distance-related injuries (hazard ratio 1.59, 95 % CI 0.96-2.66, p = .07), and
# with no difference for injuries overall. The season plan keeps its weeks inside it.
DISTANCE_JUMP = 0.30
# The EWMA ratio reads this many days back; load older than that would keep about 0.15 % of
# its weight in the chronic average ((1 - 2/29) ** 91).
EWMA_WINDOW_DAYS = 91
# Williams et al. 2017: λ = 2 / (N + 1) for a decay constant of N days, N = 7 and 28.
EWMA_ACUTE_LAMBDA = 2 / (ACUTE_DAYS + 1)
EWMA_CHRONIC_LAMBDA = 2 / (CHRONIC_DAYS + 1)


@dataclass(frozen=True)
class Session:
    day: dt.date
    kind: str
    duration_s: float
    rpe: int | None

    @property
    def estimated(self) -> bool:
        return self.rpe is None

    @property
    def load(self) -> float:
        """Session-RPE: effort (1–10) × minutes."""
        effort = self.rpe if self.rpe is not None else DEFAULT_RPE.get(self.kind, FALLBACK_RPE)
        return effort * self.duration_s / 60


def daily_loads(sessions: Iterable[Session]) -> dict[dt.date, float]:
    totals: dict[dt.date, float] = defaultdict(float)
    for session in sessions:
        totals[session.day] += session.load
    return dict(totals)


class RatioState(enum.StrEnum):
    READY = "ready"
    WARMING_UP = "warming up"
    NO_CHRONIC_LOAD = "no chronic load"


@dataclass(frozen=True)
class Ratio:
    state: RatioState
    acute: float = 0.0
    chronic: float = 0.0

    @property
    def value(self) -> float | None:
        return self.acute / self.chronic if self.state is RatioState.READY else None

    @property
    def is_spike(self) -> bool:
        value = self.value
        return value is not None and value >= SPIKE_RATIO


def _days(last: dt.date, count: int) -> list[dt.date]:
    return [last - dt.timedelta(days=offset) for offset in range(count)]


def _warming_up(first_day: dt.date | None, today: dt.date) -> bool:
    return first_day is None or (today - first_day).days + 1 < HISTORY_DAYS


def rolling_ratio(
    daily: Mapping[dt.date, float], *, today: dt.date, first_day: dt.date | None
) -> Ratio:
    """Uncoupled: the last 7 days' load ÷ the weekly mean of the 21 days before them."""
    if _warming_up(first_day, today):
        return Ratio(RatioState.WARMING_UP)
    acute = sum(daily.get(day, 0.0) for day in _days(today, ACUTE_DAYS))
    before = today - dt.timedelta(days=ACUTE_DAYS)
    chronic_days = CHRONIC_DAYS - ACUTE_DAYS
    chronic = sum(daily.get(day, 0.0) for day in _days(before, chronic_days)) / (
        chronic_days / ACUTE_DAYS
    )
    if chronic <= 0:
        return Ratio(RatioState.NO_CHRONIC_LOAD, acute, chronic)
    return Ratio(RatioState.READY, acute, chronic)


def ewma_series(
    daily: Mapping[dt.date, float], *, first_day: dt.date, today: dt.date, decay: float
) -> float:
    """The exponentially weighted moving average of daily load on `today`, started at the
    first day's load: EWMA_t = λ·load_t + (1 − λ)·EWMA_(t−1)."""
    average = daily.get(first_day, 0.0)
    day = first_day + dt.timedelta(days=1)
    while day <= today:
        average = decay * daily.get(day, 0.0) + (1 - decay) * average
        day += dt.timedelta(days=1)
    return average


def ewma_ratio(
    daily: Mapping[dt.date, float], *, today: dt.date, first_day: dt.date | None
) -> Ratio:
    """EWMA acute (λ = 2/8) ÷ EWMA chronic (λ = 2/29), both as daily loads."""
    if first_day is None or _warming_up(first_day, today):
        return Ratio(RatioState.WARMING_UP)
    acute = ewma_series(daily, first_day=first_day, today=today, decay=EWMA_ACUTE_LAMBDA)
    chronic = ewma_series(daily, first_day=first_day, today=today, decay=EWMA_CHRONIC_LAMBDA)
    if chronic <= 0:
        return Ratio(RatioState.NO_CHRONIC_LOAD, acute, chronic)
    return Ratio(RatioState.READY, acute, chronic)


def ratios(
    sessions: Iterable[Session], *, today: dt.date, first_day: dt.date | None
) -> tuple[Ratio, Ratio]:
    """(rolling, EWMA) on `today` for a runner whose log began on `first_day`; the EWMA reads
    the last EWMA_WINDOW_DAYS only."""
    daily = daily_loads(sessions)
    window_start = today - dt.timedelta(days=EWMA_WINDOW_DAYS - 1)
    ewma_first = max(first_day, window_start) if first_day else None
    rolling = rolling_ratio(daily, today=today, first_day=first_day)
    if _warming_up(first_day, today):
        return rolling, Ratio(RatioState.WARMING_UP)
    return rolling, ewma_ratio(daily, today=today, first_day=ewma_first)
