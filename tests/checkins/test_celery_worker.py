"""End to end: the beat's task through the real Redis to a real worker, and an e-mail out; an
upload from the import page imported by a real worker while the page polls.

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
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.urls import reverse

from athletes.models import Athlete
from checkins.models import ImportJob, ReminderLog
from checkins.tasks import reminder_sweep
from coaching.celery import app
from tests.athletes.factories import AthleteFactory
from tests.checkins.activity_files import strava_csv_bytes
from tests.conftest import client_for


def close_worker_connections(**kwargs) -> None:
    # The worker thread opens its own database connections; close them there, or the test
    # database cannot be flushed and dropped afterwards.
    connections.close_all()


def forget_broker(app) -> None:
    app._pool = None
    app.amqp._producer_pool = None
    for cached in ("queues", "default_queue", "router"):
        app.amqp.__dict__.pop(cached, None)


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
    # The producer pool is cached from the first broker URL used, and the queues and routes
    # from the first default queue; drop them either side.
    forget_broker(app)
    signals.task_postrun.connect(close_worker_connections)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield
    finally:
        signals.task_postrun.disconnect(close_worker_connections)
        app.conf.update(saved)
        forget_broker(app)


def runner_due_a_few_minutes_before(now: dt.datetime) -> Athlete:
    zone = zoneinfo.ZoneInfo("Asia/Kolkata")
    moment = (now - dt.timedelta(minutes=5)).astimezone(zone)
    athlete = AthleteFactory.create(
        time_zone="Asia/Kolkata",
        reminder_weekday=moment.weekday(),
        reminder_time=moment.time().replace(second=0, microsecond=0),
        user__email="rita@example.org",
        user__full_name="Rita Runner",
    )
    Athlete.objects.filter(pk=athlete.pk).update(created_at=moment - dt.timedelta(days=30))
    return athlete


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_takes_the_sweep_from_redis_and_sends_the_reminder(redis_worker, now):
    runner_due_a_few_minutes_before(now)
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


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_imports_an_upload_while_its_page_polls(redis_worker):
    athlete = AthleteFactory()
    client = client_for(athlete.user)
    export = strava_csv_bytes(
        [
            ("1", "Oct 5, 2014, 4:15:21 PM", "Evening Run", "Run", "2712", "9.38", "9385.2"),
            ("2", "Oct 6, 2014, 7:00:00 AM", "Commute", "Ride", "1800", "12.0", "12000.0"),
            ("3", "Oct 8, 2014, 6:01:02 AM", "Hills", "Trail Run", "3600", "10.1", "10104.9"),
        ]
    )
    ran_in = []

    def note_thread(**kwargs):
        ran_in.append(threading.current_thread())

    signals.task_prerun.connect(note_thread, weak=False)
    try:
        response = client.post(
            reverse("checkins:run-import"),
            {"files": [SimpleUploadedFile("activities.csv", export)]},
        )
        polls = 0
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            polls += 1
            panel = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
            if "hx-trigger" not in panel:  # finished: the panel stops asking
                break
            time.sleep(0.1)
    finally:
        signals.task_prerun.disconnect(note_thread)

    assert response.status_code == 302
    assert ran_in and threading.main_thread() not in ran_in  # the worker ran it, not eagerly
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.DONE
    assert athlete.runs.count() == 2
    assert not job.files.filter(data__isnull=False).exists()
    assert "1 other activity skipped (1 Ride)" in panel
