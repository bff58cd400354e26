"""What SMART coaching reads and what it answers: the goal as typed (`Draft`) and what we know
of the runner today (`Runner`) go in; a `Verdict` (pass, warn or fail, one plain sentence and
perhaps a better goal) for each criterion comes out, the five together an `Assessment`.
"""

import dataclasses
import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from races.predictions import Effort
from races.rules import BusySpan


class Status(enum.StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        return [Status.PASS, Status.WARN, Status.FAIL].index(self)


@dataclass(frozen=True)
class Better:
    """A better goal a suggestion names, as the changes it makes to the goal as typed: a time,
    a date, a distance or a volume. Every one of them passes the SMART check itself."""

    target_value: float | None = None
    target_date: dt.date | None = None
    distance_m: float | None = None
    race_distance_m: float | None = None

    def applied(self, draft: "Draft") -> "Draft":
        changes = {k: v for k, v in dataclasses.asdict(self).items() if v is not None}
        return dataclasses.replace(draft, **changes)


@dataclass(frozen=True)
class Verdict:
    status: Status
    message: str
    suggestion: str = ""
    # Achievable weighs several rules: its verdict is the worst of them, and these are all of
    # them, so the runner sees every reason and not only the sharpest.
    findings: tuple["Verdict", ...] = ()
    # The better goals the suggestion names, in the order it names them.
    better: tuple[Better, ...] = ()

    def as_dict(self) -> dict[str, str]:
        return {"status": str(self.status), "message": self.message, "suggestion": self.suggestion}


@dataclass(frozen=True)
class Draft:
    """The goal as typed, saved or not."""

    level: str
    kind: str
    title: str
    metric: str = ""
    target_value: float | None = None
    distance_m: float | None = None
    start_date: dt.date | None = None
    target_date: dt.date | None = None
    has_parent: bool = False
    # The distance of the race the goal is linked to, if any.
    race_distance_m: float | None = None


# With no runs in the last 8 weeks to read them from, a run is taken to last 45 minutes at
# 6:30 per km (Runpath's choice: an easy run for a recreational runner).
TYPICAL_RUN_MINUTES = 45.0
TYPICAL_PACE_S_PER_KM = 390.0


@dataclass(frozen=True)
class Runner:
    """What we know of the runner today."""

    today: dt.date
    units: str = "km"
    experience: str = "intermediate"
    weekly_minutes_available: int = 0
    recent_weekly_distance_m: float = 0.0
    typical_run_minutes: float = TYPICAL_RUN_MINUTES
    typical_pace_s_per_km: float = TYPICAL_PACE_S_PER_KM
    # The longest run ever logged (a first marathon is one past the longest run so far)…
    longest_run_m: float = 0.0
    # …and the longest of the last four weeks and this one: where the long run stands today.
    recent_long_run_m: float = 0.0
    best_effort: Effort | None = None
    busy_periods: tuple[BusySpan, ...] = field(default_factory=tuple)
    # The weekdays with training minutes set; None when unknown.
    days_available: int | None = None
    # (local day, metres) of each run logged lately, for what a total-distance goal has done.
    run_log: tuple[tuple[dt.date, float], ...] = ()

    def distance_between(self, first: dt.date, last: dt.date) -> float:
        return sum(metres for day, metres in self.run_log if first <= day <= last)


@dataclass(frozen=True)
class Assessment:
    specific: Verdict
    measurable: Verdict
    achievable: Verdict
    relevant: Verdict
    time_bound: Verdict

    LABELS = {
        "specific": "Specific",
        "measurable": "Measurable",
        "achievable": "Achievable",
        "relevant": "Relevant",
        "time_bound": "Time-bound",
    }

    def items(self) -> list[tuple[str, str, Verdict]]:
        return [(key, label, getattr(self, key)) for key, label in self.LABELS.items()]

    @property
    def failing(self) -> list[str]:
        """The labels of the criteria that fail ("Achievable", "Time-bound")."""
        return [label for _, label, verdict in self.items() if verdict.status is Status.FAIL]

    def as_dict(self) -> dict[str, dict[str, Any]]:
        data: dict[str, dict[str, Any]] = {
            key: verdict.as_dict() for key, _, verdict in self.items()
        }
        data["achievable"]["findings"] = [finding.as_dict() for finding in self.achievable.findings]
        return data
