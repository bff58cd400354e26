"""Who needs the coach now, and why: each athlete's attention flags, in the runner's own numbers.

`compute` is the one function that decides the flags; the roster, the coach digest and the API
all read its results, stored per athlete as a `Standing` by `standings.refresh_standings`. It
reads a batch of athletes in a fixed number of queries. Every threshold is a named constant and
is in docs/coaching-rules.md.

Here: `compute`, and `flags_of`, every rule applied to one athlete. What a flag is (`Kind`,
`Severity`, `Flag`) is in `flags`; the rules, one function each beside their thresholds, in
`rules` (the runner's log and reviews, and the `Facts` every rule reads) and `goal_rules`
(goals and A races); those facts read for a batch of athletes in `facts`; the standings stored
and refreshed in `standings`; flags marked handled, and the athlete page's history of them, in
`handling`.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from athletes.models import Athlete
from coaching.attention.facts import load_facts
from coaching.attention.flags import Flag, Kind
from coaching.attention.goal_rules import (
    goal_at_risk_flags,
    process_missed_flags,
    readiness_flags,
)
from coaching.attention.rules import (
    Facts,
    distance_jump_flag,
    load_spike_flag,
    motivation_flag,
    no_runs_flag,
    overdue_flag,
    setback_flags,
    unread_flag,
)
from coaching.attention.session_rules import missed_sessions_flag
from coaching.models import HandledFlag


def flags_of(facts: Facts) -> list[Flag]:
    """Every flag of one athlete, most severe first (in `Kind` order within a severity)."""
    found = [
        overdue_flag(facts),
        *setback_flags(facts),
        load_spike_flag(facts),
        distance_jump_flag(facts),
        motivation_flag(facts),
        *process_missed_flags(facts),
        missed_sessions_flag(facts),
        *goal_at_risk_flags(facts),
        *readiness_flags(facts),
        unread_flag(facts),
        no_runs_flag(facts),
    ]
    order = list(Kind)
    flags = [flag for flag in found if flag is not None]
    return sorted(flags, key=lambda f: (-f.severity, order.index(f.flag)))


@dataclass(frozen=True)
class Result:
    facts: Facts
    flags: list[Flag]

    @property
    def score(self) -> int:
        return sum(int(flag.severity) for flag in self.flags if not flag.handled)


def compute(athletes: Iterable[Athlete], *, now: dt.datetime | None = None) -> dict[int, Result]:
    """Each athlete's flags, handled ones marked, for a batch of athletes in fixed queries."""
    now = now or timezone.now()
    athletes = list(athletes)
    if not athletes:
        return {}
    facts = load_facts(athletes, now=now)
    handled = set(
        HandledFlag.objects.filter(athlete_id__in=list(facts)).values_list(
            "athlete_id", "flag", "key"
        )
    )
    results = {}
    for pk, athlete_facts in facts.items():
        flags = [
            Flag(f.flag, f.severity, f.reason, f.key, (pk, str(f.flag), f.key) in handled)
            for f in flags_of(athlete_facts)
        ]
        results[pk] = Result(athlete_facts, flags)
    return results
