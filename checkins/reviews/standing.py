"""Where reviews stand: a week's state (submitted, draft, not started, overdue), the runner's
recent weeks, and every athlete's standing (state, streak, unread comments) for the roster and
the home page, in a fixed number of queries however many athletes there are."""

import dataclasses
import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db.models import Count, Max, Q
from django.utils import timezone

from athletes.measures import WEEK
from athletes.models import Athlete, BusyPeriod, User
from checkins import momentum
from checkins.models import Comment, Setback, WeeklyReview
from checkins.reviews.conversation import unread_comments_for


class ReviewState(enum.StrEnum):
    SUBMITTED = "submitted"
    DRAFT = "draft"
    NOT_STARTED = "not started"
    OVERDUE = "overdue"

    @property
    def tone(self) -> str:
        """The badge colour a page shows the state in."""
        return {"submitted": "good", "draft": "brand", "overdue": "bad"}.get(self.value, "")


def review_state(
    *,
    athlete: Athlete,
    week_start: dt.date,
    review: momentum.ReviewFacts | None,
    now: dt.datetime | None = None,
) -> ReviewState:
    """An unsaved review (opened, never saved) has not been started."""
    saved = review is not None and review.pk is not None
    if review is not None and saved and review.status == WeeklyReview.Status.SUBMITTED:
        return ReviewState.SUBMITTED
    if (now or timezone.now()) >= WeeklyReview.due_at(athlete, week_start):
        return ReviewState.OVERDUE
    return ReviewState.DRAFT if saved else ReviewState.NOT_STARTED


@dataclasses.dataclass(frozen=True)
class ReviewSummary:
    """One athlete's review standing, as the roster and the home page show it."""

    week_start: dt.date  # the week in focus (see `focus_week`)
    state: ReviewState
    review_id: int | None
    last_submitted: dt.date | None
    unread_comments: int
    unread_week: dt.date | None  # the newest week with an unread comment: where the link goes
    streak: int


def focus_week(
    athlete: Athlete, this_week: dt.date, reviews: Mapping[dt.date, momentum.ReviewFacts]
) -> dt.date:
    """The week whose review matters now: last week's until it is submitted (due Monday
    night, overdue from Tuesday), then this week's. A week that ended before the runner
    joined is not owed."""
    last_week = this_week - WEEK
    previous = reviews.get(last_week)
    if previous is not None and previous.status == WeeklyReview.Status.SUBMITTED:
        return this_week
    if athlete.created_at >= athlete.week_bounds(last_week)[1]:
        return this_week
    return last_week


def review_summaries(
    athletes: Iterable[Athlete], *, viewer: User, now: dt.datetime | None = None
) -> dict[int, ReviewSummary]:
    """Every athlete's review standing in three queries, however many athletes there are.

    Each athlete's current week depends on their zone, so the Mondays are worked out here and
    the reviews of the whole streak window are fetched at once.
    """
    now = now or timezone.now()
    athletes = list(athletes)
    if not athletes:
        return {}
    this_week = {athlete.pk: athlete.week_start(now) for athlete in athletes}
    since = min(this_week.values()) - WEEK * momentum.REVIEW_STREAK_WEEKS
    reviews: dict[int, dict[dt.date, momentum.ReviewFacts]] = defaultdict(dict)
    # Named rows stand in for the reviews: building thousands of model instances (a year of
    # reviews for a big roster) took half this function's time. They carry every field that
    # focus_week, review_state and the streak read.
    for review in WeeklyReview.objects.filter(
        athlete__in=athletes, week_start__gte=since
    ).values_list(
        "pk", "athlete_id", "week_start", "status", "maintenance_week", "injured", named=True
    ):
        reviews[review.athlete_id][review.week_start] = review
    # Busy periods and setbacks pause the streak alike.
    periods: dict[int, list[momentum.Span]] = defaultdict(list)
    for period in BusyPeriod.objects.filter(athlete__in=athletes, end__gte=since):
        periods[period.athlete_id].append(period)
    for setback in Setback.objects.filter(athlete__in=athletes).overlapping(
        since, now.date() + dt.timedelta(days=1)
    ):
        periods[setback.athlete_id].append(setback)
    unread = {
        athlete_id: (count, newest_week)
        for athlete_id, count, newest_week in Comment.objects.filter(
            unread_comments_for(viewer), review__athlete__in=athletes
        )
        .values("review__athlete_id")
        .annotate(count=Count("pk"), newest_week=Max("review__week_start"))
        .values_list("review__athlete_id", "count", "newest_week")
    }
    summaries = {}
    for athlete in athletes:
        theirs = reviews[athlete.pk]
        week = focus_week(athlete, this_week[athlete.pk], theirs)
        current = theirs.get(week)
        submitted = [w for w, r in theirs.items() if r.status == WeeklyReview.Status.SUBMITTED]
        unread_count, unread_week = unread.get(athlete.pk, (0, None))
        summaries[athlete.pk] = ReviewSummary(
            week_start=week,
            state=review_state(athlete=athlete, week_start=week, review=current, now=now),
            review_id=current.pk if current else None,
            last_submitted=max(submitted, default=None),
            unread_comments=unread_count,
            unread_week=unread_week,
            streak=momentum.review_streak(
                athlete=athlete, reviews=theirs, busy_periods=periods[athlete.pk], now=now
            ),
        )
    return summaries


@dataclasses.dataclass(frozen=True)
class WeekRow:
    week_start: dt.date
    state: ReviewState
    review: WeeklyReview | None


def review_weeks(
    athlete: Athlete, *, count: int, viewer: User, now: dt.datetime | None = None
) -> list[WeekRow]:
    """The last `count` weeks, newest first, each with its review (if any) and state; reviews
    carry `comment_count` and `unread_count` (comments `viewer` has not read)."""
    now = now or timezone.now()
    weeks = momentum.recent_weeks(athlete, count=count, now=now)
    unread = Q(comments__read_at=None) & ~Q(comments__author=viewer)
    reviews = {
        review.week_start: review
        for review in WeeklyReview.objects.filter(
            athlete=athlete, week_start__gte=weeks[0]
        ).annotate(comment_count=Count("comments"), unread_count=Count("comments", filter=unread))
    }
    return [
        WeekRow(
            week_start=week,
            state=review_state(athlete=athlete, week_start=week, review=reviews.get(week), now=now),
            review=reviews.get(week),
        )
        for week in reversed(weeks)
        # A week that ended before the runner joined was never owed.
        if week in reviews or athlete.week_bounds(week)[1] > athlete.created_at
    ]
