"""An athlete's goals as pages show them, measured and read only: the live tree with the
abandoned goals kept as history (`goal_board`, for the goals page, the goal's page and the
coach's athlete page), and the runner's home (`goal_home`): their why, the open goals as a
compact tree (`open_destinations`) and the wins of the last two months.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from athletes.models import Athlete
from goals import progress as measured
from goals.activity import Activity
from goals.models import Goal
from races import records

RECENT_WINS_DAYS = 60


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
    activity: Activity

    def process_nodes(self) -> list[GoalNode]:
        return [
            node
            for node in self.nodes.values()
            if node.goal.level == Goal.Level.PROCESS
            and node.goal.is_open
            and node.progress
            and node.progress.marks
        ]


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
    activity = measured.activity_for(athlete, goals, today=today)
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
