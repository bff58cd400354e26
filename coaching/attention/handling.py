"""A coach marking a flag handled: it stays hidden while the data behind it (its key) is
unchanged (`mark_handled`, refused with `FlagNotFound` when the flag is not open), and the
athlete page's flags with the coach's latest handling history (`detail_context`).
"""

import datetime as dt
from typing import Any

from django.utils import timezone

from athletes.models import Athlete, User
from coaching.attention import compute
from coaching.attention.standings import fresh_standings, refresh_standings
from coaching.models import HandledFlag

# Handled flags listed on the athlete page, newest first.
HANDLED_HISTORY = 10


class FlagNotFound(Exception):
    pass


def mark_handled(*, athlete: Athlete, flag: str, by: User, note: str = "") -> HandledFlag:
    """Hide one of the athlete's current flags until the data behind it changes."""
    now = timezone.now()
    current = next(
        (
            f
            for f in compute([athlete], now=now)[athlete.pk].flags
            if str(f.flag) == flag and not f.handled
        ),
        None,
    )
    if current is None:
        raise FlagNotFound(flag)
    handled = HandledFlag.objects.create(
        athlete=athlete,
        flag=flag,
        key=current.key,
        reason=current.reason[:200],
        note=note,
        handled_by=by,
        handled_at=now,
    )
    refresh_standings([athlete], now=now)
    return handled


def detail_context(athlete: Athlete, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The athlete page's flags (handled ones marked) and the coach's handling history."""
    standing = fresh_standings([athlete], now=now).get(athlete.pk)
    return {
        "standing": standing,
        "handled_history": HandledFlag.objects.filter(athlete=athlete).select_related("handled_by")[
            :HANDLED_HISTORY
        ],
    }
