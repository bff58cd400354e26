"""Review services: pre-fill from the run log, optimistic saves, submission, states."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from checkins.models import Run, WeeklyReview
from checkins.reviews.conversation import comments_mark_read, review_mark_read
from checkins.reviews.standing import ReviewState, review_state
from checkins.reviews.weeks import (
    OLDEST_REVIEWABLE_WEEKS,
    WeekNotReviewable,
    log_totals_if_changed,
    review_for_week,
)
from checkins.reviews.writes import StaleReview, review_save_draft, review_submit, submission_errors
from tests.athletes.factories import AthleteFactory
from tests.checkins.factories import CommentFactory, RunFactory, WeeklyReviewFactory

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
MONDAY = dt.date(2026, 3, 2)


def at(day: dt.date, hour: int = 12, minute: int = 0, zone=NEW_YORK) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


@pytest.fixture
def runner():
    return AthleteFactory(time_zone="America/New_York")


def test_opening_a_week_prefills_runs_distance_and_longest_run_from_the_log(runner):
    RunFactory(athlete=runner, started_at=at(MONDAY, 7), distance_m=8000)
    RunFactory(athlete=runner, started_at=at(MONDAY + dt.timedelta(days=6), 9), distance_m=21100)
    RunFactory(
        athlete=runner,
        started_at=at(MONDAY + dt.timedelta(days=2), 18),
        distance_m=0,
        kind=Run.Kind.STRENGTH,
    )
    # Sunday 23:30 in New York is already Monday in UTC: it still belongs to this week.
    RunFactory(
        athlete=runner, started_at=at(MONDAY + dt.timedelta(days=6), 23, 30), distance_m=5000
    )
    # The Monday after, and the Sunday before, are other weeks.
    RunFactory(athlete=runner, started_at=at(MONDAY + dt.timedelta(days=7), 0, 30), distance_m=9000)
    RunFactory(
        athlete=runner, started_at=at(MONDAY - dt.timedelta(days=1), 23, 30), distance_m=9000
    )

    with time_machine.travel(at(MONDAY + dt.timedelta(days=7), 8)):
        review = review_for_week(athlete=runner, week_start=MONDAY)

    assert (review.runs_done, review.distance_m, review.longest_run_m) == (3, 34100, 21100)
    assert review.strength_sessions == 1
    assert review.status == WeeklyReview.Status.DRAFT


def test_opening_the_week_again_keeps_what_the_runner_corrected(runner):
    with time_machine.travel(at(MONDAY, 9)):
        review = review_for_week(athlete=runner, week_start=MONDAY)
        review_save_draft(review=review, data={"runs_done": 5}, version=review.version)
        RunFactory(athlete=runner, started_at=at(MONDAY, 7))
        again = review_for_week(athlete=runner, week_start=MONDAY)
    assert again.pk == review.pk
    assert again.runs_done == 5


def test_future_weeks_and_non_mondays_are_refused(runner):
    with time_machine.travel(at(MONDAY, 9)):
        with pytest.raises(WeekNotReviewable):
            review_for_week(athlete=runner, week_start=MONDAY + dt.timedelta(days=7))
        with pytest.raises(WeekNotReviewable):
            review_for_week(athlete=runner, week_start=MONDAY + dt.timedelta(days=1))
    assert not WeeklyReview.objects.exists()


def test_a_missed_week_can_be_filled_in_up_to_a_year_back_but_not_older(runner):
    oldest = MONDAY - dt.timedelta(weeks=OLDEST_REVIEWABLE_WEEKS)
    with time_machine.travel(at(MONDAY, 9)):
        assert review_for_week(athlete=runner, week_start=oldest).week_start == oldest
        with pytest.raises(WeekNotReviewable, match="52 weeks"):
            review_for_week(athlete=runner, week_start=oldest - dt.timedelta(days=7))


def test_a_save_from_a_stale_version_is_refused_and_names_the_saved_version(runner):
    review = WeeklyReviewFactory(athlete=runner, week_start=MONDAY, wins="")
    first_tab = WeeklyReview.objects.get(pk=review.pk)
    second_tab = WeeklyReview.objects.get(pk=review.pk)
    review_save_draft(review=first_tab, data={"wins": "A hilly 10K"}, version=1)

    with pytest.raises(StaleReview) as conflict:
        review_save_draft(review=second_tab, data={"wins": "Slept well"}, version=1)

    assert conflict.value.current.version == 2
    assert conflict.value.current.wins == "A hilly 10K"
    assert WeeklyReview.objects.get(pk=review.pk).wins == "A hilly 10K"


def test_a_stale_save_of_identical_text_is_not_a_conflict(runner):
    review = WeeklyReviewFactory(athlete=runner, week_start=MONDAY)
    review_save_draft(review=review, data={"wins": "Same"}, version=1)
    saved = review_save_draft(review=review, data={"wins": "Same"}, version=1)
    assert saved.version == 3


def test_every_save_moves_the_version_on(runner):
    review = WeeklyReviewFactory(athlete=runner, week_start=MONDAY)
    review = review_save_draft(review=review, data={"wins": "a"}, version=1)
    review = review_save_draft(review=review, data={"wins": "ab"}, version=2)
    assert review.version == 3
    assert WeeklyReview.objects.get(pk=review.pk).wins == "ab"


def test_submitting_before_tuesday_midnight_local_is_on_time(runner):
    review = WeeklyReviewFactory(athlete=runner, week_start=MONDAY)
    just_before = at(MONDAY + dt.timedelta(days=7), 23, 59)
    review = review_submit(review=review, data={}, version=1, now=just_before)
    assert review.status == WeeklyReview.Status.SUBMITTED
    assert review.submitted_at == just_before
    assert review.submitted_late is False


def test_submitting_at_tuesday_midnight_local_is_late_and_keeps_the_first_time(runner):
    review = WeeklyReviewFactory(athlete=runner, week_start=MONDAY)
    due = at(MONDAY + dt.timedelta(days=8), 0)
    review = review_submit(review=review, data={"wins": "Late"}, version=1, now=due)
    assert review.submitted_late is True
    later = review_submit(
        review=review, data={"wins": "Corrected"}, version=2, now=due + dt.timedelta(days=3)
    )
    assert later.submitted_at == due
    assert later.wins == "Corrected"


@pytest.mark.parametrize(
    ("moment", "has_review", "expected"),
    [
        (at(MONDAY + dt.timedelta(days=7), 23, 59), False, "not started"),
        (at(MONDAY + dt.timedelta(days=7), 23, 59), True, "draft"),
        (at(MONDAY + dt.timedelta(days=8), 0), False, "overdue"),
        (at(MONDAY + dt.timedelta(days=8), 0), True, "overdue"),
    ],
)
def test_review_state_turns_overdue_exactly_at_tuesday_midnight_in_the_runners_zone(
    runner, moment, has_review, expected
):
    review = WeeklyReviewFactory(athlete=runner, week_start=MONDAY) if has_review else None
    with time_machine.travel(moment):
        state = review_state(athlete=runner, week_start=MONDAY, review=review)
    assert state == expected


def test_a_submitted_review_is_submitted_whatever_the_time(runner):
    review = WeeklyReviewFactory(
        athlete=runner, week_start=MONDAY, status=WeeklyReview.Status.SUBMITTED
    )
    state = review_state(
        athlete=runner, week_start=MONDAY, review=review, now=at(MONDAY + dt.timedelta(days=30))
    )
    assert state == ReviewState.SUBMITTED


def test_submission_needs_a_note_for_an_injury_and_a_reason_for_a_maintenance_week():
    errors = submission_errors(
        {"injured": True, "injury_note": " ", "maintenance_week": True, "maintenance_reason": ""}
    )
    assert set(errors) == {"injury_note", "maintenance_reason"}
    assert submission_errors({"distance_m": 10000, "longest_run_m": 12000}) == {
        "longest_run_m": "The longest run can't be more than the week's distance."
    }


def test_opening_the_review_marks_only_the_other_sides_comments_read(cast):
    review = WeeklyReviewFactory(athlete=cast.runner)
    from_coach = CommentFactory(review=review, author=cast.coach.user)
    from_runner = CommentFactory(review=review, author=cast.runner.user)

    assert comments_mark_read(review=review, reader=cast.staff) == 0
    assert comments_mark_read(review=review, reader=cast.runner.user) == 1

    from_coach.refresh_from_db()
    from_runner.refresh_from_db()
    assert from_coach.read_at is not None
    assert from_runner.read_at is None


def test_the_coach_marks_a_review_read_once(cast):
    review = WeeklyReviewFactory(athlete=cast.runner)
    first = review_mark_read(review=review, now=at(MONDAY)).coach_read_at
    again = review_mark_read(review=review, now=at(MONDAY + dt.timedelta(days=1)))
    assert again.coach_read_at == first == at(MONDAY)


def test_opening_a_week_writes_nothing_and_follows_the_log_until_the_first_save(runner):
    with time_machine.travel(at(MONDAY + dt.timedelta(days=2), 9)):
        RunFactory(athlete=runner, started_at=at(MONDAY, 7), distance_m=8000)
        opened_midweek = review_for_week(athlete=runner, week_start=MONDAY)
    with time_machine.travel(at(MONDAY + dt.timedelta(days=6), 20)):
        RunFactory(
            athlete=runner, started_at=at(MONDAY + dt.timedelta(days=6), 9), distance_m=16000
        )
        on_sunday = review_for_week(athlete=runner, week_start=MONDAY)

    assert not WeeklyReview.objects.exists()
    assert (opened_midweek.runs_done, opened_midweek.distance_m) == (1, 8000)
    assert (on_sunday.runs_done, on_sunday.distance_m, on_sunday.longest_run_m) == (2, 24000, 16000)
    assert (on_sunday.pk, on_sunday.version) == (None, 0)
    assert log_totals_if_changed(on_sunday) is None


def test_the_first_save_creates_the_review_with_the_logs_numbers_at_version_one(runner):
    with time_machine.travel(at(MONDAY + dt.timedelta(days=2), 9)):
        RunFactory(athlete=runner, started_at=at(MONDAY, 7), distance_m=8000)
        unsaved = review_for_week(athlete=runner, week_start=MONDAY)
        saved = review_save_draft(review=unsaved, data={"wins": "Hills"}, version=0)

    row = WeeklyReview.objects.get()
    assert (row.pk, row.version, row.status) == (saved.pk, 1, WeeklyReview.Status.DRAFT)
    assert (row.wins, row.runs_done, row.distance_m) == ("Hills", 1, 8000)


def test_a_first_submit_creates_the_review_submitted(runner):
    with time_machine.travel(at(MONDAY + dt.timedelta(days=6), 20), tick=False):
        unsaved = review_for_week(athlete=runner, week_start=MONDAY)
        submitted = review_submit(review=unsaved, data={"energy": 4}, version=0)
    assert (submitted.status, submitted.version, submitted.energy) == ("submitted", 1, 4)
    assert submitted.submitted_at == at(MONDAY + dt.timedelta(days=6), 20)
    assert submitted.submitted_late is False


def test_a_first_save_from_two_tabs_makes_one_review_and_the_second_tab_gets_the_conflict(
    runner,
):
    with time_machine.travel(at(MONDAY + dt.timedelta(days=2), 9)):
        first_tab = review_for_week(athlete=runner, week_start=MONDAY)
        second_tab = review_for_week(athlete=runner, week_start=MONDAY)
        review_save_draft(review=first_tab, data={"wins": "A hilly 10K"}, version=0)

        # Both tabs opened the week before either saved: the second meets the unique week.
        with pytest.raises(StaleReview) as conflict:
            review_save_draft(review=second_tab, data={"wins": "Slept well"}, version=0)

    assert conflict.value.current.wins == "A hilly 10K"
    assert conflict.value.current.version == 1
    assert WeeklyReview.objects.get().wins == "A hilly 10K"


def test_a_first_save_of_the_same_text_from_two_tabs_is_not_a_conflict(runner):
    with time_machine.travel(at(MONDAY + dt.timedelta(days=2), 9)):
        first_tab = review_for_week(athlete=runner, week_start=MONDAY)
        second_tab = review_for_week(athlete=runner, week_start=MONDAY)
        review_save_draft(review=first_tab, data={"wins": "Same"}, version=0)
        saved = review_save_draft(review=second_tab, data={"wins": "Same"}, version=0)
    assert WeeklyReview.objects.get().pk == saved.pk
    assert saved.version == 2
