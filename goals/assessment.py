"""SMART coaching against the runner's log: what the pure rules of `goals.smart` read of a goal,
saved or as typed (`draft_of`, `typed_draft`), and of the runner from their loaded activity
(`runner_context`, `runner_for`); the verdicts for a goal as typed (`assess_draft`); and the
gate a failing goal passes only once the person confirms it (`check_smart_confirmed`), which
the goal form, the API and `goals.services.check_goal` share.
"""

import datetime as dt
import statistics
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from athletes.models import Athlete
from goals import smart
from goals.activity import Activity, load_activity
from goals.models import Goal
from goals.progress import activity_for
from goals.smart.verdicts import (
    TYPICAL_PACE_S_PER_KM,
    TYPICAL_RUN_MINUTES,
    Assessment,
    Draft,
    Runner,
)
from races.rules import BusySpan

TYPICAL_RUN_WEEKS = 8


def runner_context(activity: Activity, *, today: dt.date) -> Runner:
    athlete = activity.athlete
    recent = activity.recent_weeks(today)
    lately = activity.running(today - dt.timedelta(weeks=TYPICAL_RUN_WEEKS), today)
    # The long run today: the longest of the weeks the average is read over, and this one.
    long_runs = activity.running(recent[-1], today)
    typical_minutes = (
        statistics.median(run.duration_s / 60 for run in lately) if lately else TYPICAL_RUN_MINUTES
    )
    metres = sum(run.distance_m for run in lately)
    pace = (
        sum(run.duration_s for run in lately) / metres * 1000 if metres else TYPICAL_PACE_S_PER_KM
    )
    return Runner(
        today=today,
        units=athlete.units,
        experience=athlete.experience,
        weekly_minutes_available=athlete.weekly_minutes_available,
        recent_weekly_distance_m=activity.recent_weekly_distance_m(today),
        typical_run_minutes=typical_minutes,
        typical_pace_s_per_km=pace,
        longest_run_m=activity.longest_run_m,
        recent_long_run_m=max((run.distance_m for run in long_runs), default=0.0),
        best_effort=activity.best_effort(today),
        busy_periods=tuple(
            BusySpan(period.start, period.end, period.label) for period in activity.busy_periods
        ),
        days_available=sum(1 for name in athlete.AVAILABILITY_FIELDS if getattr(athlete, name)),
        run_log=tuple(
            (activity.local_day(run), run.distance_m)
            for run in activity.running(activity.since, today)
        ),
    )


# What the SMART check assumes of a goal typed so far while a field is still missing.
DRAFT_DEFAULTS: dict[str, Any] = {
    "level": Goal.Level.OUTCOME,
    "kind": Goal.Kind.DISTANCE,
    "start_date": None,
}
GOAL_FIELDS = frozenset(model_field.name for model_field in Goal._meta.concrete_fields)


def draft_of(goal: Goal) -> Draft:
    """What the SMART check reads of a goal, saved or as typed: the one place a draft is
    built, so the form, the API and the goal's page assess the same goal alike."""
    return Draft(
        level=goal.level or Goal.Level.OUTCOME,
        kind=goal.kind or Goal.Kind.DISTANCE,
        title=goal.title or "",
        metric=goal.metric or "",
        target_value=goal.target_value,
        distance_m=goal.distance_m,
        start_date=goal.start_date,
        target_date=goal.target_date,
        has_parent=goal.parent_id is not None,
        race_distance_m=goal.race.distance_m if goal.race is not None else None,
    )


def typed_draft(values: Mapping[str, Any]) -> Draft:
    """The draft of a goal as typed in the goal form or sent to the API, perhaps half done:
    fields left out or unreadable (None) take `DRAFT_DEFAULTS`, then the model's defaults."""
    given = {k: v for k, v in values.items() if k in GOAL_FIELDS and v is not None}
    return draft_of(Goal(**(DRAFT_DEFAULTS | given)))


def runner_for(athlete: Athlete, *, since: dt.date | None = None) -> Runner:
    """What SMART coaching needs to know of the runner today, with their log read back to
    `since` at least (a goal's start: what a total-distance goal has done)."""
    today = athlete.local_today()
    activity = activity_for(athlete, today=today)
    if since is not None and since < activity.since:
        activity = load_activity([athlete], since=since)[athlete.pk]
    return runner_context(activity, today=today)


def assess_draft(*, draft: Draft, athlete: Athlete) -> Assessment | None:
    """SMART verdicts for a goal as typed, without saving it."""
    return smart.assess(draft, runner_for(athlete, since=draft.start_date))


def check_smart_confirmed(*, assessment: Assessment | None, confirmed: bool) -> None:
    """A goal failing a SMART criterion is saved only once the person confirms it: the check
    advises rather than forbids, but a failing verdict is read before saving. The goal form's
    box and the API's `confirm` field both answer it; raises a ValidationError on `confirm`."""
    failing = assessment.failing if assessment else []
    if failing and not confirmed:
        *others, last = failing
        criteria = f"{', '.join(others)} and {last}" if others else last
        raise ValidationError(
            {
                "confirm": ValidationError(
                    f"This goal fails the SMART check on {criteria}. Confirm to save it "
                    "anyway, or change it.",
                    code="smart_fails",
                )
            }
        )
