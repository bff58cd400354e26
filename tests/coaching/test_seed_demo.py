import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from athletes.demo import DEMO_PASSWORD, seed_invitation
from athletes.models import Athlete, BusyPeriod, Coach, Invitation, Squad, User

PROJECT_APPS = ["athletes", "checkins", "races", "goals", "coaching"]


def counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
    }


@pytest.fixture
def seeded(demo, db) -> str:
    return demo.output


def test_running_twice_changes_nothing(seeded):
    first = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == first


def test_demo_people_are_the_ones_design_md_lists(seeded):
    coach, coach2 = (
        Coach.objects.get(user__email="coach@example.com"),
        Coach.objects.get(user__email="coach2@example.com"),
    )
    assert Coach.objects.count() == 2
    runners = {
        athlete.user.email: athlete
        for athlete in Athlete.objects.select_related("coach", "squad", "user")
    }
    assert sorted(runners) == sorted(f"runner{number}@example.com" for number in range(1, 13))
    for number in range(1, 9):
        assert runners[f"runner{number}@example.com"].coach == coach
    for number in range(9, 12):
        assert runners[f"runner{number}@example.com"].coach == coach2
    assert runners["runner12@example.com"].coach is None
    first_coachs_squads = {
        runners[f"runner{number}@example.com"].squad.name for number in range(1, 9)
    }
    assert len(first_coachs_squads) == 2
    assert set(Squad.objects.filter(coach=coach).values_list("name", flat=True)) == (
        first_coachs_squads
    )
    assert BusyPeriod.objects.exists()


def test_the_demo_password_logs_everyone_in(seeded):
    for email in ["coach@example.com", "coach2@example.com", "runner1@example.com"]:
        response = Client().post(reverse("login"), {"username": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email


def test_the_command_prints_the_logins(seeded):
    assert "coach@example.com" in seeded
    assert "runner1@example.com … runner12@example.com" in seeded
    assert DEMO_PASSWORD in seeded


def test_the_demo_coach_sees_their_eight_runners(seeded):
    client = Client()
    client.force_login(User.objects.get(email="coach@example.com"))
    response = client.get(reverse("roster"))
    assert len(response.context["roster"].athletes) == 8


def test_the_first_coach_waits_on_one_invitation_and_no_mail_is_sent(demo, seeded):
    invitation = Invitation.objects.select_related("coach__user", "squad").get()
    assert (invitation.coach.user.email, invitation.email, invitation.squad.name) == (
        "coach@example.com",
        "newrunner@example.com",
        "5K to 10K",
    )
    assert invitation.status == "pending"
    # Not queued for the outbox either: the sweep would otherwise mail the demo address later.
    assert demo.mails == 0 and invitation.send_due_at is None
    client = Client()
    client.force_login(invitation.coach.user)
    assert "newrunner@example.com" in client.get(reverse("athletes:invitations")).content.decode()


def test_an_expired_demo_invitation_is_issued_again(seeded, now):
    coach = Coach.objects.get(user__email="coach@example.com")
    with time_machine.travel(now + dt.timedelta(days=8)):
        seed_invitation(coach)
        seed_invitation(coach)
        assert coach.invitations.pending().count() == 1
    assert coach.invitations.count() == 2
