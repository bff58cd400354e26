"""Forgiving streaks: weeks in a row a commitment was kept.

A week is met, missed or paused. A paused week (maintenance week, injury or illness, or an
announced busy period) neither adds to the streak nor breaks it; a missed week breaks it.
Both the weekly-review streak and each process goal's momentum are counted by `streak`.
"""

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from athletes.measures import WEEK, sunday_of
from athletes.models import Athlete
from checkins.models import WeeklyReview


class ReviewFacts(Protocol):
    """What the streak and review states read of a review: a WeeklyReview, or one of the
    lighter named rows the roster loads in bulk."""

    @property
    def pk(self) -> int | None: ...  # read only: a saved review's `pk` is an int

    week_start: dt.date
    status: str
    maintenance_week: bool
    injured: bool


class Mark(enum.StrEnum):
    MET = "met"
    MISSED = "missed"
    PAUSED = "paused"


def streak(marks: Sequence[Mark]) -> int:
    """Met weeks counted back from the most recent mark (last in `marks`) to the first miss."""
    count = 0
    for mark in reversed(marks):
        if mark is Mark.MISSED:
            break
        if mark is Mark.MET:
            count += 1
    return count


class Span(Protocol):
    """A stretch of days that pauses streaks: a busy period, or a setback (open while `end` is
    None)."""

    start: dt.date

    @property
    def end(self) -> dt.date | None: ...  # read only: a busy period's `end` is a date


def busy_weeks(spans: Iterable[Span], weeks: Iterable[dt.date]) -> set[dt.date]:
    """The weeks (Mondays) that overlap at least one busy period or setback."""
    spans = list(spans)
    return {
        monday
        for monday in weeks
        if any(s.start <= sunday_of(monday) and (s.end is None or s.end >= monday) for s in spans)
    }


def recent_weeks(athlete: Athlete, *, count: int, now: dt.datetime | None = None) -> list[dt.date]:
    """The last `count` Mondays up to and including the current week, oldest first."""
    this_week = athlete.week_start(now)
    return [this_week - i * WEEK for i in reversed(range(count))]


# How far back the review streak looks; a longer streak is shown as this many weeks.
REVIEW_STREAK_WEEKS = 52


def review_marks(
    *,
    athlete: Athlete,
    reviews: Mapping[dt.date, ReviewFacts],
    busy: set[dt.date],
    weeks: Iterable[dt.date],
    now: dt.datetime,
) -> list[Mark]:
    """One mark per week for the review streak.

    A submitted review is met. A week whose review is not due yet has no mark, so the open
    week never breaks a streak. Past its due moment, a week the runner flagged as maintenance
    or injury/illness (in a draft) or that overlaps a busy period is paused; any other is missed.
    """
    marks = []
    for week in weeks:
        review = reviews.get(week)
        if review is not None and review.status == WeeklyReview.Status.SUBMITTED:
            marks.append(Mark.MET)
        elif now < WeeklyReview.due_at(athlete, week):
            continue
        elif week in busy or (review is not None and (review.maintenance_week or review.injured)):
            marks.append(Mark.PAUSED)
        else:
            marks.append(Mark.MISSED)
    return marks


def review_streak(
    *,
    athlete: Athlete,
    reviews: Mapping[dt.date, ReviewFacts],
    busy_periods: Iterable[Span],
    now: dt.datetime,
) -> int:
    """Weeks in a row with a submitted review, up to now; `reviews` maps Monday → review and
    must cover the last REVIEW_STREAK_WEEKS weeks; busy periods and setbacks pause it."""
    weeks = recent_weeks(athlete, count=REVIEW_STREAK_WEEKS, now=now)
    return streak(
        review_marks(
            athlete=athlete,
            reviews=reviews,
            busy=busy_weeks(busy_periods, weeks),
            weeks=weeks,
            now=now,
        )
    )
