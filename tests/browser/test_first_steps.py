"""A person's first minutes on a 390-px phone: a new runner answers a few questions and lands
on their home page; a new coach's empty roster reads as one block, not a table in pieces, and
an invitation the mail server refused is shown as such and sent again."""

import datetime as dt
import os
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from athletes import invitation_outbox, tasks
from athletes.models import Athlete
from tests.athletes.factories import CoachFactory
from tests.browser.steps import log_in
from tests.mail_servers import REFUSING, WORKING

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# Set to a folder to keep screenshots of each step (for a person to look at).
SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR", "")


def snapshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def sign_up(page: Page, base: str, *, name: str, email: str, role: str) -> None:
    page.goto(f"{base}/accounts/signup/")
    page.get_by_label(role).check()
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("a-long-demo-pass-19")
    page.get_by_label("Password confirmation").fill("a-long-demo-pass-19")
    page.get_by_role("button", name="Sign up").click()


def fits_the_screen(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def inside(inner: dict, outer: dict) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def test_a_new_coachs_empty_roster_is_one_readable_block_on_a_phone(live_server, page):
    page.set_viewport_size(PHONE)
    sign_up(page, live_server.url, name="Maya Okafor", email="maya@example.org", role="A coach")
    expect(page.get_by_role("heading", name="Who needs you this week")).to_be_visible()
    snapshot(page, "empty-roster")

    assert fits_the_screen(page)
    block = page.locator("#roster-list .empty-state")
    expect(block.get_by_role("heading", name="No athletes yet")).to_be_visible()
    box = block.bounding_box()
    assert box["width"] <= PHONE["width"]
    parts = [
        block.get_by_role("heading", name="No athletes yet"),
        block.get_by_text("Invite runners by e-mail."),
        block.get_by_role("link", name="Invite your first runner"),
    ]
    boxes = [part.bounding_box() for part in parts]
    assert all(inside(part, box) for part in boxes)
    # One under the other, each as wide as it needs: not three cells side by side.
    assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"] + 0.5
    assert boxes[1]["y"] + boxes[1]["height"] <= boxes[2]["y"] + 0.5
    sentence = boxes[1]
    assert sentence["width"] > PHONE["width"] * 0.6
    # No column headings over an empty list.
    expect(page.locator("#roster-list thead")).to_be_hidden()

    parts[2].click()
    expect(page.get_by_role("heading", name="Invitations", exact=True)).to_be_visible()


def test_a_new_runner_answers_a_few_questions_and_lands_on_their_home_page(live_server, page):
    page.set_viewport_size(PHONE)
    sign_up(page, live_server.url, name="Alex Turner", email="alex@example.org", role="A runner")
    expect(page.get_by_role("heading", name="A few things about your running")).to_be_visible()
    expect(page.get_by_text("Welcome to Runpath, Alex!")).to_be_visible()
    assert fits_the_screen(page)

    page.get_by_label("Experience level").select_option(label="Intermediate")
    page.get_by_label("Units").select_option(label="Miles")
    page.get_by_label("Monday").fill("30")
    page.get_by_label("Wednesday").fill("0")
    page.get_by_label("Sunday").fill("120")
    page.get_by_label("Day", exact=True).select_option(label="Monday")
    page.get_by_label("Time (your local time)").fill("07:30")
    snapshot(page, "onboarding")
    page.get_by_role("button", name="Save and continue").click()

    expect(page).to_have_url(re.compile(r"/home/$"))
    expect(page.get_by_text("You can change these any time in Settings.")).to_be_visible()
    assert fits_the_screen(page)
    athlete = Athlete.objects.get(user__email="alex@example.org")
    assert (athlete.experience, athlete.units) == ("intermediate", "mi")
    assert (athlete.minutes_mon, athlete.minutes_wed, athlete.minutes_sun) == (30, 0, 120)
    assert (athlete.reminder_weekday, athlete.reminder_time.strftime("%H:%M")) == (0, "07:30")

    # Asked once: coming back to the page goes straight home.
    page.goto(f"{live_server.url}/welcome/")
    expect(page).to_have_url(re.compile(r"/home/$"))


def test_a_coach_sees_an_invitation_the_mail_server_refused_and_resends_it(
    live_server, page, settings
):
    coach = CoachFactory()
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, coach.user.email)
    settings.EMAIL_BACKEND = REFUSING
    page.goto(f"{live_server.url}/invitations/")
    page.get_by_label("Runner's e-mail").fill("alex@example.org")
    page.get_by_role("button", name="Send invitation").click()

    pending = page.locator("#pending-invitations li", has_text="alex@example.org")
    expect(pending).to_contain_text("Could not send: will retry")
    assert fits_the_screen(page)
    snapshot(page, "invitation-refused")

    settings.EMAIL_BACKEND = WORKING
    # Two minutes after the refused attempt: the clock ticked through the journey so far.
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        pending.get_by_role("button", name="Resend").click()
        expect(page.get_by_text("Sending the invitation to alex@example.org again")).to_be_visible()
        expect(pending).to_contain_text(re.compile(r"Sent \d{1,2} \w{3}, \d{2}:\d{2}"))
    snapshot(page, "invitation-resent")
    assert [message.to for message in mail.outbox] == [["alex@example.org"]]


def test_the_pending_list_says_sending_until_a_worker_has_sent_it(live_server, page, monkeypatch):
    # With a real broker the e-mail waits for a worker; here, for the sweep the test runs.
    monkeypatch.setattr(tasks.send_invitation, "delay", lambda invitation_id: None)
    coach = CoachFactory()
    log_in(page, live_server.url, coach.user.email)
    page.goto(f"{live_server.url}/invitations/")
    page.get_by_label("Runner's e-mail").fill("alex@example.org")
    page.get_by_role("button", name="Send invitation").click()
    pending = page.locator("#pending-invitations li", has_text="alex@example.org")
    expect(pending).to_contain_text("Sending…")

    invitation_outbox.sweep()
    expect(pending).to_contain_text(re.compile(r"Sent \d{1,2} \w{3}, \d{2}:\d{2}"))
    assert len(mail.outbox) == 1
