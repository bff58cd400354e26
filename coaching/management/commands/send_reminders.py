import argparse
import datetime as dt
import zoneinfo
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from checkins.models import ReminderLog
from checkins.reminders import sending
from checkins.reminders.moments import Outgoing
from coaching.checks import refuse_without_secret_key


def instant(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO 8601 date and time, e.g. 2027-03-28T17:00:00Z."
        ) from error
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{value!r} has no time zone: add Z or an offset, e.g. 2027-03-28T17:00:00Z."
        )
    return moment.astimezone(dt.UTC)


def describe(item: Outgoing) -> str:
    """One line a person can read: what, to whom, about which week, when in their own time."""
    if item.athlete is not None:
        person, zone = item.athlete.user, item.athlete.zone
    else:
        assert item.digest is not None  # an e-mail is to a runner, or a coach's digest
        person, zone = item.digest.coach.user, zoneinfo.ZoneInfo(item.digest.coach.time_zone)
    local = item.moment.astimezone(zone)
    note = " (nothing to say: skipped)" if item.nothing_to_say else ""
    if item.log_id is not None:
        note += f" (retry, attempt {item.attempts + 1})"
    return (
        f"{ReminderLog.Kind(item.kind).label} to {person.full_name} <{item.email}>,"
        f" week of {item.week_start:%a %d %b %Y}, due {local:%a %d %b %H:%M} {zone.key}"
        f" ({item.moment:%a %H:%M} UTC){note}"
    )


class Command(BaseCommand):
    help = (
        "Send the weekly review reminders, nudges and coach digests that are due: the same "
        "sweep the Celery beat runs every 15 minutes. Safe to run as often as you like."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            type=instant,
            help="Act as if it were this moment (ISO 8601 with an offset, e.g. 2027-03-28T17:00:00Z).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would get what and send nothing."
        )

    def handle(self, *args: Any, now: dt.datetime | None, dry_run: bool, **options: Any) -> None:
        refuse_without_secret_key()  # the e-mails carry signed unsubscribe links
        result = sending.sweep(now=now or timezone.now(), dry_run=dry_run)
        if dry_run:
            for item in sorted(result.outgoing, key=lambda item: (item.moment, item.email)):
                self.stdout.write(describe(item))
        suffix = " (dry run, nothing sent)" if dry_run else ""
        self.stdout.write(f"reminder sweep{suffix}: {result}")
