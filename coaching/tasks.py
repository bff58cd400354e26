"""Celery tasks: thin wrappers over coaching services."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from coaching import attention

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
    ignore_result=True,
)
def refresh_stale_standings() -> int:
    refreshed = attention.refresh_stale_standings()
    logger.info("standings refreshed: %d", refreshed)
    return refreshed
