"""Reminder records in the admin: filters by kind, status and week; errors and lost claims."""

import datetime as dt

import pytest
from django.urls import reverse

from checkins.models import ReminderLog
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:checkins_reminderlog_changelist")


def log(user, *, claimed_at: dt.datetime, **fields):
    defaults = {
        "week_start": dt.date(2027, 6, 7),
        "kind": ReminderLog.Kind.REVIEW_REMINDER,
        "status": ReminderLog.Status.SENT,
        "attempts": 1,
        "claimed_at": claimed_at,
    }
    return ReminderLog.objects.create(recipient=user, **{**defaults, **fields})


@pytest.fixture
def logs(cast, now):
    log(cast.runner.user, claimed_at=now, sent_at=now)
    log(
        cast.other_runner.user,
        claimed_at=now,
        status=ReminderLog.Status.FAILED,
        attempts=3,
        error="SMTPRecipientsRefused: mailbox unavailable",
    )
    log(
        cast.self_coached.user,
        status=ReminderLog.Status.CLAIMED,
        claimed_at=now - dt.timedelta(hours=2),
    )
    log(
        cast.coach.user,
        claimed_at=now,
        kind=ReminderLog.Kind.COACH_DIGEST,
        week_start=dt.date(2027, 5, 31),
    )
    return cast


def test_staff_see_errors_attempts_and_lost_claims(logs):
    page = client_for(logs.staff).get(CHANGELIST).content.decode()

    assert "SMTPRecipientsRefused: mailbox unavailable" in page
    assert "Lost: claimed but never confirmed sent" in page
    for heading in ("By kind", "By status", "By week"):
        assert heading in page
    assert "Week of 7 Jun 2027" in page


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({"kind__exact": "coach-digest"}, 1),
        ({"status__exact": "failed"}, 1),
        ({"week": "2027-06-07"}, 3),
        ({"week": "2027-05-31", "kind__exact": "review-reminder"}, 0),
    ],
)
def test_filters_narrow_the_list(logs, query, count):
    response = client_for(logs.staff).get(CHANGELIST, query)

    assert response.context["cl"].result_count == count


def test_runners_and_coaches_cannot_open_the_reminder_admin(logs):
    for user in (logs.runner.user, logs.coach.user):
        assert client_for(user).get(CHANGELIST).status_code == 302
