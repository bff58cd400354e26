"""On a 390-px phone a runner opens this week's sessions, moves one to another day and swaps
another for a maintenance run, without the page reloading and nothing wider than the screen."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.athletes.factories import AthleteFactory
from tests.browser.steps import log_in
from tests.races.factories import RaceFactory

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}


def test_a_runner_moves_and_swaps_sessions_of_this_week_on_a_phone(
    live_server, page: Page, now, today
):
    athlete = AthleteFactory.create()
    RaceFactory(athlete=athlete, priority="A", date=today + dt.timedelta(weeks=16))
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, athlete.user.email)
    page.get_by_role("link", name="This week's sessions").click()
    expect(page.get_by_role("heading", name="Your week")).to_be_visible()
    monday = athlete.week_start(now)
    sunday = (monday + dt.timedelta(days=6)).isoformat()
    friday = (monday + dt.timedelta(days=4)).isoformat()
    # The long run is on Sunday, the day with most minutes; Friday (no minutes) is a rest day.
    long_run = page.locator(f"#day-{sunday} .session-long")
    expect(long_run).to_be_visible()
    session_id = long_run.get_attribute("id")
    long_run.get_by_label("Move to").select_option(label="Friday")
    page.evaluate("window.beforeMove = true")
    long_run.get_by_role("button", name="Move").click()
    moved = page.locator(f"#day-{friday} #{session_id}")
    expect(moved).to_be_visible()
    expect(page.get_by_text(re.compile("Long moved to Friday"))).to_be_visible()
    assert page.evaluate("window.beforeMove") is True, "the page reloaded: HTMX did not swap"
    # Sunday took Friday's rest day.
    expect(page.locator(f"#day-{sunday} .session-rest")).to_have_count(1)

    moved.get_by_role("button", name="Maintenance swap").click()
    swapped = page.locator(f"#day-{friday} #{session_id}")
    expect(swapped.locator("[data-compliance='maintenance']")).to_be_visible()
    expect(swapped.get_by_text(re.compile("Maintenance run in place of long"))).to_be_visible()
    expect(swapped.get_by_role("button", name="Maintenance swap")).to_have_count(0)
    assert page.evaluate("window.beforeMove") is True
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
