"""Planned sessions: change, move and swap them, match them to runs, and how each went.

A session is the runner's and their coach's together (`PlannedSession.objects.editable_by`);
whoever of them changes it, it is saved here, so the run it matches follows. A coach's
session is marked as theirs and the plan keeps it when it rebuilds the week (`races/week_plan.py`
builds, `races/week_page.py` saves). How a session went is `checkins.compliance`.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from athletes.measures import WEEK, monday_of, short_date, sunday_of
from athletes.models import Athlete, User
from checkins import compliance, momentum
from checkins.compliance import Compliance
from checkins.models import PlannedSession, Run, Setback

# A maintenance swap keeps this share of what was planned, as an easy run: "a short steady run
# instead of your planned long tempo run" (Runpath's choice, docs/coaching-rules.md).
MAINTENANCE_SHARE = 0.5
# Swapped distances are rounded to this, so a watch and a page show a plain number.
ROUND_TO_M = 100
# Momentum from ticking sessions off: a week ended with at most this many sessions missed is
# kept; the streak looks back this many weeks (Runpath's choices, docs/coaching-rules.md).
MISSES_FORGIVEN = 1
STREAK_WEEKS = 12
# Runs of these kinds meet a planned session of these kinds only.
CROSS_KINDS: dict[str, str] = {Run.Kind.CROSS_TRAINING: PlannedSession.Kind.CROSS_TRAINING}
SAME_KIND: dict[str, str] = {Run.Kind.RECOVERY: PlannedSession.Kind.EASY}


def _checked(session: PlannedSession) -> None:
    session.full_clean(exclude=["athlete", "created_by", "run"])


@transaction.atomic
def session_save(*, session: PlannedSession, by: User) -> PlannedSession:
    """Save a session typed in by the runner or their coach; a coach's is marked as theirs.
    Whoever changes a session the plan built takes it over (`created_by`), so rebuilding the
    week keeps it."""
    if session.created_by_id is None:
        session.created_by = by
    if session.athlete.is_coached_by(by):
        session.by_coach = True
    _checked(session)
    session.save()
    match_runs(session.athlete)
    return session


@transaction.atomic
def session_delete(*, session: PlannedSession) -> None:
    athlete = session.athlete
    session.delete()
    match_runs(athlete)


@transaction.atomic
def session_move(*, session: PlannedSession, day: dt.date, by: User) -> PlannedSession:
    """Move a session to another day of its week; a rest day there takes the day it left."""
    week = monday_of(session.day)
    if monday_of(day) != week:
        raise ValidationError(
            {
                "day": f"Move it within its week: {short_date(week, with_weekday=True)} to "
                f"{short_date(sunday_of(week), with_weekday=True)}."
            }
        )
    if day != session.day:
        PlannedSession.objects.filter(
            athlete=session.athlete, day=day, kind=PlannedSession.Kind.REST
        ).update(day=session.day, updated_at=timezone.now())
        session.day = day
    return session_save(session=session, by=by)


def maintenance_version(session: PlannedSession) -> tuple[int | None, int | None]:
    """The distance and time of the shorter easy run a maintenance swap puts in its place."""

    def shorter(value: int | None, unit: int) -> int | None:
        if not value:
            return None
        return max(unit, round(value * MAINTENANCE_SHARE / unit) * unit)

    return shorter(session.distance_m, ROUND_TO_M), shorter(session.duration_s, 60)


@transaction.atomic
def session_swap(*, session: PlannedSession, by: User) -> PlannedSession:
    """ "Maintenance swap": a shorter easy run in place of the session, recorded as maintenance
    (never a miss), keeping what it replaced."""
    if session.is_maintenance:
        raise ValidationError("This session is a maintenance run already.")
    if session.kind in (PlannedSession.Kind.REST, PlannedSession.Kind.RACE):
        raise ValidationError(f"A {session.get_kind_display().lower()} day is not swapped.")
    session.swapped_from_kind = session.kind
    session.swapped_from_distance_m = session.distance_m
    session.swapped_from_duration_s = session.duration_s
    session.distance_m, session.duration_s = maintenance_version(session)
    session.kind = PlannedSession.Kind.EASY
    session.steps = []
    session.is_maintenance = True
    return session_save(session=session, by=by)


def _meets(run: Run, session: PlannedSession) -> bool:
    if run.kind == Run.Kind.STRENGTH or session.kind == PlannedSession.Kind.REST:
        return False
    is_cross = run.kind in CROSS_KINDS
    return is_cross == (session.kind == PlannedSession.Kind.CROSS_TRAINING)


def pair_runs(
    sessions: Iterable[PlannedSession], runs: Iterable[Run], *, zone: dt.tzinfo
) -> dict[int, int]:
    """Session id → run id: each run meets the session of its local day of the nearest kind
    and distance, each session and run at most once. Pure, for runs and sessions in memory."""
    by_day: dict[dt.date, list[PlannedSession]] = defaultdict(list)
    for session in sessions:
        by_day[session.day].append(session)
    pairs: dict[int, int] = {}
    for run in sorted(runs, key=lambda r: (r.started_at, r.pk)):
        day = run.started_at.astimezone(zone).date()
        kind = SAME_KIND.get(run.kind, CROSS_KINDS.get(run.kind, run.kind))
        open_sessions = [s for s in by_day[day] if s.pk not in pairs and _meets(run, s)]
        if not open_sessions:
            continue
        best = min(
            open_sessions,
            key=lambda s: (s.kind != kind, abs((s.distance_m or 0) - run.distance_m), s.pk),
        )
        pairs[best.pk] = run.pk
    return pairs


@transaction.atomic
def match_runs(athlete: Athlete) -> None:
    """Match the runner's logged runs to their sessions again (called when either changes)."""
    sessions = list(PlannedSession.objects.filter(athlete=athlete).select_for_update())
    if not sessions:
        return
    first = min(s.day for s in sessions)
    last = max(s.day for s in sessions)
    start, _ = athlete.week_bounds(monday_of(first))
    _, end = athlete.week_bounds(monday_of(last))
    runs = Run.objects.filter(athlete=athlete, started_at__gte=start, started_at__lt=end).only(
        "pk", "started_at", "kind", "distance_m"
    )
    pairs = pair_runs(sessions, runs, zone=athlete.zone)
    changed = [s for s in sessions if s.run_id != pairs.get(s.pk)]
    if not changed:
        return
    # Cleared first: a run moving from one session to another must not be held by two at once.
    PlannedSession.objects.filter(pk__in=[s.pk for s in changed]).update(run=None)
    for session in changed:
        session.run_id = pairs.get(session.pk)
    PlannedSession.objects.bulk_update(
        [s for s in changed if s.run_id is not None], ["run"], batch_size=500
    )


def log_changed_receiver(sender: object, *, athlete: Athlete, **kwargs: object) -> None:
    if sender is Run:
        match_runs(athlete)


@dataclass(frozen=True)
class SessionReport:
    session: PlannedSession
    compliance: Compliance

    @property
    def is_miss(self) -> bool:
        return self.compliance is Compliance.MISSED


def _setback_days(athlete_ids: set[int], first: dt.date, last: dt.date) -> dict[int, set[dt.date]]:
    covered: dict[int, set[dt.date]] = defaultdict(set)
    for setback in Setback.objects.filter(athlete_id__in=athlete_ids).overlapping(first, last):
        day = max(setback.start, first)
        end = min(setback.end or last, last)
        while day <= end:
            covered[setback.athlete_id].add(day)
            day += dt.timedelta(days=1)
    return covered


def reports(
    sessions: Iterable[PlannedSession], *, now: dt.datetime | None = None
) -> list[SessionReport]:
    """Each session with how it went, in one query for the setbacks behind them. The sessions
    come with `athlete` and `run` loaded (select_related)."""
    sessions = list(sessions)
    if not sessions:
        return []
    now = now or timezone.now()
    covered = _setback_days(
        {s.athlete_id for s in sessions}, min(s.day for s in sessions), max(s.day for s in sessions)
    )
    return [
        SessionReport(
            session,
            compliance.judge(
                compliance.Planned(
                    day=session.day,
                    is_rest=session.kind == PlannedSession.Kind.REST,
                    distance_m=session.distance_m,
                    duration_s=session.duration_s,
                    is_maintenance=session.is_maintenance,
                ),
                compliance.Done(session.run.distance_m, session.run.duration_s)
                if session.run is not None
                else None,
                today=session.athlete.local_today(now),
                in_setback=session.day in covered[session.athlete_id],
            ),
        )
        for session in sessions
    ]


def week_reports(
    athlete: Athlete, week_start: dt.date, *, now: dt.datetime | None = None
) -> list[SessionReport]:
    """The sessions of one week of the runner's, in day order, each with how it went."""
    sessions = (
        PlannedSession.objects.filter(athlete=athlete)
        .between(week_start, week_start + WEEK - dt.timedelta(days=1))
        .select_related("run")
        .order_by("day", "pk")
    )
    for session in sessions:
        session.athlete = athlete
    return reports(sessions, now=now)


def week_mark(found: list[SessionReport]) -> momentum.Mark | None:
    """A week's sessions as a momentum mark: kept (met) with at most MISSES_FORGIVEN missed and
    something run; paused when nothing was run but every session was excused (a setback, a
    maintenance swap); none for a week with nothing planned."""
    planned = [r for r in found if r.compliance is not Compliance.REST]
    if not planned:
        return None
    if sum(r.is_miss for r in planned) > MISSES_FORGIVEN:
        return momentum.Mark.MISSED
    if not any(r.session.run_id is not None for r in planned):
        return momentum.Mark.PAUSED
    return momentum.Mark.MET


def sessions_streak(athlete: Athlete, *, now: dt.datetime | None = None) -> int:
    """Weeks in a row, up to last week, of planned sessions kept (`week_mark`), in two queries."""
    this_week = athlete.week_start(now)
    first = this_week - STREAK_WEEKS * WEEK
    found = list(
        PlannedSession.objects.filter(athlete=athlete)
        .between(first, this_week - dt.timedelta(days=1))
        .select_related("run")
    )
    for session in found:
        session.athlete = athlete
    by_week: dict[dt.date, list[SessionReport]] = defaultdict(list)
    for report in reports(found, now=now):
        by_week[monday_of(report.session.day)].append(report)
    marks = [week_mark(by_week[first + i * WEEK]) for i in range(STREAK_WEEKS)]
    return momentum.streak([mark for mark in marks if mark is not None])
