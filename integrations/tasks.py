"""Celery tasks: thin wrappers over the Strava services. Strava's rate limit spent is waited
out (a retry at the next window, as often as it takes); Strava failing is retried a few times."""

import logging
from typing import Any

from celery import Task, shared_task
from celery.exceptions import Retry
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnreachable

from athletes.tasks import RETRY_LOST_DATABASE
from checkins import import_jobs
from integrations.models import StravaConnection
from integrations.strava import sync
from integrations.strava.client import StravaBusy, StravaUnavailable

logger = logging.getLogger(__name__)

STRAVA_DOWN_RETRIES = 5
STRAVA_DOWN_WAIT_S = 120


def _retry_later(task: Task, error: Exception) -> Any:
    if isinstance(error, StravaBusy):
        return task.retry(exc=error, countdown=error.retry_in, max_retries=None)
    return task.retry(exc=error, countdown=STRAVA_DOWN_WAIT_S, max_retries=STRAVA_DOWN_RETRIES)


@shared_task(bind=True, **RETRY_LOST_DATABASE)
def handle_strava_event(self: Task, event_id: int) -> str:
    try:
        return sync.handle_event(event_id=event_id)
    except (StravaBusy, StravaUnavailable) as error:
        raise _retry_later(self, error) from error


class StopsTheBackfillWhenItFails(Task):
    """A backfill whose task gives up says it stopped, instead of showing "Importing" for ever."""

    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        connection_id = kwargs.get("connection_id", args[0] if args else None)
        try:
            sync.backfill_given_up(connection_id=connection_id)
        except Exception:  # the database may be out of reach too
            logger.exception("could not mark the Strava backfill of %s stopped", connection_id)


@shared_task(bind=True, base=StopsTheBackfillWhenItFails, **RETRY_LOST_DATABASE)
def strava_backfill(self: Task, connection_id: int) -> None:
    try:
        sync.run_backfill(connection_id=connection_id)
    except (StravaBusy, StravaUnavailable) as error:
        raise _retry_later(self, error) from error


NO_WORKER = "The Strava import could not be started just now. Disconnect and connect again soon."


def start_backfill(connection: StravaConnection) -> None:
    """Hand the connection's backfill to a worker once committed; if the broker cannot be
    reached, its job page says so."""
    job_id = connection.backfill_job_id

    def enqueue() -> None:
        try:
            strava_backfill.delay(connection.pk)
        except Retry:
            # Run in-process (no REDIS_URL): the job's page says what it waits for.
            logger.warning("the Strava backfill of %s waits for Strava", connection.pk)
        except BrokerUnreachable:
            logger.exception("could not enqueue the Strava backfill of %s", connection.pk)
            if job_id is not None:
                import_jobs.job_stopped(job_id=job_id, reason=NO_WORKER)

    transaction.on_commit(enqueue)
