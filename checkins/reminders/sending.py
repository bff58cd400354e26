"""The reminder sweep: every reminder, nudge and digest that is due, sent exactly once.

`sweep` runs every 15 minutes (Celery beat, or `manage.py send_reminders` from cron). It may run
at any moment, as often as you like, in as many processes as you like, and never sends an
e-mail twice:

- Every e-mail is claimed before it is sent by inserting its ReminderLog row, unique per
  (recipient, week, kind), with INSERT … ON CONFLICT DO NOTHING RETURNING; only the sweep that
  got the row back sends. A crash between the claim and the send loses that e-mail (the row
  stays "claimed", and the admin shows it) but nothing can send it a second time.
- A failed send is recorded with its error and claimed again by a later sweep with a
  conditional UPDATE on (status=failed, attempts=n): at most MAX_ATTEMPTS attempts in all.
- Reads are batched: a handful of queries whatever the number of runners, then two writes
  (claim, mark sent) per CLAIM_BATCH e-mails.

When each e-mail is due is `checkins.reminders.moments`; what a coach's digest says is
`checkins.reminders.digest`. The sweep must not run inside a transaction: each claim has to be
committed before its e-mail leaves, or a rollback after sending would free the claim for a
second send.
"""

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass, field

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.utils import timezone

from athletes.models import Athlete
from checkins import emails
from checkins.models import ReminderLog
from checkins.reminders.digest import due_digests
from checkins.reminders.moments import Kind, Outgoing, Status, due_review_emails

logger = logging.getLogger(__name__)

# Claims are written and confirmed in batches: a crash loses at most the unsent rest of one.
CLAIM_BATCH = 100


@dataclass
class SweepResult:
    due: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    outgoing: list[Outgoing] = field(default_factory=list)

    def __str__(self) -> str:
        return f"due={self.due} sent={self.sent} failed={self.failed} skipped={self.skipped}"


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


def _message(item: Outgoing, *, connection: BaseEmailBackend) -> mail.EmailMultiAlternatives:
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
