"""The Celery app: configured from Django settings (CELERY_*), Redis as broker via REDIS_URL."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coaching.settings")

app = Celery("coaching")
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
