"""Celery tasks: thin wrappers over checkins services."""

import logging
from typing import Any

from celery import Task, shared_task
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from athletes.tasks import RETRY_LOST_DATABASE
from checkins import import_jobs
from checkins.models import ImportJob
from checkins.reminders import sending

logger = logging.getLogger(__name__)

LOST_DATABASE = (
    "The import stopped: Runpath lost its database while importing. Files listed as "
    "imported are in your log; upload the others again."
)
NO_WORKER = "The import could not be started just now, and nothing was imported. Try again soon."


# Only a lost database connection is worth retrying: an SMTP failure is recorded per e-mail and
# retried by the next sweeps. Retrying (or a re-delivery after a worker dies) is safe because
# the sweep claims every e-mail before sending it.
@shared_task(**RETRY_LOST_DATABASE)
def reminder_sweep() -> str:
    result = sending.sweep(now=timezone.now())
    logger.info("reminder sweep: %s", result)
    return str(result)


class StopsTheImportWhenItFails(Task):
    """A job whose task gives up (the database stayed out of reach through every retry)
    says it stopped, instead of showing "Importing" for ever."""

    def on_failure(
        self,
        exc: BaseException,
        task_id: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        einfo: object,
    ) -> None:
        job_id: int = kwargs["job_id"] if "job_id" in kwargs else args[0]
        try:
            import_jobs.job_stopped(job_id=job_id, reason=LOST_DATABASE)
        except Exception:  # the database may still be out of reach
            logger.exception("could not mark import job %s stopped", job_id)


# A retry, or a re-delivery after a worker dies mid-job, carries on with the files still
# waiting: each file's runs and outcome commit together (checkins/import_jobs.py).
@shared_task(base=StopsTheImportWhenItFails, **RETRY_LOST_DATABASE)
def import_runs(job_id: int) -> None:
    import_jobs.run_import_job(job_id=job_id)


def start_import(job: ImportJob) -> None:
    """Hand the job to a worker once it is committed (run in-process, at once, when
    REDIS_URL is unset). If the broker cannot be reached, the job says so."""

    def enqueue() -> None:
        try:
            import_runs.delay(job.pk)
        except BrokerUnreachable:
            logger.exception("could not enqueue import job %s", job.pk)
            import_jobs.job_stopped(job_id=job.pk, reason=NO_WORKER)

    transaction.on_commit(enqueue)
