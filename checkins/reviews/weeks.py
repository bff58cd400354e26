"""Which weeks can be reviewed (a Monday that has started, at most a year back), the weeks
beside one, and a week's review, pre-filled from the run log and the week's planned sessions
until the runner first saves it."""

import datetime as dt

from django.db.models import Count, Max, Q, Sum

from athletes.measures import WEEK, short_date, sunday_of
from athletes.models import Athlete
from checkins.models import PlannedSession, Run, WeeklyReview

RUNNING = ~Q(kind__in=Run.NOT_RUNNING)


# How far back a missed week may still be filled in (marked late).
OLDEST_REVIEWABLE_WEEKS = 52


class WeekNotReviewable(Exception):
    """Reviews are written about a week that has started, never ahead of it, and at most
    OLDEST_REVIEWABLE_WEEKS back."""


def run_totals(athlete: Athlete, week_start: dt.date) -> dict[str, int]:
    """What the run log says about a week: the review's starting values."""
    start, end = athlete.week_bounds(week_start)
    totals = Run.objects.filter(
        athlete=athlete, started_at__gte=start, started_at__lt=end
    ).aggregate(
        run_count=Count("pk", filter=RUNNING),
        total_m=Sum("distance_m", filter=RUNNING, default=0),
        longest_m=Max("distance_m", filter=RUNNING, default=0),
        strength_count=Count("pk", filter=Q(kind=Run.Kind.STRENGTH)),
    )
    return {
        "runs_done": totals["run_count"],
        "distance_m": totals["total_m"],
        "longest_run_m": totals["longest_m"],
        "strength_sessions": totals["strength_count"],
    }


def planned_runs(athlete: Athlete, week_start: dt.date) -> int | None:
    """The week's planned sessions, rest days aside (checkins/sessions.py); None without any."""
    planned = (
        PlannedSession.objects.filter(athlete=athlete)
        .between(week_start, sunday_of(week_start))
        .exclude(kind=PlannedSession.Kind.REST)
        .count()
    )
    return planned or None


def parse_week(athlete: Athlete, week_start: dt.date, *, now: dt.datetime | None = None) -> None:
    """Refuse a week that is not a Monday, has not started yet in the runner's zone, or is
    older than a year."""
    if week_start.weekday() != 0:
        raise WeekNotReviewable(
            f"{short_date(week_start, with_year=True)} is not a Monday; weeks start on Monday."
        )
    this_week = athlete.week_start(now)
    if week_start > this_week:
        raise WeekNotReviewable("That week has not started yet: reviews look back, not ahead.")
    if week_start < this_week - dt.timedelta(weeks=OLDEST_REVIEWABLE_WEEKS):
        raise WeekNotReviewable(
            f"Reviews go back {OLDEST_REVIEWABLE_WEEKS} weeks; {short_date(week_start, with_year=True)} is older than that."
        )


def neighbour_weeks(
    athlete: Athlete, week_start: dt.date, *, now: dt.datetime | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """The weeks before and after `week_start` that have a page to go to: a review was
    written, or the week can still be (it has started, is within reach, and did not end
    before the runner joined)."""
    before, after = week_start - WEEK, week_start + WEEK
    written = set(
        WeeklyReview.objects.filter(athlete=athlete, week_start__in=[before, after]).values_list(
            "week_start", flat=True
        )
    )

    def has_page(week: dt.date) -> bool:
        if week in written:
            return True
        try:
            parse_week(athlete, week, now=now)
        except WeekNotReviewable:
            return False
        return athlete.week_bounds(week)[1] > athlete.created_at

    return (before if has_page(before) else None, after if has_page(after) else None)


def review_for_week(
    *, athlete: Athlete, week_start: dt.date, now: dt.datetime | None = None
) -> WeeklyReview:
    """The runner's review of a week. Until the runner first saves it, it is an unsaved review
    (version 0) with the run log's numbers, so opening a week writes nothing and the review
    follows the log: one opened on Wednesday and finished on Sunday counts the runs between."""
    parse_week(athlete, week_start, now=now)
    review = WeeklyReview.objects.filter(athlete=athlete, week_start=week_start).first()
    if review is None:
        review = WeeklyReview(
            athlete=athlete,
            week_start=week_start,
            version=0,
            runs_planned=planned_runs(athlete, week_start),
            **run_totals(athlete, week_start),
        )
    review.athlete = athlete  # already loaded: spare the pages a query
    return review


def log_totals_if_changed(review: WeeklyReview) -> dict[str, int] | None:
    """The log's numbers for a draft the runner has saved, when the log now says otherwise.
    They may have corrected the numbers on purpose, so the page shows these, never applies them."""
    if review._state.adding or review.status != WeeklyReview.Status.DRAFT:
        return None
    totals = run_totals(review.athlete, review.week_start)
    if all(getattr(review, name) == value for name, value in totals.items()):
        return None
    return totals
