"""What the season page, the runner's home and the coach's athlete page show of the season:
the plan beside the run log, its pictures, the milestones it suggests and the next race.

Goals are an app above this one: turning a suggested milestone into a goal's `Milestone` is
goals' business (`goals.season_milestones`); here a suggestion is only a date and targets.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from athletes.models import Athlete
from races import services
from races.charts.plan_chart import PlanChart, plan_chart
from races.charts.season_timeline import Timeline, season_timeline
from races.models import Race
from races.season.shapes import Phase, Season

# One milestone at the end of each of these phases.
MILESTONE_PHASES = (Phase.BASE, Phase.BUILD, Phase.PEAK)


@dataclass(frozen=True)
class PhaseMilestone:
    """A milestone the plan suggests: the end of a phase, with what the runner should be doing
    by then."""

    phase: Phase
    date: dt.date
    weekly_m: float
    long_run_m: float
    benchmark: bool

    @property
    def title(self) -> str:
        return f"End of {self.phase.value} phase"


def phase_milestones(season: Season) -> list[PhaseMilestone]:
    """One suggestion per phase end (base, build, peak), dated the phase's last day.

    The weekly target is the phase's biggest planned week. The long run grows with it, in the
    proportion the race asks for at its peak (a marathon: a 30 km long run in a 55 km week), and
    never past what the race needs.
    """
    long_share = season.needs_long_run_m / season.needs_weekly_m if season.needs_weekly_m else 0
    found = []
    for span in season.phases:
        if span.phase not in MILESTONE_PHASES:
            continue
        weeks = [w for w in season.weeks if w.phase is span.phase]
        weekly = max(w.target_distance_m for w in weeks)
        found.append(
            PhaseMilestone(
                phase=span.phase,
                date=span.last_day,
                weekly_m=weekly,
                long_run_m=round(min(weekly * long_share, season.needs_long_run_m)),
                benchmark=any(w.benchmark for w in weeks[-1:]),
            )
        )
    return found


@dataclass(frozen=True)
class SeasonPage:
    report: services.SeasonReport
    timeline: Timeline
    plan_chart: PlanChart
    milestones: list[PhaseMilestone]
    # The season's races, soonest first, each with `.warnings` (the season rules it breaks).
    races: list[Race]


def season_page(athlete: Athlete, *, now: dt.datetime | None = None) -> SeasonPage | None:
    """The season built back from the runner's next A race, drawn; None without an A race."""
    report = services.season_for(athlete, now=now)
    if report is None:
        return None
    # A planned race's key is its pk here (only drafts being checked have another).
    keys = [
        race.key for week in report.season.weeks for race in week.races if isinstance(race.key, int)
    ]
    races = services.annotate_warnings(Race.objects.filter(athlete=athlete, pk__in=keys))
    return SeasonPage(
        report=report,
        timeline=season_timeline(report, units_name=athlete.units),
        plan_chart=plan_chart(report, units_name=athlete.units),
        milestones=phase_milestones(report.season),
        races=races,
    )


@dataclass(frozen=True)
class Countdown:
    race: Race
    days: int

    def __str__(self) -> str:
        when = {0: "today", 1: "tomorrow"}.get(self.days, f"in {self.days} days")
        return f"{self.race.name} ({self.race.priority}) {when}"


def next_race_countdown(athlete: Athlete, *, today: dt.date) -> Countdown | None:
    """ "Berlin Marathon (A) in 47 days": the runner's next planned race of any priority."""
    race = services.next_race(athlete, today=today)
    return Countdown(race, (race.date - today).days) if race else None


def home_context(athlete: Athlete, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The runner's home: the next race and this week of the plan, target and distance so far."""
    today = athlete.local_today(now)
    countdown = next_race_countdown(athlete, today=today)
    # No race ahead of any priority means no A race ahead either: no plan to look for.
    report = services.season_for(athlete, now=now) if countdown else None
    return {
        "next_race": countdown,
        "plan_week": report.this_week if report else None,
    }
