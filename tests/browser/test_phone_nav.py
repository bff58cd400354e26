"""On a 390-px phone the top bar stays tidy: brand and "Log out" on one row, the sections on
one row of their own, nothing wider than the screen."""

import pytest
from playwright.sync_api import FloatRect, Locator, Page

from tests.athletes.factories import AthleteFactory, CoachFactory
from tests.browser.steps import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def box_of(locator: Locator) -> FloatRect:
    box = locator.bounding_box()
    assert box is not None, "not on the page, or hidden"
    return box


def middle(page: Page, selector: str) -> float:
    box = box_of(page.locator(selector))
    return box["y"] + box["height"] / 2


def link_rows(page: Page) -> float:
    """How far apart the highest and lowest section links sit: a few pixels on one row."""
    tops = [box_of(link)["y"] for link in page.locator("header nav a").all()]
    return max(tops) - min(tops)


@pytest.mark.parametrize("role", ["coach", "runner"])
def test_phone_top_bar_keeps_log_out_beside_the_brand_and_sections_on_one_row(
    role, live_server, page
):
    person = CoachFactory() if role == "coach" else AthleteFactory()
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, person.user.email)

    brand = page.locator("header .brand").bounding_box()
    log_out_middle = middle(page, "header button:text('Log out')")
    assert brand["y"] <= log_out_middle <= brand["y"] + brand["height"]
    assert link_rows(page) < 5
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
