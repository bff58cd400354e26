"""The attention rules that read the runner's goals and A races, one function each beside its
thresholds: a habit missed weeks running, an outcome goal due soon and short of the way, an A
race close that the last weeks of training do not yet carry. Each takes the athlete's `Facts`
(`rules`) and returns its flags; the thresholds and their sources are in docs/coaching-rules.md.
"""

import datetime as dt

from athletes.measures import monday_of
from athletes.units import format_distance
from checkins.momentum import Mark
from coaching.attention.flags import Flag, Kind, Severity
from coaching.attention.rules import Facts
from goals import progress as measured
from goals.models import Goal
from races.season import race_needs

# A goal or A race this close with progress under GOAL_AT_RISK_PCT, or a readiness short of it.
DUE_SOON_DAYS = 14
GOAL_AT_RISK_PCT = 80
PROCESS_MISSED_WEEKS = 2
# Weeks of WeekStat rows read: the weekly jump, and the readiness of an A race.
STAT_WEEKS = 8
# Complete weeks whose mean distance an A race's readiness is measured by.
READINESS_WEEKS = 4


def process_missed_flags(facts: Facts) -> list[Flag]:
    found: list[Flag] = []
    if facts.activity is None:  # loaded with the goals: no activity, no goals
        return found
    for goal in facts.goals or []:
        if goal.level != Goal.Level.PROCESS or goal.metric not in Goal.WEEKLY_METRICS:
            continue
        goal.athlete = facts.athlete
        progress = measured.measure(goal, facts.activity, now=facts.now)
        marks = [mark for _, mark in progress.marks if mark is not None] if progress else []
        if (
            progress is not None
            and len(marks) >= PROCESS_MISSED_WEEKS
            and all(mark is Mark.MISSED for mark in marks[-PROCESS_MISSED_WEEKS:])
        ):
            last_week = progress.marks[-1][0]
            found.append(
                Flag(
                    Kind.PROCESS_MISSED,
                    Severity.MEDIUM,
                    f"“{goal.title}” missed {PROCESS_MISSED_WEEKS} weeks running",
                    f"{goal.pk}:{last_week.isoformat()}",
                )
            )
    return found


def goal_at_risk_flags(facts: Facts) -> list[Flag]:
    found: list[Flag] = []
    if facts.activity is None:  # loaded with the goals: no activity, no goals
        return found
    today = facts.today
    for goal in facts.goals or []:
        if goal.level != Goal.Level.OUTCOME or goal.target_date is None:
            continue
        days_left = (goal.target_date - today).days
        if not 0 <= days_left <= DUE_SOON_DAYS:
            continue
        goal.athlete = facts.athlete
        progress = measured.measure(goal, facts.activity, now=facts.now)
        if progress is None or progress.reached or progress.percent >= GOAL_AT_RISK_PCT:
            continue
        found.append(
            Flag(
                Kind.GOAL_AT_RISK,
                Severity.MEDIUM,
                f"“{goal.title}” is due in {days_left} day{'s' if days_left != 1 else ''} "
                f"at {progress.percent} %",
                f"{goal.pk}:{monday_of(today).isoformat()}",
            )
        )
    return found


def readiness_flags(facts: Facts) -> list[Flag]:
    """An A race within two weeks that the last weeks of training do not yet carry."""
    found = []
    today = facts.today
    weeks = facts.weeks or {}
    this_week = monday_of(today)
    recent = [weeks.get(this_week - dt.timedelta(weeks=i)) for i in range(1, READINESS_WEEKS + 1)]
    weekly_m = sum(stat.distance_m for stat in recent if stat) / READINESS_WEEKS
    long_run_m = max((stat.longest_run_m for stat in weeks.values()), default=0)
    units = facts.athlete.units
    for race in facts.a_races or []:
        need_weekly, need_long = race_needs(race.distance_m)
        short = []
        if weekly_m < need_weekly * GOAL_AT_RISK_PCT / 100:
            short.append(
                f"{format_distance(weekly_m, units, digits=0)} a week of the "
                f"{format_distance(need_weekly, units, digits=0)} it asks"
            )
        if long_run_m < need_long * GOAL_AT_RISK_PCT / 100:
            short.append(
                f"longest run {format_distance(long_run_m, units, digits=0)} of "
                f"{format_distance(need_long, units, digits=0)}"
            )
        if short:
            days_left = (race.date - today).days
            found.append(
                Flag(
                    Kind.RACE_READINESS,
                    Severity.HIGH,
                    f"{race.name} in {days_left} day{'s' if days_left != 1 else ''}: "
                    + "; ".join(short),
                    f"{race.pk}:{this_week.isoformat()}",
                )
            )
    return found
