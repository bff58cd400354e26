"""Strava's activities into the run log: webhook events one by one, and the backfill of the
weeks before the runner connected. Runs are saved by `checkins.imports.save_parsed_runs`, the
service every import uses (duplicates of file imports recognised, the log's cap, weekly totals
and goals brought up to date)."""

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from stravalib import Client, exc, model

from checkins import import_jobs, imports
from checkins.imports import FileImportResult
from checkins.models import ImportFile, ImportJob, Run
from checkins.parsers.common import (
    MAX_NOTES_CHARS,
    ParsedFile,
    ParsedRun,
    UnreadableFile,
    checked_run,
    skipped_activities,
)
from checkins.runs import run_delete
from checkins.signals import log_changed
from integrations.models import StravaConnection, StravaEvent
from integrations.strava.auth import (
    BACKFILL_DISCONNECTED,
    NotConnected,
    access_withdrawn,
    fresh_client,
)
from integrations.strava.client import StravaBusy, StravaUnavailable, call

logger = logging.getLogger(__name__)

# Strava's `sport_type`s that are runs (the API's names for an export's "Run", "Trail Run" and
# "Virtual Run", `checkins.parsers.strava.STRAVA_RUN_TYPES`).
RUN_SPORT_TYPES = frozenset({"Run", "TrailRun", "VirtualRun"})
# Runs a change or deletion at Strava may touch: those imported from Strava, by the API or from
# an export. A run typed in by hand has no fingerprint and is never touched.
FROM_STRAVA = (Run.Source.STRAVA, Run.Source.STRAVA_CSV)
# Activities asked for at a time by the backfill (Strava's largest page).
BACKFILL_PAGE = 200
NO_START = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
BACKFILL_STOPPED = (
    "The Strava import stopped because something went wrong on our side; we have been told. "
    "The runs listed are in your log."
)


def fingerprint(activity_id: int) -> str:
    return f"strava:{activity_id}"


def sport_type(activity: model.SummaryActivity) -> str:
    return activity.sport_type.root if activity.sport_type else ""


def parsed_run(activity: model.SummaryActivity) -> ParsedRun:
    """The run an activity is (`UnreadableFile` when its numbers cannot be a run)."""
    return checked_run(
        started_at=activity.start_date,
        distance_m=float(activity.distance or 0),
        duration_s=int(activity.elapsed_time or 0),
        source=Run.Source.STRAVA,
        fingerprint=fingerprint(activity.id or 0),
        notes=(activity.name or "").replace("\x00", "")[:MAX_NOTES_CHARS],
    )


def parsed_activities(activities: Iterable[model.SummaryActivity]) -> ParsedFile:
    """The runs among Strava's activities; the others skipped and counted."""
    runs: list[ParsedRun] = []
    others: Counter[str] = Counter()
    for activity in activities:
        kind = sport_type(activity)
        if kind not in RUN_SPORT_TYPES:
            others[kind or "unknown"] += 1
            continue
        try:
            runs.append(parsed_run(activity))
        except UnreadableFile as error:
            logger.info("Strava activity %s skipped: %s", activity.id, error)
            others[f"unreadable {kind}"] += 1
    return ParsedFile(runs=runs, skipped=skipped_activities(others))


def _synced(connection: StravaConnection) -> None:
    StravaConnection.objects.filter(pk=connection.pk).update(
        last_sync_at=timezone.now(), waiting_until=None, last_error=""
    )


def waiting(connection: StravaConnection, busy: StravaBusy) -> None:
    """Strava's budget is spent: the runner's page says until when."""
    StravaConnection.objects.filter(pk=connection.pk).update(
        waiting_until=timezone.now() + dt.timedelta(seconds=busy.retry_in)
    )


# Webhook events


def handle_event(*, event_id: int) -> str:
    """Apply one webhook event (claimed by its unique row when it arrived); what was done."""
    event = StravaEvent.objects.get(pk=event_id)
    if event.state != StravaEvent.State.QUEUED:
        return event.outcome
    connection = (
        StravaConnection.objects.connected()
        .select_related("athlete")
        .filter(strava_athlete_id=event.owner_id)
        .first()
    )
    if connection is None:
        return _event_done(event, StravaEvent.State.SKIPPED, "no runner is connected to it")
    withdrawal = event.object_type == "athlete" and (
        str(event.updates.get("authorized", "")).lower() == "false"
    )
    if event.object_type != "activity" and not withdrawal:
        return _event_done(event, StravaEvent.State.SKIPPED, f"a {event.object_type} update")
    # Anyone can post to the webhook: what an event says is checked with Strava, and only
    # Strava's answer changes the log (a deleted activity is one Strava no longer has).
    try:
        if withdrawal:
            client, budget = fresh_client(connection)
            call(budget, client.get_athlete)
            return _event_done(event, StravaEvent.State.SKIPPED, "not confirmed: still connected")
        outcome = _fetch_and_save(connection, activity_id=event.object_id)
    except NotConnected:
        return _event_done(event, StravaEvent.State.SKIPPED, "access withdrawn")
    except exc.AccessUnauthorized:
        # A fresh token refused: the runner removed Runpath on Strava's side (the athlete
        # event says so, or is still on its way).
        access_withdrawn(connection)
        return _event_done(event, StravaEvent.State.DONE, "access withdrawn")
    except StravaBusy as busy:
        waiting(connection, busy)
        raise
    _synced(connection)
    return _event_done(event, StravaEvent.State.DONE, outcome)


def _event_done(event: StravaEvent, state: str, outcome: str) -> str:
    StravaEvent.objects.filter(pk=event.pk).update(state=state, outcome=outcome[:300])
    return outcome


def _imported_run(connection: StravaConnection, activity_id: int) -> Run | None:
    return Run.objects.filter(
        athlete=connection.athlete,
        source__in=FROM_STRAVA,
        source_fingerprint=fingerprint(activity_id),
    ).first()


def _remove(connection: StravaConnection, *, activity_id: int) -> str:
    run = _imported_run(connection, activity_id)
    if run is None:
        return "nothing imported to remove"
    run_delete(run=run)
    return "run removed"


def _fetch_and_save(connection: StravaConnection, *, activity_id: int) -> str:
    client, budget = fresh_client(connection)
    try:
        activity = call(budget, client.get_activity, activity_id)
    except exc.ObjectNotFound:
        return _remove(connection, activity_id=activity_id)
    return save_activity(connection, activity)


def save_activity(connection: StravaConnection, activity: model.SummaryActivity) -> str:
    """Add, change or remove the run one activity is, as it now stands at Strava.

    A change at Strava moves the run's start, distance and duration; what the runner added in
    Runpath (kind, RPE, notes) stays. An activity that is no longer a run removes its run.
    """
    activity_id = activity.id or 0
    existing = _imported_run(connection, activity_id)
    parsed = parsed_activities([activity])
    if not parsed.runs:
        if existing is not None:
            run_delete(run=existing)
            return "run removed: no longer a run"
        StravaConnection.objects.filter(pk=connection.pk).update(
            skipped_activities=F("skipped_activities") + 1
        )
        return f"skipped: {sport_type(activity) or 'not a run'}"
    new = parsed.runs[0]
    if existing is not None:
        existing.started_at = new.started_at
        existing.distance_m = new.distance_m
        existing.duration_s = new.duration_s
        existing.save(update_fields=["started_at", "distance_m", "duration_s"])
        log_changed.send(sender=Run, athlete=connection.athlete)
        return "run updated"
    result = imports.save_parsed_runs(
        athlete=connection.athlete, name=f"Strava activity {activity_id}", parsed=parsed
    )
    if result.status == "error":
        return result.error
    return "run imported" if result.imported else "already in the log"


# Backfill


def start_backfill(connection: StravaConnection) -> ImportJob:
    """A new import job for the weeks before the connection, shown on the import job's page."""
    with transaction.atomic():
        job = ImportJob.objects.create(athlete=connection.athlete)
        StravaConnection.objects.filter(pk=connection.pk).update(
            backfill_job=job, backfill_cursor=None
        )
    connection.backfill_job = job
    return job


def backfill_window_start(job: ImportJob) -> dt.datetime:
    return job.created_at - dt.timedelta(weeks=settings.STRAVA_BACKFILL_WEEKS)


def run_backfill(*, connection_id: int) -> None:
    """Bring in the runs of the last `STRAVA_BACKFILL_WEEKS` weeks, a page of activities at a
    time, each page's runs and the point reached committed together: a retried task (Strava's
    budget spent, a worker lost) goes on from where it stopped and never imports a run twice.
    """
    connection = (
        StravaConnection.objects.select_related("athlete", "backfill_job")
        .filter(pk=connection_id)
        .first()
    )
    job = connection.backfill_job if connection else None
    if connection is None or job is None:
        return
    claimed = ImportJob.objects.filter(
        pk=job.pk, state__in=[ImportJob.State.QUEUED, ImportJob.State.RUNNING]
    ).update(state=ImportJob.State.RUNNING, started_at=Coalesce("started_at", timezone.now()))
    if not claimed:
        return
    job.refresh_from_db()
    try:
        _backfill_pages(connection, job)
    except StravaBusy as busy:
        waiting(connection, busy)
        until = timezone.localtime(
            timezone.now() + dt.timedelta(seconds=busy.retry_in), connection.athlete.zone
        )
        _progress(
            job,
            stage=f"Waiting for Strava (its limit on requests) until {until:%H:%M}; nothing is "
            "lost, the import goes on by itself.",
        )
        raise
    except StravaUnavailable:
        _progress(job, stage="Strava is not answering just now; trying again in a few minutes.")
        raise  # retried by the task, which stops the job if Strava stays away
    except (NotConnected, StravaConnection.DoesNotExist):  # withdrawn, or disconnected meanwhile
        import_jobs.job_stopped(job_id=job.pk, reason=BACKFILL_DISCONNECTED)
    except import_jobs.TRANSIENT:
        raise
    except Exception:
        logger.exception("Strava backfill %s stopped", job.pk)
        import_jobs.job_stopped(job_id=job.pk, reason=BACKFILL_STOPPED)


def backfill_given_up(*, connection_id: int) -> None:
    """The task gave up (Strava stayed away through every retry): the job page says so."""
    job_id = (
        StravaConnection.objects.filter(pk=connection_id)
        .values_list("backfill_job", flat=True)
        .first()
    )
    unfinished = [ImportJob.State.QUEUED, ImportJob.State.RUNNING]
    if job_id and ImportJob.objects.filter(pk=job_id, state__in=unfinished).exists():
        import_jobs.job_stopped(job_id=job_id, reason=BACKFILL_STOPPED)


def _progress(job: ImportJob, *, stage: str, percent: int | None = None) -> None:
    """What the job's page shows. Written in the task's own transactions: unlike a file's
    import, no page holds a transaction open for long."""
    job.progress = job.progress if percent is None else percent
    ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.RUNNING).update(
        progress=job.progress, stage=stage[: ImportJob.STAGE_LENGTH]
    )


def _backfill_pages(connection: StravaConnection, job: ImportJob) -> None:
    window_start = backfill_window_start(job)
    span = max((job.created_at - window_start).total_seconds(), 1)
    client, budget = fresh_client(connection)
    position = job.files.count()
    while True:
        connection.refresh_from_db(fields=["backfill_cursor"])
        after = connection.backfill_cursor or window_start
        _progress(job, stage="Reading your activities from Strava")
        activities = call(budget, _activities_after, client, after)
        if not activities:
            break
        activities.sort(key=_started)
        newest = _started(activities[-1])
        _save_page(connection, job, position=position, activities=activities, newest=newest)
        position += 1
        share = min((newest - window_start).total_seconds() / span, 1)
        _progress(job, stage=f"Activities up to {newest:%-d %b %Y} read", percent=int(99 * share))
        if len(activities) < BACKFILL_PAGE:
            break
    _finish(connection, job)


def _activities_after(client: Client, after: dt.datetime) -> list[model.SummaryActivity]:
    """The first page of activities started after `after`, oldest first (Strava's order for
    `after`); the iterator asks Strava as it is read, so it is read inside `call`."""
    return list(client.get_activities(after=after, limit=BACKFILL_PAGE))


def _started(activity: model.SummaryActivity) -> dt.datetime:
    """Its start; Strava always sends one (and `parsed_run` skips an activity without)."""
    return activity.start_date or NO_START


def _page_name(connection: StravaConnection, activities: list[model.SummaryActivity]) -> str:
    zone = connection.athlete.zone
    first, last = (_started(activities[i]).astimezone(zone) for i in (0, -1))
    return f"Strava: {len(activities)} activities, {first:%-d %b %Y} – {last:%-d %b %Y}"


def _save_page(
    connection: StravaConnection,
    job: ImportJob,
    *,
    position: int,
    activities: list[model.SummaryActivity],
    newest: dt.datetime,
) -> FileImportResult:
    name = _page_name(connection, activities)
    with transaction.atomic():
        result = imports.save_parsed_runs(
            athlete=connection.athlete,
            name=name,
            parsed=parsed_activities(activities),
            announce=False,
        )
        ImportFile.objects.create(
            job=job,
            position=position,
            name=name[: ImportFile.NAME_LENGTH],
            size=0,
            outcome=result.as_json(),
        )
        StravaConnection.objects.filter(pk=connection.pk).update(
            backfill_cursor=newest, last_sync_at=timezone.now(), waiting_until=None
        )
    return result


def _finish(connection: StravaConnection, job: ImportJob) -> None:
    if job.files.filter(outcome__imported__gt=0).exists():
        _progress(job, stage="Updating your weekly totals, records and goals", percent=99)
        log_changed.send(sender=Run, athlete=connection.athlete)
    _synced(connection)
    ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.RUNNING).update(
        state=ImportJob.State.DONE, progress=100, stage="", finished_at=timezone.now()
    )
