"""What others see of a runner's Strava connection: the coach's roster and athlete page (last
sync, a stale-sync note), and the runner's `/api/v1/me/connections/`."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integrations.models import StravaConnection
from tests import clock
from tests.athletes.factories import AthleteFactory
from tests.conftest import client_for
from tests.integrations.conftest import connect_strava

pytestmark = pytest.mark.django_db

CONNECTIONS = "/api/v1/me/connections/"


def connection_of(athlete, *, last_sync_at: dt.datetime | None, number: int) -> StravaConnection:
    connection = StravaConnection(
        athlete=athlete,
        strava_athlete_id=number,
        connected_at=clock.now() - dt.timedelta(days=30),
        last_sync_at=last_sync_at,
    )
    connection.set_tokens(access_token="a", refresh_token="r", expires_at=clock.now())
    connection.save()
    return connection


def test_the_roster_shows_each_runners_last_sync_and_a_stale_note(cast, strava, now):
    connection_of(cast.runner, last_sync_at=now - dt.timedelta(days=8), number=1)
    coach = client_for(cast.coach.user)
    coach.get(reverse("roster"))  # standings computed
    page = coach.get(reverse("roster")).content.decode()
    assert "Strava: no sync for 8 days" in page
    StravaConnection.objects.filter(athlete=cast.runner).update(last_sync_at=now)
    page = coach.get(reverse("roster")).content.decode()
    assert "Strava synced just now" in page and "no sync for" not in page


def test_the_roster_reads_the_connections_with_its_rows(
    cast, strava, now, django_assert_num_queries
):
    others = [AthleteFactory(coach=cast.coach) for _ in range(5)]
    coach = client_for(cast.coach.user)
    coach.get(reverse("roster"))
    with CaptureQueriesContext(connection) as few:
        coach.get(reverse("roster"))
    without = len(few.captured_queries)
    for number, athlete in enumerate([cast.runner, *others], start=1):
        connection_of(athlete, last_sync_at=now - dt.timedelta(days=number), number=number)
    with django_assert_num_queries(without):
        page = coach.get(reverse("roster")).content.decode()
    assert page.count("strava-sync") == 6


def test_the_athlete_page_says_when_nothing_came_from_strava_for_a_week(cast, strava, now):
    connection_of(cast.runner, last_sync_at=now - dt.timedelta(days=9), number=1)
    page = client_for(cast.coach.user).get(reverse("athlete-detail", args=[cast.runner.pk]))
    text = page.content.decode()
    assert "Last Strava sync" in text and "Nothing has come from Strava for a week" in text


def test_the_api_lists_the_runners_connection_and_deletes_it(
    cast, strava, django_capture_on_commit_callbacks
):
    connect_strava(client_for(cast.runner.user), django_capture_on_commit_callbacks)
    api = client_for(cast.runner.user)
    listed = api.get(CONNECTIONS).json()
    assert len(listed) == 1
    assert listed[0]["provider"] == "strava" and listed[0]["connected"] is True
    assert listed[0]["strava_athlete_id"] == strava.athlete_id
    assert "activity:read_all" in listed[0]["scopes"]
    assert listed[0]["stale"] is False and listed[0]["last_sync_at"]
    assert client_for(cast.coach.user).get(CONNECTIONS).json() == []
    assert client_for(cast.coach.user).delete(CONNECTIONS).status_code == 404
    assert api.delete(CONNECTIONS).status_code == 204
    assert not StravaConnection.objects.exists()
    assert len(strava.deauthorized) == 1
    assert api.get(CONNECTIONS).json() == []


def test_the_connections_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert set(schema["paths"]["/api/v1/me/connections/"]) >= {"get", "delete"}
