"""Behaviour of goals: create, adjust with a reason, abandon, tick off, record achievements; the tree."""

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from athletes.models import Athlete, User
from checkins.models import Run, WeeklyReview
from goals import progress as measured
from goals import smart
from goals.models import Benchmark, Goal, GoalChange, Milestone
from races import predictions, records
from races.models import Race
from races.predictions import Effort, MarathonRange

# Changing one of these asks for a reason and leaves a GoalChange behind.
TRACKED_FIELDS = ("target_value", "distance_m", "target_date")
REASON_NEEDED = "Say briefly why the target or date changes: it is kept in the history."
RECENT_WINS_DAYS = 60


@dataclass(frozen=True)
class GoalData:
    """A goal as typed in the form or sent to the API: what `goal_create` and `goal_update`
    save. The defaults are the model's; `start_date` left empty is the runner's today."""

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


def activity_for(athlete: Athlete, goals: Iterable[Goal] = (), *, today: dt.date):
    since = measured.activity_start(goals, today)
    return measured.load_activity([athlete], since=since)[athlete.pk]


def runner_for(athlete: Athlete) -> smart.Runner:
    """What SMART coaching needs to know of the runner today."""
    today = athlete.local_today()
    return measured.runner_context(activity_for(athlete, today=today), today=today)


@dataclass(frozen=True)
class RacePredictions:
    """Race times predicted from the strongest effort of the last 12 months (by VDOT), and the
    marathon range adjusted for weekly distance; with no effort, empty."""

    best_effort: Effort | None
    weekly_distance_m: float
    predictions: list[predictions.ComparedPrediction]
    marathon_range: MarathonRange | None

    @property
    def vdot(self) -> float | None:
        best = self.best_effort
        return predictions.vdot(best.distance_m, best.duration_s) if best else None


def race_predictions(athlete: Athlete) -> RacePredictions:
    """What the predictions page and the API show for one runner."""
    runner = runner_for(athlete)
    best, weekly_m = runner.best_effort, runner.recent_weekly_distance_m
    if best is None:
        return RacePredictions(None, weekly_m, [], None)
    return RacePredictions(
        best_effort=best,
        weekly_distance_m=weekly_m,
        predictions=predictions.compared(best.distance_m, best.duration_s),
        marathon_range=predictions.marathon_range(
            best.distance_m, best.duration_s, weekly_distance_m=weekly_m
        ),
    )


def assess_draft(*, draft: smart.Draft, athlete: Athlete) -> smart.Assessment | None:
    """SMART verdicts for a goal as typed, without saving it."""
    return smart.assess(draft, runner_for(athlete))


def check_smart_confirmed(*, assessment: smart.Assessment | None, confirmed: bool) -> None:
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
    assessment = assess_draft(draft=measured.draft_of(goal), athlete=goal.athlete)
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
            goal, activity_for(athlete, [goal], today=today), today
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


def _as_text(value) -> str:
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


def benchmark_create(*, athlete: Athlete, by: User, **fields) -> Benchmark:
    return benchmark_save(benchmark=Benchmark(athlete=athlete, created_by=by, **fields))


@dataclass
class GoalNode:
    goal: Goal
    progress: measured.Progress | None
    children: list["GoalNode"] = field(default_factory=list)


@dataclass
class Board:
    """An athlete's goals measured: the live tree, and the abandoned ones kept as history."""

    athlete: Athlete
    roots: list[GoalNode]
    history: list[GoalNode]
    nodes: dict[int, GoalNode]
    activity: measured.Activity

    def process_nodes(self) -> list[GoalNode]:
        return [
            node
            for node in self.nodes.values()
            if node.goal.level == Goal.Level.PROCESS
            and node.goal.is_open
            and node.progress
            and node.progress.marks
        ]


def record_achievements(
    *, athlete: Athlete, now: dt.datetime | None = None, personal_bests: bool = True
) -> None:
    """Bring the athlete's personal bests up to date, and mark their reached outcome goals and
    milestones achieved, dated their today.

    Called when the log changes (checkins' `log_changed`) and when a goal, milestone or
    benchmark is saved, so the date is the day the goal was reached, not the day someone
    looked, and pages only read. The conditional UPDATEs make a second call a no-op.
    """
    if personal_bests:
        records.sync_personal_bests(athlete=athlete, efforts=measured.all_efforts(athlete))
    pending = Milestone.objects.filter(achieved_at=None).exclude(target_value=None)
    goals = [
        goal
        for goal in Goal.objects.filter(athlete=athlete, status__in=Goal.OPEN_STATUSES)
        .exclude(metric="")
        .exclude(target_value=None)
        .prefetch_related(Prefetch("milestones", queryset=pending))
        if goal.level == Goal.Level.OUTCOME or goal.milestones.all()
    ]
    if not goals:
        return
    today = athlete.local_today(now)
    activity = activity_for(athlete, goals, today=today)
    reached_goals, reached_milestones = [], []
    for goal in goals:
        goal.athlete = athlete
        progress = measured.measure(goal, activity, now=now)
        if goal.level == Goal.Level.OUTCOME and progress and progress.reached:
            reached_goals.append(goal.pk)
        reached_milestones += [
            milestone.pk
            for milestone in goal.milestones.all()
            if measured.milestone_reached(goal, milestone.target_value, progress)
        ]
    if reached_goals:
        Goal.objects.filter(pk__in=reached_goals, status__in=Goal.OPEN_STATUSES).update(
            status=Goal.Status.ACHIEVED, achieved_at=today
        )
    if reached_milestones:
        Milestone.objects.filter(pk__in=reached_milestones, achieved_at=None).update(
            achieved_at=today
        )


def log_changed_receiver(sender, *, athlete: Athlete, **kwargs) -> None:
    """A run or weekly review of this athlete changed: it may have reached a goal, and a run
    (never a review) may be a personal best. Comments and setbacks reach no goal."""
    if sender in (Run, WeeklyReview):
        record_achievements(athlete=athlete, personal_bests=sender is Run)


RACE_MOVED = "race moved"


def race_saved_receiver(
    sender, *, race: Race, old_date: dt.date | None, by: User | None, **kwargs
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


def goal_board(athlete: Athlete, *, now: dt.datetime | None = None) -> Board:
    """Every goal of one athlete, measured, in a fixed number of queries. Reads only."""
    now = now or timezone.now()
    today = athlete.local_today(now)
    goals = list(
        Goal.objects.filter(athlete=athlete)
        .select_related("created_by", "updated_by")
        .prefetch_related("milestones")
    )
    for goal in goals:
        goal.athlete = athlete
    activity = activity_for(athlete, goals, today=today)
    nodes = {goal.pk: GoalNode(goal, measured.measure(goal, activity, now=now)) for goal in goals}
    roots, history = [], []
    for node in nodes.values():
        parent = nodes.get(node.goal.parent_id) if node.goal.parent_id is not None else None
        if node.goal.status == Goal.Status.ABANDONED:
            history.append(node)
        elif parent is not None and parent.goal.status != Goal.Status.ABANDONED:
            parent.children.append(node)
        else:
            roots.append(node)
    level_order = list(Goal.Level.values)
    roots.sort(key=lambda node: level_order.index(node.goal.level))
    return Board(athlete=athlete, roots=roots, history=history, nodes=nodes, activity=activity)


def open_destinations(board: Board) -> list[GoalNode]:
    """The open outcome goals, each with only its open habits under it, then any open habit
    that has no open outcome goal above it: the compact tree of the runner's home."""
    destinations = [
        GoalNode(
            node.goal,
            node.progress,
            [
                child
                for child in node.children
                if child.goal.is_open and child.goal.level == Goal.Level.PROCESS
            ],
        )
        for node in board.nodes.values()
        if node.goal.is_open and node.goal.level == Goal.Level.OUTCOME
    ]
    placed = {child.goal.pk for node in destinations for child in node.children}
    return destinations + [
        node
        for node in board.nodes.values()
        if node.goal.is_open
        and node.goal.level == Goal.Level.PROCESS
        and node.goal.pk not in placed
    ]


@dataclass(frozen=True)
class Win:
    """Something reached lately: a goal (with its reward), a milestone or a personal best."""

    title: str
    date: dt.date
    reward: str = ""
    goal: Goal | None = None


@dataclass(frozen=True)
class GoalHome:
    """The goals on the runner's home: their why, open goals as a compact tree, recent wins."""

    visions: list[Goal]
    destinations: list[GoalNode]
    wins: list[Win]


def goal_home(athlete: Athlete, *, now: dt.datetime | None = None) -> GoalHome:
    """The runner's why (vision goals), open goals as a compact tree, and recent wins."""
    board = goal_board(athlete, now=now)
    today = athlete.local_today(now)
    since = today - dt.timedelta(days=RECENT_WINS_DAYS)
    wins = [
        Win(n.goal.title, n.goal.achieved_at, n.goal.reward, n.goal)
        for n in board.nodes.values()
        if n.goal.status == Goal.Status.ACHIEVED
        and n.goal.achieved_at
        and n.goal.achieved_at >= since
    ] + [
        Win(m.title, m.achieved_at, goal=n.goal)
        for n in board.nodes.values()
        for m in n.goal.milestones.all()
        if m.achieved_at and m.achieved_at >= since
    ]
    wins += [
        Win(records.pb_message(pb), pb.date)
        for pb in records.recent_improvements(athlete, since=since)
    ]
    wins.sort(key=lambda win: win.date, reverse=True)
    visions = [n.goal for n in board.roots if n.goal.level == Goal.Level.VISION]
    return GoalHome(visions=visions, destinations=open_destinations(board), wins=wins[:6])
