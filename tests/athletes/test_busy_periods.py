import datetime as dt

from django.test import Client
from django.urls import reverse

from athletes.models import BusyPeriod
from tests.athletes.factories import BusyPeriodFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_runner_adds_a_busy_period(cast):
    response = signed_in(cast.runner.user).post(
        reverse("athletes:busy-period-new"),
        {"label": "Family holiday", "start": "2030-08-01", "end": "2030-08-14"},
        follow=True,
    )
    period = BusyPeriod.objects.get()
    assert (period.athlete, period.start, period.end) == (
        cast.runner,
        dt.date(2030, 8, 1),
        dt.date(2030, 8, 14),
    )
    page = response.content.decode()
    assert "Busy period “Family holiday” saved." in page
    assert "1 Aug 2030 – 14 Aug 2030" in page


def test_an_end_before_the_start_is_explained_beside_the_end(cast):
    response = signed_in(cast.runner.user).post(
        reverse("athletes:busy-period-new"),
        {"label": "Work crunch", "start": "2030-08-14", "end": "2030-08-01"},
    )
    assert response.context["form"].errors == {
        "end": ["The end date must be on or after the start date."]
    }
    assert 'value="Work crunch"' in response.content.decode()
    assert not BusyPeriod.objects.exists()


def test_missing_fields_are_named(cast):
    response = signed_in(cast.runner.user).post(reverse("athletes:busy-period-new"), {"label": ""})
    assert set(response.context["form"].errors) == {"label", "start", "end"}


def test_runner_edits_their_busy_period(cast):
    period = BusyPeriodFactory(athlete=cast.runner, label="Work crunch")
    signed_in(cast.runner.user).post(
        reverse("athletes:busy-period-edit", args=[period.pk]),
        {"label": "Quarter close", "start": "2030-03-25", "end": "2030-04-02"},
    )
    period.refresh_from_db()
    assert (period.label, period.end) == ("Quarter close", dt.date(2030, 4, 2))


def test_runner_removes_their_busy_period(cast):
    period = BusyPeriodFactory(athlete=cast.runner, label="Work crunch")
    response = signed_in(cast.runner.user).post(
        reverse("athletes:busy-period-delete", args=[period.pk]), follow=True
    )
    assert "Busy period “Work crunch” removed." in response.content.decode()
    assert not BusyPeriod.objects.exists()


def test_nobody_else_can_edit_or_remove_it(cast):
    period = BusyPeriodFactory(athlete=cast.runner)
    for user in [cast.other_runner.user, cast.coach.user, cast.other_coach.user]:
        client = signed_in(user)
        edit = client.post(
            reverse("athletes:busy-period-edit", args=[period.pk]),
            {"label": "Mine now", "start": "2030-01-01", "end": "2030-01-02"},
        )
        delete = client.post(reverse("athletes:busy-period-delete", args=[period.pk]))
        assert (edit.status_code, delete.status_code) == (404, 404)
    period.refresh_from_db()
    assert period.label == "Work crunch"


def test_settings_lists_only_the_runners_own_periods(cast):
    BusyPeriodFactory(athlete=cast.runner, label="Mine")
    BusyPeriodFactory(athlete=cast.other_runner, label="Theirs")
    page = signed_in(cast.runner.user).get(reverse("athletes:settings")).content.decode()
    assert "Mine" in page and "Theirs" not in page


def test_overlapping_finds_periods_touching_a_window(cast):
    period = BusyPeriodFactory(
        athlete=cast.runner, start=dt.date(2030, 6, 10), end=dt.date(2030, 6, 20)
    )
    overlapping = BusyPeriod.objects.overlapping
    assert list(overlapping(dt.date(2030, 6, 20), dt.date(2030, 6, 30))) == [period]
    assert list(overlapping(dt.date(2030, 6, 1), dt.date(2030, 6, 10))) == [period]
    assert list(overlapping(dt.date(2030, 6, 21), dt.date(2030, 6, 30))) == []
