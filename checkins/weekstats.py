"""Per-runner weekly totals kept current: weekly distance, runs, longest run and load.

Recomputed for the whole of one runner's log whenever their runs change (one grouped query and
one upsert), so pages about many runners read `WeekStat` rows instead of every run.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Case, Count, F, FloatField, Max, Min, Q, QuerySet, Sum, Value, When
from django.db.models.functions import TruncWeek
from django.utils import timezone

from athletes.models import Athlete
from checkins import load
from checkins.load import DEFAULT_RPE, FALLBACK_RPE
from checkins.models import Run, WeekStat

NOT_RUNNING = tuple(Run.NOT_RUNNING)

_Stat = TypeVar("_Stat", bound=models.Model)


def _session_load() -> Sum:
    """RPE × minutes, with the default RPE of the run's kind where none was logged."""
    effort = Case(
        When(rpe__isnull=False, then=F("rpe")),
        *(When(kind=kind, then=Value(rpe)) for kind, rpe in DEFAULT_RPE.items()),
        default=Value(FALLBACK_RPE),
    )
    return Sum(effort * F("duration_s") / 60.0, output_field=FloatField())


def week_totals(runs: QuerySet[Any], zone: zoneinfo.ZoneInfo) -> dict[dt.date, dict[str, Any]]:
    """Every week of a runner's `runs`, grouped in SQL by Monday in their own zone. Also used by
    the migrations that filled the table, so it names no model."""
    running = ~Q(kind__in=NOT_RUNNING)
    rows = (
        runs.annotate(week=TruncWeek("started_at", tzinfo=zone))
        .values("week")
        .annotate(
            total_m=Sum("distance_m", filter=running, default=0),
            run_count=Count("pk", filter=running),
            longest_m=Max("distance_m", filter=running, default=0),
            total_load=_session_load(),
            estimated=Count("pk", filter=Q(rpe__isnull=True)),
            first_start=Min("started_at"),
            last_start=Max("started_at"),
        )
    )
    return {
        (row["week"].date() if isinstance(row["week"], dt.datetime) else row["week"]): row
        for row in rows
    }


def week_stats(
    model: type[_Stat], athlete: models.Model, totals: dict[dt.date, dict[str, Any]]
) -> list[_Stat]:
    """`model` rows (WeekStat, or the migration's historical model) for `week_totals`."""
    return [
        model(
            athlete=athlete,
            week_start=week,
            distance_m=row["total_m"],
            runs=row["run_count"],
            longest_run_m=row["longest_m"],
            load=row["total_load"] or 0.0,
            estimated_sessions=row["estimated"],
            first_run_at=row["first_start"],
            last_run_at=row["last_start"],
        )
        for week, row in totals.items()
    ]


@transaction.atomic
def refresh_week_stats(athlete: Athlete) -> None:
    totals = week_totals(Run.objects.filter(athlete=athlete), athlete.zone)
    WeekStat.objects.filter(athlete=athlete).exclude(week_start__in=list(totals)).delete()
    WeekStat.objects.bulk_create(
        week_stats(WeekStat, athlete, totals),
        update_conflicts=True,
        unique_fields=["athlete", "week_start"],
        update_fields=[
            "distance_m",
            "runs",
            "longest_run_m",
            "load",
            "estimated_sessions",
            "first_run_at",
            "last_run_at",
        ],
        batch_size=500,
    )


def log_changed_receiver(sender: object, *, athlete: Athlete, **kwargs: object) -> None:
    if sender is Run:
        refresh_week_stats(athlete)


@dataclass(frozen=True)
class LoadNow:
    """The runner's acute:chronic ratios today, and how many of the sessions behind them had
    no RPE (their load is estimated from the run's kind)."""

    rolling: load.Ratio
    ewma: load.Ratio
    estimated_sessions: int

    @property
    def is_spike(self) -> bool:
        """As the coach's load-spike flag reads it: the rolling ratio."""
        return self.rolling.is_spike


def load_now(athlete: Athlete, *, now: dt.datetime | None = None) -> LoadNow:
    """Both ratios for one runner today, in two queries."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=load.EWMA_WINDOW_DAYS + 1)
    sessions = [
        load.Session(started_at.astimezone(athlete.zone).date(), kind, duration_s, rpe)
        for started_at, kind, duration_s, rpe in Run.objects.filter(
            athlete=athlete, started_at__gte=since
        ).values_list("started_at", "kind", "duration_s", "rpe")
    ]
    # The ratios wait for 28 days from the first logged session (load.HISTORY_DAYS), on the
    # runner's own calendar: not from the Monday of that session's week.
    first = WeekStat.objects.filter(athlete=athlete).aggregate(first=Min("first_run_at"))["first"]
    first_day = first.astimezone(athlete.zone).date() if first else None
    rolling, ewma = load.ratios(sessions, today=athlete.local_today(now), first_day=first_day)
    recent = athlete.local_today(now) - dt.timedelta(days=load.CHRONIC_DAYS)
    estimated = sum(1 for s in sessions if s.estimated and s.day > recent)
    return LoadNow(rolling, ewma, estimated)
