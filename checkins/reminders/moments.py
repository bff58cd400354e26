"""When each reminder and nudge is due, and which are due now.

Moments are wall-clock times in the recipient's zone, turned into instants with zoneinfo on
every sweep from their current settings, so a DST change neither skips nor doubles one, and a
runner who changes zone or reminder time mid-week still has one row for that week. A time in
the hour skipped by a spring-forward change is read with fold=0, the offset in force before
the change: 01:30 on 28 March 2027 in London is 01:30 UTC (02:30 BST). A time in the repeated
autumn hour goes out at its first occurrence. What an earlier sweep settled is left out; a
failed send is due again until it has had MAX_ATTEMPTS attempts.
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from athletes.measures import WEEK
from athletes.models import Athlete
from checkins.emails import Digest
from checkins.models import ReminderLog, WeeklyReview

Kind = ReminderLog.Kind
Status = ReminderLog.Status

NUDGE_AFTER = dt.timedelta(hours=48)
# An e-mail that could not go out within this long after its moment is stale: by then the
# nudge (or next week's reminder) says the same thing better.
SEND_WITHIN = dt.timedelta(hours=48)
MAX_ATTEMPTS = 3


@dataclass
class Outgoing:
    """One e-mail whose moment has come: to a runner about their review, or a coach's digest."""

    kind: str
    recipient_id: int
    email: str
    week_start: dt.date
    moment: dt.datetime
    athlete: Athlete | None = None
    digest: Digest | None = None
    # Set when a failed earlier attempt is being retried.
    log_id: int | None = None
    attempts: int = 0

    @property
    def key(self) -> "LogKey":
        return (self.recipient_id, self.week_start, self.kind)

    @property
    def nothing_to_say(self) -> bool:
        return self.kind == Kind.COACH_DIGEST and not self.digest


def as_utc(day: dt.date, at: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    # Arithmetic on an aware local datetime is wall-clock arithmetic, so moments are always
    # handed on in UTC, where "48 hours later" means 48 hours.
    return dt.datetime.combine(day, at, tzinfo=zone).astimezone(dt.UTC)


def reminder_moment(athlete: Athlete, week_start: dt.date) -> dt.datetime:
    """When the runner is asked for the review of the week starting `week_start`.

    Tuesday to Sunday fall inside the week; Monday means the Monday after it, the grace day
    before the review is due, because a reminder on the week's first morning asks about a week
    that has not happened yet.
    """
    day = week_start + dt.timedelta(days=athlete.reminder_weekday or 7)
    return as_utc(day, athlete.reminder_time, athlete.zone)


def in_window(moment: dt.datetime, now: dt.datetime) -> bool:
    return moment <= now < moment + SEND_WITHIN


# What an earlier sweep left for one e-mail: (recipient, week, kind) → (log id, status, attempts).
LogKey = tuple[int, dt.date, str]
LogState = tuple[int, str, int]


def logs_by_key(kinds: Iterable[str], weeks: set[dt.date]) -> dict[LogKey, LogState]:
    rows = ReminderLog.objects.filter(kind__in=kinds, week_start__in=weeks).values_list(
        "recipient_id", "week_start", "kind", "id", "status", "attempts"
    )
    return {(r, w, k): (log_id, status, attempts) for r, w, k, log_id, status, attempts in rows}


def still_to_send(candidates: list[Outgoing], logs: dict[LogKey, LogState]) -> Iterator[Outgoing]:
    """Drop what an earlier sweep settled; keep failures with attempts left, to retry."""
    for item in candidates:
        log = logs.get(item.key)
        if log is None:
            yield item
            continue
        log_id, status, attempts = log
        if status == Status.FAILED and attempts < MAX_ATTEMPTS:
            item.log_id, item.attempts = log_id, attempts
            yield item


def due_review_emails(now: dt.datetime) -> list[Outgoing]:
    """Reminders and nudges whose moment has come, for reviews not yet submitted."""
    athletes = (
        Athlete.objects.filter(email_reminders=True, user__is_active=True)
        .select_related("user")
        .only(
            "time_zone",
            "reminder_weekday",
            "reminder_time",
            "created_at",
            "user__email",
            "user__full_name",
        )
    )
    candidates = []
    for athlete in athletes.iterator(chunk_size=2000):
        this_week = athlete.week_start(now)
        # Last week's nudge (and, on Monday, its reminder) falls in this week.
        for week_start in (this_week - WEEK, this_week):
            moment = reminder_moment(athlete, week_start)
            if moment < athlete.created_at:
                continue
            for kind, at in (
                (Kind.REVIEW_REMINDER, moment),
                (Kind.REVIEW_NUDGE, moment + NUDGE_AFTER),
            ):
                if in_window(at, now):
                    candidates.append(
                        Outgoing(
                            kind=kind,
                            recipient_id=athlete.user_id,
                            email=athlete.user.email,
                            week_start=week_start,
                            moment=at,
                            athlete=athlete,
                        )
                    )
    if not candidates:
        return []
    weeks = {item.week_start for item in candidates}
    submitted = set(
        WeeklyReview.objects.filter(
            status=WeeklyReview.Status.SUBMITTED, week_start__in=weeks
        ).values_list("athlete_id", "week_start")
    )
    logs = logs_by_key([Kind.REVIEW_REMINDER, Kind.REVIEW_NUDGE], weeks)
    unsubmitted = [
        c
        for c in candidates
        if c.athlete is not None and (c.athlete.pk, c.week_start) not in submitted
    ]
    return list(still_to_send(unsubmitted, logs))
