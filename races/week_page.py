"""The week page: seven days of planned sessions, each with its target and the run that did it,
and the week's total re-checked against the plan and the ramp rule.

A week from this one on is planned when first opened (`week_sessions.plan_week`); a week gone
is shown as it was planned, never built after the fact.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from athletes.measures import WEEK, monday_of, sunday_of
from athletes.models import Athlete
from checkins.sessions import SessionReport, sessions_streak, week_reports
from races.week_sessions import (
    WeekSummary,
    plan_has_changed,
    plan_week,
    week_summary,
    week_target,
)


@dataclass(frozen=True)
class DayRow:
    day: dt.date
    reports: list[SessionReport]
    is_today: bool


@dataclass(frozen=True)
class WeekPage:
    athlete: Athlete
    week_start: dt.date
    days: list[DayRow]
    summary: WeekSummary
    today: dt.date
    # Weeks in a row, up to last week, of sessions kept (checkins.sessions.week_mark).
    streak: int
    # The season plan or the runner's days changed since the week was planned.
    plan_changed: bool = False

    @property
    def week_end(self) -> dt.date:
        return sunday_of(self.week_start)

    @property
    def previous_week(self) -> dt.date:
        return self.week_start - WEEK

    @property
    def next_week(self) -> dt.date:
        return self.week_start + WEEK

    @property
    def day_choices(self) -> list[dt.date]:
        return [row.day for row in self.days]

    @property
    def missed(self) -> int:
        return sum(report.is_miss for row in self.days for report in row.reports)


def week_page(athlete: Athlete, week_start: dt.date, *, now: dt.datetime | None = None) -> WeekPage:
    now = now or timezone.now()
    week_start = monday_of(week_start)
    today = athlete.local_today(now)
    target = week_target(athlete, week_start, now=now)
    if week_start >= monday_of(today):
        plan_week(athlete, week_start, target=target, now=now)
    found = week_reports(athlete, week_start, now=now)
    days = [week_start + dt.timedelta(days=i) for i in range(7)]
    return WeekPage(
        athlete=athlete,
        week_start=week_start,
        days=[
            DayRow(day, [r for r in found if r.session.day == day], day == today) for day in days
        ],
        summary=week_summary(athlete, week_start, [r.session for r in found], target=target),
        today=today,
        streak=sessions_streak(athlete, now=now),
        plan_changed=plan_has_changed([r.session for r in found], target, today=today),
    )
