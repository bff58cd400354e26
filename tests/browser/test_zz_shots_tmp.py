import pytest
from tests.factories import AthleteFactory, CoachFactory, SquadFactory, BusyPeriodFactory, PASSWORD
from athletes.models import Invitation
pytestmark = pytest.mark.browser

def login(page, url, email):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

@pytest.mark.parametrize("width", [1280, 390])
def test_shots(live_server, browser, width):
    coach = CoachFactory(user__full_name="Maya Okafor", user__email="maya@example.org")
    squads = [SquadFactory(coach=coach, name=n) for n in ["Marathon group", "5K to 10K"]]
    names = ["Alex Turner", "Priya Shah", "Tom Becker", "Lucy Evans", "Sam Wilson", "Chloe Martin", "Ben Clarke", "Nadia Haddad"]
    for i, n in enumerate(names):
        AthleteFactory(coach=coach, squad=squads[i % 2] if i < 7 else None, user__full_name=n, time_zone="Europe/London" if i % 3 else "Asia/Kolkata")
    runner = AthleteFactory(user__full_name="Rita Runner", user__email="rita@example.org", coach=coach, squad=squads[0])
    BusyPeriodFactory(athlete=runner, label="Family holiday")
    Invitation.issue(coach=coach, email="newbie@example.org", squad=squads[0])
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    u = live_server.url
    page.goto(u + "/"); page.screenshot(path=f"/tmp/shots/landing-{width}.png", full_page=True)
    page.goto(u + "/accounts/login/"); page.screenshot(path=f"/tmp/shots/login-{width}.png", full_page=True)
    page.get_by_label("Email").fill("x@example.org"); page.get_by_label("Password").fill("nope"); page.get_by_role("button", name="Log in").click()
    page.screenshot(path=f"/tmp/shots/login-error-{width}.png", full_page=True)
    page.goto(u + "/accounts/signup/"); page.screenshot(path=f"/tmp/shots/signup-{width}.png", full_page=True)
    page.get_by_role("button", name="Sign up").click()
    page.screenshot(path=f"/tmp/shots/signup-errors-{width}.png", full_page=True)
    login(page, u, "maya@example.org")
    page.goto(u + "/roster/"); page.screenshot(path=f"/tmp/shots/roster-{width}.png", full_page=True)
    page.goto(u + "/squads/"); page.screenshot(path=f"/tmp/shots/squads-{width}.png", full_page=True)
    page.goto(u + "/invitations/"); page.screenshot(path=f"/tmp/shots/invitations-{width}.png", full_page=True)
    page.goto(u + f"/athletes/{runner.pk}/"); page.screenshot(path=f"/tmp/shots/athlete-{width}.png", full_page=True)
    page.goto(u + "/settings/"); page.screenshot(path=f"/tmp/shots/settings-coach-{width}.png", full_page=True)
    ctx.clear_cookies()
    login(page, u, "rita@example.org")
    page.goto(u + "/settings/"); page.screenshot(path=f"/tmp/shots/settings-{width}.png", full_page=True)
    page.goto(u + "/settings/busy/new/"); page.get_by_role("button", name="Save").click(); page.screenshot(path=f"/tmp/shots/busy-errors-{width}.png", full_page=True)
    _, token = Invitation.issue(coach=CoachFactory(user__full_name="Otto Coach"), email="rita@example.org")
    page.goto(u + f"/invite/{token}/"); page.screenshot(path=f"/tmp/shots/invite-switch-{width}.png", full_page=True)
    page.goto(u + f"/invite/bogus/"); page.screenshot(path=f"/tmp/shots/invite-bad-{width}.png", full_page=True)
    print(page.evaluate("document.documentElement.scrollWidth"))
