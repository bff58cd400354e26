"""A runner connects Strava (through the stand-in of Strava's consent page), watches the last
weeks come in on the import page, records a run that Strava's webhook announces, and finds it in
their log; their coach sees the sync on the roster."""

import datetime as dt
import json
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.athletes.factories import AthleteFactory, CoachFactory
from tests.browser.steps import log_in, log_out
from tests.integrations.strava_standin import StravaStandin, running_standin

pytestmark = pytest.mark.browser


@pytest.fixture
def strava(settings) -> Iterator[StravaStandin]:
    with running_standin(settings) as standin:
        yield standin


def test_connect_backfill_webhook_and_the_run_in_the_log(
    page: Page, live_server, transactional_db, strava, settings, now
):
    settings.SITE_URL = live_server.url  # where Strava sends the runner back
    coach = CoachFactory.create(user__email="maya@example.org")
    runner = AthleteFactory.create(coach=coach, user__email="rita@example.org", units="km")
    strava.add_activity(
        start=now - dt.timedelta(days=3), distance=10_000, elapsed_time=3000, name="Hill reps"
    )
    strava.add_activity(
        start=now - dt.timedelta(days=2), distance=30_000, elapsed_time=3600, sport_type="Ride"
    )
    base = live_server.url

    log_in(page, base, runner.user.email)
    page.get_by_role("link", name="Settings", exact=True).click()
    page.get_by_role("link", name="Connect Strava").click()
    expect(page.get_by_text("Strava is connected")).to_be_visible()
    results = page.locator("#import-results")
    expect(results).to_contain_text("1 imported")
    expect(results).to_contain_text("1 other activity skipped (1 Ride)")

    # A run recorded now: Strava announces it to the webhook, the worker fetches it.
    fresh = strava.add_activity(
        start=now - dt.timedelta(minutes=50), distance=5_000, elapsed_time=1500, name="Shakeout"
    )
    event = {
        "aspect_type": "create",
        "event_time": int(now.timestamp()),
        "object_id": fresh.id,
        "object_type": "activity",
        "owner_id": strava.athlete_id,
        "subscription_id": 1,
        "updates": {},
    }
    answer = requests.post(
        f"{base}/integrations/strava/webhook/", data=json.dumps(event), timeout=5
    )
    assert answer.status_code == 200

    page.get_by_role("link", name="Runs", exact=True).click()
    expect(page.locator("li.run", has_text="Shakeout")).to_contain_text("5.0 km")
    expect(page.locator("li.run", has_text="Hill reps")).to_contain_text("10.0 km")
    log_out(page)

    log_in(page, base, coach.user.email)
    page.goto(f"{base}/roster/")
    expect(page.locator(f"#athlete-{runner.pk} .strava-sync")).to_contain_text(
        "Strava synced just now"
    )
