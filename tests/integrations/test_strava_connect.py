"""Connecting Strava: the OAuth code flow against the stand-in, tokens encrypted and
refreshed, the scope checked, disconnecting, and the feature hidden while unconfigured."""

import datetime as dt

import pytest
import time_machine
from django.db import connection as db
from django.urls import reverse

from coaching.account import account_delete
from integrations import crypto
from integrations.models import StravaConnection
from integrations.strava import auth
from tests.conftest import client_for
from tests.integrations.conftest import connect_strava, strava_consent

pytestmark = pytest.mark.django_db


def test_without_strava_settings_the_feature_is_hidden_and_its_urls_are_404(cast, settings):
    settings.STRAVA_ENABLED = False
    client = client_for(cast.runner.user)
    page = client.get(reverse("athletes:settings")).content.decode()
    assert "Connect Strava" not in page
    assert client.get(reverse("integrations:strava-connect")).status_code == 404
    assert client.get(reverse("integrations:strava-webhook")).status_code == 404


def test_the_settings_page_offers_to_connect_strava(cast, strava):
    page = client_for(cast.runner.user).get(reverse("athletes:settings")).content.decode()
    assert "Connect Strava" in page
    coach_page = client_for(cast.coach.user).get(reverse("athletes:settings")).content.decode()
    assert "Connect Strava" not in coach_page


def test_connecting_stores_the_tokens_encrypted(cast, strava, django_capture_on_commit_callbacks):
    client = client_for(cast.runner.user)
    connection = connect_strava(client, django_capture_on_commit_callbacks)
    grant = strava.grant_for(strava.athlete_id)
    assert connection.athlete == cast.runner
    assert connection.strava_athlete_id == strava.athlete_id
    assert "activity:read_all" in connection.scopes.split(",")
    assert connection.access_token == grant.access_token
    assert connection.refresh_token == grant.refresh_token
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT access_token_encrypted || refresh_token_encrypted FROM "
            f"{StravaConnection._meta.db_table}"
        )
        stored = cursor.fetchone()[0]
    assert grant.access_token not in stored and grant.refresh_token not in stored
    page = client.get(reverse("athletes:settings")).content.decode()
    assert "Disconnect Strava" in page and "Connect Strava" not in page.replace(
        "Disconnect Strava", ""
    )


def test_a_token_key_from_settings_encrypts_instead_of_the_derived_one(settings):
    from cryptography.fernet import Fernet

    derived = crypto.encrypt("secret")
    settings.STRAVA_TOKEN_KEY = Fernet.generate_key().decode()
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(derived)
    assert crypto.decrypt(crypto.encrypt("secret")) == "secret"


def test_a_callback_whose_state_this_session_did_not_start_is_refused(cast, strava):
    back = strava_consent(client_for(cast.runner.user))
    response = client_for(cast.runner.user).get(back, follow=True)  # another session
    assert auth.STATE_MISMATCH.split(":")[0] in response.content.decode().replace("&#x27;", "'")
    assert not StravaConnection.objects.exists()


def test_without_the_activity_scope_nothing_is_connected_and_the_runner_is_told(cast, strava):
    strava.granted_scope = "read"
    client = client_for(cast.runner.user)
    response = client.get(strava_consent(client), follow=True)
    assert "activity:read_all" in response.content.decode()
    assert not StravaConnection.objects.exists()
    assert strava.count("POST", "/oauth/token") == 0


def test_a_runner_who_refuses_on_strava_is_told_nothing_was_connected(cast, strava):
    client = client_for(cast.runner.user)
    back = strava_consent(client).split("&code=")[0] + "&error=access_denied"
    response = client.get(back, follow=True)
    assert "did not allow Runpath" in response.content.decode()
    assert not StravaConnection.objects.exists()


def test_a_token_near_expiry_is_refreshed_and_the_newest_refresh_token_kept(
    cast, strava, django_capture_on_commit_callbacks
):
    connection = connect_strava(client_for(cast.runner.user), django_capture_on_commit_callbacks)
    first_refresh = connection.refresh_token
    with time_machine.travel(connection.expires_at - dt.timedelta(minutes=5), tick=False):
        client, _ = auth.fresh_client(connection)
    connection.refresh_from_db()
    grant = strava.grant_for(strava.athlete_id)
    assert strava.count("POST", "/oauth/token") == 2  # the code, then one refresh
    assert connection.refresh_token == grant.refresh_token != first_refresh
    assert client.access_token == grant.access_token == connection.access_token
    # A token good for a while yet is used as it is.
    auth.fresh_client(connection)
    assert strava.count("POST", "/oauth/token") == 2


def test_disconnect_revokes_at_strava_and_deletes_the_tokens(
    cast, strava, django_capture_on_commit_callbacks
):
    client = client_for(cast.runner.user)
    connection = connect_strava(client, django_capture_on_commit_callbacks)
    response = client.post(reverse("integrations:strava-disconnect"), follow=True)
    assert "Strava is disconnected" in response.content.decode()
    assert strava.deauthorized == [connection.access_token]
    assert strava.grant_for(strava.athlete_id) is None
    assert not StravaConnection.objects.exists()


def test_one_strava_account_connects_to_one_runpath_runner(
    cast, strava, django_capture_on_commit_callbacks
):
    connect_strava(client_for(cast.runner.user), django_capture_on_commit_callbacks)
    other = client_for(cast.other_runner.user)
    response = other.get(strava_consent(other), follow=True)
    assert "already connected to another Runpath account" in response.content.decode()
    assert StravaConnection.objects.get().athlete == cast.runner


def test_the_admin_shows_a_connection_but_never_its_tokens(
    cast, strava, django_capture_on_commit_callbacks
):
    connection = connect_strava(client_for(cast.runner.user), django_capture_on_commit_callbacks)
    page = client_for(cast.staff).get(
        reverse("admin:integrations_stravaconnection_change", args=[connection.pk])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert str(connection.strava_athlete_id) in text
    for secret in (connection.access_token, connection.refresh_token):
        assert secret not in text
    assert connection.access_token_encrypted not in text


def test_deleting_the_account_revokes_the_strava_access_first(
    cast, strava, django_capture_on_commit_callbacks
):
    connection = connect_strava(client_for(cast.runner.user), django_capture_on_commit_callbacks)
    account_delete(user=cast.runner.user)
    assert strava.deauthorized == [connection.access_token]
    assert not StravaConnection.objects.exists()
