"""End to end: the beat's task through the real Redis to a real worker, and an e-mail out.

Needs Redis at REDIS_URL_FOR_TESTS (default redis://127.0.0.1:6379/15); skipped with the reason
when it does not answer.
"""

import datetime as dt
import threading
import time
import uuid
import zoneinfo

import pytest
from celery import signals
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connections

from athletes.models import Athlete
from checkins.models import ReminderLog
from checkins.tasks import reminder_sweep
from coaching.celery import app
from tests.factories import AthleteFactory


def close_worker_connections(**kwargs) -> None:
    # The worker thread opens its own database connections; close them there, or the test
    # database cannot be flushed and dropped afterwards.
    connections.close_all()


@pytest.fixture
def redis_worker(redis_url):
    # The app read its settings at import (eager, in-memory broker); point it at the real Redis
    # for this test only, on a queue of its own, and put everything back afterwards.
    saved = {
        key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")
    }
    app.conf.update(
        broker_url=redis_url, task_always_eager=False, task_default_queue=f"test-{uuid.uuid4()}"
    )
    # The producer pool is cached from the first broker URL used; drop it either side.
    app._pool = None
    app.amqp._producer_pool = None
    signals.task_postrun.connect(close_worker_connections)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield
    finally:
        signals.task_postrun.disconnect(close_worker_connections)
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None


def runner_due_a_few_minutes_ago() -> Athlete:
    zone = zoneinfo.ZoneInfo("Asia/Kolkata")
    moment = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).astimezone(zone)
    athlete = AthleteFactory(
        time_zone="Asia/Kolkata",
        reminder_weekday=moment.weekday(),
        reminder_time=moment.time().replace(second=0, microsecond=0),
        user__email="rita@example.org",
        user__full_name="Rita Runner",
    )
    Athlete.objects.filter(pk=athlete.pk).update(created_at=moment - dt.timedelta(days=30))
    return athlete


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_takes_the_sweep_from_redis_and_sends_the_reminder(redis_worker):
    runner_due_a_few_minutes_ago()
    ran_in = []

    def note_thread(**kwargs):
        ran_in.append(threading.current_thread())

    signals.task_prerun.connect(note_thread, weak=False)
    try:
        reminder_sweep.delay()
        deadline = time.monotonic() + 20
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        signals.task_prerun.disconnect(note_thread)

    assert ran_in and threading.main_thread() not in ran_in  # the worker ran it, not eagerly
    assert [message.to for message in mail.outbox] == [["rita@example.org"]]
    assert "Hello Rita" in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    assert ReminderLog.objects.get().status == ReminderLog.Status.SENT
