"""Celery tasks: thin wrappers over athletes services."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from athletes import invitation_outbox

logger = logging.getLogger(__name__)

# Every app's tasks retry a lost database connection, with backoff, three times, and keep no
# result: the rest (an SMTP failure, a bad file) is recorded where it happened.
RETRY_LOST_DATABASE = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "max_retries": 3,
    "ignore_result": True,
}


# Only a lost database connection is worth retrying here: an SMTP failure is recorded on the
# invitation and retried by the sweep. A retry or a re-delivery is safe because every attempt
# claims the invitation before sending.
@shared_task(**RETRY_LOST_DATABASE)
def send_invitation(invitation_id: int) -> str:
    return invitation_outbox.send(invitation_id)


@shared_task(**RETRY_LOST_DATABASE)
def send_due_invitations() -> dict[str, int]:
    outcomes = invitation_outbox.sweep()
    if outcomes:
        logger.info("invitation sweep: %s", dict(outcomes))
    return {str(outcome): count for outcome, count in outcomes.items()}
