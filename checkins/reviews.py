"""Weekly reviews: this week's review pre-filled from the run log, drafts saved with optimistic
concurrency, submission (late when after the due moment), states for the roster, the coach's
read marker, and the comment thread with its unread markers.
"""

import dataclasses
import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, Max, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from athletes.models import Athlete, BusyPeriod, User
from checkins import momentum, setbacks
from checkins.models import Comment, Run, Setback, WeeklyReview
from checkins.signals import log_changed

RUNNING = ~Q(kind__in=Run.NOT_RUNNING)
# What goals, streaks and flags read of a review; the rest is words for the coach.
MEASURED = frozenset(
    {
        "status",
        "runs_planned",
        "runs_done",
        "distance_m",
        "longest_run_m",
        "strength_sessions",
        "good_sleep_nights",
        "energy",
        "motivation",
        "injured",
        "maintenance_week",
    }
)

# The fields the runner writes; status, time stamps and version are set by the services.
RUNNER_FIELDS = (
    "runs_planned",
    "runs_done",
    "distance_m",
    "longest_run_m",
    "strength_sessions",
    "good_sleep_nights",
    "energy",
    "motivation",
    "injured",
    "injury_note",
    "wins",
    "setbacks",
    "next_week_plan",
    "maintenance_week",
    "maintenance_reason",
)


class ReviewState(enum.StrEnum):
    SUBMITTED = "submitted"
    DRAFT = "draft"
    NOT_STARTED = "not started"
    OVERDUE = "overdue"

    @property
    def tone(self) -> str:
        """The badge colour a page shows the state in."""
        return {"submitted": "good", "draft": "brand", "overdue": "bad"}.get(self.value, "")


# How far back a missed week may still be filled in (marked late).
OLDEST_REVIEWABLE_WEEKS = 52


class WeekNotReviewable(Exception):
    """Reviews are written about a week that has started, never ahead of it, and at most
    OLDEST_REVIEWABLE_WEEKS back."""


class StaleReview(Exception):
    """The review was saved elsewhere since this copy was loaded; `current` is what is saved."""

    def __init__(self, current: WeeklyReview):
        super().__init__(f"This review was saved elsewhere in the meantime (v{current.version}).")
        self.current = current


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


def parse_week(athlete: Athlete, week_start: dt.date, *, now: dt.datetime | None = None) -> None:
    """Refuse a week that is not a Monday, has not started yet in the runner's zone, or is
    older than a year."""
    if week_start.weekday() != 0:
        raise WeekNotReviewable(f"{week_start:%d %b %Y} is not a Monday; weeks start on Monday.")
    this_week = athlete.week_start(now)
    if week_start > this_week:
        raise WeekNotReviewable("That week has not started yet: reviews look back, not ahead.")
    if week_start < this_week - dt.timedelta(weeks=OLDEST_REVIEWABLE_WEEKS):
        raise WeekNotReviewable(
            f"Reviews go back {OLDEST_REVIEWABLE_WEEKS} weeks; {week_start:%d %b %Y} is older than that."
        )


def neighbour_weeks(
    athlete: Athlete, week_start: dt.date, *, now: dt.datetime | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """The weeks before and after `week_start` that have a page to go to: a review was
    written, or the week can still be (it has started, is within reach, and did not end
    before the runner joined)."""
    before, after = week_start - momentum.WEEK, week_start + momentum.WEEK
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
            athlete=athlete, week_start=week_start, version=0, **run_totals(athlete, week_start)
        )
    review.athlete = athlete  # already loaded: spare the pages a query
    return review


def log_totals_if_changed(review: WeeklyReview) -> dict[str, int] | None:
    """The log's numbers for a draft the runner has saved, when the log now says otherwise.
    They may have corrected the numbers on purpose, so the page shows these, never applies them."""
    if review.pk is None or review.status != WeeklyReview.Status.DRAFT:
        return None
    totals = run_totals(review.athlete, review.week_start)
    if all(getattr(review, name) == value for name, value in totals.items()):
        return None
    return totals


def _write(review: WeeklyReview, *, version: int, changes: Mapping[str, Any]) -> WeeklyReview:
    """Apply `changes` only if the review is still at `version`; the conditional UPDATE is the
    lock, so two tabs saving at once cannot both win. A review saved for the first time is
    inserted at version 0 in the same transaction, so the first save from two tabs at once
    makes one row (the unique week) and the second tab meets the first's version."""
    with transaction.atomic():
        if review.pk is None and _insert_unsaved(review):
            version = 0  # this save made the row: nothing it could overwrite
        updated = WeeklyReview.objects.filter(pk=review.pk, version=version).update(
            **changes, version=F("version") + 1, updated_at=timezone.now()
        )
    if updated != 1:
        current = WeeklyReview.objects.get(pk=review.pk)
        if review_differences(current, changes):
            raise StaleReview(current)
        # The same text was saved elsewhere (a double click, an autosave still in flight):
        # nothing would be lost, so this is not a conflict.
        return _write(review, version=current.version, changes=changes)
    measured_change = any(
        getattr(review, name) != value for name, value in changes.items() if name in MEASURED
    )
    athlete = review.athlete
    review.refresh_from_db()
    review.athlete = athlete  # refreshing forgets it; the answer names them again
    # Goals, streaks and flags read the numbers and the status, never the text: a draft save of
    # words alone (most autosaves) has nothing to tell them.
    if measured_change or version == 0:
        log_changed.send(sender=WeeklyReview, athlete=review.athlete)
    return review


def _insert_unsaved(review: WeeklyReview) -> bool:
    """Insert the unsaved review at version 0 and say so, or take the pk of the row another
    tab has just inserted for the same week (a savepoint keeps the transaction usable)."""
    try:
        with transaction.atomic():
            review.version = 0
            review.save(force_insert=True)
        return True
    except IntegrityError:
        review.pk = (
            WeeklyReview.objects.filter(athlete=review.athlete, week_start=review.week_start)
            .values_list("pk", flat=True)
            .get()
        )
        return False


def _runner_changes(data: Mapping[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in RUNNER_FIELDS if name in data}


def review_save_draft(
    *, review: WeeklyReview, data: Mapping[str, Any], version: int
) -> WeeklyReview:
    """Save what the runner typed. A submitted review stays submitted: they may still correct it."""
    return _write(review, version=version, changes=_runner_changes(data))


def review_submit(
    *,
    review: WeeklyReview,
    data: Mapping[str, Any],
    version: int,
    now: dt.datetime | None = None,
) -> WeeklyReview:
    """Save and submit. The first submission's time stays; after the due moment it is late."""
    now = now or timezone.now()
    late = now >= WeeklyReview.due_at(review.athlete, review.week_start)
    first_time = Q(submitted_at=None)
    submitted = _write(
        review,
        version=version,
        changes={
            **_runner_changes(data),
            "status": WeeklyReview.Status.SUBMITTED,
            "submitted_late": Case(When(first_time, then=Value(late)), default=F("submitted_late")),
            "submitted_at": Coalesce(F("submitted_at"), Value(now)),
        },
    )
    setbacks.setback_from_review(review=submitted, by=submitted.athlete.user)
    return submitted


def submission_errors(values: Mapping[str, Any]) -> dict[str, str]:
    """What a review needs before it can be submitted (a draft may be half-finished)."""
    errors = {}
    if not _says_anything(values):
        errors["runs_done"] = (
            "An empty review can't be submitted: give your runs or distance, "
            "how the week felt, or a few words."
        )
    if values.get("injured") and not (values.get("injury_note") or "").strip():
        errors["injury_note"] = "Say in a few words what happened, so your coach knows."
    if values.get("maintenance_week") and not (values.get("maintenance_reason") or "").strip():
        errors["maintenance_reason"] = "Give a short reason for the maintenance week."
    longest, total = values.get("longest_run_m"), values.get("distance_m")
    if longest is not None and total is not None and longest > total:
        errors["longest_run_m"] = "The longest run can't be more than the week's distance."
    return errors


# A review says something when it has runs or distance, a feeling, a note, or a ticked box
# (injured, maintenance week: those ask for their own words above). Zero runs is the run
# log's prefill for an empty week, so on its own it says nothing.
_NOTES = ("wins", "setbacks", "next_week_plan", "injury_note", "maintenance_reason")


def _says_anything(values: Mapping[str, Any]) -> bool:
    return bool(
        values.get("runs_done")
        or values.get("distance_m")
        or values.get("energy") is not None
        or values.get("motivation") is not None
        or values.get("injured")
        or values.get("maintenance_week")
        or any((values.get(name) or "").strip() for name in _NOTES)
    )


def review_differences(saved: WeeklyReview, typed: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The runner fields where what this tab typed differs from the saved review."""
    columns = {field.name: field for field in WeeklyReview._meta.concrete_fields}
    return [
        {
            "name": name,
            "label": columns[name].verbose_name,
            "saved": getattr(saved, name),
            "typed": typed[name],
        }
        for name in RUNNER_FIELDS
        if name in typed and typed[name] != getattr(saved, name)
    ]


def review_mark_read(*, review: WeeklyReview, now: dt.datetime | None = None) -> WeeklyReview:
    """The coach has read the review; the first reading's time stays."""
    now = now or timezone.now()
    WeeklyReview.objects.filter(pk=review.pk, coach_read_at=None).update(coach_read_at=now)
    review.refresh_from_db(fields=["coach_read_at"])
    return review


def comment_post(*, review: WeeklyReview, author: User, body: str) -> Comment:
    comment = Comment.objects.create(review=review, author=author, body=body.strip())
    log_changed.send(sender=Comment, athlete=review.athlete)
    return comment


def comments_mark_read(
    *, review: WeeklyReview, reader: User, now: dt.datetime | None = None
) -> int:
    """The other side's comments are read once the runner or their coach opens the review.
    Staff looking on read nothing on anyone's behalf."""
    if review.pk is None or not review.may_discuss(reader):
        return 0
    read = (
        Comment.objects.filter(review=review, read_at=None)
        .exclude(author=reader)
        .update(read_at=now or timezone.now())
    )
    if read:
        log_changed.send(sender=Comment, athlete=review.athlete)
    return read


def unread_comments_for(user: User) -> Q:
    """Condition on Comment: written by someone else, not yet read."""
    return Q(read_at=None) & ~Q(author=user)


# --- Review states and streaks for many athletes in a fixed number of queries ---------------


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
    last_week = this_week - momentum.WEEK
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
    since = min(this_week.values()) - momentum.WEEK * momentum.REVIEW_STREAK_WEEKS
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
