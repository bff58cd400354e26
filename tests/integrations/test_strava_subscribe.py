"""`manage.py strava_subscribe` against the stand-in, which checks the webhook's handshake on a
live server before it subscribes, as Strava does."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from integrations.strava import webhook


def run(*args: str) -> str:
    out = StringIO()
    call_command("strava_subscribe", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_subscribe_show_and_delete(strava, live_server):
    callback = f"{live_server.url}/integrations/strava/webhook/"
    assert "No subscription." in run("--show")
    assert f"Strava sends events to {callback}" in run("--callback-url", callback)
    (subscription_id,) = strava.subscriptions
    assert run("--show").strip() == f"{subscription_id} {callback}"
    with pytest.raises(CommandError, match="delete it first"):
        run("--callback-url", callback)
    assert f"Deleted subscription {subscription_id}." in run("--delete")
    assert strava.subscriptions == {}


@pytest.mark.django_db(transaction=True)
def test_strava_does_not_subscribe_a_callback_that_fails_the_handshake(
    strava, live_server, monkeypatch
):
    monkeypatch.setattr(webhook, "challenge_answer", lambda **kwargs: None)  # the site refuses
    with pytest.raises(CommandError, match="Strava refused"):
        run("--callback-url", f"{live_server.url}/integrations/strava/webhook/")
    assert strava.subscriptions == {}


def test_without_strava_settings_the_command_says_what_to_set(settings):
    settings.STRAVA_ENABLED = False
    with pytest.raises(CommandError, match="STRAVA_CLIENT_ID"):
        run("--show")
