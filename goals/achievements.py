"""Reached goals and milestones, and personal bests, recorded when they happen: when the log
changes (checkins' `log_changed`, through `log_changed_receiver`) and when a goal, milestone,
benchmark or race is saved, `record_achievements` brings the athlete's personal bests up to date
and marks their reached outcome goals and milestones achieved, dated their today. Pages only
read what it wrote.
"""

import datetime as dt

from django.db.models import Prefetch

from athletes.models import Athlete
from checkins.models import Run, WeeklyReview
from goals import progress as measured
from goals.efforts import all_efforts
from goals.models import Goal, Milestone
from races import records


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
        records.sync_personal_bests(athlete=athlete, efforts=all_efforts(athlete))
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
    activity = measured.activity_for(athlete, goals, today=today)
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


def log_changed_receiver(sender: object, *, athlete: Athlete, **kwargs: object) -> None:
    """A run or weekly review of this athlete changed: it may have reached a goal, and a run
    (never a review) may be a personal best. Comments and setbacks reach no goal."""
    if sender in (Run, WeeklyReview):
        record_achievements(athlete=athlete, personal_bests=sender is Run)
