"""The attention rule that reads the runner's planned sessions: several missed in a fortnight.

A session swapped for a maintenance run, a rest day and a day a setback covered are never
missed (`checkins.compliance`); what is left is a session whose day has gone with nothing run.
The thresholds are in docs/coaching-rules.md.
"""

import datetime as dt

from athletes.measures import short_date
from coaching.attention.flags import Flag, Kind, Severity
from coaching.attention.rules import Facts

MISSED_SESSIONS = 3
MISSED_SESSIONS_DAYS = 14


def missed_since(today: dt.date) -> dt.date:
    """The first day the rule looks back to."""
    return today - dt.timedelta(days=MISSED_SESSIONS_DAYS)


def missed_sessions_flag(facts: Facts) -> Flag | None:
    since = missed_since(facts.today)
    days = sorted(day for day in facts.missed_session_days if since <= day < facts.today)
    if len(days) < MISSED_SESSIONS:
        return None
    listed = ", ".join(short_date(day) for day in days)
    return Flag(
        Kind.SESSIONS_MISSED,
        Severity.MEDIUM,
        f"{len(days)} planned sessions missed in {MISSED_SESSIONS_DAYS} days ({listed})",
        f"{days[-1].isoformat()}:{len(days)}",
    )
