"""Celery tasks: thin wrappers over checkins services."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from checkins import reminders

logger = logging.getLogger(__name__)


# Only a lost database connection is worth retrying: an SMTP failure is recorded per e-mail and
# retried by the next sweeps. Retrying (or a re-delivery after a worker dies) is safe because
# the sweep claims every e-mail before sending it.
@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
    ignore_result=True,
)
def reminder_sweep() -> str:
    result = reminders.sweep(now=timezone.now())
    logger.info("reminder sweep: %s", result)
    return str(result)
