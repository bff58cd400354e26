import json
import logging
import uuid

import pytest
from django.db import connection

from checkins.tasks import reminder_sweep
from coaching import celery as celery_app


def test_healthz_reports_database_and_unconfigured_broker(client, db, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "database": "ok",
        "broker": "not configured",
    }


def test_healthz_answers_503_when_the_database_is_down(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "unavailable"
    assert body["database"].startswith("error")


def test_healthz_reports_a_reachable_broker(client, db, settings, redis_url):
    settings.REDIS_URL = redis_url
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content)["broker"] == "ok"
    assert json.loads(response.content)["status"] == "ok"


def test_healthz_reports_an_unreachable_broker_but_stays_up(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["broker"].startswith("error: ")


def test_healthz_is_never_cached(client, db):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]


MINUTE = 60
NOW = 1_800_000_000.0


@pytest.fixture
def sweep_stamp(settings, redis_url, monkeypatch):
    """A Redis key of this test's own, so other tests' sweeps cannot move it."""
    settings.REDIS_URL = redis_url
    key = f"runpath:test:reminder-sweep:{uuid.uuid4()}"
    monkeypatch.setattr(celery_app, "LAST_SWEEP_KEY", key)
    yield key
    celery_app._redis().delete(key)


def test_a_worker_warns_when_no_sweep_has_run_for_30_minutes(sweep_stamp, caplog):
    caplog.set_level(logging.WARNING, logger="coaching.celery")
    started = NOW - 31 * MINUTE
    assert celery_app.reminder_sweep_overdue(watching_since=started, now=NOW) is True
    assert "No reminder sweep has run in the 31 minutes since this worker started" in caplog.text

    caplog.clear()
    celery_app.record_reminder_sweep(at=NOW - 40 * MINUTE)
    assert celery_app.reminder_sweep_overdue(watching_since=started, now=NOW) is True
    assert "The reminder sweep last finished 40 minutes ago" in caplog.text


def test_a_worker_stays_quiet_while_sweeps_run_or_beat_has_had_less_than_30_minutes(
    sweep_stamp, caplog
):
    caplog.set_level(logging.WARNING, logger="coaching.celery")
    assert celery_app.reminder_sweep_overdue(watching_since=NOW - 29 * MINUTE, now=NOW) is False
    celery_app.record_reminder_sweep(at=NOW - 14 * MINUTE)
    assert celery_app.reminder_sweep_overdue(watching_since=NOW - 90 * MINUTE, now=NOW) is False
    assert caplog.text == ""


def test_a_finished_sweep_stamps_its_time(db, sweep_stamp, now):
    assert celery_app._redis().get(sweep_stamp) is None
    reminder_sweep.apply()
    assert 0 <= float(celery_app._redis().get(sweep_stamp)) - now.timestamp() < 60
