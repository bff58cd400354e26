"""A coach signs up, makes a squad and invites a runner; the runner joins from the e-mailed
link on a phone; the coach finds them on the roster by squad and by name."""

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from athletes.models import Athlete, Coach
from tests.athletes.factories import AthleteFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def sign_up(page, *, name: str, email: str, role: str | None) -> None:
    page.get_by_label("Your name").fill(name)
    if role is not None:
        page.get_by_label(role).check()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("a-long-demo-pass-19")
    page.get_by_label("Password confirmation").fill("a-long-demo-pass-19")
    page.get_by_role("button", name="Sign up").click()


def test_coach_invites_a_runner_who_joins_and_shows_up_on_the_roster(live_server, page, browser):
    page.goto(f"{live_server.url}/accounts/signup/")
    sign_up(page, name="Maya Okafor", email="maya@example.org", role="A coach")
    expect(page.get_by_role("heading", name="Who needs you this week")).to_be_visible()

    page.get_by_role("link", name="Squads").click()
    page.get_by_label("Name").fill("Marathon group")
    page.get_by_role("button", name="Create squad").click()
    expect(page.get_by_text("Squad “Marathon group” created.")).to_be_visible()

    page.get_by_role("link", name="Invitations").click()
    page.get_by_label("Runner's e-mail").fill("alex@example.org")
    page.get_by_label("Squad").select_option(label="Marathon group")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator("#pending-invitations")).to_contain_text("alex@example.org")

    [invitation] = mail.outbox
    link = re.search(r"https?://\S+/invite/\S+/", invitation.body).group(0)
    assert link.startswith(settings.SITE_URL)
    link = live_server.url + link.removeprefix(settings.SITE_URL)

    phone = browser.new_context(viewport=PHONE)
    runner = phone.new_page()
    runner.goto(link)
    expect(runner.get_by_role("heading", name="Maya Okafor invites you to Runpath")).to_be_visible()
    runner.get_by_role("link", name="I am new: create my account").click()
    expect(runner.get_by_label("Email")).to_have_value("alex@example.org")
    sign_up(runner, name="Alex Turner", email="alex@example.org", role=None)
    expect(runner.get_by_text("You now train with Maya Okafor.")).to_be_visible()
    assert runner.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.close()

    athlete = Athlete.objects.get(user__email="alex@example.org")
    assert athlete.coach == Coach.objects.get(user__email="maya@example.org")
    AthleteFactory(coach=athlete.coach, user__full_name="Ben Clarke")

    page.get_by_role("link", name="Roster").click()
    roster = page.locator("#roster-list")
    expect(roster).to_contain_text("Alex Turner")
    expect(roster).to_contain_text("Ben Clarke")
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Squad").select_option(label="Marathon group")
    expect(roster).not_to_contain_text("Ben Clarke")
    expect(roster).to_contain_text("Alex Turner")
    expect(page).to_have_url(re.compile(rf"squad={athlete.squad_id}"))

    page.get_by_label("Squad").select_option(label="All squads")
    page.get_by_label("Search by name").press_sequentially("ben")
    expect(roster).not_to_contain_text("Alex Turner")
    expect(roster).to_contain_text("Ben Clarke")
    assert page.evaluate("window.stillTheSamePage") is True
