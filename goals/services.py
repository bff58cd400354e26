"""Behaviour of goals: create and adjust them (a new target or date with a reason, kept in the
history), abandon or tick them off, save milestones and benchmarks, and move goals linked to a
race with it. Every refusal of a goal at once is `check_goal`; the SMART gate it applies is
`goals.assessment`'s, and what a save may have reached is recorded by `goals.achievements`.
"""

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from athletes.models import Athlete, User
from goals import progress as measured
from goals.achievements import record_achievements
from goals.assessment import assess_draft, check_smart_confirmed, draft_of
from goals.models import Benchmark, Goal, GoalChange, Milestone
from races.models import Race

# Changing one of these asks for a reason and leaves a GoalChange behind.
TRACKED_FIELDS = ("target_value", "distance_m", "target_date")
REASON_NEEDED = "Say briefly why the target or date changes: it is kept in the history."


@dataclass(frozen=True)
class GoalData:
    """A goal as typed in the form or sent to the API: what `goal_save` saves. The defaults
    are the model's; `start_date` left empty is the runner's today."""

    level: str
    title: str
    kind: str = Goal.Kind.CONSISTENCY
    why: str = ""
    parent: Goal | None = None
    metric: str = ""
    target_value: float | None = None
    baseline_value: float | None = None
    distance_m: int | None = None
    start_date: dt.date | None = None
    target_date: dt.date | None = None
    race: Race | None = None
    reward: str = ""

    @classmethod
    def of(cls, goal: Goal) -> "GoalData":
        """The goal as it stands, to change a few fields of with `dataclasses.replace`."""
        return cls(**{name: getattr(goal, name) for name in GOAL_DATA_FIELDS})

    def values(self) -> dict[str, Any]:
        # Not dataclasses.asdict, which would deep-copy the parent goal and the race.
        return {name: getattr(self, name) for name in GOAL_DATA_FIELDS}


GOAL_DATA_FIELDS = tuple(f.name for f in dataclasses.fields(GoalData))


@dataclass(frozen=True)
class BenchmarkData:
    """A time trial or result as typed in the benchmark form: what `benchmark_create` saves."""

    distance_m: int
    duration_s: int
    date: dt.date
    note: str = ""


def _full_clean(goal: Goal) -> None:
    goal.full_clean(exclude=["athlete", "created_by", "updated_by"])


def check_goal(*, goal: Goal, confirmed: bool) -> None:
    """Every refusal of an unsaved goal at once, as the goal form gives them: the model's rules
    by field, and the SMART gate under `confirm`. For the API, which holds the whole goal."""
    errors: dict[str, list[str]] = {}
    try:
        _full_clean(goal)
    except ValidationError as error:
        errors |= error.message_dict
    assessment = assess_draft(draft=draft_of(goal), athlete=goal.athlete)
    try:
        check_smart_confirmed(assessment=assessment, confirmed=confirmed)
    except ValidationError as error:
        errors |= error.message_dict
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def goal_create(*, athlete: Athlete, by: User, data: GoalData) -> Goal:
    """A new goal; a measurable outcome goal starts from the runner's value today."""
    goal = Goal(athlete=athlete, created_by=by, updated_by=by, **data.values())
    follow_race(goal)
    if not data.start_date:
        goal.start_date = athlete.local_today()
    _full_clean(goal)
    if goal.is_measurable and goal.baseline_value is None and goal.level == Goal.Level.OUTCOME:
        today = athlete.local_today()
        goal.baseline_value = measured.current_value(
            goal, measured.activity_for(athlete, [goal], today=today), today
        )
    goal.save()
    record_achievements(athlete=athlete)
    goal.refresh_from_db(fields=["status", "achieved_at"])
    return goal


def follow_race(goal: Goal) -> None:
    """A goal linked to a race is due on race day, and a race-time goal is for its distance."""
    if goal.race is None:
        return
    goal.target_date = goal.race.date
    if goal.metric == Goal.Metric.RACE_TIME:
        goal.distance_m = goal.race.distance_m


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return f"{value:g}" if isinstance(value, float) else str(value)


def tracked_changes(goal: Goal, fields: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(field, old, new) for each tracked field the new values would change."""
    return [
        (name, _as_text(getattr(goal, name)), _as_text(fields[name]))
        for name in TRACKED_FIELDS
        if name in fields and _as_text(getattr(goal, name)) != _as_text(fields[name])
    ]


def check_change_reason(*, changes: list[tuple[str, str, str]], reason: str) -> None:
    """A new target or date needs a reason, kept in the goal's history: the goal form shows
    this beside its reason box, the API under `reason`."""
    if changes and not reason.strip():
        raise ValidationError({"reason": REASON_NEEDED})


@transaction.atomic
def goal_update(*, goal: Goal, by: User, data: GoalData, reason: str = "") -> Goal:
    """Change a goal. A new target or date needs a reason, and is kept in the history."""
    values = data.values()
    changes = tracked_changes(goal, values)
    check_change_reason(changes=changes, reason=reason)
    for name, value in values.items():
        setattr(goal, name, value)
    follow_race(goal)
    goal.updated_by = by
    if changes and goal.status == Goal.Status.ACTIVE:
        goal.status = Goal.Status.ADJUSTED
    _full_clean(goal)
    goal.save()
    GoalChange.objects.bulk_create(
        GoalChange(
            goal=goal, changed_by=by, field=name, old_value=old, new_value=new, reason=reason
        )
        for name, old, new in changes
    )
    record_achievements(athlete=goal.athlete)
    goal.refresh_from_db(fields=["status", "achieved_at"])
    return goal


@transaction.atomic
def goal_save(
    *, athlete: Athlete, goal: Goal | None, by: User, data: GoalData, reason: str = ""
) -> Goal:
    """The one way the goal form and the API save a goal: a new goal for `athlete` (`goal`
    None), or a change to `goal`, whose new target or date needs `reason`. Their own checks
    (the form's `clean`, the API's `check_goal`) have passed by then."""
    if goal is None:
        return goal_create(athlete=athlete, by=by, data=data)
    return goal_update(goal=goal, by=by, data=data, reason=reason)


@transaction.atomic
def goal_abandon(*, goal: Goal, by: User, reason: str) -> Goal:
    if not reason.strip():
        raise ValidationError({"reason": "Say briefly why you are letting this goal go."})
    GoalChange.objects.create(
        goal=goal,
        changed_by=by,
        field="status",
        old_value=goal.status,
        new_value=Goal.Status.ABANDONED,
        reason=reason,
    )
    goal.status = Goal.Status.ABANDONED
    goal.updated_by = by
    goal.save(update_fields=["status", "updated_by", "updated_at"])
    return goal


def goal_tick(*, goal: Goal, by: User, note: str) -> Goal:
    """Tick off a goal that is not measured from the log (mindset), with a note."""
    if goal.is_measurable:
        raise ValidationError("This goal is measured from your log and completes by itself.")
    goal.status = Goal.Status.ACHIEVED
    goal.achieved_at = goal.athlete.local_today()
    goal.completion_note = note
    goal.updated_by = by
    goal.save(
        update_fields=["status", "achieved_at", "completion_note", "updated_by", "updated_at"]
    )
    return goal


def milestone_tick(*, milestone: Milestone) -> Milestone:
    milestone.achieved_at = milestone.goal.athlete.local_today()
    milestone.save(update_fields=["achieved_at"])
    return milestone


def milestone_save(*, milestone: Milestone) -> Milestone:
    milestone.full_clean(exclude=["goal"])
    milestone.save()
    record_achievements(athlete=milestone.goal.athlete)
    milestone.refresh_from_db(fields=["achieved_at"])
    return milestone


def benchmark_save(*, benchmark: Benchmark) -> Benchmark:
    """Save a time trial or result: a race-time goal may be reached by it."""
    benchmark.full_clean(exclude=["athlete", "created_by"])
    benchmark.save()
    record_achievements(athlete=benchmark.athlete)
    return benchmark


def benchmark_create(*, athlete: Athlete, by: User, data: BenchmarkData) -> Benchmark:
    return benchmark_save(
        benchmark=Benchmark(
            athlete=athlete,
            created_by=by,
            distance_m=data.distance_m,
            duration_s=data.duration_s,
            date=data.date,
            note=data.note,
        )
    )


RACE_MOVED = "race moved"


def race_saved_receiver(
    sender: object, *, race: Race, old_date: dt.date | None, by: User | None, **kwargs: object
) -> None:
    """A race was added, changed or removed: goals linked to it follow a new date (kept in
    their history as "race moved"), and a result may be a PB or reach a race-time goal."""
    if old_date is not None and old_date != race.date:
        for goal in Goal.objects.filter(race=race).exclude(target_date=race.date):
            GoalChange.objects.create(
                goal=goal,
                changed_by=by,
                field="target_date",
                old_value=_as_text(goal.target_date),
                new_value=_as_text(race.date),
                reason=RACE_MOVED,
            )
            goal.target_date = race.date
            goal.updated_by = by
            goal.save(update_fields=["target_date", "updated_by", "updated_at"])
    record_achievements(athlete=race.athlete)
