"""`safe_next`: the page a form returns to is one on this site, never another one."""

import pytest
from django.test import RequestFactory

from athletes.http import safe_next


@pytest.mark.parametrize("target", ["/runs/", "/setbacks/?week=2027-03-01#comeback"])
def test_a_page_of_this_site_is_returned_to_from_the_query_or_the_form(target):
    factory = RequestFactory()
    assert safe_next(factory.get("/setbacks/new/", {"next": target})) == target
    assert safe_next(factory.post("/setbacks/new/", {"next": target})) == target


def test_the_posted_next_wins_over_the_one_in_the_address():
    request = RequestFactory().post("/setbacks/new/?next=/runs/", {"next": "/goals/"})
    assert safe_next(request) == "/goals/"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/runs/",
        "javascript:alert(1)",
        "http:///evil.example",
    ],
)
def test_a_page_elsewhere_is_not_returned_to(target):
    assert safe_next(RequestFactory().get("/setbacks/new/", {"next": target})) == ""


def test_no_next_returns_nothing():
    assert safe_next(RequestFactory().get("/setbacks/new/")) == ""


def test_over_https_a_plain_http_address_of_this_site_is_refused():
    request = RequestFactory().get(
        "/setbacks/new/", {"next": "http://testserver/runs/"}, secure=True
    )
    assert safe_next(request) == ""
    request = RequestFactory().get(
        "/setbacks/new/", {"next": "https://testserver/runs/"}, secure=True
    )
    assert safe_next(request) == "https://testserver/runs/"
