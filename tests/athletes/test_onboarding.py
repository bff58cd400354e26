"""After signing up, a runner is asked for experience, units, weekly availability and reminder
time once (they may skip), instead of silently getting defaults; a coach is not asked."""

import datetime as dt
import importlib

from django.apps import apps
from django.test import Client
from django.urls import reverse

from athletes.models import Athlete, Invitation
from tests.athletes.factories import AthleteFactory
from tests.conftest import client_for

SIGNUP = {
    "full_name": "Nia Newbie",
    "email": "nia@example.org",
    "password1": "long-enough-pass-42",
    "password2": "long-enough-pass-42",
    "role": "runner",
    "time_zone": "Europe/Paris",
}
ANSWERS = {
    "experience": "intermediate",
    "units": "mi",
    "minutes_mon": 30,
    "minutes_tue": 60,
    "minutes_wed": 0,
    "minutes_thu": 60,
    "minutes_fri": 0,
    "minutes_sat": 90,
    "minutes_sun": 120,
    "reminder_weekday": 0,
    "reminder_time": "07:30",
    "email_reminders": "on",
}


def defaults() -> dict:
    untouched = Athlete()
    return {field: getattr(untouched, field) for field in ANSWERS}


def signed_up(data=SIGNUP, url=None) -> tuple[Client, object]:
    client = Client()
    response = client.post(url or reverse("athletes:signup"), data, follow=True)
    return client, response


def test_a_new_runner_is_asked_about_their_running_after_signing_up(db):
    _, response = signed_up()
    assert response.redirect_chain[-1][0] == reverse("athletes:onboarding")
    page = response.content.decode()
    assert "A few things about your running" in page
    for field in ANSWERS:
        assert f'name="{field}"' in page
    assert 'name="time_zone"' not in page  # asked on the sign-up form already
    assert "Skip for now" in page


def test_the_answers_are_saved_and_the_runner_lands_on_their_home_page(db):
    client, _ = signed_up()
    response = client.post(reverse("athletes:onboarding"), ANSWERS, follow=True)
    assert response.redirect_chain[-1][0] == reverse("athlete-home")
    assert "You can change these any time in Settings." in response.content.decode()
    athlete = Athlete.objects.get(user__email="nia@example.org")
    assert (athlete.experience, athlete.units) == ("intermediate", "mi")
    assert [getattr(athlete, field) for field in Athlete.AVAILABILITY_FIELDS] == [
        30,
        60,
        0,
        60,
        0,
        90,
        120,
    ]
    assert (athlete.reminder_weekday, athlete.reminder_time) == (0, dt.time(7, 30))
    assert athlete.time_zone == "Europe/Paris"
    assert athlete.onboarded_at is not None


def test_answers_out_of_range_are_refused_beside_the_field_and_kept(db):
    client, _ = signed_up()
    response = client.post(reverse("athletes:onboarding"), {**ANSWERS, "minutes_sat": 700})
    assert response.status_code == 200
    # The settings page's own validation, not a second copy of it.
    assert response.context["form"].errors == {
        "minutes_sat": ["Ensure this value is less than or equal to 600."]
    }
    page = response.content.decode()
    assert 'value="700"' in page and 'value="07:30"' in page
    athlete = Athlete.objects.get(user__email="nia@example.org")
    assert athlete.onboarded_at is None
    assert athlete.minutes_sat == 60


def test_skipping_keeps_the_defaults_and_goes_home(db):
    client, _ = signed_up()
    response = client.post(reverse("athletes:onboarding-skip"), ANSWERS, follow=True)
    assert response.redirect_chain[-1][0] == reverse("athlete-home")
    athlete = Athlete.objects.get(user__email="nia@example.org")
    assert {field: getattr(athlete, field) for field in defaults()} == defaults()
    assert athlete.onboarded_at is not None


def test_the_questions_are_asked_only_once(db):
    client, _ = signed_up()
    client.post(reverse("athletes:onboarding-skip"))
    again = client.get(reverse("athletes:onboarding"))
    assert again["Location"] == reverse("home")
    # A late second "save" (another tab) changes nothing either.
    client.post(reverse("athletes:onboarding"), ANSWERS)
    assert Athlete.objects.get(user__email="nia@example.org").units == "km"


def test_a_coach_is_not_asked(db):
    client, response = signed_up({**SIGNUP, "role": "coach"})
    assert response.redirect_chain[-1][0] == reverse("roster")
    assert client.get(reverse("athletes:onboarding")).status_code == 404
    assert client.post(reverse("athletes:onboarding-skip")).status_code == 404


def test_a_new_account_from_an_invitation_joins_then_is_asked_then_goes_home(cast):
    _, token = Invitation.issue(coach=cast.coach, email="nia@example.org")
    client, response = signed_up(url=f"{reverse('athletes:signup')}?invite={token}")
    assert response.redirect_chain[-1][0] == reverse("athletes:onboarding")
    assert "You now train with Maya Coach." in response.content.decode()
    assert Athlete.objects.get(user__email="nia@example.org").coach == cast.coach
    home = client.post(reverse("athletes:onboarding"), ANSWERS, follow=True)
    assert home.redirect_chain[-1][0] == reverse("athlete-home")


def test_the_way_on_never_leaves_the_site(db):
    client, _ = signed_up()
    response = client.post(
        reverse("athletes:onboarding"), {**ANSWERS, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_runners_who_signed_up_before_the_questions_are_not_asked_them(db):
    earlier = AthleteFactory()
    Athlete.objects.filter(pk=earlier.pk).update(onboarded_at=None)
    migration = importlib.import_module("athletes.migrations.0003_invitation_outbox")
    migration.backfill(apps, schema_editor=None)
    earlier.refresh_from_db()
    assert earlier.onboarded_at == earlier.created_at
    assert client_for(earlier.user).get(reverse("athletes:onboarding"))["Location"] == reverse(
        "home"
    )
