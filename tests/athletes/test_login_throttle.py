import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.athletes.factories import PASSWORD, AthleteFactory

HOME = "203.0.113.7"
ELSEWHERE = "198.51.100.4"


@pytest.fixture
def runner(db):
    return AthleteFactory(user__email="nia@example.org").user


def attempt(email: str, password: str, *, address: str = HOME):
    return Client(REMOTE_ADDR=address).post(
        reverse("login"), {"username": email, "password": password}
    )


def fail_five_times(email: str, *, address: str = HOME) -> None:
    for _ in range(5):
        attempt(email, "wrong-password", address=address)


def test_four_failures_do_not_lock(runner):
    for _ in range(4):
        attempt("nia@example.org", "wrong-password")
    assert attempt("nia@example.org", PASSWORD).status_code == 302


def test_after_five_failures_even_the_right_password_is_refused_with_a_clear_message(runner):
    fail_five_times("nia@example.org")
    response = attempt("nia@example.org", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "try again in 15 minutes" in page
    assert "<strong>nia@example.org</strong>" in page
    assert "_auth_user_id" not in response.client.session


def test_changing_the_case_of_the_email_does_not_escape_the_lock(runner):
    fail_five_times("nia@example.org")
    assert attempt("NIA@Example.org", PASSWORD).status_code == 429


def test_another_email_from_the_same_address_is_not_locked(runner):
    AthleteFactory(user__email="sam@example.org")
    fail_five_times("nia@example.org")
    assert attempt("sam@example.org", PASSWORD).status_code == 302


def test_the_same_email_from_another_address_is_not_locked(runner):
    fail_five_times("nia@example.org")
    assert attempt("nia@example.org", PASSWORD, address=ELSEWHERE).status_code == 302


def test_fourteen_minutes_later_it_is_still_locked(runner):
    fail_five_times("nia@example.org")
    # From the moment the last failure was counted: the clock ticked while they were made.
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=14)):
        assert attempt("nia@example.org", PASSWORD).status_code == 429


def test_after_fifteen_minutes_the_login_works_again(runner):
    fail_five_times("nia@example.org")
    # From the moment the last failure was counted: the clock ticked while they were made.
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=15, seconds=5)):
        assert attempt("nia@example.org", PASSWORD).status_code == 302


def test_api_token_is_throttled_by_the_same_lock(runner):
    fail_five_times("nia@example.org")
    response = Client(REMOTE_ADDR=HOME).post(
        "/api/v1/auth/token/",
        {"email": "nia@example.org", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert response.json()["detail"].startswith(
        "Too many failed attempts for this e-mail. Try again in 15 minutes."
    )
    assert response["Retry-After"] == "900"
