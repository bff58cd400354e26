"""A runner sets an outcome goal, watches the SMART check move with the date, adds a habit
under it, logs runs and sees the habit's progress."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.athletes.factories import AthleteFactory
from tests.browser.steps import log_in, log_run
from tests.checkins.factories import RunFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def runner(transactional_db, now):
    athlete = AthleteFactory(user__email="gina@example.org", user__full_name="Gina Goal")
    # Four earlier weeks of 20 km: the starting point the SMART check builds from.
    this_monday = athlete.week_start(now)
    for week in range(1, 5):
        monday = dt.datetime.combine(
            this_monday - dt.timedelta(weeks=week), dt.time(7), tzinfo=athlete.zone
        )
        for day in (1, 3):
            RunFactory(
                athlete=athlete,
                started_at=monday + dt.timedelta(days=day),
                distance_m=10000,
                duration_s=3600,
            )
    return athlete


def achievable(page: Page):
    return page.locator('#smart [data-letter="achievable"] > .badge')


def test_runner_sets_a_goal_and_a_habit_and_sees_progress(page: Page, live_server, runner, today):
    base = live_server.url
    log_in(page, base, runner.user.email)
    page.get_by_role("navigation").get_by_role("link", name="Goals").click()
    page.get_by_role("link", name="New goal").click()

    # An outcome goal: 40 km a week. Four weeks away the season plan's ramp reaches 24.2 km.
    page.get_by_label("Title").fill("Run 40 km every week")
    page.get_by_label("Measured by").select_option("weekly_distance")
    page.locator("#id_target").fill("40")
    page.get_by_label("Target date").fill((today + dt.timedelta(weeks=4)).isoformat())
    expect(achievable(page)).to_have_text("fail")
    expect(page.locator("#smart")).to_contain_text("20.0 km a week grows to 24.2 km")

    # Eleven weeks away the ramp gets there.
    page.get_by_label("Target date").fill((today + dt.timedelta(weeks=11)).isoformat())
    expect(achievable(page)).to_have_text("pass")
    page.get_by_role("button", name="Save goal").click()
    expect(page.get_by_role("heading", name="Run 40 km every week")).to_be_visible()

    # A habit under it.
    page.get_by_role("link", name=re.compile("Your goals")).click()
    page.get_by_role("link", name="+ Add a habit").click()
    expect(page.get_by_label("Level")).to_have_value("process")
    page.get_by_label("Title").fill("Run three times every week")
    page.get_by_label("Kind").select_option("consistency")
    page.get_by_label("Measured by").select_option("runs_per_week")
    page.locator("#id_target").fill("3")
    page.get_by_label("Target date").fill((today + dt.timedelta(weeks=10)).isoformat())
    expect(page.locator('#smart [data-letter="relevant"] .badge')).to_have_text("pass")
    page.get_by_role("button", name="Save goal").click()
    expect(page.get_by_role("heading", name="Run three times every week")).to_be_visible()

    # Two runs logged through the run form show on the habit.
    log_run(page, base, runner, minutes_ago=90, distance="6", duration="36:00")
    log_run(page, base, runner, minutes_ago=30, distance="6", duration="36:00")
    page.get_by_role("navigation").get_by_role("link", name="Goals").click()
    habit = page.locator(".goal-process", has_text="Run three times every week")
    expect(habit.locator(".progress-text")).to_contain_text("2 of 3 this week")
    expect(habit.locator(".progress rect")).to_have_attribute("width", "67%")
