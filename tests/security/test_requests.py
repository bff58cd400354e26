"""Request-level attacks: open redirects through `next`, CSRF exemptions, and markup typed by
one person rendered on another person's page."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from athletes.models import Invitation
from tests.athletes.factories import PASSWORD, SquadFactory

OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    " //evil.example",
]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_stays_on_site(response) -> None:
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


@pytest.mark.parametrize("target", OFF_SITE)
def test_logging_in_never_redirects_off_the_site(cast, target):
    response = Client().post(
        "/accounts/login/",
        {"username": cast.runner.user.email, "password": PASSWORD, "next": target},
    )
    assert_stays_on_site(response)


@pytest.mark.parametrize("target", OFF_SITE)
def test_moving_an_athlete_never_redirects_off_the_site(cast, target):
    response = client_for(cast.coach.user).post(
        f"/athletes/{cast.runner.pk}/squad/", {"squad": "", "next": target}
    )
    assert_stays_on_site(response)


@pytest.mark.parametrize("target", OFF_SITE)
def test_signing_up_never_redirects_off_the_site(db, target):
    response = Client().post(
        f"/accounts/signup/?next={target}",
        {
            "role": "runner",
            "full_name": "Nia New",
            "email": "nia@example.org",
            "time_zone": "Europe/London",
            "password1": "a-long-enough-secret-1",
            "password2": "a-long-enough-secret-1",
        },
    )
    assert_stays_on_site(response)


def django_views():
    """(route, view) for every plain Django view; DRF views are checked through the API."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.callback

    return [
        (route, view)
        for route, view in walk(get_resolver().url_patterns, "")
        if not hasattr(view, "cls")
    ]


def test_only_the_one_click_unsubscribe_and_stravas_webhook_are_exempt_from_csrf():
    # Strava posts its events from its servers, with no session; an event only names an
    # activity, which the task then fetches with the runner's own token.
    exempt = sorted(route for route, view in django_views() if getattr(view, "csrf_exempt", False))
    assert exempt == ["integrations/strava/webhook/", "unsubscribe/<str:token>/"]


def test_a_form_post_without_a_csrf_token_is_refused(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.coach.user)
    response = client.post("/squads/", {"name": "Forged"})
    assert response.status_code == 403
    assert not cast.coach.squads.filter(name="Forged").exists()


def test_an_api_write_from_a_session_without_a_csrf_token_is_refused(cast):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(cast.coach.user)
    response = client.post("/api/v1/squads/", {"name": "Forged"}, format="json")
    assert response.status_code == 403
    assert not cast.coach.squads.filter(name="Forged").exists()


MARKUP = '<img src=x onerror="alert(1)">'


def test_a_coachs_name_is_not_markup_on_the_invitation_signup_page(cast):
    cast.coach.user.full_name = MARKUP
    cast.coach.user.save()
    _, token = Invitation.issue(coach=cast.coach, email="new@example.org")
    page = Client().get("/accounts/signup/", {"invite": token})
    assert page.status_code == 200
    assert MARKUP not in page.content.decode()


def test_a_squad_name_is_not_markup_on_the_athlete_page(cast):
    SquadFactory(coach=cast.coach, name=MARKUP)
    page = client_for(cast.coach.user).get(f"/athletes/{cast.runner.pk}/")
    assert MARKUP not in page.content.decode()
