from collections.abc import Iterator

import pytest
import requests
from django.test import Client
from django.urls import reverse

from integrations.models import StravaConnection
from tests.integrations.strava_standin import StravaStandin, running_standin


@pytest.fixture
def strava(settings) -> Iterator[StravaStandin]:
    """Strava's stand-in, running, with Runpath's settings pointed at it."""
    with running_standin(settings) as standin:
        yield standin


def strava_consent(client: Client) -> str:
    """Press "Connect Strava" and allow Runpath on (the stand-in of) Strava's page: the URL
    Strava sends the runner back to, with its code, state and scopes."""
    response = client.get(reverse("integrations:strava-connect"))
    assert response.status_code == 302, response.content[:300]
    consent = requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert consent.status_code == 302, consent.text
    return consent.headers["Location"]


def connect_strava(client: Client, capture_on_commit) -> StravaConnection:
    """The whole connect: consent, callback, and the backfill its commit hands to a worker."""
    with capture_on_commit(execute=True):
        response = client.get(strava_consent(client))
    assert response.status_code == 302, response.content[:300]
    return StravaConnection.objects.get()
