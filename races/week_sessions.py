"""A runner's week of planned sessions, built from the season plan and kept against it.

`plan_week` builds a week from the season plan's weekly target (`races/week_plan.py`, pure)
and the runner's available days, keeping what a person put there or changed (a coach's
sessions among them), runs already matched, maintenance swaps and days gone. When a race
changes the season, the weeks already planned from this one on are planned again
(`replan_weeks_ahead`). `week_summary` re-checks the week as it stands: its planned total beside
the plan's target and the 10 % ramp over last week.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from athletes.measures import WEEK, WEEKLY_RAMP, monday_of, sunday_of
from athletes.models import Athlete
from checkins import sessions
from checkins.charts import weekly_distances
from checkins.models import PlannedSession
from races import services
from races.models import Race
from races.season import START_FLOOR_M
from races.week_plan import SessionPlan, WeekInputs, build_week

# With no season plan (no A race ahead), a week is planned at the mean of the last 4 weeks.
AVERAGE_WEEKS = services.START_AVERAGE_WEEKS


@dataclass(frozen=True)
class WeekTarget:
    target_m: int
    # Where it comes from, in words: "the season plan (build)", "your last 4 weeks".
    source: str
    inputs: WeekInputs


def week_target(
    athlete: Athlete, week_start: dt.date, *, now: dt.datetime | None = None
) -> WeekTarget:
    """What the week is built from: the season plan's week, or without one the recent average."""
    report = services.season_for(athlete, now=now)
    plan_week_ = report.season.week_of(week_start) if report else None
    minutes = tuple(getattr(athlete, name) for name in Athlete.AVAILABILITY_FIELDS)
    pace = services.usual_pace_s_per_km(athlete, before=week_start + WEEK)
    if plan_week_ is not None:
        inputs = WeekInputs(
            week_start=week_start,
            target_m=round(plan_week_.target_distance_m),
            minutes=minutes,
            phase=plan_week_.phase,
            cutback=plan_week_.cutback,
            races=plan_week_.races,
            pace_s_per_km=pace,
        )
        return WeekTarget(inputs.target_m, f"the season plan ({plan_week_.phase})", inputs)
    before = [week_start - dt.timedelta(weeks=i) for i in range(AVERAGE_WEEKS, 0, -1)]
    average = sum(m for _, m in weekly_distances(athlete, before)) / AVERAGE_WEEKS
    target = round(average or START_FLOOR_M)
    inputs = WeekInputs(week_start=week_start, target_m=target, minutes=minutes, pace_s_per_km=pace)
    source = f"your last {AVERAGE_WEEKS} weeks" if average else "a gentle start"
    return WeekTarget(target, source, inputs)


def _kept(session: PlannedSession, today: dt.date) -> bool:
    """Whether a rebuild leaves a session as it is: one a person put there or changed (the
    coach's among them), a maintenance swap, one done, or one of a day gone."""
    return (
        session.created_by_id is not None
        or session.by_coach
        or session.is_maintenance
        or session.run_id is not None
        or session.day < today
    )


def _row(athlete: Athlete, plan: SessionPlan) -> PlannedSession:
    return PlannedSession(
        athlete=athlete,
        day=plan.day,
        kind=plan.kind,
        distance_m=plan.distance_m,
        duration_s=plan.duration_s,
        steps=plan.steps,
        notes=plan.notes,
    )


@transaction.atomic
def plan_week(
    athlete: Athlete,
    week_start: dt.date,
    *,
    rebuild: bool = False,
    target: WeekTarget | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Plan the week if it has no sessions yet (or, `rebuild`, plan it again from the season
    plan, keeping what a person put there or what is done); returns how many sessions it added."""
    week_start = monday_of(week_start)
    today = athlete.local_today(now)
    existing = list(
        PlannedSession.objects.filter(athlete=athlete)
        .between(week_start, sunday_of(week_start))
        .select_for_update()
    )
    if existing and not rebuild:
        return 0
    kept_days = {s.day for s in existing if _kept(s, today)}
    PlannedSession.objects.filter(pk__in=[s.pk for s in existing if not _kept(s, today)]).delete()
    target = target or week_target(athlete, week_start, now=now)
    # A rebuild never plans a day gone: it would be missed the moment it was planned.
    rows = [
        _row(athlete, plan)
        for plan in build_week(target.inputs)
        if plan.day not in kept_days and not (rebuild and plan.day < today)
    ]
    PlannedSession.objects.bulk_create(rows, batch_size=100)
    sessions.match_runs(athlete)
    return len(rows)


def plan_has_changed(existing: list[PlannedSession], target: WeekTarget, *, today: dt.date) -> bool:
    """Whether planning the week again would change a session nobody touched, from today on:
    the season plan or the runner's available days changed since it was planned."""
    kept_days = {s.day for s in existing if _kept(s, today)}
    now_planned = {
        (s.day, s.kind, s.distance_m) for s in existing if s.day >= today and s.day not in kept_days
    }
    fresh = {
        (plan.day, plan.kind, plan.distance_m)
        for plan in build_week(target.inputs)
        if plan.day >= today and plan.day not in kept_days
    }
    return now_planned != fresh


def replan_weeks_ahead(athlete: Athlete, *, now: dt.datetime | None = None) -> None:
    """Plan again every week already planned from this one on, as the season plan changed
    (a race added, moved or removed); what `plan_week` keeps on a rebuild stays."""
    this_week = athlete.week_start(now)
    days = PlannedSession.objects.filter(athlete=athlete, day__gte=this_week).values_list(
        "day", flat=True
    )
    for monday in sorted({monday_of(day) for day in days}):
        plan_week(athlete, monday, rebuild=True, now=now)


def race_saved_receiver(sender: object, *, race: Race, **kwargs: object) -> None:
    replan_weeks_ahead(race.athlete)


@dataclass(frozen=True)
class WeekSummary:
    week_start: dt.date
    planned_m: int
    target: WeekTarget
    last_week_m: int
    # The most the ramp rule allows this week over last week's distance; None when last week
    # holds no runs (nothing to ramp from).
    ramp_limit_m: int | None

    @property
    def over_ramp(self) -> bool:
        return self.ramp_limit_m is not None and self.planned_m > self.ramp_limit_m

    @property
    def compliance(self) -> str:
        """The planned total against the plan's target, in the season page's words."""
        return services.compliance(target_m=self.target.target_m, actual_m=self.planned_m)


def week_summary(
    athlete: Athlete,
    week_start: dt.date,
    planned: list[PlannedSession],
    *,
    target: WeekTarget,
) -> WeekSummary:
    """The week's planned total beside its target, and the ramp rule over last week's runs."""
    last_week = week_start - WEEK
    last_week_m = dict(weekly_distances(athlete, [last_week]))[last_week]
    return WeekSummary(
        week_start=week_start,
        planned_m=sum(s.distance_m or 0 for s in planned),
        target=target,
        last_week_m=last_week_m,
        ramp_limit_m=round(last_week_m * (1 + WEEKLY_RAMP)) if last_week_m else None,
    )
