"""Writing a weekly review: drafts saved with optimistic concurrency (a stale version is a
`StaleReview`), submission (late when after the due moment), what a submission needs, and the
fields where a tab differs from the saved review."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from checkins import setbacks
from checkins.models import WeeklyReview
from checkins.signals import log_changed

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
# The runner's words for the coach; goals, streaks and flags read the rest (and the status).
WORDS = frozenset({"injury_note", "wins", "setbacks", "next_week_plan", "maintenance_reason"})
MEASURED = frozenset({"status", *RUNNER_FIELDS}) - WORDS


class StaleReview(Exception):
    """The review was saved elsewhere since this copy was loaded; `current` is what is saved."""

    def __init__(self, current: WeeklyReview):
        super().__init__(f"This review was saved elsewhere in the meantime (v{current.version}).")
        self.current = current


def _write(review: WeeklyReview, *, version: int, changes: Mapping[str, Any]) -> WeeklyReview:
    """Apply `changes` only if the review is still at `version`; the conditional UPDATE is the
    lock, so two tabs saving at once cannot both win. A review saved for the first time is
    inserted at version 0 in the same transaction, so the first save from two tabs at once
    makes one row (the unique week) and the second tab meets the first's version."""
    with transaction.atomic():
        if review._state.adding and _insert_unsaved(review):
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
        review._state.adding = False  # it stands for that row now
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
