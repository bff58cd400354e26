"""Runs from Strava: the backfill on connecting (de-duplicated against file imports and earlier
syncs, rides skipped and counted), webhook events (handshake, idempotent deliveries, create /
update / delete touching only runs from Strava, access withdrawn), and Strava's rate limits."""

import datetime as dt
import json
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from stravalib.util.limiter import RequestRate

from checkins.models import ImportJob, Run
from integrations import tasks
from integrations.models import StravaConnection, StravaEvent
from integrations.strava import sync
from integrations.strava.client import Budget, StravaBusy, StravaUnavailable
from tests.checkins.factories import RunFactory
from tests.conftest import client_for
from tests.integrations.conftest import connect_strava, strava_consent

pytestmark = pytest.mark.django_db

WEBHOOK = "/integrations/strava/webhook/"


def days_ago(now: dt.datetime, days: float, hour: int = 7) -> dt.datetime:
    return (now - dt.timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def event(strava, activity_id: int, aspect: str, *, at: int = 1_700_000_000, **extra) -> dict:
    return {
        "aspect_type": aspect,
        "event_time": at,
        "object_id": activity_id,
        "object_type": "activity",
        "owner_id": strava.athlete_id,
        "subscription_id": 1,
        "updates": {},
        **extra,
    }


def post_event(client, payload: dict, capture_on_commit):
    with capture_on_commit(execute=True):
        return client.post(WEBHOOK, json.dumps(payload), content_type="application/json")


@pytest.fixture
def connected(cast, strava, django_capture_on_commit_callbacks) -> StravaConnection:
    return connect_strava(client_for(cast.runner.user), django_capture_on_commit_callbacks)


def test_the_backfill_brings_the_last_twelve_weeks_of_runs_and_skips_the_rest(
    cast, strava, now, django_capture_on_commit_callbacks
):
    recent = [
        strava.add_activity(start=days_ago(now, d), distance=8000 + d, elapsed_time=2400)
        for d in (1, 20, 80)
    ]
    strava.add_activity(start=days_ago(now, 90), distance=5000, elapsed_time=1800)  # 13 weeks ago
    strava.add_activity(
        start=days_ago(now, 3), distance=30000, elapsed_time=3600, sport_type="Ride"
    )
    strava.add_activity(
        start=days_ago(now, 4), distance=9000, elapsed_time=3000, sport_type="TrailRun"
    )
    client = client_for(cast.runner.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(strava_consent(client))
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("checkins:run-import-job", args=[job.pk])
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    runs = Run.objects.filter(athlete=cast.runner)
    assert sorted(run.distance_m for run in runs) == sorted([*(a.distance for a in recent), 9000])
    assert {run.source for run in runs} == {Run.Source.STRAVA}
    assert {run.source_fingerprint for run in runs} >= {f"strava:{a.id}" for a in recent}
    page = client.get(response["Location"]).content.decode()
    assert "4 imported" in page and "1 other activity skipped (1 Ride)" in page
    assert StravaConnection.objects.get().last_sync_at is not None


def test_the_backfill_skips_runs_already_imported_from_files_and_earlier_syncs(
    cast, strava, now, django_capture_on_commit_callbacks
):
    from_file = strava.add_activity(start=days_ago(now, 2), distance=10000, elapsed_time=3000)
    from_export = strava.add_activity(start=days_ago(now, 5), distance=6000, elapsed_time=2000)
    fresh = strava.add_activity(start=days_ago(now, 9), distance=7000, elapsed_time=2100)
    # The same run from a watch file: started 90 s later, 2.5 % shorter.
    RunFactory(
        athlete=cast.runner,
        started_at=from_file.start_date + dt.timedelta(seconds=90),
        distance_m=9750,
        source=Run.Source.FIT,
        source_fingerprint="f" * 64,
    )
    RunFactory(
        athlete=cast.runner,
        started_at=from_export.start_date - dt.timedelta(hours=1),  # an export's local time
        distance_m=6000,
        source=Run.Source.STRAVA_CSV,
        source_fingerprint=f"strava:{from_export.id}",
    )
    connection = connect_strava(client_for(cast.runner.user), django_capture_on_commit_callbacks)
    strava_runs = Run.objects.filter(athlete=cast.runner, source=Run.Source.STRAVA)
    assert [run.source_fingerprint for run in strava_runs] == [f"strava:{fresh.id}"]
    # Connecting again later finds everything in the log already.
    with django_capture_on_commit_callbacks(execute=True):
        sync.start_backfill(connection)
        tasks.start_backfill(connection)
    assert Run.objects.filter(athlete=cast.runner).count() == 3


def test_a_backfill_longer_than_a_page_goes_on_from_where_it_stopped_after_a_429(
    cast, strava, now, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(sync, "BACKFILL_PAGE", 5)
    for n in range(12):
        strava.add_activity(start=days_ago(now, 70 - 5 * n), distance=5000 + n, elapsed_time=1500)
    original = sync._save_page
    saved_pages = []

    def save_then_throttle(*args, **kwargs):
        result = original(*args, **kwargs)
        saved_pages.append(result)
        if len(saved_pages) == 1:
            strava.throttle_next = 1  # the next request is refused
        return result

    monkeypatch.setattr(sync, "_save_page", save_then_throttle)
    with (
        mock.patch.object(
            tasks.strava_backfill, "retry", side_effect=lambda **kw: kw["exc"]
        ) as retry,
        pytest.raises(StravaBusy) as busy,
    ):
        connect_strava(client_for(cast.runner.user), django_capture_on_commit_callbacks)
    assert 0 < busy.value.retry_in <= 15 * 60 + 1
    assert retry.call_args.kwargs["countdown"] == busy.value.retry_in
    assert retry.call_args.kwargs["max_retries"] is None  # waited out, however long it takes
    connection = StravaConnection.objects.get()
    # Still waiting at this moment, after the backfill's time on the ticking clock.
    assert connection.waiting_until > timezone.now()
    assert Run.objects.count() == 5
    job = connection.backfill_job
    job.refresh_from_db()
    assert job.state == ImportJob.State.RUNNING and "Waiting for Strava" in job.stage
    settings_page = client_for(cast.runner.user).get(reverse("athletes:settings")).content.decode()
    assert "Waiting for Strava until" in settings_page
    # The retry, in the next window:
    tasks.strava_backfill.apply(args=[connection.pk])
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert sorted(Run.objects.values_list("distance_m", flat=True)) == [5000 + n for n in range(12)]
    assert job.files.count() == 3


def test_a_budget_near_its_limit_waits_for_the_next_window(now):
    budget = Budget()
    budget({"X-RateLimit-Limit": "200,2000", "X-RateLimit-Usage": "100,500"}, "GET")
    assert budget.wait_seconds(now=now) == 0
    budget.rate = RequestRate(short_usage=195, long_usage=500, short_limit=200, long_limit=2000)
    quarter = now.replace(minute=now.minute // 15 * 15, second=0, microsecond=0) + dt.timedelta(
        minutes=15
    )
    assert budget.wait_seconds(now=now) == int((quarter - now).total_seconds())
    budget.rate = RequestRate(short_usage=10, long_usage=1990, short_limit=200, long_limit=2000)
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    assert abs(budget.wait_seconds(now=now) - (midnight - now).total_seconds()) <= 1
    with pytest.raises(StravaBusy):
        budget.check()


def test_the_webhook_handshake_echoes_the_challenge_only_for_our_verify_token(strava, client):
    ok = client.get(
        WEBHOOK,
        {
            "hub.mode": "subscribe",
            "hub.challenge": "15f7d1a9",
            "hub.verify_token": "standin-verify-token",
        },
    )
    assert ok.status_code == 200 and ok.json() == {"hub.challenge": "15f7d1a9"}
    wrong = client.get(
        WEBHOOK, {"hub.mode": "subscribe", "hub.challenge": "x", "hub.verify_token": "guess"}
    )
    assert wrong.status_code == 403


def test_a_new_run_at_strava_arrives_once_however_often_the_event_is_delivered(
    cast, strava, connected, now, client, django_capture_on_commit_callbacks
):
    activity = strava.add_activity(
        start=now - dt.timedelta(hours=1), distance=12000, elapsed_time=3900, name="Long one"
    )
    for _ in range(3):
        response = post_event(
            client, event(strava, activity.id, "create"), django_capture_on_commit_callbacks
        )
        assert response.status_code == 200
    run = Run.objects.get(athlete=cast.runner, source_fingerprint=f"strava:{activity.id}")
    assert (run.distance_m, run.duration_s, run.notes) == (12000, 3900, "Long one")
    assert StravaEvent.objects.get().state == StravaEvent.State.DONE
    assert strava.count("GET", f"/api/v3/activities/{activity.id}") == 1
    log = client_for(cast.runner.user).get(reverse("checkins:run-log")).content.decode()
    assert "Long one" in log


def test_the_webhook_answers_without_asking_strava(strava, connected, client, now):
    activity = strava.add_activity(start=days_ago(now, 1), distance=5000, elapsed_time=1500)
    with mock.patch.object(tasks.handle_strava_event, "delay") as queued:
        response = client.post(
            WEBHOOK,
            json.dumps(event(strava, activity.id, "create")),
            content_type="application/json",
        )
    assert response.status_code == 200
    queued.assert_called_once_with(StravaEvent.objects.get().pk)
    assert strava.count("GET", "/api/v3/activities/") == 0


def test_a_change_at_strava_moves_the_imported_run_but_leaves_a_hand_entered_one(
    cast, strava, connected, now, client, django_capture_on_commit_callbacks
):
    activity = strava.add_activity(start=days_ago(now, 1), distance=5000, elapsed_time=1500)
    post_event(client, event(strava, activity.id, "create"), django_capture_on_commit_callbacks)
    by_hand = RunFactory(
        athlete=cast.runner, started_at=days_ago(now, 3), distance_m=4000, notes="by hand"
    )
    activity.distance, activity.elapsed_time = 5400, 1600
    post_event(
        client,
        event(strava, activity.id, "update", at=1_700_000_100, updates={"title": "x"}),
        django_capture_on_commit_callbacks,
    )
    run = Run.objects.get(source_fingerprint=f"strava:{activity.id}")
    assert (run.distance_m, run.duration_s) == (5400, 1600)
    # Deleted at Strava: the imported run goes; an unknown id deletes nothing.
    del strava.activities[activity.id]
    post_event(
        client,
        event(strava, activity.id, "delete", at=1_700_000_200),
        django_capture_on_commit_callbacks,
    )
    post_event(
        client,
        event(strava, 424242, "delete", at=1_700_000_300),
        django_capture_on_commit_callbacks,
    )
    assert list(Run.objects.filter(athlete=cast.runner)) == [by_hand]


def test_an_activity_changed_from_a_run_to_a_ride_leaves_the_log(
    cast, strava, connected, now, client, django_capture_on_commit_callbacks
):
    activity = strava.add_activity(start=days_ago(now, 1), distance=5000, elapsed_time=1500)
    post_event(client, event(strava, activity.id, "create"), django_capture_on_commit_callbacks)
    activity.sport_type = "Ride"
    post_event(
        client,
        event(strava, activity.id, "update", at=1_700_000_500),
        django_capture_on_commit_callbacks,
    )
    assert not Run.objects.filter(athlete=cast.runner).exists()


def test_rides_from_the_webhook_are_skipped_and_counted(
    cast, strava, connected, now, client, django_capture_on_commit_callbacks
):
    ride = strava.add_activity(
        start=days_ago(now, 1), distance=40000, elapsed_time=5000, sport_type="Ride"
    )
    post_event(client, event(strava, ride.id, "create"), django_capture_on_commit_callbacks)
    assert not Run.objects.filter(athlete=cast.runner).exists()
    connected.refresh_from_db()
    assert connected.skipped_activities == 1
    page = client_for(cast.runner.user).get(reverse("athletes:settings")).content.decode()
    assert "1 other activity skipped" in page


def test_access_withdrawn_at_strava_deletes_the_tokens_and_tells_the_runner(
    cast, strava, connected, client, django_capture_on_commit_callbacks
):
    payload = {
        "aspect_type": "update",
        "event_time": 1_700_000_000,
        "object_id": strava.athlete_id,
        "object_type": "athlete",
        "owner_id": strava.athlete_id,
        "subscription_id": 1,
        "updates": {"authorized": "false"},
    }
    strava.grants.clear()  # as Strava does before it says so
    post_event(client, payload, django_capture_on_commit_callbacks)
    connected.refresh_from_db()
    assert not connected.is_connected
    assert connected.access_token_encrypted == connected.refresh_token_encrypted == ""
    page = client_for(cast.runner.user).get(reverse("athletes:settings")).content.decode()
    assert "access was removed from your Strava account" in page
    assert "Connect Strava" in page
    (message,) = mail.outbox
    assert message.to == [cast.runner.user.email]
    assert "access was removed from your Strava account" in message.body
    assert "/settings/#strava" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert "Open your settings" in message.alternatives[0][0]


def test_a_malformed_event_is_refused(strava, client):
    assert client.post(WEBHOOK, "not json", content_type="application/json").status_code == 400
    bad = {
        "object_id": "1",
        "owner_id": 1,
        "event_time": 1,
        "object_type": "activity",
        "aspect_type": "create",
    }
    assert client.post(WEBHOOK, json.dumps(bad), content_type="application/json").status_code == 400
    assert not StravaEvent.objects.exists()


def test_an_event_for_nobody_connected_is_skipped(
    strava, client, django_capture_on_commit_callbacks
):
    post_event(client, event(strava, 5, "create"), django_capture_on_commit_callbacks)
    assert StravaEvent.objects.get().state == StravaEvent.State.SKIPPED


def test_disconnecting_before_the_backfill_ran_stops_its_job(
    cast, strava, now, django_capture_on_commit_callbacks
):
    strava.add_activity(start=days_ago(now, 2), distance=5000, elapsed_time=1500)
    client = client_for(cast.runner.user)
    client.get(strava_consent(client))  # the backfill waits for the commit, which never comes
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.QUEUED
    client.post(reverse("integrations:strava-disconnect"))
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and "access to Strava was removed" in job.stage
    page = client.get(reverse("checkins:run-import-job", args=[job.pk])).content.decode()
    assert "access to Strava was removed" in page
    assert not Run.objects.exists()


def test_an_event_strava_refuses_to_show_means_the_access_was_withdrawn(
    cast, strava, connected, now, client, django_capture_on_commit_callbacks
):
    activity = strava.add_activity(start=days_ago(now, 1), distance=5000, elapsed_time=1500)
    strava.grants.clear()  # removed on Strava's side; its athlete event not sent yet
    post_event(client, event(strava, activity.id, "create"), django_capture_on_commit_callbacks)
    connected.refresh_from_db()
    assert not connected.is_connected and connected.notice
    assert StravaEvent.objects.get().outcome == "access withdrawn"
    assert not Run.objects.exists()


def test_forged_events_change_nothing_strava_does_not_confirm(
    cast, strava, connected, now, client, django_capture_on_commit_callbacks
):
    activity = strava.add_activity(start=days_ago(now, 1), distance=5000, elapsed_time=1500)
    post_event(client, event(strava, activity.id, "create"), django_capture_on_commit_callbacks)
    # Anyone can post these; Strava still has the activity and the access.
    post_event(
        client,
        event(strava, activity.id, "delete", at=1_700_000_900),
        django_capture_on_commit_callbacks,
    )
    withdrawal = {
        **event(strava, strava.athlete_id, "update", at=1_700_000_901),
        "object_type": "athlete",
        "updates": {"authorized": "false"},
    }
    post_event(client, withdrawal, django_capture_on_commit_callbacks)
    assert Run.objects.filter(source_fingerprint=f"strava:{activity.id}").exists()
    connected.refresh_from_db()
    assert connected.is_connected and not connected.notice
    assert StravaEvent.objects.filter(outcome="not confirmed: still connected").count() == 1


def test_a_backfill_strava_does_not_answer_is_retried_then_stopped_with_a_reason(
    cast, strava, now, django_capture_on_commit_callbacks
):
    strava.add_activity(start=days_ago(now, 2), distance=5000, elapsed_time=1500)
    strava.fail_next = 1
    with (
        mock.patch.object(
            tasks.strava_backfill, "retry", side_effect=lambda **kw: kw["exc"]
        ) as retry,
        pytest.raises(StravaUnavailable),
    ):
        connect_strava(client_for(cast.runner.user), django_capture_on_commit_callbacks)
    assert retry.call_args.kwargs["countdown"] == tasks.STRAVA_DOWN_WAIT_S
    assert retry.call_args.kwargs["max_retries"] == tasks.STRAVA_DOWN_RETRIES
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.RUNNING and "not answering" in job.stage
    # A retry once Strava answers again brings the run in.
    connection = StravaConnection.objects.get()
    tasks.strava_backfill.apply(args=[connection.pk])
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and Run.objects.count() == 1


def test_a_backfill_whose_task_gives_up_says_it_stopped(
    cast, strava, now, django_capture_on_commit_callbacks
):
    strava.fail_next = 1
    with (
        mock.patch.object(tasks.strava_backfill, "retry", side_effect=lambda **kw: kw["exc"]),
        pytest.raises(StravaUnavailable),
    ):
        connect_strava(client_for(cast.runner.user), django_capture_on_commit_callbacks)
    connection = StravaConnection.objects.get()
    # What Celery calls once the last retry failed.
    tasks.strava_backfill.on_failure(StravaUnavailable("503"), "id", [connection.pk], {}, None)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED and job.stage == sync.BACKFILL_STOPPED


def test_without_a_worker_a_busy_strava_leaves_the_event_queued_and_answers_strava(
    strava, connected, now, client, django_capture_on_commit_callbacks
):
    # Tasks run in-process here, as without REDIS_URL: a retry cannot wait for a later window.
    activity = strava.add_activity(start=days_ago(now, 1), distance=5000, elapsed_time=1500)
    strava.throttle_next = 1
    response = post_event(
        client, event(strava, activity.id, "create"), django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert StravaEvent.objects.get().state == StravaEvent.State.QUEUED
    connected.refresh_from_db()
    # Still waiting at this moment, after the event's time on the ticking clock.
    assert connected.waiting_until > timezone.now()
