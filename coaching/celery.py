"""The Celery app: configured from Django settings (CELERY_*), Redis as broker via REDIS_URL."""

import logging
import os
import threading
import time
from typing import TYPE_CHECKING

from celery import Celery
from celery.signals import beat_init, task_success, worker_init, worker_ready

from coaching.checks import refuse_without_secret_key

if TYPE_CHECKING:
    import redis

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coaching.settings")

app = Celery("coaching")
logger = logging.getLogger(__name__)


@worker_init.connect
@beat_init.connect
def refuse_to_work_without_a_secret_key(**kwargs: object) -> None:
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


# Reminders are only as reliable as beat: a stopped beat sends nothing and fails nothing. So the
# sweep stamps when it last finished (in Redis, which every worker on every machine shares), and
# each worker checks the stamp every few minutes and warns when it is 30 minutes old.
REMINDER_SWEEP_TASK = "checkins.tasks.reminder_sweep"
LAST_SWEEP_KEY = "runpath:reminder-sweep:finished-at"
SWEEP_OVERDUE_AFTER = 30 * 60
SWEEP_CHECK_EVERY = 5 * 60


def _redis() -> "redis.Redis":
    import redis
    from django.conf import settings

    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


@task_success.connect
def remember_reminder_sweep(sender: object = None, **kwargs: object) -> None:
    if getattr(sender, "name", None) == REMINDER_SWEEP_TASK:
        record_reminder_sweep()


def record_reminder_sweep(*, at: float | None = None) -> None:
    """Stamp the time a sweep finished; without Redis (tasks run in-process) there is no worker to
    watch, and a failure to stamp must never fail the sweep itself."""
    from django.conf import settings

    if not settings.REDIS_URL:
        return
    try:
        _redis().set(LAST_SWEEP_KEY, at if at is not None else time.time())
    except Exception:  # redis-py raises many connection errors
        logger.exception("Could not record the reminder sweep's time")


def reminder_sweep_overdue(*, watching_since: float, now: float | None = None) -> bool:
    """Warn and answer True when no sweep has finished for 30 minutes.

    `watching_since` is when this worker started: a fresh worker gives beat 30 minutes before
    it complains about a sweep that never ran.
    """
    now = time.time() if now is None else now
    raw = _redis().get(LAST_SWEEP_KEY)
    last = float(raw) if raw is not None else None
    if now - max(last or 0.0, watching_since) < SWEEP_OVERDUE_AFTER:
        return False
    if last is None:
        logger.warning(
            "No reminder sweep has run in the %d minutes since this worker started: "
            "is `celery -A coaching beat` running?",
            (now - watching_since) // 60,
        )
    else:
        logger.warning(
            "The reminder sweep last finished %d minutes ago (it runs every 15): "
            "is `celery -A coaching beat` running?",
            (now - last) // 60,
        )
    return True


@worker_ready.connect
def watch_reminder_sweep(**kwargs: object) -> None:
    started = time.time()

    def watch() -> None:
        while not stop.wait(SWEEP_CHECK_EVERY):
            try:
                reminder_sweep_overdue(watching_since=started)
            except Exception:  # the watch must outlive a Redis hiccup
                logger.exception("Could not check when the reminder sweep last ran")

    stop = threading.Event()
    threading.Thread(target=watch, name="reminder-sweep-watch", daemon=True).start()
