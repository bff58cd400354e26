"""Connecting a runner's Strava account (OAuth2 authorization code), keeping its tokens fresh,
and letting it go (at the runner's wish, or Strava's)."""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from stravalib import Client, exc

from athletes.models import Athlete
from checkins import import_jobs
from checkins.models import ImportJob
from integrations.models import StravaConnection
from integrations.strava.client import (
    Budget,
    StravaBusy,
    StravaUnavailable,
    call,
    new_client,
)

logger = logging.getLogger(__name__)

# Without reading private activities ("View data about your private activities"), runs the
# runner keeps to themself would be missing, and the webhook would name activities Runpath
# cannot read.
REQUIRED_SCOPE = "activity:read_all"
# An access token this close to expiry is refreshed before it is used (Strava's last 6 hours).
REFRESH_MARGIN = dt.timedelta(minutes=10)

SCOPE_MISSING = (
    "Strava did not give Runpath access to your activities: the box “View data about your "
    "private activities” (activity:read_all) was not ticked. Nothing was connected. Connect "
    "again and leave that box ticked."
)
DENIED = "You did not allow Runpath on Strava, so nothing was connected."
STATE_MISMATCH = (
    "That Strava sign-in did not start from this browser session, so it was not used. "
    "Press “Connect Strava” again."
)
EXCHANGE_FAILED = (
    "Strava refused the sign-in (its code may have been used already). Nothing was connected; "
    "press “Connect Strava” again."
)
UNREACHABLE = "Strava could not be reached just now. Nothing was connected; try again soon."
TAKEN = (
    "That Strava account is already connected to another Runpath account; disconnect it "
    "there first."
)
DISCONNECTED = (
    "Strava is disconnected: Runpath's access is revoked and its keys deleted. "
    "The runs already imported stay in your log."
)
DISCONNECTED_UNTOLD = (
    "Strava is disconnected here and Runpath's keys are deleted, but Strava could not be "
    "reached to revoke the access: remove Runpath under “My Apps” in Strava's settings."
)
BACKFILL_DISCONNECTED = "The Strava import stopped: Runpath's access to Strava was removed."
WITHDRAWN_NOTICE = (
    "Strava told us on {day} that Runpath's access was removed from your Strava account, so "
    "runs no longer arrive from Strava. The runs already imported stay in your log; connect "
    "again to bring new ones in."
)


class ConnectRefused(Exception):
    """The connection was not made; the message says why, in the runner's words."""


class NotConnected(Exception):
    """The runner's Strava access is gone (disconnected, or withdrawn at Strava)."""


def _expiry(expires_at: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(expires_at, tz=dt.UTC)


def connect(*, athlete: Athlete, code: str, granted_scope: str) -> StravaConnection:
    """Exchange the authorization code for tokens and store them, encrypted.

    `granted_scope` is what the runner allowed on Strava's page (Strava sends it back with the
    code): without `REQUIRED_SCOPE` the code is not even exchanged.
    """
    scopes = {scope.strip() for scope in granted_scope.split(",") if scope.strip()}
    if REQUIRED_SCOPE not in scopes:
        raise ConnectRefused(SCOPE_MISSING)
    client, budget = new_client()
    try:
        access, strava_athlete = call(
            budget,
            client.exchange_code_for_token,
            client_id=int(settings.STRAVA_CLIENT_ID),
            client_secret=settings.STRAVA_CLIENT_SECRET,
            code=code,
            return_athlete=True,
        )
    except (StravaUnavailable, StravaBusy) as error:
        raise ConnectRefused(UNREACHABLE) from error
    except exc.Fault as error:
        raise ConnectRefused(EXCHANGE_FAILED) from error
    if strava_athlete is None or strava_athlete.id is None:
        raise ConnectRefused(EXCHANGE_FAILED)
    with transaction.atomic():
        taken = StravaConnection.objects.filter(strava_athlete_id=strava_athlete.id).exclude(
            athlete=athlete
        )
        if taken.exists():
            raise ConnectRefused(TAKEN)
        connection, _ = StravaConnection.objects.update_or_create(
            athlete=athlete,
            defaults={
                "strava_athlete_id": strava_athlete.id,
                "scopes": ",".join(sorted(scopes)),
                "connected_at": timezone.now(),
                "waiting_until": None,
                "last_error": "",
                "notice": "",
                "backfill_cursor": None,
            },
        )
        connection.set_tokens(
            access_token=access["access_token"],
            refresh_token=access["refresh_token"],
            expires_at=_expiry(access["expires_at"]),
        )
        connection.save()
    return connection


def fresh_client(connection: StravaConnection) -> tuple[Client, Budget]:
    """A client with an access token that is good for a while yet, refreshed first if need be.

    Strava may hand out a new refresh token with each refresh: the newest is kept. Two workers
    refreshing at once take turns on the connection's row, and the second uses the first's.
    """
    if not connection.is_connected:
        raise NotConnected
    if not _needs_refresh(connection):
        return new_client(access_token=connection.access_token)
    with transaction.atomic():
        locked = StravaConnection.objects.select_for_update().get(pk=connection.pk)
        if not locked.is_connected:
            raise NotConnected
        if _needs_refresh(locked):
            client, budget = new_client()
            try:
                access = call(
                    budget,
                    client.refresh_access_token,
                    client_id=int(settings.STRAVA_CLIENT_ID),
                    client_secret=settings.STRAVA_CLIENT_SECRET,
                    refresh_token=locked.refresh_token,
                )
            except exc.Fault as error:
                # A refresh token Strava no longer honours: the runner removed the app.
                _withdrawn(locked)
                raise NotConnected from error
            locked.set_tokens(
                access_token=access["access_token"],
                refresh_token=access["refresh_token"],
                expires_at=_expiry(access["expires_at"]),
            )
            locked.save(
                update_fields=["access_token_encrypted", "refresh_token_encrypted", "expires_at"]
            )
    connection.refresh_from_db()
    return new_client(access_token=connection.access_token)


def _needs_refresh(connection: StravaConnection) -> bool:
    return connection.expires_at is None or connection.expires_at - timezone.now() < REFRESH_MARGIN


def disconnect(connection: StravaConnection) -> bool:
    """Revoke Runpath's access at Strava and delete the tokens; the imported runs stay.

    True when Strava was told. The tokens are deleted either way: a runner who wants out is
    not kept in because Strava was unreachable (they can remove the app on Strava's side).
    """
    told = False
    try:
        client, budget = fresh_client(connection)
        call(budget, client.deauthorize)
        told = True
    except NotConnected:
        told = True  # nothing left to revoke
    except (exc.AccessUnauthorized, exc.ObjectNotFound):
        told = True  # the access was gone already
    except (exc.Fault, StravaUnavailable, StravaBusy):
        logger.warning("could not deauthorize Strava connection %s", connection.pk)
    job_id = connection.backfill_job_id
    unfinished = [ImportJob.State.QUEUED, ImportJob.State.RUNNING]
    if job_id and ImportJob.objects.filter(pk=job_id, state__in=unfinished).exists():
        # The backfill has no connection left to go on with.
        import_jobs.job_stopped(job_id=job_id, reason=BACKFILL_DISCONNECTED)
    connection.delete()
    return told


def _withdrawn(connection: StravaConnection) -> None:
    connection.forget_tokens()
    connection.notice = WITHDRAWN_NOTICE.format(
        day=f"{timezone.localtime(timezone.now(), connection.athlete.zone):%-d %B %Y}"
    )
    connection.save(
        update_fields=["access_token_encrypted", "refresh_token_encrypted", "expires_at", "notice"]
    )


def access_withdrawn(connection: StravaConnection) -> None:
    """Strava says the runner removed Runpath's access: the tokens go, and the runner is told,
    on their settings page and by e-mail."""
    with transaction.atomic():
        locked = (
            StravaConnection.objects.select_for_update()
            .select_related("athlete__user")
            .get(pk=connection.pk)
        )
        _withdrawn(locked)
    user = locked.athlete.user
    context = {
        "name": user.get_short_name(),
        "settings_url": settings.SITE_URL + reverse("athletes:settings") + "#strava",
    }
    message = EmailMultiAlternatives(
        subject="Strava is no longer connected to Runpath",
        body=render_to_string("integrations/email/strava_withdrawn.txt", context),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("integrations/email/strava_withdrawn.html", context), "text/html"
    )
    try:
        message.send()
    except (OSError, smtplib.SMTPException):
        # The settings page says it too; a lost e-mail is not worth retrying the event for.
        logger.exception("could not tell runner %s that Strava access was withdrawn", user.pk)
