"""The coach's Monday digest: at 08:00 their time, only when there is something to say."""

import datetime as dt

import pytest
from django.core import mail

from checkins.models import ReminderLog, WeeklyReview
from tests.checkins.reminder_helpers import coach, local, runner, sent_to, sweep_at
from tests.factories import CommentFactory, WeeklyReviewFactory

pytestmark = pytest.mark.django_db

WEEK = dt.date(2027, 6, 7)
MONDAY_0800 = local("America/New_York", "2027-06-14T08:00")
QUARTER = dt.timedelta(minutes=15)
SUBMITTED = WeeklyReview.Status.SUBMITTED


@pytest.fixture
def maya():
    return coach(
        time_zone="America/New_York",
        user__full_name="Maya Coach",
        user__email="maya@example.org",
    )


def submitted(athlete, **fields):
    return WeeklyReviewFactory(athlete=athlete, status=SUBMITTED, **{"week_start": WEEK, **fields})


def digests():
    return sent_to(mail.outbox, "maya@example.org")


@pytest.fixture
def week_to_tell(maya):
    """One runner of each kind the digest reports, plus two it must not mention."""
    runner(coach=maya, user__full_name="Lena Late", email_reminders=False)
    hurt = runner(coach=maya, user__full_name="Ian Injured", email_reminders=False)
    submitted(hurt, injured=True, injury_note="Sore left Achilles after the long run")
    low = runner(coach=maya, user__full_name="Mo Lowmood", email_reminders=False)
    submitted(low, motivation=2)
    chatty = runner(coach=maya, user__full_name="Cleo Comments", email_reminders=False)
    CommentFactory(review=submitted(chatty, motivation=4), author=chatty.user)
    fine = runner(coach=maya, user__full_name="Fay Fine", email_reminders=False)
    submitted(fine, motivation=5)
    CommentFactory(review=submitted(fine, week_start=WEEK - dt.timedelta(days=7)), author=maya.user)
    runner(coach=coach(), user__full_name="Olga Otherteam", email_reminders=False)
    return maya


def test_no_digest_before_monday_0800_coach_time(week_to_tell):
    sweep_at(MONDAY_0800 - QUARTER)

    assert digests() == []


def test_digest_goes_out_at_monday_0800_coach_time(week_to_tell):
    sweep_at(MONDAY_0800)

    assert len(digests()) == 1
    log = ReminderLog.objects.get(kind=ReminderLog.Kind.COACH_DIGEST, recipient=week_to_tell.user)
    assert (log.week_start, log.status, log.athlete) == (WEEK, ReminderLog.Status.SENT, None)


def test_digest_lists_overdue_injured_low_motivation_and_unread_comments(week_to_tell):
    sweep_at(MONDAY_0800)

    message = digests()[0]
    html = message.alternatives[0][0]
    assert message.subject == "Your runners, week of 7 June"
    for body in (message.body, html):
        assert "Hello Maya" in body
        assert "Review not submitted yet (1)" in body
        assert "Lena Late" in body
        assert "Injury or illness (1)" in body
        assert "Sore left Achilles" in body
        assert "Low motivation (1)" in body
        assert "Mo Lowmood" in body
        assert "2 of 5" in body
        assert "Unread comments from runners (1)" in body
        assert "Cleo Comments" in body
        assert "Fay Fine" not in body
        assert "Olga Otherteam" not in body
        assert "http://testserver/roster/" in body
        assert "http://testserver/unsubscribe/" in body
    late = week_to_tell.athletes.get(user__full_name="Lena Late")
    assert f'href="http://testserver/athletes/{late.pk}/"' in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_digest_is_sent_once_per_week(week_to_tell):
    for quarter in range(8):
        sweep_at(MONDAY_0800 + quarter * QUARTER)

    assert len(digests()) == 1


def test_no_digest_when_there_is_nothing_to_say(maya):
    submitted(runner(coach=maya, email_reminders=False), motivation=4)

    result = sweep_at(MONDAY_0800)
    sweep_at(MONDAY_0800 + QUARTER)

    assert digests() == []
    assert (result.due, result.sent, result.skipped) == (1, 0, 1)
    log = ReminderLog.objects.get(kind=ReminderLog.Kind.COACH_DIGEST)
    assert log.status == ReminderLog.Status.SKIPPED


def test_no_digest_for_a_coach_without_runners(maya):
    sweep_at(MONDAY_0800)

    assert digests() == []


def test_no_digest_when_the_coach_turned_it_off(week_to_tell):
    week_to_tell.email_digest = False
    week_to_tell.save()

    sweep_at(MONDAY_0800)

    assert digests() == []


def test_a_runner_who_joined_after_the_week_is_not_listed_as_overdue(maya):
    runner(coach=maya, joined="2027-06-14T09:00:00Z", email_reminders=False)

    sweep_at(MONDAY_0800)

    assert digests() == []


def test_digest_query_count_does_not_grow_with_the_roster(maya, django_assert_max_num_queries):
    small = coach(time_zone="America/New_York")
    runner(coach=small, email_reminders=False)
    for _ in range(25):
        athlete = runner(coach=maya, email_reminders=False)
        CommentFactory(review=submitted(athlete, injured=True, motivation=1), author=athlete.user)

    with django_assert_max_num_queries(9):
        result = sweep_at(MONDAY_0800)

    assert result.sent == 2
