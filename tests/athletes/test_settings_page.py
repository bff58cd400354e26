import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.athletes.factories import AthleteFactory, CoachFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def runner_form(**changes) -> dict:
    data: dict[str, str | None] = {
        "account-full_name": "Rita Runner",
        "profile-time_zone": "America/Denver",
        "profile-units": "mi",
        "profile-experience": "advanced",
        "profile-date_of_birth": "1990-04-02",
        "profile-minutes_mon": "30",
        "profile-minutes_tue": "60",
        "profile-minutes_wed": "0",
        "profile-minutes_thu": "45",
        "profile-minutes_fri": "0",
        "profile-minutes_sat": "90",
        "profile-minutes_sun": "120",
        "profile-reminder_weekday": "4",
        "profile-reminder_time": "07:30",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def runner(db):
    return AthleteFactory(user__full_name="Rita Runner")


def test_new_runner_reminds_on_sunday_at_six_with_emails_on(runner):
    form = signed_in(runner.user).get(reverse("athletes:settings")).context["profile_form"]
    assert form["reminder_weekday"].value() == 6
    assert form["reminder_time"].value() == dt.time(18, 0)
    assert form["email_reminders"].value() is True


def test_settings_page_offers_every_setting(runner):
    page = signed_in(runner.user).get(reverse("athletes:settings")).content.decode()
    for label in [
        "Name",
        "Time zone",
        "Units",
        "Experience level",
        "Minutes available for training",
        "Monday",
        "Sunday",
        "Weekly review reminder",
    ]:
        assert label in page, label
    reminder = page[page.index("<legend>Weekly review reminder</legend>") :]
    reminder = reminder[: reminder.index("</fieldset>")]
    labels = re.findall(r"<label[^>]*>\s*(?:<input[^>]*>\s*)?([^<]+?)\s*<", reminder)
    assert labels == ["Day", "Time (your local time)", "Send me e-mail reminders"]
    assert 'list="time-zones"' in page
    assert 'type="time"' in page


def test_runner_saves_their_settings(runner):
    response = signed_in(runner.user).post(
        reverse("athletes:settings"),
        runner_form(**{"account-full_name": "Rita R. Runner"}),
        follow=True,
    )
    assert "Settings saved." in response.content.decode()
    runner.refresh_from_db()
    runner.user.refresh_from_db()
    assert runner.user.full_name == "Rita R. Runner"
    assert (runner.time_zone, runner.units, runner.experience) == (
        "America/Denver",
        "mi",
        "advanced",
    )
    assert runner.minutes_mon == 30
    assert runner.weekly_minutes_available == 345
    assert (runner.reminder_weekday, runner.reminder_time) == (4, dt.time(7, 30))
    assert runner.email_reminders is False  # an unticked box is "off"
    assert runner.date_of_birth == dt.date(1990, 4, 2)


def test_bad_values_are_explained_beside_their_fields_and_nothing_is_lost(runner):
    response = signed_in(runner.user).post(
        reverse("athletes:settings"),
        runner_form(
            **{
                "profile-time_zone": "Europe/Atlantis",
                "profile-minutes_sat": "700",
                "profile-minutes_sun": "-5",
                "profile-date_of_birth": "2999-01-01",
                "account-full_name": "",
                "profile-email_reminders": "on",
            }
        ),
    )
    errors = response.context["profile_form"].errors
    assert set(errors) == {"time_zone", "minutes_sat", "minutes_sun", "date_of_birth"}
    assert "Europe/Atlantis" in errors["time_zone"][0]
    assert response.context["account_form"].errors["full_name"]
    page = response.content.decode()
    assert 'value="Europe/Atlantis"' in page
    assert 'value="700"' in page
    assert 'id="id_profile-minutes_sat-error"' in page
    runner.refresh_from_db()
    assert (runner.time_zone, runner.minutes_sat) == ("Europe/London", 60)


def test_coach_sets_their_time_zone_and_digest(db):
    coach = CoachFactory()
    response = signed_in(coach.user).post(
        reverse("athletes:settings"),
        {"account-full_name": "Maya Coach", "profile-time_zone": "Asia/Tokyo"},
        follow=True,
    )
    assert "Settings saved." in response.content.decode()
    coach.refresh_from_db()
    assert (coach.time_zone, coach.email_digest) == ("Asia/Tokyo", False)
    assert "Minutes available" not in response.content.decode()


@pytest.mark.parametrize("name", ["Rita\nRunner", "Rita\r\nRunner", "Rita\tRunner", "Rita\u2028R"])
def test_a_name_is_one_line(runner, name):
    """A name goes into e-mail subjects, where a line break would stop the e-mail."""
    response = signed_in(runner.user).post(
        reverse("athletes:settings"), runner_form(**{"account-full_name": name})
    )
    assert response.status_code == 200
    assert "Write the name on one line, without tabs or line breaks." in response.content.decode()
    runner.user.refresh_from_db()
    assert runner.user.full_name == "Rita Runner"
