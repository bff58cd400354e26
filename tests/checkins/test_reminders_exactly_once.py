"""Exactly once: re-runs, concurrent sweeps, re-delivered tasks, SMTP failures and crashes."""

import datetime as dt
import logging
import smtplib
import threading
from collections import Counter
from typing import ClassVar

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem
from django.db import OperationalError, connections

from checkins import emails
from checkins.models import ReminderLog
from checkins.reminders import sending
from checkins.tasks import reminder_sweep
from tests.checkins.reminder_helpers import at, coach, runner, sent_to, sweep_at

SUNDAY_1800 = at("2027-06-13T18:00+01:00")
MONDAY_0800 = at("2027-06-14T08:00+01:00")
QUARTER = dt.timedelta(minutes=15)


class FlakyBackend(locmem.EmailBackend):
    """The test outbox, except that it refuses some addresses the way a broken SMTP server
    does."""

    refused: ClassVar[set[str]] = set()

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & self.refused:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"Mailbox unavailable")})
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    yield FlakyBackend.refused
    FlakyBackend.refused.clear()


def sweep_concurrently(now: dt.datetime, *, sweeps: int = 2) -> list[sending.SweepResult]:
    """Start `sweeps` sweeps at the same instant, each in its own thread and connection."""
    barrier = threading.Barrier(sweeps)
    results, errors = [], []

    def one_sweep():
        try:
            barrier.wait()
            results.append(sending.sweep(now=now))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_sweep) for _ in range(sweeps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.mark.django_db
def test_rerunning_the_sweep_sends_nothing_twice():
    runner(user__email="rita@example.org")

    first = sweep_at(SUNDAY_1800)
    again = sweep_at(SUNDAY_1800)
    later = sweep_at(SUNDAY_1800 + QUARTER)

    assert len(mail.outbox) == 1
    assert (first.sent, again.due, later.due) == (1, 0, 0)


@pytest.mark.django_db
def test_a_redelivered_task_sends_nothing_twice_and_logs_one_line_per_sweep(caplog):
    runner(user__email="rita@example.org")
    caplog.set_level(logging.INFO, logger="checkins.tasks")

    with time_machine.travel(SUNDAY_1800, tick=False):
        reminder_sweep.apply()
        reminder_sweep.apply()

    assert len(mail.outbox) == 1
    assert [
        record.getMessage() for record in caplog.records if record.name == "checkins.tasks"
    ] == [
        "reminder sweep: due=1 sent=1 failed=0 skipped=0",
        "reminder sweep: due=0 sent=0 failed=0 skipped=0",
    ]


@pytest.mark.django_db
def test_the_task_retries_a_lost_database_connection(monkeypatch):
    calls = []

    def sweep(*, now):
        calls.append(now)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return sending.SweepResult()

    monkeypatch.setattr(sending, "sweep", sweep)

    result = reminder_sweep.apply(throw=False)

    assert result.successful()
    assert len(calls) == 2


@pytest.mark.django_db
def test_the_task_does_not_retry_a_bug(monkeypatch):
    calls = []

    def sweep(*, now):
        calls.append(now)
        raise ValueError("a bug, not a hiccup")

    monkeypatch.setattr(sending, "sweep", sweep)

    result = reminder_sweep.apply(throw=False)

    assert isinstance(result.result, ValueError)
    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_every_email_exactly_once(monkeypatch):
    monkeypatch.setattr(sending, "CLAIM_BATCH", 5)  # many small claims, so the sweeps interleave
    maya = coach(time_zone="Europe/London")
    athletes = [runner(coach=maya) for _ in range(30)]

    with time_machine.travel(MONDAY_0800, tick=False):
        sweep_concurrently(SUNDAY_1800)
        results = sweep_concurrently(MONDAY_0800)

    per_recipient = Counter(message.to[0] for message in mail.outbox)
    assert set(per_recipient) == {a.user.email for a in athletes} | {maya.user.email}
    assert set(per_recipient.values()) == {1}
    assert sum(result.sent for result in results) == 1  # Monday: only the digest was left
    assert ReminderLog.objects.filter(status=ReminderLog.Status.SENT).count() == 31


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_that_both_read_the_same_due_list_send_each_email_once(monkeypatch):
    """The worst interleaving, forced: both sweeps have found every e-mail due before either
    claims one, so only the claim itself can keep each e-mail to one send."""
    athletes = [runner() for _ in range(10)]
    both_have_read = threading.Barrier(2)
    claim = sending._claim

    def claim_once_both_have_read(batch):
        both_have_read.wait(timeout=30)
        return claim(batch)

    monkeypatch.setattr(sending, "_claim", claim_once_both_have_read)
    with time_machine.travel(SUNDAY_1800, tick=False):
        results = sweep_concurrently(SUNDAY_1800)

    assert [result.due for result in results] == [10, 10]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        athlete.user.email for athlete in athletes
    )
    assert sum(result.sent for result in results) == 10
    assert sum(result.skipped for result in results) == 10


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_retrying_the_same_failure_send_it_once(flaky_mail):
    runner(user__email="rita@example.org")
    flaky_mail.add("rita@example.org")
    with time_machine.travel(SUNDAY_1800, tick=False):
        sending.sweep(now=SUNDAY_1800)
    flaky_mail.clear()

    with time_machine.travel(SUNDAY_1800 + QUARTER, tick=False):
        results = sweep_concurrently(SUNDAY_1800 + QUARTER, sweeps=3)

    assert len(sent_to(mail.outbox, "rita@example.org")) == 1
    assert sum(result.sent for result in results) == 1
    assert ReminderLog.objects.get().attempts == 2


@pytest.mark.django_db
def test_a_failed_send_is_recorded_and_retried_by_the_next_sweep(flaky_mail):
    runner(user__email="rita@example.org")
    runner(user__email="sol@example.org")
    flaky_mail.add("rita@example.org")

    first = sweep_at(SUNDAY_1800)

    assert (first.due, first.sent, first.failed) == (2, 1, 1)
    assert [m.to for m in mail.outbox] == [["sol@example.org"]]
    failed = ReminderLog.objects.get(recipient__email="rita@example.org")
    assert (failed.status, failed.attempts, failed.sent_at) == (ReminderLog.Status.FAILED, 1, None)
    assert "SMTPRecipientsRefused" in failed.error
    assert "Mailbox unavailable" in failed.error

    flaky_mail.clear()
    second = sweep_at(SUNDAY_1800 + QUARTER)

    assert (second.due, second.sent) == (1, 1)
    assert len(sent_to(mail.outbox, "rita@example.org")) == 1
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.error) == (ReminderLog.Status.SENT, 2, "")


@pytest.mark.django_db
def test_a_failing_address_is_tried_at_most_three_times(flaky_mail):
    runner(user__email="rita@example.org")
    flaky_mail.add("rita@example.org")

    results = [sweep_at(SUNDAY_1800 + n * QUARTER) for n in range(5)]

    assert [result.failed for result in results] == [1, 1, 1, 0, 0]
    log = ReminderLog.objects.get()
    assert (log.status, log.attempts) == (ReminderLog.Status.FAILED, 3)
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_unreachable_server_is_recorded_like_a_refusal(settings, monkeypatch):
    runner(user__email="rita@example.org")

    def unreachable(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", unreachable)
    result = sweep_at(SUNDAY_1800)

    assert result.failed == 1
    assert "ConnectionRefusedError" in ReminderLog.objects.get().error


@pytest.mark.django_db
def test_a_crash_between_claim_and_send_loses_that_email_but_never_sends_it_twice(monkeypatch):
    runner(user__email="rita@example.org")

    def worker_killed(**kwargs):
        raise SystemExit("worker killed")

    with monkeypatch.context() as patched:
        patched.setattr(emails, "review_reminder", worker_killed)
        with pytest.raises(SystemExit):
            sweep_at(SUNDAY_1800)

    log = ReminderLog.objects.get()
    assert (log.status, log.sent_at) == (ReminderLog.Status.CLAIMED, None)

    for n in range(1, 9):
        sweep_at(SUNDAY_1800 + n * QUARTER)

    assert mail.outbox == []
    assert ReminderLog.objects.get().status == ReminderLog.Status.CLAIMED
