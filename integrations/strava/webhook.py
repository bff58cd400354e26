"""What Strava's webhook sends: the subscription handshake, and events stored and queued.

Answering is quick by design (Strava waits 2 s): an event is one INSERT and one message to the
broker; fetching the activity is the task's work.
"""

import dataclasses
import hmac
import logging
from typing import Any

from celery.exceptions import Retry
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from integrations import tasks
from integrations.models import StravaEvent

logger = logging.getLogger(__name__)


def challenge_answer(*, mode: str, verify_token: str, challenge: str) -> str | None:
    """The challenge to echo when the handshake names our verify token; None otherwise."""
    expected = settings.STRAVA_VERIFY_TOKEN.encode()
    if (
        mode != "subscribe"
        or not challenge
        or not hmac.compare_digest(verify_token.encode(), expected)
    ):
        return None
    return challenge


class BadEvent(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class Event:
    owner_id: int
    object_type: str
    object_id: int
    aspect_type: str
    event_time: int
    updates: dict[str, Any]

    @classmethod
    def from_json(cls, data: object) -> "Event":
        if not isinstance(data, dict):
            raise BadEvent("not a JSON object")
        try:
            numbers = {key: data[key] for key in ("owner_id", "object_id", "event_time")}
            words = {key: data[key] for key in ("object_type", "aspect_type")}
        except KeyError as error:
            raise BadEvent(f"no {error.args[0]}") from None
        if not all(type(value) is int and 0 <= value < 2**63 for value in numbers.values()):
            raise BadEvent("ids and time must be whole numbers")
        if not all(isinstance(value, str) and 0 < len(value) <= 16 for value in words.values()):
            raise BadEvent("object and aspect types must be short words")
        updates = data.get("updates") or {}
        if not isinstance(updates, dict):
            raise BadEvent("updates must be an object")
        return cls(**numbers, **words, updates=updates)


class NotQueued(Exception):
    """The broker could not take the event: Strava should deliver it again."""


def receive(event: Event) -> bool:
    """Store the event and queue its task; False for a delivery seen before."""
    try:
        with transaction.atomic():
            stored = StravaEvent.objects.create(
                **dataclasses.asdict(event), received_at=timezone.now()
            )
    except IntegrityError:
        return False
    try:
        tasks.handle_strava_event.delay(stored.pk)
    except Retry:
        # Run in-process (no REDIS_URL): Strava is busy or away, and with no worker there is
        # no later; the event stays queued, logged, rather than failing Strava's request.
        logger.warning("Strava event %s left queued: Strava could not be asked", stored.pk)
    except BrokerUnreachable as error:
        # Forgotten again, so that Strava's next delivery is not taken for a duplicate.
        logger.exception("could not queue Strava event %s", stored.pk)
        stored.delete()
        raise NotQueued from error
    return True
