"""What an attention flag is: its kind (`Kind`, in the order a summary bar lists them, with the
words it is counted in), its severity, and one flag raised (`Flag`), with the key that keeps a
"handled" mark while the data behind it is unchanged. The roster, the API and the athlete page
read these; the rules that raise them are in `rules` and `goal_rules`.
"""

import enum
from dataclasses import dataclass
from typing import TypedDict


class Severity(enum.IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3


class Kind(enum.StrEnum):
    """The flags, in the order a summary bar lists them."""

    OVERDUE = "review-overdue"
    SETBACK = "setback"
    LOAD_SPIKE = "load-spike"
    DISTANCE_JUMP = "distance-jump"
    MOTIVATION = "low-motivation"
    PROCESS_MISSED = "process-goal-missed"
    SESSIONS_MISSED = "sessions-missed"
    GOAL_AT_RISK = "goal-at-risk"
    RACE_READINESS = "race-readiness"
    UNREAD = "unread-comment"
    NO_RUNS = "no-runs"

    @property
    def label(self) -> tuple[str, str]:
        """(singular, plural)"""
        return LABELS[self]


LABELS = {
    Kind.OVERDUE: ("overdue", "overdue"),
    Kind.SETBACK: ("setback", "setbacks"),
    Kind.LOAD_SPIKE: ("load spike", "load spikes"),
    Kind.DISTANCE_JUMP: ("distance jump", "distance jumps"),
    Kind.MOTIVATION: ("low motivation", "low motivation"),
    Kind.PROCESS_MISSED: ("habit missed", "habits missed"),
    Kind.SESSIONS_MISSED: ("sessions missed", "sessions missed"),
    Kind.GOAL_AT_RISK: ("goal at risk", "goals at risk"),
    Kind.RACE_READINESS: ("race readiness", "race readiness"),
    Kind.UNREAD: ("unread comment", "unread comments"),
    Kind.NO_RUNS: ("no runs", "no runs"),
}


class FlagRow(TypedDict):
    """A flag as a standing stores it (JSON), and as the digest and the API list it."""

    flag: str
    severity: int
    reason: str
    key: str
    handled: bool


@dataclass(frozen=True)
class Flag:
    flag: Kind
    severity: Severity
    reason: str
    # What the flag is about: while it is unchanged, a "handled" mark keeps the flag hidden.
    key: str
    handled: bool = False

    def as_dict(self) -> FlagRow:
        return {
            "flag": str(self.flag),
            "severity": int(self.severity),
            "reason": self.reason,
            "key": self.key,
            "handled": self.handled,
        }
