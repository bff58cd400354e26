import datetime as dt
from typing import Self

from django.db import models

from athletes.models import Athlete, AthleteOwnedQuerySet
from checkins.models import ImportJob
from integrations import crypto


class StravaConnectionQuerySet(AthleteOwnedQuerySet["StravaConnection"]):
    def connected(self) -> Self:
        return self.exclude(refresh_token_encrypted="")


class StravaConnection(models.Model):
    """A runner's Strava account, linked by OAuth (`integrations/strava/auth.py`).

    The tokens are stored encrypted (`integrations.crypto`); without them the row is kept only
    to tell the runner what happened (`notice`: access withdrawn at Strava).
    """

    athlete = models.OneToOneField(
        Athlete, on_delete=models.CASCADE, related_name="strava_connection"
    )
    strava_athlete_id = models.BigIntegerField(unique=True)
    scopes = models.CharField(max_length=200, blank=True)
    access_token_encrypted = models.TextField(blank=True, editable=False)
    refresh_token_encrypted = models.TextField(blank=True, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    connected_at = models.DateTimeField()
    last_sync_at = models.DateTimeField(null=True, blank=True)
    # Strava's rate limit is spent: work waits until then (the runner's page says so).
    waiting_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # What the runner must be told on their settings page (access withdrawn at Strava).
    notice = models.TextField(blank=True)
    # Activities Strava sent that are not runs (rides, swims…), skipped.
    skipped_activities = models.PositiveIntegerField(default=0)
    backfill_job = models.ForeignKey(
        ImportJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The start of the newest activity the backfill has saved: a retried backfill goes on from it.
    backfill_cursor = models.DateTimeField(null=True, blank=True)

    objects = StravaConnectionQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Strava {self.strava_athlete_id} for {self.athlete}"

    @property
    def is_connected(self) -> bool:
        return bool(self.refresh_token_encrypted)

    @property
    def access_token(self) -> str:
        return crypto.decrypt(self.access_token_encrypted)

    @property
    def refresh_token(self) -> str:
        return crypto.decrypt(self.refresh_token_encrypted)

    def set_tokens(self, *, access_token: str, refresh_token: str, expires_at: dt.datetime) -> None:
        self.access_token_encrypted = crypto.encrypt(access_token)
        self.refresh_token_encrypted = crypto.encrypt(refresh_token)
        self.expires_at = expires_at

    def forget_tokens(self) -> None:
        self.access_token_encrypted = self.refresh_token_encrypted = ""
        self.expires_at = None


class StravaEvent(models.Model):
    """One webhook event as Strava sent it. Strava delivers an event up to three times; the
    unique row is the claim that makes the second and third deliveries do nothing."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        DONE = "done", "Done"
        SKIPPED = "skipped", "Skipped"

    owner_id = models.BigIntegerField()
    object_type = models.CharField(max_length=16)
    object_id = models.BigIntegerField()
    aspect_type = models.CharField(max_length=16)
    event_time = models.BigIntegerField()
    updates = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_id", "object_type", "object_id", "aspect_type", "event_time"],
                name="one_strava_event_per_delivery",
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id} {self.aspect_type} at {self.event_time}"
