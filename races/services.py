"""Behaviour of races: add, change and remove them, their season-rule warnings, and the season plan
measured against the run log."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from athletes import units
from athletes.measures import monday_of
from athletes.models import Athlete, BusyPeriod, User
from checkins import setbacks
from checkins.charts import weekly_distances
from checkins.compliance import AS_PLANNED_BAND
from checkins.models import Run, Setback
from races import rules, season
from races.models import Race
from races.season.shapes import PlannedRace, Season, SeasonInputs, SetbackSpan, Week
from races.signals import race_saved

# The usual pace comes from the runs of this many weeks before the season.
PACE_WEEKS = 8
START_AVERAGE_WEEKS = 4


@dataclass(frozen=True)
class RaceDraft:
    """A race as typed in a form or an API body, saved or not."""

    name: str
    date: dt.date
    distance_m: int
    priority: str = Race.Priority.B
    target_time_s: int | None = None
    status: str = Race.Status.PLANNED
    result_time_s: int | None = None
    location: str = ""
    link: str = ""
    notes: str = ""


def _full_clean(race: Race) -> None:
    race.full_clean(exclude=["athlete", "created_by"])


@transaction.atomic
def race_create(*, athlete: Athlete, by: User, draft: RaceDraft) -> Race:
    race = Race(athlete=athlete, created_by=by, **asdict(draft))
    _full_clean(race)
    race.save()
    race_saved.send(sender=Race, race=race, old_date=None, by=by)
    return race


@transaction.atomic
def race_update(*, race: Race, by: User, draft: RaceDraft) -> Race:
    """Change a race. Goals linked to it follow a new date (goals listen to `race_saved`)."""
    old_date = Race.objects.values_list("date", flat=True).get(pk=race.pk)
    for name, value in asdict(draft).items():
        setattr(race, name, value)
    _full_clean(race)
    race.save()
    race_saved.send(sender=Race, race=race, old_date=old_date, by=by)
    return race


@transaction.atomic
def race_delete(*, race: Race, by: User) -> None:
    athlete = race.athlete
    race.delete()
    race.athlete = athlete
    race_saved.send(sender=Race, race=race, old_date=None, by=by, deleted=True)


def facts(race: Race | RaceDraft, key: object = None) -> rules.RaceFacts:
    return rules.RaceFacts(
        key=key if key is not None else getattr(race, "pk", None),
        name=race.name or "this race",
        date=race.date,
        distance_m=race.distance_m,
        priority=race.priority,
    )


def busy_spans(athlete_ids: Iterable[int]) -> dict[int, list[rules.BusySpan]]:
    spans: dict[int, list[rules.BusySpan]] = {}
    for period in BusyPeriod.objects.filter(athlete_id__in=list(athlete_ids)):
        spans.setdefault(period.athlete_id, []).append(
            rules.BusySpan(period.start, period.end, period.label)
        )
    return spans


def check_draft(
    *, athlete: Athlete, draft: RaceDraft, race: Race | None = None
) -> list[rules.Warning]:
    """The season-rule warnings for a race as typed (`race` when it is an edit), saving nothing."""
    others = [facts(other) for other in Race.objects.filter(athlete=athlete).counted()]
    checked = facts(draft, key=race.pk if race else "draft")
    return rules.check(
        checked,
        others,
        busy=busy_spans([athlete.pk]).get(athlete.pk, []),
        experience=athlete.experience,
    )


def warnings_by_race(races: Iterable[Race]) -> dict[int, list[rules.Warning]]:
    """Each race's warnings, checked against its own runner's races, in two queries."""
    races = list(races)
    athlete_ids = {race.athlete_id for race in races}
    by_athlete: dict[int, list[rules.RaceFacts]] = {}
    experience: dict[int, str] = {}
    for race in Race.objects.filter(athlete_id__in=athlete_ids).counted().select_related("athlete"):
        by_athlete.setdefault(race.athlete_id, []).append(facts(race))
        experience[race.athlete_id] = race.athlete.experience
    busy = busy_spans(athlete_ids)
    return {
        race.pk: []
        if race.status == Race.Status.DNS
        else rules.check(
            facts(race),
            by_athlete.get(race.athlete_id, []),
            busy=busy.get(race.athlete_id, []),
            experience=experience.get(race.athlete_id, "intermediate"),
        )
        for race in races
    }


def annotate_warnings(races: Iterable[Race]) -> list[Race]:
    """The races, each with `.warnings` set."""
    races = list(races)
    found = warnings_by_race(races)
    for race in races:
        race.warnings = found[race.pk]
    return races


@dataclass(frozen=True)
class RaceRow:
    """A race as the race list shows it: its distance in the runner's units, whether it is
    still ahead, and the season rules it breaks."""

    race: Race
    distance_label: str
    is_ahead: bool
    warnings: list[rules.Warning]


@dataclass(frozen=True)
class RaceList:
    upcoming: list[RaceRow]  # soonest first
    past: list[RaceRow]  # latest first


def race_list(*, athlete: Athlete, races: Iterable[Race], today: dt.date) -> RaceList:
    """A runner's races split into those still ahead and those run (or missed)."""
    races = list(races)
    found = warnings_by_race(races)
    rows = [
        RaceRow(
            race=race,
            distance_label=units.distance_label(race.distance_m, athlete.units),
            is_ahead=race.date >= today and race.status == Race.Status.PLANNED,
            warnings=found[race.pk],
        )
        for race in races
    ]
    return RaceList(
        upcoming=[row for row in rows if row.is_ahead],
        past=[row for row in reversed(rows) if not row.is_ahead],
    )


def next_race(athlete: Athlete, *, today: dt.date, priority: str | None = None) -> Race | None:
    upcoming = Race.objects.filter(athlete=athlete, date__gte=today, status=Race.Status.PLANNED)
    if priority:
        upcoming = upcoming.filter(priority=priority)
    return upcoming.order_by("date", "pk").first()


def planned(race: Race) -> PlannedRace:
    return PlannedRace(race.pk, race.name, race.date, race.distance_m, race.priority)


@dataclass(frozen=True)
class WeekReport:
    """One plan week beside what was run."""

    week: Week
    actual_distance_m: int | None
    # "as planned", "under", "over"; "so far" for the current week; "" for weeks ahead.
    compliance: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.week, name)


@dataclass(frozen=True)
class SeasonReport:
    athlete: Athlete
    season: Season
    weeks: tuple[WeekReport, ...]
    today: dt.date

    @property
    def this_week(self) -> WeekReport | None:
        monday = monday_of(self.today)
        return next((w for w in self.weeks if w.week.week_start == monday), None)


def compliance(*, target_m: float, actual_m: float) -> str:
    if target_m <= 0:
        return "as planned" if actual_m <= 0 else "over"
    share = actual_m / target_m
    if share < 1 - AS_PLANNED_BAND:
        return "under"
    if share > 1 + AS_PLANNED_BAND:
        return "over"
    return "as planned"


def usual_pace_s_per_km(athlete: Athlete, *, before: dt.date) -> float | None:
    start, _ = athlete.week_bounds(before - dt.timedelta(weeks=PACE_WEEKS))
    end, _ = athlete.week_bounds(before)
    totals = (
        Run.objects.running()
        .filter(athlete=athlete, started_at__gte=start, started_at__lt=end)
        .aggregate(metres=Sum("distance_m"), seconds=Sum("duration_s"), runs=Count("pk"))
    )
    if not totals["metres"]:
        return None
    pace: float = totals["seconds"] / totals["metres"] * 1000
    return pace


def season_inputs(athlete: Athlete, a_race: Race, *, today: dt.date) -> SeasonInputs:
    """What the plan is built from: the A race, the runner's other races in its season, the
    four weeks before the season began, their training time and busy periods."""
    created = timezone.localtime(a_race.created_at, athlete.zone).date()
    start_week = min(monday_of(created), monday_of(today), monday_of(a_race.date))
    before = [start_week - dt.timedelta(weeks=i) for i in range(START_AVERAGE_WEEKS, 0, -1)]
    start_weekly_m = sum(m for _, m in weekly_distances(athlete, before)) / START_AVERAGE_WEEKS
    pace = usual_pace_s_per_km(athlete, before=start_week)
    minutes = athlete.weekly_minutes_available
    others = (
        Race.objects.filter(athlete=athlete, date__gte=start_week).counted().exclude(pk=a_race.pk)
    )
    return SeasonInputs(
        today=today,
        a_race=planned(a_race),
        start_week=start_week,
        start_weekly_m=start_weekly_m,
        other_races=tuple(planned(race) for race in others),
        fits_weekly_m=minutes * 60 / pace * 1000 if pace else None,
        busy_periods=tuple(
            rules.BusySpan(p.start, p.end, p.label)
            for p in BusyPeriod.objects.filter(athlete=athlete, end__gte=start_week)
        ),
        setbacks=tuple(
            SetbackSpan(
                setback.start,
                setback.end,
                setbacks.weekly_distance_before(athlete, setback.start),
            )
            for setback in Setback.objects.filter(athlete=athlete).exclude(end__lt=start_week)
        ),
        units=athlete.units,
    )


# What the season page and the season API say when there is no A race ahead to build from.
NO_A_RACE_PROMPT = "No A race ahead, so no plan yet"


def season_for(athlete: Athlete, *, now: dt.datetime | None = None) -> SeasonReport | None:
    """The season built back from the runner's next A race, beside the run log; None without one."""
    today = athlete.local_today(now)
    a_race = next_race(athlete, today=today, priority=Race.Priority.A)
    if a_race is None:
        return None
    plan = season.build(season_inputs(athlete, a_race, today=today))
    this_week = monday_of(today)
    done = [w.week_start for w in plan.weeks if w.week_start <= this_week]
    actual = dict(weekly_distances(athlete, done))
    reports = []
    for week in plan.weeks:
        if week.week_start > this_week:
            reports.append(WeekReport(week, None, ""))
            continue
        metres = actual.get(week.week_start, 0)
        label = (
            "so far"
            if week.week_start == this_week
            else compliance(target_m=week.target_distance_m, actual_m=metres)
        )
        reports.append(WeekReport(week, metres, label))
    return SeasonReport(athlete=athlete, season=plan, weeks=tuple(reports), today=today)
