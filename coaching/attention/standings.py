"""Flags stored: each athlete's `Standing` (flags, score, days overdue, review standing, name
and coach for the roster's triage index), recomputed by `refresh_standings` and valid until the
athlete's next local midnight; `fresh_standings` reads them, recomputing the missing and stale
ones first; the periodic refresh (`refresh_stale_standings`) works through stale ones in
batches. Read from them: the athletes with a flag open (`athletes_with_flag`, the roster's
filter) and the open flags in triage order (`open_flags_in_triage_order`, the coach digest's).
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Q
from django.utils import timezone

from athletes.models import Athlete
from coaching.attention import compute
from coaching.attention.flags import FlagRow
from coaching.attention.rules import overdue_days
from coaching.models import Standing


def next_midnight(athlete: Athlete, now: dt.datetime) -> dt.datetime:
    tomorrow = athlete.local_today(now) + dt.timedelta(days=1)
    return dt.datetime.combine(tomorrow, dt.time.min, tzinfo=athlete.zone)


def names_of(athletes: Sequence[Athlete]) -> dict[int, str]:
    """Each athlete's name: from their user when it is loaded, in one read for the others."""
    names = {
        athlete.pk: athlete.user.full_name
        for athlete in athletes
        if Athlete.user.is_cached(athlete)
    }
    missing = [athlete.pk for athlete in athletes if athlete.pk not in names]
    if missing:
        names.update(Athlete.objects.filter(pk__in=missing).values_list("pk", "user__full_name"))
    return names


def refresh_standings(
    athletes: Iterable[Athlete], *, now: dt.datetime | None = None
) -> dict[int, Standing]:
    """Recompute and store the standing of each athlete; returns them by athlete id."""
    now = now or timezone.now()
    athletes = list(athletes)
    results = compute(athletes, now=now)
    names = names_of(athletes)
    rows = []
    for pk, result in results.items():
        summary = result.facts.summary
        rows.append(
            Standing(
                athlete_id=pk,
                coach_id=result.facts.athlete.coach_id,
                sort_name=names[pk],
                score=min(result.score, 32767),
                overdue_days=overdue_days(result.facts),
                flags=[flag.as_dict() for flag in result.flags],
                open_flag_names=" "
                + "".join(f"{flag.flag} " for flag in result.flags if not flag.handled),
                review_week=summary.week_start if summary else None,
                review_state=str(summary.state) if summary else "",
                review_id=summary.review_id if summary else None,
                last_submitted=summary.last_submitted if summary else None,
                unread_comments=summary.unread_comments if summary else 0,
                unread_week=summary.unread_week if summary else None,
                streak=summary.streak if summary else 0,
                computed_at=now,
                stale_after=next_midnight(result.facts.athlete, now),
            )
        )
    Standing.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["athlete"],
        update_fields=[
            "coach",
            "sort_name",
            "score",
            "overdue_days",
            "flags",
            "open_flag_names",
            "review_week",
            "review_state",
            "review_id",
            "last_submitted",
            "unread_comments",
            "unread_week",
            "streak",
            "computed_at",
            "stale_after",
        ],
        batch_size=500,
    )
    return {row.athlete_id: row for row in rows}


def fresh_standings(
    athletes: Iterable[Athlete], *, now: dt.datetime | None = None
) -> dict[int, Standing]:
    """The stored standings of these athletes, recomputing the missing and stale ones first."""
    now = now or timezone.now()
    athletes = list(athletes)
    stored = {
        standing.athlete_id: standing
        for standing in Standing.objects.filter(athlete__in=athletes, stale_after__gt=now)
    }
    stale = [athlete for athlete in athletes if athlete.pk not in stored]
    if stale:
        stored.update(refresh_standings(stale, now=now))
    return stored


def open_flags_in_triage_order(
    athletes: Sequence[Athlete], *, now: dt.datetime | None = None
) -> dict[int, list[FlagRow]]:
    """Each athlete's open (unhandled) flags, most severe first, for the athletes that have
    any, in the roster's triage order: what the coach digest lists (checkins.reminders reads it
    as its `attention_source`), in the order of the roster's triage index."""
    standings = fresh_standings(athletes, now=now)
    ranked = sorted(
        (standing for standing in standings.values() if standing.open_flags),
        key=lambda s: (-s.score, -s.overdue_days, s.sort_name, s.athlete_id),
    )
    return {standing.athlete_id: standing.open_flags for standing in ranked}


# Standings recomputed per batch by the periodic refresh: bounded memory, one batch at a time.
REFRESH_BATCH = 200


def refresh_stale_standings(*, now: dt.datetime | None = None, limit: int = 5000) -> int:
    """Recompute standings that are missing or past their athlete's midnight, oldest first, in
    batches; returns how many were refreshed. Safe to run at any time, as often as you like."""
    now = now or timezone.now()
    stale = (
        Athlete.objects.exclude(standing__stale_after__gt=now)
        .select_related("user")
        .order_by("standing__stale_after", "pk")[:limit]
    )
    athletes = list(stale)
    for first in range(0, len(athletes), REFRESH_BATCH):
        refresh_standings(athletes[first : first + REFRESH_BATCH], now=now)
    return len(athletes)


def athletes_with_flag(flag: str) -> Q:
    """Condition on Athlete: this flag is open on their stored standing."""
    return Q(standing__open_flag_names__contains=f" {flag} ")
