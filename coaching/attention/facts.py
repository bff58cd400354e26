"""The facts the attention rules read (`rules.Facts`), loaded for a batch of athletes in a fixed
number of queries (a few more per distinct coach): review standings, open setbacks, recent
reviews' motivation, weekly totals, the sessions of the load window, the goals the rules
measure with their activity, A races due soon, and planned sessions missed lately.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Max, Min, Q

from athletes.measures import WEEK, monday_of
from athletes.models import Athlete, User
from checkins import load, sessions
from checkins.models import PlannedSession, Run, Setback, WeeklyReview, WeekStat
from checkins.reviews.standing import review_summaries
from coaching.attention.goal_rules import DUE_SOON_DAYS, STAT_WEEKS
from coaching.attention.rules import MOTIVATION_WEEKS, Facts
from coaching.attention.session_rules import missed_since
from goals.activity import load_activity
from goals.models import Goal
from goals.progress import MARK_WEEKS, activity_start
from races.models import Race


def load_facts(athletes: Sequence[Athlete], *, now: dt.datetime) -> dict[int, Facts]:
    """Everything the flags read for a batch of athletes, in a fixed number of queries (a few
    more per distinct coach, whose unread comments differ)."""
    facts = {athlete.pk: Facts(athlete=athlete, now=now) for athlete in athletes}
    ids = list(facts)
    earliest_today = min(athlete.local_today(now) for athlete in athletes)
    latest_today = max(athlete.local_today(now) for athlete in athletes)

    by_coach: dict[int | None, list[Athlete]] = defaultdict(list)
    for athlete in athletes:
        by_coach[athlete.coach_id].append(athlete)
    coaches = {
        user.coach.pk: user
        for user in User.objects.filter(coach__pk__in=[c for c in by_coach if c is not None])
    }
    for coach_id, group in by_coach.items():
        viewer = (coaches.get(coach_id) if coach_id is not None else None) or User(pk=0)
        for pk, summary in review_summaries(group, viewer=viewer, now=now).items():
            facts[pk].summary = summary

    for pk in ids:
        facts[pk].setbacks, facts[pk].motivations, facts[pk].weeks = [], [], {}
        facts[pk].submitted_weeks = set()
        facts[pk].sessions, facts[pk].goals, facts[pk].a_races = [], [], []
    # Open setbacks, and those over in the load's chronic window (the load spike waits for it).
    for setback in Setback.objects.filter(athlete_id__in=ids).overlapping(
        earliest_today - dt.timedelta(days=load.CHRONIC_DAYS), latest_today
    ):
        athlete_facts = facts[setback.athlete_id]
        today = athlete_facts.today
        if setback.start <= today and (setback.end is None or setback.end >= today):
            athlete_facts.setbacks.append(setback)
        elif setback.end is not None and setback.end < today:
            back = athlete_facts.back_from_setback
            athlete_facts.back_from_setback = max(back, setback.end) if back else setback.end

    since_week = monday_of(earliest_today) - dt.timedelta(weeks=MOTIVATION_WEEKS + 2)
    for athlete_id, week, motivation, review_id in WeeklyReview.objects.filter(
        athlete_id__in=ids, status=WeeklyReview.Status.SUBMITTED, week_start__gte=since_week
    ).values_list("athlete_id", "week_start", "motivation", "pk"):
        facts[athlete_id].submitted_weeks.add(week)
        if motivation is not None:
            facts[athlete_id].motivations.append((week, motivation, review_id))

    stat_since = monday_of(earliest_today) - dt.timedelta(weeks=STAT_WEEKS)
    for stat in WeekStat.objects.filter(athlete_id__in=ids, week_start__gte=stat_since):
        facts[stat.athlete_id].weeks[stat.week_start] = stat
    for athlete_id, first_run_at, last_run_at in (
        WeekStat.objects.filter(athlete_id__in=ids)
        .values("athlete_id")
        .annotate(first=Min("first_run_at"), last=Max("last_run_at"))
        .values_list("athlete_id", "first", "last")
    ):
        # Load ratios count from the day of the first logged session (checkins/load.py).
        zone = facts[athlete_id].athlete.zone
        facts[athlete_id].first_day = first_run_at.astimezone(zone).date() if first_run_at else None
        facts[athlete_id].last_run_at = last_run_at

    load_since = now - dt.timedelta(days=load.EWMA_WINDOW_DAYS + 1)
    for athlete_id, started_at, kind, duration_s, rpe in Run.objects.filter(
        athlete_id__in=ids, started_at__gte=load_since
    ).values_list("athlete_id", "started_at", "kind", "duration_s", "rpe"):
        zone = facts[athlete_id].athlete.zone
        facts[athlete_id].sessions.append(
            load.Session(started_at.astimezone(zone).date(), kind, duration_s, rpe)
        )

    due_by = latest_today + dt.timedelta(days=DUE_SOON_DAYS)
    goals = list(
        Goal.objects.filter(athlete_id__in=ids, status__in=Goal.OPEN_STATUSES)
        .exclude(metric="")
        .exclude(target_value=None)
        .filter(
            Q(level=Goal.Level.PROCESS, metric__in=Goal.WEEKLY_METRICS)
            | Q(level=Goal.Level.OUTCOME, target_date__gte=earliest_today, target_date__lte=due_by)
        )
    )
    for goal in goals:
        facts[goal.athlete_id].goals.append(goal)
    with_goals = [facts[pk].athlete for pk in {goal.athlete_id for goal in goals}]
    if with_goals:
        since = activity_start(goals, earliest_today)
        process_only = all(goal.level == Goal.Level.PROCESS for goal in goals)
        if process_only:
            since = monday_of(earliest_today) - dt.timedelta(weeks=MARK_WEEKS + 1)
        for pk, activity in load_activity(with_goals, since=since).items():
            facts[pk].activity = activity

    # Planned A races ahead (readiness), and the days raced since last Monday, whatever the run
    # was logged as (the distance jump and the load spike leave a race's week out).
    for race in Race.objects.counted().filter(
        athlete_id__in=ids,
        date__gte=monday_of(earliest_today) - WEEK,
        date__lte=due_by,
    ):
        athlete_facts = facts[race.athlete_id]
        days_left = (race.date - athlete_facts.today).days
        if days_left <= 0:
            athlete_facts.raced_on.add(race.date)
        planned_a = race.priority == Race.Priority.A and race.status == Race.Status.PLANNED
        if planned_a and 0 <= days_left <= DUE_SOON_DAYS:
            athlete_facts.a_races.append(race)

    not_run = PlannedSession.objects.filter(
        athlete_id__in=ids, day__gte=missed_since(earliest_today), day__lt=latest_today, run=None
    ).exclude(kind=PlannedSession.Kind.REST)
    for session in not_run:
        session.athlete = facts[session.athlete_id].athlete
    for report in sessions.reports(not_run, now=now):
        if report.is_miss:
            facts[report.session.athlete_id].missed_session_days.append(report.session.day)
    return facts
