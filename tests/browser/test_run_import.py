"""On a phone: the runner imports a watch file and a broken one at once, sees which worked,
corrects the imported run's kind, and finds it in the week's totals; the coach reads it."""

import datetime as dt
import re

import pytest
from playwright.sync_api import FilePayload, Page, ViewportSize, expect

from tests.athletes.factories import AthleteFactory, CoachFactory
from tests.browser.steps import log_in
from tests.checkins.activity_files import gpx_bytes

pytestmark = pytest.mark.browser
PHONE: ViewportSize = {"width": 390, "height": 844}


def test_runner_imports_files_and_the_coach_sees_the_run(
    page: Page, live_server, transactional_db, now
):
    coach = CoachFactory.create(user__email="maya@example.org")
    runner = AthleteFactory.create(coach=coach, user__email="rita@example.org", units="km")
    yesterday = now - dt.timedelta(days=1)
    base = live_server.url
    page.set_viewport_size(PHONE)

    log_in(page, base, runner.user.email)
    page.get_by_role("link", name="Runs", exact=True).click()
    page.get_by_role("link", name="Import files", exact=True).click()
    page.get_by_label("Activity files").set_input_files(
        [
            FilePayload(
                name="morning.gpx",
                mimeType="application/gpx+xml",
                buffer=gpx_bytes(start=yesterday),
            ),
            FilePayload(
                name="broken.fit", mimeType="application/octet-stream", buffer=b"not a fit"
            ),
        ]
    )
    page.get_by_role("button", name="Import").click()

    results = page.locator("#import-results")
    expect(results.locator("tr", has_text="morning.gpx")).to_contain_text("1 imported")
    expect(results.locator("tr", has_text="broken.fit")).to_contain_text("not a FIT file")

    results.get_by_role("link", name="See your runs").click()
    run = page.locator("li.run").first
    expect(run).to_contain_text("2.0 km in 10:00")
    expect(run).to_contain_text("GPX file")
    run.get_by_role("link", name="Edit").click()
    page.get_by_label("Kind").select_option("tempo")
    page.get_by_role("button", name="Save run").click()
    expect(page.locator("li.run").first).to_contain_text("Tempo")
    page.get_by_role("button", name="Log out").click()

    log_in(page, base, coach.user.email)
    page.goto(f"{base}/athletes/{runner.pk}/runs/")
    coach_view = page.locator("li.run").first
    expect(coach_view).to_contain_text("Tempo")
    expect(coach_view.get_by_role("link", name="Edit")).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile("runs$"))).to_be_visible()
