"""Celery tasks: thin wrappers over coaching services."""

import logging

from celery import shared_task

from athletes.tasks import RETRY_LOST_DATABASE
from coaching.attention import standings

logger = logging.getLogger(__name__)


@shared_task(**RETRY_LOST_DATABASE)
def refresh_stale_standings() -> int:
    refreshed = standings.refresh_stale_standings()
    logger.info("standings refreshed: %d", refreshed)
    return refreshed
