"""Whose page is this (athletes.access): the runner's own pages, or their coach's view of them."""

import datetime as dt

import pytest

from athletes.access import is_own_page, page_url


@pytest.mark.parametrize(
    ("name", "args", "own", "coach_view"),
    [
        ("goals:goals", [], "/goals/", "/athletes/{pk}/goals/"),
        ("races:race-new", [], "/races/new/", "/athletes/{pk}/races/new/"),
        ("checkins:setbacks", [], "/setbacks/", "/athletes/{pk}/setbacks/"),
        ("season", [], "/season/", "/athletes/{pk}/season/"),
        (
            "races:week",
            [dt.date(2027, 3, 1)],
            "/week/2027-03-01/",
            "/athletes/{pk}/week/2027-03-01/",
        ),
    ],
)
def test_the_runner_reaches_their_own_page_and_the_coach_the_view_of_that_runner(
    cast, name, args, own, coach_view
):
    runner = cast.runner
    assert is_own_page(runner, runner.user)
    assert not is_own_page(runner, cast.coach.user)
    assert page_url(name, athlete=runner, user=runner.user, args=args) == own
    expected = coach_view.format(pk=runner.pk)
    assert page_url(name, athlete=runner, user=cast.coach.user, args=args) == expected
    assert page_url(name, athlete=runner, user=cast.staff, args=args) == expected
