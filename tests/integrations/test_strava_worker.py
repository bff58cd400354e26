"""End to end with a real worker: connecting hands the backfill to it through Redis, and a
webhook event answered at once is fetched by it afterwards.

Needs Redis at REDIS_URL_FOR_TESTS (tests/checkins/test_celery_worker.py's `redis_worker`);
skipped with the reason when it does not answer.
"""

import datetime as dt
import json
import threading
import time

import pytest
from celery import signals
from django.urls import reverse

from checkins.models import ImportJob, Run
from tests.checkins.test_celery_worker import redis_worker  # noqa: F401 (a fixture)
from tests.conftest import client_for
from tests.integrations.conftest import strava_consent


def wait_for(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_brings_the_backfill_and_a_webhook_event_in(cast, strava, redis_worker, now):  # noqa: F811
    strava.add_activity(start=now - dt.timedelta(days=4), distance=8000, elapsed_time=2600)
    ran_in = []

    def note_thread(**kwargs):
        ran_in.append(threading.current_thread())

    signals.task_prerun.connect(note_thread, weak=False)
    try:
        client = client_for(cast.runner.user)
        response = client.get(strava_consent(client))
        assert response.status_code == 302
        assert wait_for(lambda: ImportJob.objects.filter(state=ImportJob.State.DONE).exists())
        fresh = strava.add_activity(
            start=now - dt.timedelta(hours=1), distance=5000, elapsed_time=1500
        )
        event = {
            "aspect_type": "create",
            "event_time": int(now.timestamp()),
            "object_id": fresh.id,
            "object_type": "activity",
            "owner_id": strava.athlete_id,
            "updates": {},
        }
        started = time.monotonic()
        answer = client.post(
            reverse("integrations:strava-webhook"),
            json.dumps(event),
            content_type="application/json",
        )
        answered_in = time.monotonic() - started
        assert answer.status_code == 200
        assert wait_for(
            lambda: Run.objects.filter(source_fingerprint=f"strava:{fresh.id}").exists()
        )
    finally:
        signals.task_prerun.disconnect(note_thread)
    assert len(ran_in) == 2 and threading.main_thread() not in ran_in  # the worker ran both
    assert answered_in < 2  # Strava's limit; the fetch happened after the answer
    assert Run.objects.filter(athlete=cast.runner).count() == 2
