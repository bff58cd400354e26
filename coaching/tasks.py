"""Celery tasks: thin wrappers over coaching services."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from coaching.attention import standings

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
    ignore_result=True,
)
def refresh_stale_standings() -> int:
    refreshed = standings.refresh_stale_standings()
    logger.info("standings refreshed: %d", refreshed)
    return refreshed
