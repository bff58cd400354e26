"""Steps several browser journeys take, done the way a person does them."""

import datetime as dt
import re

from playwright.sync_api import Page, expect

from tests import clock
from tests.athletes.factories import PASSWORD


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name=re.compile("Log(ged)? (in|out)"))).to_be_visible()


def log_run(
    page: Page, base: str, athlete, *, minutes_ago: int, distance: str, duration: str
) -> None:
    """Log a run through the run form, started `minutes_ago` in the athlete's own zone, but
    never before this week began there: journeys count "this week", whatever the hour."""
    now = clock.now()
    week_began = dt.datetime.combine(athlete.week_start(now), dt.time.min, tzinfo=athlete.zone)
    started = max(now - dt.timedelta(minutes=minutes_ago), week_began).astimezone(athlete.zone)
    page.goto(f"{base}/runs/new/")
    page.get_by_label("Date").fill(started.date().isoformat())
    page.get_by_label("Start time").fill(started.strftime("%H:%M"))
    page.get_by_label(re.compile("^Distance")).fill(distance)
    page.get_by_label(re.compile("^Duration")).fill(duration)
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.get_by_text(re.compile("Run on .* saved"))).to_be_visible()
