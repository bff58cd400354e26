"""The coach's Monday digest: at 08:00 their time, listing the runners with open (unhandled)
attention flags, most urgent first, and only when there is something to say."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from checkins import emails, setbacks
from checkins.models import ReminderLog, Setback, WeeklyReview
from checkins.reminders import digest
from checkins.weekstats import refresh_week_stats
from coaching.attention.handling import mark_handled
from coaching.models import Standing
from tests.checkins.factories import CommentFactory, RunFactory, WeeklyReviewFactory
from tests.checkins.reminder_helpers import coach, local, runner, sent_to, sweep_at

pytestmark = pytest.mark.django_db

WEEK = dt.date(2027, 6, 7)
MONDAY_0800 = local("America/New_York", "2027-06-14T08:00")
QUARTER = dt.timedelta(minutes=15)
SUBMITTED = WeeklyReview.Status.SUBMITTED
# Coaches with a due digest, their runners, those runners' standings worked out in a fixed
# number of queries (one of them the planned sessions the missed-sessions flag reads), the
# claim and the "sent" mark.
DIGEST_QUERIES = 23


@pytest.fixture
def maya():
    return coach(
        time_zone="America/New_York",
        user__full_name="Maya Coach",
        user__email="maya@example.org",
    )


def submitted(athlete, **fields):
    return WeeklyReviewFactory(athlete=athlete, status=SUBMITTED, **{"week_start": WEEK, **fields})


def active(**fields):
    """A runner with a run last Saturday, so that "no run for 10 days" says nothing."""
    athlete = runner(email_reminders=False, **fields)
    RunFactory(athlete=athlete, started_at=local("Europe/London", "2027-06-12T08:00"))
    refresh_week_stats(athlete)
    return athlete


def injured(athlete, *, start=dt.date(2027, 6, 3), **fields):
    return Setback.objects.create(
        athlete=athlete,
        kind="injury",
        start=start,
        **{"body_part": "left Achilles", "severity": 3, **fields},
    )


def digests():
    return sent_to(mail.outbox, "maya@example.org")


def both_parts(message) -> tuple[str, str]:
    return message.body, message.alternatives[0][0]


@pytest.fixture
def week_to_tell(maya):
    """A runner for each of several flags, in no particular order, and three the digest must
    not mention: one with nothing to flag, one whose flag the coach handled, and one of
    another coach."""
    chatty = active(coach=maya, user__full_name="Cleo Comments")
    CommentFactory(review=submitted(chatty, motivation=4), author=chatty.user)
    low = active(coach=maya, user__full_name="Mo Lowmood")
    submitted(low, motivation=2)
    runner(coach=maya, user__full_name="Nora Norun", email_reminders=False)
    hurt = active(coach=maya, user__full_name="Ian Injured")
    submitted(hurt, motivation=4, injured=True)
    injured(hurt)
    fine = active(coach=maya, user__full_name="Fay Fine")
    submitted(fine, motivation=5)
    CommentFactory(review=submitted(fine, week_start=WEEK - dt.timedelta(days=7)), author=maya.user)
    handled = active(coach=maya, user__full_name="Hal Handled")
    submitted(handled, motivation=1)
    with time_machine.travel(MONDAY_0800 - dt.timedelta(hours=1), tick=False):
        mark_handled(athlete=handled, flag="low-motivation", by=maya.user)
    injured(runner(coach=coach(), user__full_name="Olga Otherteam", email_reminders=False))
    return maya


def test_no_digest_before_monday_0800_coach_time(week_to_tell):
    sweep_at(MONDAY_0800 - QUARTER)

    assert digests() == []


def test_digest_goes_out_at_monday_0800_coach_time(week_to_tell):
    sweep_at(MONDAY_0800)

    assert len(digests()) == 1
    log = ReminderLog.objects.get(kind=ReminderLog.Kind.COACH_DIGEST, recipient=week_to_tell.user)
    assert (log.week_start, log.status, log.athlete) == (WEEK, ReminderLog.Status.SENT, None)


def test_digest_lists_each_flagged_runner_with_the_reasons_of_their_open_flags(week_to_tell):
    sweep_at(MONDAY_0800)

    message = digests()[0]
    text, html = both_parts(message)
    assert message.subject == "Your runners, week of 7 June"
    for body in (text, html):
        assert "Hello Maya" in body
        assert "4 of your runners need you" in body
        assert "Injury (left Achilles) since 3 Jun: severe" in body
        assert "Motivation 2/5 in the week of 7 Jun" in body
        assert "No run logged since joining 44 days ago" in body
        assert "1 unread comment from Cleo Comments" in body
        assert "http://testserver/roster/" in body
        assert "http://testserver/unsubscribe/" in body
    late = week_to_tell.athletes.get(user__full_name="Nora Norun")
    assert f"Nora Norun: http://testserver/athletes/{late.pk}/" in text
    assert f'href="http://testserver/athletes/{late.pk}/"' in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_digest_leaves_out_runners_with_nothing_open_and_other_coaches_runners(week_to_tell):
    sweep_at(MONDAY_0800)

    for body in both_parts(digests()[0]):
        assert "Fay Fine" not in body
        assert "Hal Handled" not in body
        assert "Motivation 1/5" not in body
        assert "Olga Otherteam" not in body


def test_digest_lists_the_most_urgent_runner_first(week_to_tell):
    sweep_at(MONDAY_0800)

    text, html = both_parts(digests()[0])
    # Nora's overdue review and three weeks without a run (2 + 2), a severe injury (3), low
    # motivation (2), then an unread comment (1).
    names = ["Nora Norun", "Ian Injured", "Mo Lowmood", "Cleo Comments"]
    for body in (text, html):
        positions = [body.index(name) for name in names]
        assert positions == sorted(positions), body
    assert "1. Nora Norun" in text and "Review for the week of 31 May is 6 days overdue" in text
    assert "4. Cleo Comments" in text


def test_a_runners_flags_are_listed_most_severe_first(maya):
    hurt = runner(coach=maya, user__full_name="Ian Injured", email_reminders=False)
    injured(hurt, severity=1, body_part="")

    sweep_at(MONDAY_0800)

    text, _ = both_parts(digests()[0])
    assert text.index("No run logged since joining") < text.index("Injury since 3 Jun: minor")


def test_a_handled_flag_comes_back_when_the_data_behind_it_changes(
    maya, django_capture_on_commit_callbacks
):
    hurt = active(coach=maya, user__full_name="Ian Injured")
    submitted(hurt)
    first = injured(hurt)
    with time_machine.travel(MONDAY_0800 - dt.timedelta(days=2), tick=False):
        mark_handled(athlete=hurt, flag="setback", by=maya.user)
        with django_capture_on_commit_callbacks(execute=True):
            setbacks.setback_close(setback=first, on=dt.date(2027, 6, 11))
            setbacks.setback_save(
                setback=Setback(athlete=hurt, kind="illness", start=dt.date(2027, 6, 12))
            )

    sweep_at(MONDAY_0800)

    text, _ = both_parts(digests()[0])
    assert "Illness since 12 Jun: moderate" in text
    assert "Injury" not in text


def test_digest_is_sent_once_per_week(week_to_tell):
    for quarter in range(8):
        sweep_at(MONDAY_0800 + quarter * QUARTER)

    assert len(digests()) == 1


def test_no_digest_when_there_is_nothing_to_say(maya):
    submitted(active(coach=maya), motivation=4)

    result = sweep_at(MONDAY_0800)
    sweep_at(MONDAY_0800 + QUARTER)

    assert digests() == []
    assert (result.due, result.sent, result.skipped) == (1, 0, 1)
    log = ReminderLog.objects.get(kind=ReminderLog.Kind.COACH_DIGEST)
    assert log.status == ReminderLog.Status.SKIPPED


def test_no_digest_when_every_flag_was_handled(maya):
    low = active(coach=maya)
    submitted(low, motivation=1)
    with time_machine.travel(MONDAY_0800 - dt.timedelta(hours=1), tick=False):
        mark_handled(athlete=low, flag="low-motivation", by=maya.user)

    result = sweep_at(MONDAY_0800)

    assert digests() == []
    assert result.skipped == 1


def test_no_digest_for_a_coach_without_runners(maya):
    sweep_at(MONDAY_0800)

    assert digests() == []


def test_no_digest_when_the_coach_turned_it_off(week_to_tell):
    week_to_tell.email_digest = False
    week_to_tell.save()

    sweep_at(MONDAY_0800)

    assert digests() == []


def test_a_runner_who_just_joined_is_not_flagged(maya):
    runner(coach=maya, joined="2027-06-14T09:00:00Z", email_reminders=False)

    sweep_at(MONDAY_0800)

    assert digests() == []


def test_the_sweep_refuses_to_guess_without_an_attention_source(week_to_tell, monkeypatch):
    monkeypatch.setattr(digest, "attention_source", None)

    with pytest.raises(ImproperlyConfigured, match="attention_source is not set"):
        sweep_at(MONDAY_0800)


def flagged_roster(head_coach, size: int) -> None:
    for _ in range(size):
        athlete = active(coach=head_coach)
        CommentFactory(review=submitted(athlete, motivation=1), author=athlete.user)
        injured(athlete)


def queries_of_a_fresh_digest() -> int:
    """The queries of the sweep that sends the digest, with every standing to compute."""
    ReminderLog.objects.all().delete()
    Standing.objects.all().delete()
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as queries:
        result = sweep_at(MONDAY_0800)
    assert result.sent == 1
    return len(queries)


def test_digest_query_count_does_not_grow_with_the_roster(maya):
    flagged_roster(maya, 1)
    one_runner = queries_of_a_fresh_digest()
    flagged_roster(maya, 24)
    many_runners = queries_of_a_fresh_digest()

    assert "25 of your runners need you" in digests()[0].body
    assert many_runners == one_runner
    assert many_runners <= DIGEST_QUERIES


def test_a_big_groups_digest_names_the_most_urgent_25_and_counts_the_rest(maya):
    for number in range(30):
        runner(coach=maya, user__full_name=f"Quiet Runner {number:02}", email_reminders=False)

    sweep_at(MONDAY_0800)

    for body in both_parts(digests()[0]):
        assert "30 of your runners need you" in body
        assert body.count("Quiet Runner") == emails.DIGEST_LISTED == 25
        assert "and 5 more" in body.replace("<strong>", "").replace("</strong>", "")
