from django.test import Client
from django.urls import reverse

from athletes.models import Athlete, Coach, User
from tests.athletes.factories import PASSWORD, AthleteFactory, CoachFactory
from tests.conftest import client_for

SIGNUP = {
    "full_name": "Nia Newbie",
    "email": "Nia@Example.org",
    "password1": "long-enough-pass-42",
    "password2": "long-enough-pass-42",
    "role": "runner",
    "time_zone": "America/Chicago",
}


def test_runner_signs_up_and_is_self_coached(db):
    client = Client()
    response = client.post(reverse("athletes:signup"), SIGNUP, follow=True)
    user = User.objects.get()
    assert user.email == "nia@example.org"
    assert user.full_name == "Nia Newbie"
    athlete = Athlete.objects.get(user=user)
    assert (athlete.coach, athlete.time_zone) == (None, "America/Chicago")
    assert not Coach.objects.exists()
    # A few questions first (tests/athletes/test_onboarding.py), then their home page.
    assert response.redirect_chain[-1][0] == reverse("athletes:onboarding")
    assert "Welcome to Runpath, Nia!" in response.content.decode()


def test_coach_signs_up_and_lands_on_an_empty_roster(db):
    response = Client().post(reverse("athletes:signup"), {**SIGNUP, "role": "coach"}, follow=True)
    coach = Coach.objects.get()
    assert coach.time_zone == "America/Chicago"
    assert not Athlete.objects.exists()
    assert response.redirect_chain[-1][0] == reverse("roster")
    assert "Invite your first runner" in response.content.decode()


def test_signup_errors_sit_beside_their_fields_and_keep_what_was_typed(db):
    AthleteFactory(user__email="nia@example.org")
    response = Client().post(
        reverse("athletes:signup"),
        {**SIGNUP, "password2": "something-else", "time_zone": "Europe/Atlantis"},
    )
    errors = response.context["form"].errors
    assert errors["email"] == [
        "An account with this e-mail already exists. Log in instead, or reset your password."
    ]
    assert "Europe/Atlantis" in errors["time_zone"][0]
    assert "password2" in errors
    page = response.content.decode()
    assert 'value="Nia Newbie"' in page
    assert 'value="Europe/Atlantis"' in page
    assert 'class="error" id="id_email-error"' in page
    assert User.objects.count() == 1


def test_signup_refuses_a_weak_password(db):
    response = Client().post(
        reverse("athletes:signup"), {**SIGNUP, "password1": "password", "password2": "password"}
    )
    assert response.context["form"].errors["password2"]
    assert not User.objects.exists()


def test_time_zone_list_is_searchable_and_complete(db):
    page = Client().get(reverse("athletes:signup")).content.decode()
    assert 'list="time-zones"' in page
    assert '<option value="America/Argentina/Buenos_Aires">' in page
    assert '<option value="Pacific/Auckland">' in page


def test_login_ignores_the_case_of_the_email(db):
    AthleteFactory(user__email="nia@example.org")
    client = Client()
    response = client.post(reverse("login"), {"username": "NIA@example.ORG", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("athletes:settings")).status_code == 200


def test_wrong_password_says_so_and_keeps_the_email(db):
    AthleteFactory(user__email="nia@example.org")
    response = Client().post(reverse("login"), {"username": "nia@example.org", "password": "no"})
    page = response.content.decode()
    assert "That e-mail and password do not match." in page
    assert "case-sensitive" not in page
    assert 'type="email" name="username"' in page
    assert 'value="nia@example.org"' in page


def test_logout_is_a_post_and_ends_the_session(db):
    client = Client()
    client.force_login(AthleteFactory().user)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert client.get(reverse("athletes:settings")).status_code == 302


def test_navigation_follows_the_role(db):
    coach_client = Client()
    coach_client.force_login(CoachFactory().user)
    coach_page = coach_client.get(reverse("athletes:squads")).content.decode()
    runner_client = Client()
    runner_client.force_login(AthleteFactory().user)
    runner_page = runner_client.get(reverse("athlete-home")).content.decode()
    assert f'href="{reverse("roster")}"' in coach_page
    assert f'href="{reverse("roster")}"' not in runner_page
    assert f'href="{reverse("athlete-home")}"' in runner_page
    assert f'href="{reverse("athlete-home")}"' not in coach_page
    assert "Log out" in coach_page and "Log out" in runner_page


def test_htmx_csrf_header_is_set_once_on_body_and_assets_are_local(cast):
    client = Client()
    client.force_login(cast.coach.user)
    page = client.get(reverse("roster")).content.decode()
    assert page.count('hx-headers=\'{"x-csrftoken"') == 1
    assert "<body hx-headers=" in page
    assert "https://" not in page and "//cdn" not in page
    assert "/static/django-htmx/htmx.min.js" in page or "/static/django_htmx/" in page


def test_signup_sends_a_signed_in_person_home_and_an_invitee_to_the_confirmation(cast):
    client = client_for(cast.runner.user)
    assert client.get(reverse("athletes:signup")).url == reverse("home")
    invitation_link = client.get(reverse("athletes:signup") + "?invite=some-token")
    assert invitation_link.url == reverse("athletes:invitation-accept", args=["some-token"])


def test_a_fresh_signup_form_offers_the_devices_time_zone_but_a_posted_one_keeps_its_value(db):
    assert "data-detect-time-zone" in Client().get(reverse("athletes:signup")).content.decode()
    refused = Client().post(reverse("athletes:signup"), {"time_zone": "Asia/Tokyo"})
    html = refused.content.decode()
    assert "data-detect-time-zone" not in html
    assert 'value="Asia/Tokyo"' in html


def test_a_mangled_invitation_link_sends_a_signed_in_person_home_with_a_message(cast):
    response = client_for(cast.runner.user).get(
        reverse("athletes:signup") + "?invite=a/b", follow=True
    )
    assert response.status_code == 200
    assert "This invitation link is not valid." in response.content.decode()
