"""On a phone: the runner logs a run, writes the week's review (autosaved), submits it; the
coach sees it on the roster and comments; the runner finds the comment marked unread."""

import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.athletes.factories import AthleteFactory, CoachFactory
from tests.browser.steps import log_in, log_out, log_run

pytestmark = pytest.mark.browser
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def people(transactional_db):
    coach = CoachFactory(user__email="maya@example.org", user__full_name="Maya Coach")
    runner = AthleteFactory(
        coach=coach, user__email="rita@example.org", user__full_name="Rita Runner"
    )
    return coach, runner


def test_runner_reviews_the_week_and_the_coach_answers(page: Page, live_server, people):
    coach, runner = people
    base = live_server.url
    page.set_viewport_size(PHONE)

    # The runner logs a run a few minutes ago, in their own zone.
    log_in(page, base, runner.user.email)
    log_run(page, base, runner, minutes_ago=10, distance="8.5", duration="45:00")

    # This week's review opens pre-filled from the log, and saves itself while they type.
    page.goto(f"{base}/reviews/this-week/")
    expect(page.locator("#id_distance")).to_have_value("8.5")
    expect(page.locator("#id_runs_done")).to_have_value("1")
    page.get_by_text("4", exact=True).first.click()  # energy 4
    page.get_by_label("Wins").fill("Ran the whole hill without walking.")
    expect(page.locator("#review-save-state")).to_contain_text(re.compile(r"Saved \d\d:\d\d"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text("Review submitted. Thank you!")).to_be_visible()
    log_out(page)

    # The coach sees it submitted on the roster, opens it and comments without a reload.
    log_in(page, base, coach.user.email)
    page.goto(f"{base}/roster/")
    row = page.locator("tr", has_text="Rita Runner")
    expect(row.get_by_text("Submitted")).to_be_visible()
    row.get_by_role("link", name="Submitted").click()
    expect(page.get_by_text("Ran the whole hill without walking.")).to_be_visible()
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Add a comment").fill("Brilliant hill work, Rita!")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comments")).to_contain_text("Brilliant hill work, Rita!")
    assert page.evaluate("window.notReloaded") is True
    log_out(page)

    # Back on her phone, the runner finds the comment waiting, marked unread.
    log_in(page, base, runner.user.email)
    expect(page.get_by_text("1 unread comment")).to_be_visible()
    page.get_by_role("link", name=re.compile("Open the review")).click()
    comment = page.locator("#comments li", has_text="Brilliant hill work, Rita!")
    expect(comment.get_by_text("Unread")).to_be_visible()


def test_offline_autosave_retries_and_a_stale_tab_keeps_its_text(page: Page, live_server, people):
    _, runner = people
    base = live_server.url
    page.set_viewport_size(PHONE)
    log_in(page, base, runner.user.email)
    page.goto(f"{base}/reviews/this-week/")
    state = page.locator("#review-save-state")

    # The connection drops: the page says so and saves by itself once it is back.
    page.context.set_offline(True)
    page.get_by_label("Wins").fill("Typed on the train.")
    expect(state).to_contain_text("Not saved — retrying")
    page.context.set_offline(False)
    expect(state).to_contain_text(re.compile(r"Saved \d\d:\d\d"), timeout=10_000)

    # Another tab saves in the meantime; this tab's next save is refused, shows both
    # versions, and keeps what this tab typed.
    other = page.context.new_page()
    other.goto(page.url)
    other.get_by_label("Wins").fill("Typed on the laptop.")
    expect(other.locator("#review-save-state")).to_contain_text("Saved")
    other.close()
    page.get_by_label("Setbacks").fill("Sore calf.")
    expect(state).to_contain_text("changed in another tab")
    expect(state.locator("table.diff")).to_contain_text("Typed on the laptop.")
    expect(page.get_by_label("Wins")).to_have_value("Typed on the train.")
    page.get_by_role("button", name="Keep what I typed").click()
    expect(state).to_contain_text("Saved")
    page.reload()
    expect(page.get_by_label("Wins")).to_have_value("Typed on the train.")
    expect(page.get_by_label("Setbacks")).to_have_value("Sore calf.")
