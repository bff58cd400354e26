"""Demo planned sessions for `seed_demo`: every runner's last week, this week and next.

Each week is built from the runner's season plan as the week page builds it. The weeks gone are
then set beside the demo runs: each run ticks off a session moved onto its day, sessions no run
ticked off are dropped but one, left on a day without a run (the week's miss), so the page shows
what was done and what was missed. Next week's first session is swapped for a maintenance run.

Idempotent: a runner with any planned session is left as they are (their weeks still get
planned, which does nothing for a week that has sessions).
"""

import datetime as dt

from athletes.measures import WEEK, monday_of, sunday_of
from athletes.models import Athlete
from checkins import sessions
from checkins.models import PlannedSession, Run
from races.week_sessions import plan_week

REST = PlannedSession.Kind.REST


def _runs_between(athlete: Athlete, first: dt.date, last: dt.date) -> list[Run]:
    start, _ = athlete.week_bounds(monday_of(first))
    _, end = athlete.week_bounds(monday_of(last))
    return [
        run
        for run in Run.objects.running().filter(
            athlete=athlete, started_at__gte=start, started_at__lt=end
        )
        if first <= run.started_at.astimezone(athlete.zone).date() <= last
    ]


def _set_beside_runs(athlete: Athlete, monday: dt.date, *, today: dt.date) -> None:
    """Put the week's sessions of the days gone on the days the runner ran, keeping one miss."""
    last = min(sunday_of(monday), today - dt.timedelta(days=1))
    if last < monday:
        return
    week = PlannedSession.objects.filter(athlete=athlete).between(monday, last)
    week.filter(kind=REST).delete()
    to_place = sorted(week, key=lambda s: -(s.distance_m or 0))
    runs = sorted(_runs_between(athlete, monday, last), key=lambda r: -r.distance_m)
    run_days, placed = set(), []
    for run in runs:
        if not to_place:
            break
        day = run.started_at.astimezone(athlete.zone).date()
        session = min(to_place, key=lambda s: abs((s.distance_m or 0) - run.distance_m))
        to_place.remove(session)
        session.day = day
        session.save(update_fields=["day", "updated_at"])
        run_days.add(day)
        placed.append(session)
    if not to_place and len(placed) > 1:
        # Every session found a run: the shortest is the one skipped (its run was extra).
        to_place.append(placed[-1])
    free_days = [monday + dt.timedelta(days=i) for i in range((last - monday).days + 1)]
    free_days = [day for day in free_days if day not in run_days]
    if to_place and free_days:
        missed = to_place.pop()
        missed.day = free_days[0]
        missed.save(update_fields=["day", "updated_at"])
        run_days.add(missed.day)
    PlannedSession.objects.filter(pk__in=[s.pk for s in to_place]).delete()
    taken = set(
        PlannedSession.objects.filter(athlete=athlete)
        .between(monday, last)
        .values_list("day", flat=True)
    )
    PlannedSession.objects.bulk_create(
        [
            PlannedSession(athlete=athlete, day=monday + dt.timedelta(days=i), kind=REST)
            for i in range((last - monday).days + 1)
            if monday + dt.timedelta(days=i) not in taken
        ]
    )


def _swap_one(athlete: Athlete, monday: dt.date) -> None:
    first = (
        PlannedSession.objects.filter(athlete=athlete)
        .between(monday, sunday_of(monday))
        .exclude(kind__in=[REST, PlannedSession.Kind.RACE])
        .order_by("day", "pk")
        .first()
    )
    if first is not None:
        sessions.session_swap(session=first, by=athlete.user)


def seed_sessions(athletes: list[Athlete], *, now: dt.datetime) -> int:
    """Last week, this week and next planned for each runner; returns how many runners were
    given sessions."""
    planned_already = set(
        PlannedSession.objects.filter(athlete__in=athletes).values_list("athlete_id", flat=True)
    )
    seeded = 0
    for athlete in athletes:
        this_week = athlete.week_start(now)
        weeks = [this_week - WEEK, this_week, this_week + WEEK]
        for monday in weeks:
            plan_week(athlete, monday, now=now)
        if athlete.pk in planned_already:
            continue
        today = athlete.local_today(now)
        for monday in weeks[:2]:
            _set_beside_runs(athlete, monday, today=today)
        _swap_one(athlete, weeks[2])
        sessions.match_runs(athlete)
        seeded += 1
    return seeded
