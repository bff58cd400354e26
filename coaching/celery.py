"""The Celery app: configured from Django settings (CELERY_*), Redis as broker via REDIS_URL."""

import os

from celery import Celery
from celery.signals import beat_init, worker_init

from athletes.checks import refuse_without_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coaching.settings")

app = Celery("coaching")


@worker_init.connect
@beat_init.connect
def refuse_to_work_without_a_secret_key(**kwargs) -> None:
    # Reminder e-mails carry signed unsubscribe links: a placeholder key would make them forgeable.
    refuse_without_secret_key()


app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def broker_state() -> str:
    """ "ok", "not configured" (tasks run in-process) or the error reaching Redis."""
    from django.conf import settings

    if not settings.REDIS_URL:
        return "not configured"
    try:
        with app.connection_for_write(settings.REDIS_URL) as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:  # kombu raises many transport-specific errors
        return f"error: {error.__class__.__name__}"
    return "ok"
