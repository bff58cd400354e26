"""A runner adds the A race of their season, then a B race too close to it: the warning shows
while they type, the race saves anyway, and the season timeline is built from the A race."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from races.models import Race
from tests.athletes.factories import AthleteFactory
from tests.browser.steps import log_in
from tests.checkins.factories import RunFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def runner(transactional_db, now):
    athlete = AthleteFactory(user__email="rae@example.org", user__full_name="Rae Racer")
    # Four earlier weeks of 30 km: what the season plan starts from.
    this_monday = athlete.week_start(now)
    for week in range(1, 5):
        monday = dt.datetime.combine(
            this_monday - dt.timedelta(weeks=week), dt.time(7), tzinfo=athlete.zone
        )
        for day in (1, 3, 6):
            RunFactory(
                athlete=athlete,
                started_at=monday + dt.timedelta(days=day),
                distance_m=10000,
                duration_s=3300,
            )
    return athlete


def fill_race(page: Page, *, name: str, date: dt.date, distance: str, priority: str) -> None:
    page.get_by_label("Name").fill(name)
    page.get_by_label("Distance", exact=True).select_option(label=distance)
    page.get_by_label("Priority").select_option(priority)
    page.get_by_label("Date").fill(date.isoformat())


def race_item(page: Page, name: str):
    return page.locator("li.race").filter(has=page.locator(".race-name", has_text=name))


def test_runner_adds_an_a_race_and_a_b_race_too_close_to_it(page: Page, live_server, runner, today):
    base = live_server.url
    a_race_day = today + dt.timedelta(weeks=12)
    log_in(page, base, runner.user.email)
    page.get_by_role("navigation").get_by_role("link", name="Races").click()
    expect(page.get_by_role("heading", name="Your races")).to_be_visible()

    # The A race: the season is built back from it.
    page.get_by_role("link", name="Add a race").click()
    fill_race(page, name="Spring Half", date=a_race_day, distance="Half marathon", priority="A")
    page.get_by_label("Target time").fill("1:45:00")
    expect(page.locator(".race-rules-ok")).to_contain_text("No season rule broken")
    page.get_by_role("button", name="Save race").click()
    expect(page.get_by_text("Race “Spring Half” saved.")).to_be_visible()

    # A B race two weeks before it: the warning shows while typing, before anything is saved.
    page.get_by_role("link", name="Add a race").click()
    fill_race(
        page,
        name="Tune-up 10K",
        date=a_race_day - dt.timedelta(weeks=2),
        distance="10K",
        priority="B",
    )
    warning = page.locator('#race-warnings [data-rule="b-race-timing"]')
    expect(warning).to_contain_text("2 weeks before your A race “Spring Half”")
    assert Race.objects.filter(athlete=runner).count() == 1

    # Moved to four weeks before, it is a good tune-up; back to two, the warning returns.
    page.get_by_label("Date").fill((a_race_day - dt.timedelta(weeks=4)).isoformat())
    expect(warning).to_have_count(0)
    expect(page.locator(".race-rules-ok")).to_be_visible()
    page.get_by_label("Date").fill((a_race_day - dt.timedelta(weeks=2)).isoformat())
    expect(warning).to_be_visible()

    # Warnings never block: it saves, and the list shows the race with its warning beside it.
    page.get_by_role("button", name="Save race").click()
    expect(page.get_by_text("It breaks a season rule")).to_be_visible()
    b_race = race_item(page, "Tune-up 10K")
    expect(b_race.locator('[data-rule="b-race-timing"]')).to_be_visible()
    expect(b_race.locator(".badge.priority")).to_have_text("B")
    a_race = race_item(page, "Spring Half")
    expect(a_race.locator("[data-rule]")).to_have_count(0)

    # The season, built back from the A race, as a timeline picture.
    page.get_by_role("link", name="Season plan").click()
    expect(page.get_by_role("heading", name="Your season")).to_be_visible()
    timeline = page.locator("#season-timeline svg.timeline")
    expect(timeline).to_be_visible()
    expect(timeline.locator("g.race-mark")).to_have_count(2)
