"""Weekly review reminders, the 48-hour nudge and the coach's Monday digest.

`sweep` runs every 15 minutes (Celery beat, or `manage.py send_reminders` from cron). It may run
at any moment, as often as you like, in as many processes as you like, and never sends an
e-mail twice:

- Every e-mail is claimed before it is sent by inserting its ReminderLog row, unique per
  (recipient, week, kind), with INSERT … ON CONFLICT DO NOTHING RETURNING; only the sweep that
  got the row back sends. A crash between the claim and the send loses that e-mail (the row
  stays "claimed", and the admin shows it) but nothing can send it a second time.
- A failed send is recorded with its error and claimed again by a later sweep with a
  conditional UPDATE on (status=failed, attempts=n): at most MAX_ATTEMPTS attempts in all.
- Moments are wall-clock times in the recipient's zone, turned into instants with zoneinfo on
  every sweep from their current settings, so a DST change neither skips nor doubles one, and a
  runner who changes zone or reminder time mid-week still has one row for that week. A time in
  the hour skipped by a spring-forward change is read with fold=0, the offset in force before
  the change: 01:30 on 28 March 2027 in London is 01:30 UTC (02:30 BST). A time in the repeated
  autumn hour goes out at its first occurrence.
- Reads are batched: a handful of queries whatever the number of runners, then two writes
  (claim, mark sent) per CLAIM_BATCH e-mails.
- A coach's digest lists the runners with open (unhandled) attention flags, as the one
  attention function of coaching/ decides them; coaching hands that function over as
  `attention_source`, since checkins may not import coaching.

The sweep must not run inside a transaction: each claim has to be committed before its e-mail
leaves, or a rollback after sending would free the claim for a second send.
"""

import datetime as dt
import logging
import smtplib
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from athletes.models import WEEK, Athlete, Coach, monday_of
from checkins import emails
from checkins.emails import Digest, FlaggedAthlete
from checkins.models import ReminderLog, WeeklyReview

logger = logging.getLogger(__name__)

Kind = ReminderLog.Kind
Status = ReminderLog.Status

NUDGE_AFTER = dt.timedelta(hours=48)
# An e-mail that could not go out within this long after its moment is stale: by then the
# nudge (or next week's reminder) says the same thing better.
SEND_WITHIN = dt.timedelta(hours=48)
DIGEST_TIME = dt.time(8, 0)
MAX_ATTEMPTS = 3
# Claims are written and confirmed in batches: a crash loses at most the unsent rest of one.
CLAIM_BATCH = 100


class AttentionSource(Protocol):
    """Who needs their coach now, and why: for these athletes at `now`, each one's open
    (unhandled) flags as {"flag", "severity", "reason", …}, most severe first; athletes in
    triage order (most urgent first), those with no open flag left out. It reads a batch of
    athletes in a fixed number of queries."""

    def __call__(
        self, athletes: Sequence[Athlete], *, now: dt.datetime
    ) -> Mapping[int, Sequence[Mapping[str, Any]]]: ...


# Set by coaching.apps.CoachingConfig.ready() to the attention function's digest view, so the
# roster, the API and the digest tell a coach the same thing.
attention_source: AttentionSource | None = None


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
    def key(self) -> tuple[int, dt.date, str]:
        return (self.recipient_id, self.week_start, self.kind)

    @property
    def nothing_to_say(self) -> bool:
        return self.kind == Kind.COACH_DIGEST and not self.digest


@dataclass
class SweepResult:
    due: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    outgoing: list[Outgoing] = field(default_factory=list)

    def __str__(self) -> str:
        return f"due={self.due} sent={self.sent} failed={self.failed} skipped={self.skipped}"


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


def digest_moment(coach: Coach, now: dt.datetime) -> tuple[dt.date, dt.datetime]:
    """The week the coach's latest digest is about, and when it goes out: Monday 08:00 in the
    coach's zone after that week."""
    zone = zoneinfo.ZoneInfo(coach.time_zone)
    today = now.astimezone(zone).date()
    this_monday = monday_of(today)
    return this_monday - WEEK, as_utc(this_monday, DIGEST_TIME, zone)


def _in_window(moment: dt.datetime, now: dt.datetime) -> bool:
    return moment <= now < moment + SEND_WITHIN


def _logs_by_key(kinds: Iterable[str], weeks: set[dt.date]) -> dict:
    rows = ReminderLog.objects.filter(kind__in=kinds, week_start__in=weeks).values_list(
        "recipient_id", "week_start", "kind", "id", "status", "attempts"
    )
    return {(r, w, k): (log_id, status, attempts) for r, w, k, log_id, status, attempts in rows}


def _still_to_send(candidates: list[Outgoing], logs: dict) -> Iterator[Outgoing]:
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
                if _in_window(at, now):
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
    logs = _logs_by_key([Kind.REVIEW_REMINDER, Kind.REVIEW_NUDGE], weeks)
    unsubmitted = [
        c
        for c in candidates
        if c.athlete is not None and (c.athlete.pk, c.week_start) not in submitted
    ]
    return list(_still_to_send(unsubmitted, logs))


def due_digests(now: dt.datetime) -> list[Outgoing]:
    """Coach digests whose Monday 08:00 has come, with what each has to say."""
    coaches = (
        Coach.objects.filter(email_digest=True, user__is_active=True)
        .select_related("user")
        .only("time_zone", "created_at", "user__email", "user__full_name")
    )
    candidates = []
    for coach in coaches:
        week_start, moment = digest_moment(coach, now)
        if _in_window(moment, now) and moment >= coach.created_at:
            candidates.append(
                Outgoing(
                    kind=Kind.COACH_DIGEST,
                    recipient_id=coach.user_id,
                    email=coach.user.email,
                    week_start=week_start,
                    moment=moment,
                    digest=Digest(coach=coach, week_start=week_start),
                )
            )
    if not candidates:
        return []
    logs = _logs_by_key([Kind.COACH_DIGEST], {item.week_start for item in candidates})
    due = list(_still_to_send(candidates, logs))
    _fill_digests([item.digest for item in due if item.digest is not None], now=now)
    return due


def _fill_digests(digests: list[Digest], *, now: dt.datetime) -> None:
    """Every due digest's flagged runners, most urgent first: one query for the runners, then
    the attention source's fixed few, however many coaches and runners."""
    by_coach = {digest.coach.pk: digest for digest in digests}
    if not by_coach:
        return
    if attention_source is None:
        raise ImproperlyConfigured(
            "checkins.reminders.attention_source is not set: coaching sets it when it is ready."
        )
    athletes = {
        athlete.pk: athlete
        for athlete in Athlete.objects.filter(coach_id__in=by_coach).select_related("user")
    }
    for athlete_id, flags in attention_source(list(athletes.values()), now=now).items():
        athlete = athletes[athlete_id]
        assert athlete.coach_id is not None  # only coached runners were loaded
        by_coach[athlete.coach_id].flagged.append(
            FlaggedAthlete(athlete=athlete, reasons=[flag["reason"] for flag in flags])
        )


def _claim(batch: list[Outgoing]) -> list[tuple[Outgoing, int]]:
    """The items this sweep won, each with its ReminderLog id; the rest belong to another
    sweep that claimed them first (or an earlier one that already sent them)."""
    claimed_at = timezone.now()
    fresh = [item for item in batch if item.log_id is None]
    won = []
    if fresh:
        table = ReminderLog._meta.db_table
        values = ", ".join(["(%s, %s, %s, %s, %s, 1, '', %s)"] * len(fresh))
        params = []
        for item in fresh:
            status = Status.SKIPPED if item.nothing_to_say else Status.CLAIMED
            athlete_id = item.athlete.pk if item.athlete else None
            params += [
                item.recipient_id,
                athlete_id,
                item.week_start,
                item.kind,
                status,
                claimed_at,
            ]
        # RETURNING lists only the rows this statement inserted: the exact set of claims won.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (recipient_id, athlete_id, week_start, kind, status,"
                f" attempts, error, claimed_at) VALUES {values}"
                " ON CONFLICT DO NOTHING RETURNING id, recipient_id, week_start, kind",
                params,
            )
            week_field = ReminderLog._meta.get_field("week_start")
            inserted = {
                (recipient_id, week_field.to_python(week_start), kind): log_id
                for log_id, recipient_id, week_start, kind in cursor.fetchall()
            }
        won += [(item, inserted[item.key]) for item in fresh if item.key in inserted]
    for item in batch:
        if item.log_id is None:
            continue
        status = Status.SKIPPED if item.nothing_to_say else Status.CLAIMED
        retried = ReminderLog.objects.filter(
            pk=item.log_id, status=Status.FAILED, attempts=item.attempts
        ).update(status=status, attempts=item.attempts + 1, claimed_at=claimed_at, error="")
        if retried == 1:
            won.append((item, item.log_id))
    return won


def _message(item: Outgoing, *, connection) -> mail.EmailMultiAlternatives:
    if item.kind == Kind.COACH_DIGEST:
        assert item.digest is not None  # every digest item carries its digest
        message = emails.coach_digest(item.digest)
    else:
        assert item.athlete is not None  # every reminder and nudge names its runner
        message = emails.review_reminder(
            athlete=item.athlete, week_start=item.week_start, nudge=item.kind == Kind.REVIEW_NUDGE
        )
    message.connection = connection
    return message


def _send_batch(batch: list[Outgoing], result: SweepResult) -> None:
    to_send = [(item, log_id) for item, log_id in _claim(batch) if not item.nothing_to_say]
    # Claimed by another sweep first, or a digest with nothing to say (claimed as "skipped").
    result.skipped += len(batch) - len(to_send)
    if not to_send:
        return
    sent, failed = [], []
    with mail.get_connection() as smtp:
        for item, log_id in to_send:
            try:
                _message(item, connection=smtp).send()
            except (smtplib.SMTPException, OSError) as error:
                logger.warning("%s to %s failed: %r", item.kind, item.email, error)
                failed.append((log_id, f"{error.__class__.__name__}: {error}"))
            else:
                sent.append(log_id)
    if sent:
        ReminderLog.objects.filter(pk__in=sent).update(status=Status.SENT, sent_at=timezone.now())
    for log_id, reason in failed:
        ReminderLog.objects.filter(pk=log_id).update(status=Status.FAILED, error=reason)
    result.sent += len(sent)
    result.failed += len(failed)


def sweep(*, now: dt.datetime, dry_run: bool = False) -> SweepResult:
    """Send every reminder, nudge and digest whose moment is at or before `now`.

    With `dry_run`, work out the same list (`result.outgoing`) and send nothing.
    """
    outgoing = due_review_emails(now) + due_digests(now)
    result = SweepResult(due=len(outgoing), outgoing=outgoing)
    if dry_run:
        result.skipped = sum(item.nothing_to_say for item in outgoing)
        return result
    for start in range(0, len(outgoing), CLAIM_BATCH):
        _send_batch(outgoing[start : start + CLAIM_BATCH], result)
    return result


def last_reminder_for(athlete: Athlete, week_start: dt.date) -> ReminderLog | None:
    """The latest reminder or nudge that went out to the runner about that week."""
    return (
        ReminderLog.objects.filter(
            recipient_id=athlete.user_id,
            week_start=week_start,
            kind__in=[Kind.REVIEW_REMINDER, Kind.REVIEW_NUDGE],
            status=Status.SENT,
        )
        .order_by("-sent_at")
        .first()
    )
