"""The weekly review reminder and the 48-hour nudge: who gets what, when."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from checkins.models import ReminderLog, WeeklyReview
from checkins.reminders import moments, sending
from tests.checkins.factories import WeeklyReviewFactory
from tests.checkins.reminder_helpers import at, local, runner, sweep_at
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

WEEK = dt.date(2027, 6, 7)  # Monday; Sunday 13 June 18:00 BST is 17:00 UTC
SUNDAY_1800 = at("2027-06-13T18:00+01:00")
QUARTER = dt.timedelta(minutes=15)


@pytest.fixture
def rita():
    return runner(user__full_name="Rita Runner", user__email="rita@example.org")


def test_no_reminder_before_the_local_moment(rita):
    result = sweep_at(SUNDAY_1800 - QUARTER)

    assert mail.outbox == []
    assert result.due == 0


def test_reminder_goes_out_in_the_first_sweep_at_or_after_the_local_moment(rita):
    result = sweep_at(SUNDAY_1800)

    assert [message.to for message in mail.outbox] == [["rita@example.org"]]
    assert (result.due, result.sent, result.failed, result.skipped) == (1, 1, 0, 0)
    log = ReminderLog.objects.get()
    assert (log.kind, log.week_start, log.status, log.attempts) == (
        ReminderLog.Kind.REVIEW_REMINDER,
        WEEK,
        ReminderLog.Status.SENT,
        1,
    )
    assert log.sent_at == SUNDAY_1800


def test_a_sweep_between_quarters_still_sends_a_reminder_due_a_moment_ago(rita):
    sweep_at(SUNDAY_1800 + dt.timedelta(minutes=7))

    assert len(mail.outbox) == 1


def test_reminder_email_has_both_parts_the_name_and_absolute_links(rita):
    sweep_at(SUNDAY_1800)

    message = mail.outbox[0]
    html, mimetype = message.alternatives[0]
    review_link = "http://testserver/reviews/2027-06-07/"
    assert mimetype == "text/html"
    assert "week of Monday 7 June" in message.subject
    for body in (message.body, html):
        assert "Hello Rita" in body
        assert review_link in body
        assert "http://testserver/unsubscribe/" in body
        assert "http://testserver/settings/" in body
    assert f'href="{review_link}"' in html
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_draft_review_is_still_reminded(rita):
    WeeklyReviewFactory(athlete=rita, week_start=WEEK, status=WeeklyReview.Status.DRAFT)

    sweep_at(SUNDAY_1800)

    assert len(mail.outbox) == 1


def test_no_reminder_when_the_review_is_already_submitted(rita):
    WeeklyReviewFactory(athlete=rita, week_start=WEEK, status=WeeklyReview.Status.SUBMITTED)

    result = sweep_at(SUNDAY_1800)

    assert mail.outbox == []
    assert result.due == 0


def test_a_submitted_review_of_another_week_does_not_silence_this_one(rita):
    WeeklyReviewFactory(
        athlete=rita, week_start=WEEK - dt.timedelta(days=7), status=WeeklyReview.Status.SUBMITTED
    )

    sweep_at(SUNDAY_1800)

    assert len(mail.outbox) == 1


def test_no_reminder_when_email_reminders_are_off():
    runner(email_reminders=False)

    sweep_at(SUNDAY_1800)

    assert mail.outbox == []


def test_no_reminder_to_a_deactivated_account():
    runner(user__is_active=False)

    sweep_at(SUNDAY_1800)

    assert mail.outbox == []


def test_nudge_goes_out_48_hours_later_if_still_not_submitted(rita):
    sweep_at(SUNDAY_1800)
    sweep_at(SUNDAY_1800 + dt.timedelta(hours=48) - QUARTER)
    assert len(mail.outbox) == 1

    result = sweep_at(SUNDAY_1800 + dt.timedelta(hours=48))

    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Still to do: your weekly review")
    assert "still open" in mail.outbox[1].body
    assert "http://testserver/reviews/2027-06-07/" in mail.outbox[1].alternatives[0][0]
    assert result.sent == 1
    assert ReminderLog.objects.filter(kind=ReminderLog.Kind.REVIEW_NUDGE, week_start=WEEK).exists()


def test_no_nudge_once_the_review_is_submitted(rita):
    sweep_at(SUNDAY_1800)
    WeeklyReviewFactory(athlete=rita, week_start=WEEK, status=WeeklyReview.Status.SUBMITTED)

    sweep_at(SUNDAY_1800 + dt.timedelta(hours=48))

    assert len(mail.outbox) == 1


def test_no_nudge_after_unsubscribing_from_reminders(rita):
    sweep_at(SUNDAY_1800)
    rita.email_reminders = False
    rita.save()

    sweep_at(SUNDAY_1800 + dt.timedelta(hours=48))

    assert len(mail.outbox) == 1


def test_chosen_weekday_and_time_in_the_runners_own_zone():
    runner(time_zone="America/New_York", reminder_weekday=2, reminder_time=dt.time(7, 30))
    wednesday_0730 = local("America/New_York", "2027-06-09T07:30")

    sweep_at(wednesday_0730 - QUARTER)
    assert mail.outbox == []
    sweep_at(wednesday_0730)

    assert len(mail.outbox) == 1
    assert ReminderLog.objects.get().week_start == WEEK


def test_a_monday_reminder_asks_about_the_week_that_just_ended():
    runner(reminder_weekday=0, reminder_time=dt.time(8, 0))
    this_monday = local("Europe/London", "2027-06-07T08:00")
    next_monday = local("Europe/London", "2027-06-14T08:00")

    sweep_at(this_monday)
    assert ReminderLog.objects.get().week_start == dt.date(2027, 5, 31)
    sweep_at(next_monday)

    assert ReminderLog.objects.filter(week_start=WEEK).count() == 1
    assert "week of Monday 7 June" in mail.outbox[-1].subject


def test_a_runner_who_joins_after_the_moment_is_not_reminded_about_that_week():
    runner(joined="2027-06-13T19:00+01:00")

    sweep_at(SUNDAY_1800 + dt.timedelta(hours=2))
    sweep_at(SUNDAY_1800 + dt.timedelta(hours=48))

    assert mail.outbox == []


def test_a_reminder_missed_for_two_days_gives_way_to_the_nudge(rita):
    """The sweeps were down all Sunday and Monday: Tuesday sends only the nudge."""
    result = sweep_at(SUNDAY_1800 + dt.timedelta(hours=48))

    assert result.due == 1
    assert [m.subject.startswith("Still to do") for m in mail.outbox] == [True]


def test_a_late_sweep_still_sends_within_the_window(rita):
    sweep_at(SUNDAY_1800 + dt.timedelta(hours=30))

    assert len(mail.outbox) == 1


def test_changing_time_zone_mid_week_after_the_reminder_gives_no_second_one(rita):
    sweep_at(SUNDAY_1800)
    rita.time_zone = "America/Los_Angeles"  # Sunday 18:00 there is 8 hours later
    rita.save()

    moment = SUNDAY_1800
    while moment < SUNDAY_1800 + dt.timedelta(hours=24):
        moment += QUARTER
        sweep_at(moment)

    assert len(mail.outbox) == 1
    assert ReminderLog.objects.filter(kind=ReminderLog.Kind.REVIEW_REMINDER).count() == 1


def test_moving_east_across_the_week_boundary_gives_no_second_reminder():
    """Reminded Sunday evening in Los Angeles, which is already Monday in Auckland."""
    athlete = runner(time_zone="America/Los_Angeles")
    sweep_at(local("America/Los_Angeles", "2027-06-13T18:00"))
    athlete.time_zone = "Pacific/Auckland"
    athlete.reminder_weekday = 0  # "Monday": the grace day for last week
    athlete.save()

    sweep_at(local("Pacific/Auckland", "2027-06-14T18:30"))

    assert len(mail.outbox) == 1


def test_changing_reminder_time_mid_week_after_the_reminder_gives_no_second_one(rita):
    sweep_at(SUNDAY_1800)
    rita.reminder_time = dt.time(21, 0)
    rita.save()

    sweep_at(local("Europe/London", "2027-06-13T21:00"))

    assert len(mail.outbox) == 1


def test_a_changed_reminder_time_before_the_moment_is_honoured(rita):
    rita.reminder_time = dt.time(20, 0)
    rita.save()

    sweep_at(SUNDAY_1800)
    assert mail.outbox == []
    sweep_at(local("Europe/London", "2027-06-13T20:00"))

    assert len(mail.outbox) == 1


def test_dry_run_lists_who_would_get_what_and_sends_nothing(rita):
    result = sweep_at(SUNDAY_1800, dry_run=True)

    assert mail.outbox == []
    assert not ReminderLog.objects.exists()
    assert [(item.kind, item.email, item.week_start) for item in result.outgoing] == [
        (ReminderLog.Kind.REVIEW_REMINDER, "rita@example.org", WEEK)
    ]
    assert (result.due, result.sent) == (1, 0)


def test_send_reminders_command_dry_run_prints_the_list(rita, capsys):
    call_command("send_reminders", "--now", "2027-06-13T17:00:00Z", "--dry-run")

    output = capsys.readouterr().out
    assert (
        "Review reminder to Rita Runner <rita@example.org>, week of Mon 07 Jun 2027,"
        " due Sun 13 Jun 18:00 Europe/London (Sun 17:00 UTC)"
    ) in output
    assert "reminder sweep (dry run, nothing sent): due=1 sent=0 failed=0 skipped=0" in output
    assert mail.outbox == []


def test_send_reminders_command_dry_run_lists_in_time_order_in_each_persons_zone(capsys):
    runner(user__email="late@example.org", time_zone="America/New_York")
    runner(user__email="early@example.org", time_zone="Pacific/Auckland")

    call_command("send_reminders", "--now", "2027-06-13T23:00:00Z", "--dry-run")

    lines = capsys.readouterr().out.splitlines()
    assert "<early@example.org>" in lines[0]
    assert "due Sun 13 Jun 18:00 Pacific/Auckland (Sun 06:00 UTC)" in lines[0]
    assert "<late@example.org>" in lines[1]
    assert "due Sun 13 Jun 18:00 America/New_York (Sun 22:00 UTC)" in lines[1]


def test_send_reminders_command_sends_once_however_often_it_runs(rita, capsys):
    call_command("send_reminders", "--now", "2027-06-13T17:00:00Z")
    call_command("send_reminders", "--now", "2027-06-13T17:15:00Z")

    assert len(mail.outbox) == 1
    assert "due=1 sent=1 failed=0 skipped=0" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["yesterday", "2027-06-13T17:00:00"])
def test_send_reminders_command_refuses_a_now_it_cannot_place(value):
    with pytest.raises(CommandError, match="ISO 8601|no time zone"):
        call_command("send_reminders", "--now", value)


def test_last_reminder_for_the_review_card(rita):
    assert sending.last_reminder_for(rita, WEEK) is None
    sweep_at(SUNDAY_1800 + dt.timedelta(minutes=2))

    assert sending.last_reminder_for(rita, WEEK).sent_at == SUNDAY_1800 + dt.timedelta(minutes=2)
    assert sending.last_reminder_for(rita, WEEK + dt.timedelta(days=7)) is None


def test_runner_home_says_when_the_reminder_was_sent_in_their_time(rita):
    # Last week's review is in, so the card is about this week.
    WeeklyReviewFactory(
        athlete=rita, week_start=WEEK - dt.timedelta(days=7), status=WeeklyReview.Status.SUBMITTED
    )
    sweep_at(SUNDAY_1800 + dt.timedelta(minutes=2))

    with time_machine.travel(SUNDAY_1800 + dt.timedelta(hours=1), tick=False):
        response = client_for(rita.user).get(reverse("athlete-home"))

    assert "Reminder sent Sunday 18:02" in response.content.decode()


def test_runner_home_on_monday_still_says_when_last_weeks_reminder_went_out(rita):
    sweep_at(SUNDAY_1800 + dt.timedelta(minutes=2))

    # Monday 09:00: a new week has begun, but the card still asks for last week's review.
    with time_machine.travel(SUNDAY_1800 + dt.timedelta(hours=15), tick=False):
        page = client_for(rita.user).get(reverse("athlete-home")).content.decode()

    assert "week of 7 Jun" in page
    assert "Reminder sent Sunday 18:02" in page


def test_review_form_says_when_that_weeks_reminder_and_nudge_went_out(rita):
    sweep_at(SUNDAY_1800 + dt.timedelta(minutes=2))
    review_page = reverse("checkins:review-edit", args=[WEEK.isoformat()])

    with time_machine.travel(SUNDAY_1800 + dt.timedelta(hours=1), tick=False):
        assert "Reminder sent Sunday 18:02" in client_for(rita.user).get(review_page).text
    sweep_at(SUNDAY_1800 + moments.NUDGE_AFTER)
    with time_machine.travel(SUNDAY_1800 + dt.timedelta(hours=49), tick=False):
        assert "Nudge sent Tuesday 18:00" in client_for(rita.user).get(review_page).text
        next_week = reverse(
            "checkins:review-edit", args=[(WEEK + dt.timedelta(days=7)).isoformat()]
        )
        assert "sent" not in client_for(rita.user).get(next_week).text.split("<form")[0]


@pytest.mark.parametrize("count", [3, 60])
def test_sweep_query_count_does_not_grow_with_runners(count, django_assert_max_num_queries):
    for _ in range(count):
        runner()
    runner(email_reminders=False)
    WeeklyReviewFactory(athlete=runner(), week_start=WEEK, status=WeeklyReview.Status.SUBMITTED)

    with (
        time_machine.travel(SUNDAY_1800, tick=False),
        django_assert_max_num_queries(7),
    ):
        result = sending.sweep(now=SUNDAY_1800)

    assert result.sent == count
    assert len(mail.outbox) == count
