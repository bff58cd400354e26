"""A coach opens the roster: the runner whose load just spiked is at the top with the reason in
her own numbers; the coach marks it handled and she drops below the others."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from athletes.models import Athlete
from checkins.weekstats import refresh_week_stats
from tests import clock
from tests.athletes.factories import AthleteFactory, CoachFactory
from tests.browser.steps import log_in
from tests.checkins.factories import RunFactory, WeeklyReviewFactory

pytestmark = pytest.mark.browser


def steady_runner(coach, name: str, *, spike: bool) -> Athlete:
    now = clock.now()
    athlete = AthleteFactory.create(coach=coach, user__full_name=name)
    Athlete.objects.filter(pk=athlete.pk).update(created_at=now - dt.timedelta(weeks=20))
    athlete.refresh_from_db()
    for days_ago in range(35):
        # An hour of easy running every other day for five weeks; the spiker ran the same
        # distances in the last week, but twice as hard: her load spikes, her distance does not.
        if days_ago % 2:
            continue
        RunFactory(
            athlete=athlete,
            started_at=now - dt.timedelta(days=days_ago, hours=1),
            distance_m=10000,
            duration_s=3600,
            rpe=8 if spike and days_ago < 7 else 4,
        )
    last_week = athlete.week_start(now) - dt.timedelta(weeks=1)
    WeeklyReviewFactory(athlete=athlete, week_start=last_week, status="submitted")
    refresh_week_stats(athlete)
    return athlete


@pytest.fixture
def coach(transactional_db):
    coach = CoachFactory(user__email="cora@example.org", user__full_name="Cora Coach")
    steady_runner(coach, "Abe Steady", spike=False)
    steady_runner(coach, "Lena Spike", spike=True)
    return coach


def test_coach_sees_the_load_spike_first_marks_it_handled_and_it_drops(
    page: Page, live_server, coach
):
    base = live_server.url
    log_in(page, base, "cora@example.org")
    page.goto(f"{base}/roster/")
    rows = page.locator("table.roster tbody tr")
    first = rows.first
    expect(first).to_contain_text("Lena Spike")
    expect(first).to_contain_text(re.compile(r"Load spike: \d\.\d\d× rolling"))
    expect(page.locator(".summary-bar")).to_contain_text("1 load spike")

    spike_chip = first.locator(".chip", has_text="Load spike")
    spike_chip.get_by_role("button", name="Handled").click()
    # The row is swapped in place without the chip; after a reload the order follows.
    expect(page.locator(".chip", has_text="Load spike")).to_have_count(0)
    page.reload()
    expect(rows.first).to_contain_text("Abe Steady")
    expect(page.locator(".summary-bar")).not_to_contain_text("load spike")
