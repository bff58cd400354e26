"""The season's phase ends as milestones of the runner's outcome goal, accepted in one click.

Which goal: the open outcome goal linked to the A race the season is built for, else the
open outcome goal due soonest. A suggestion already added to that goal (same title and date)
shows as added and is never added twice.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from athletes.models import Athlete
from goals.models import Goal, Milestone
from goals.services import milestone_save
from races import services as races
from races.season_page import PhaseMilestone, phase_milestones


def season_goal(athlete: Athlete, *, a_race_pk: object) -> Goal | None:
    """The outcome goal a season's milestones belong to."""
    goals = list(
        Goal.objects.filter(athlete=athlete, level=Goal.Level.OUTCOME)
        .open()
        .order_by("target_date", "pk")
    )
    linked = [goal for goal in goals if goal.race_id is not None and goal.race_id == a_race_pk]
    return next(iter(linked or goals), None)


def milestone_target(goal: Goal, suggestion: PhaseMilestone) -> float | None:
    """The phase's target in the goal's own measure, when the goal measures one the plan sets."""
    if goal.metric == Goal.Metric.WEEKLY_DISTANCE:
        return suggestion.weekly_m
    if goal.metric == Goal.Metric.LONG_RUN:
        return suggestion.long_run_m
    return None


def suggestion_for(athlete: Athlete, *, phase: str) -> PhaseMilestone | None:
    """The runner's season's suggestion at the end of `phase`, as their season stands today."""
    report = races.season_for(athlete)
    if report is None:
        return None
    return next((s for s in phase_milestones(report.season) if s.phase.value == phase), None)


@dataclass(frozen=True)
class MilestoneOffer:
    suggestion: PhaseMilestone
    target_value: float | None
    added: bool
    passed: bool


def milestone_offers(
    goal: Goal | None, suggestions: list[PhaseMilestone], *, today: dt.date
) -> list[MilestoneOffer]:
    """Each suggestion as offered for `goal` (None: no outcome goal to add it to): already one
    of its milestones, or its date already passed."""
    existing = set(goal.milestones.values_list("title", "target_date")) if goal else set()
    return [
        MilestoneOffer(
            suggestion=suggestion,
            target_value=milestone_target(goal, suggestion) if goal else None,
            added=(suggestion.title, suggestion.date) in existing,
            passed=suggestion.date < today,
        )
        for suggestion in suggestions
    ]


@transaction.atomic
def milestone_from_season(*, goal: Goal, suggestion: PhaseMilestone) -> tuple[Milestone, bool]:
    """Add the suggestion as a milestone of `goal`; (milestone, created).

    Milestone has no unique constraint, so the goal's row is locked first: a double click
    waits for the first to commit and then finds its milestone.
    """
    Goal.objects.select_for_update().filter(pk=goal.pk).first()
    milestone = goal.milestones.filter(title=suggestion.title, target_date=suggestion.date).first()
    if milestone is not None:
        return milestone, False
    milestone = Milestone(
        goal=goal,
        title=suggestion.title,
        target_date=suggestion.date,
        target_value=milestone_target(goal, suggestion),
    )
    return milestone_save(milestone=milestone), True
