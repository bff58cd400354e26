"""The attention rules that read the runner's log and weekly reviews, one function each beside
its thresholds: a review overdue, an open setback, a load spike, a weekly distance jump, low
motivation, an unread comment, no runs. Each takes the athlete's `Facts` (what `facts` loads,
and what `goal_rules` reads too) and returns its flags; the thresholds and their sources are in
docs/coaching-rules.md.
"""

import datetime as dt
from dataclasses import dataclass, field

from athletes.measures import WEEK, monday_of, short_date
from athletes.models import Athlete
from athletes.units import format_distance
from checkins import load
from checkins.models import Run, Setback, WeeklyReview, WeekStat
from checkins.reviews.standing import ReviewState, ReviewSummary
from coaching.attention.flags import Flag, Kind, Severity
from goals.activity import Activity
from goals.models import Goal
from races.models import Race

# Motivation at or below this (of 5), or this far below the mean of the 4 reviews before.
MOTIVATION_LOW = 2
MOTIVATION_DROP = 2
MOTIVATION_WEEKS = 4
NO_RUN_DAYS = 10
NO_RUN_LONG_DAYS = 21
OVERDUE_LONG_DAYS = 7


@dataclass
class Facts:
    """What `compute` loaded for one athlete."""

    athlete: Athlete
    now: dt.datetime
    summary: ReviewSummary | None = None
    setbacks: list[Setback] = field(default_factory=list)
    # The last day of the latest setback over before today, if within load.CHRONIC_DAYS of it.
    back_from_setback: dt.date | None = None
    # (week, motivation, review id)
    motivations: list[tuple[dt.date, int, int]] = field(default_factory=list)
    submitted_weeks: set[dt.date] = field(default_factory=set)
    weeks: dict[dt.date, WeekStat] = field(default_factory=dict)
    first_day: dt.date | None = None
    last_run_at: dt.datetime | None = None
    sessions: list[load.Session] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    activity: Activity | None = None  # loaded when there are goals
    a_races: list[Race] = field(default_factory=list)
    # Days of the runner's races (any priority, not DNS) from last Monday to today.
    raced_on: set[dt.date] = field(default_factory=set)
    # Days of planned sessions missed lately (loaded from `session_rules.missed_since`).
    missed_session_days: list[dt.date] = field(default_factory=list)

    @property
    def today(self) -> dt.date:
        return self.athlete.local_today(self.now)


def overdue_week(facts: Facts) -> dt.date | None:
    """The week whose review is overdue: the week in focus once past due, or else the week
    before it, still unsubmitted (on a Monday, last week is not due yet but the one before it
    may have been missed)."""
    summary = facts.summary
    if summary is None:
        return None
    if summary.state == ReviewState.OVERDUE:
        return summary.week_start
    athlete = facts.athlete
    previous = summary.week_start - WEEK
    owed = athlete.week_bounds(previous)[1] > athlete.created_at
    if (
        owed
        and previous not in (facts.submitted_weeks or set())
        and facts.now >= WeeklyReview.due_at(athlete, previous)
    ):
        return previous
    return None


def overdue_days(facts: Facts) -> int:
    week = overdue_week(facts)
    if week is None:
        return 0
    due = WeeklyReview.due_at(facts.athlete, week)
    return max(1, (facts.now - due).days)


def overdue_flag(facts: Facts) -> Flag | None:
    week = overdue_week(facts)
    if week is None:
        return None
    days = overdue_days(facts)
    return Flag(
        Kind.OVERDUE,
        Severity.HIGH if days >= OVERDUE_LONG_DAYS else Severity.MEDIUM,
        f"Review for the week of {short_date(week)} is {days} day{'s' if days != 1 else ''} overdue",
        week.isoformat(),
    )


def setback_flags(facts: Facts) -> list[Flag]:
    found = []
    for setback in facts.setbacks or []:
        what = setback.get_kind_display().split(" (")[0]
        where = f" ({setback.body_part})" if setback.body_part else ""
        found.append(
            Flag(
                Kind.SETBACK,
                Severity(setback.severity),
                f"{what}{where} since {short_date(setback.start)}: "
                f"{setback.get_severity_display().split(':')[0].lower()}",
                str(setback.pk),
            )
        )
    return found


def motivation_flag(facts: Facts) -> Flag | None:
    rows = sorted(facts.motivations or [])
    if not rows:
        return None
    week, latest, review_id = rows[-1]
    before = [motivation for _, motivation, _ in rows[-1 - MOTIVATION_WEEKS : -1]]
    average = sum(before) / len(before) if before else None
    if latest <= MOTIVATION_LOW:
        reason = f"Motivation {latest}/5 in the week of {short_date(week)}"
    elif average is not None and average - latest >= MOTIVATION_DROP:
        reason = f"Motivation {latest}/5, down from an average of {average:.1f}"
    else:
        return None
    if average is not None and latest <= MOTIVATION_LOW:
        reason += f" (average {average:.1f})"
    return Flag(Kind.MOTIVATION, Severity.MEDIUM, reason, str(review_id))


def race_days(facts: Facts) -> set[dt.date]:
    """The days the runner raced: runs logged as races in the load window, and the races of
    their race list (an imported race is logged as an easy run)."""
    logged = {session.day for session in facts.sessions or [] if session.kind == Run.Kind.RACE}
    return logged | set(facts.raced_on or ())


def short_for_a_setback(facts: Facts, week: dt.date) -> bool:
    """Whether the week before `week` held days of a setback, and so was short for a reason."""
    sunday = week - dt.timedelta(days=1)
    back = facts.back_from_setback
    return (back is not None and back >= week - WEEK) or any(
        setback.start <= sunday for setback in facts.setbacks or []
    )


def distance_jump_flag(facts: Facts) -> Flag | None:
    """This week so far, or last week, more than load.DISTANCE_JUMP over the week before. A week
    with a race in it is not judged (the race is what the taper before it made room for), nor a
    week after one a setback cut short (the way back starts from the distance before it)."""
    weeks = facts.weeks or {}
    this_week = monday_of(facts.today)
    units = facts.athlete.units
    raced = {monday_of(day) for day in race_days(facts)}
    for week in (this_week, this_week - WEEK):
        stat = weeks.get(week)
        previous = weeks.get(week - WEEK)
        if stat is None or previous is None or previous.distance_m <= 0 or week in raced:
            continue
        if short_for_a_setback(facts, week):
            continue
        rise = round(stat.distance_m / previous.distance_m - 1, 6)
        if rise > load.DISTANCE_JUMP:
            so_far = " so far this week" if week == this_week else ""
            return Flag(
                Kind.DISTANCE_JUMP,
                Severity.MEDIUM,
                f"Up {rise * 100:.0f} %: {format_distance(stat.distance_m, units, digits=0)}"
                f"{so_far} after {format_distance(previous.distance_m, units, digits=0)}",
                f"{week.isoformat()}:{stat.distance_m}",
            )
    return None


def load_ratios(facts: Facts) -> tuple[load.Ratio, load.Ratio]:
    return load.ratios(facts.sessions or [], today=facts.today, first_day=facts.first_day)


def load_spike_flag(facts: Facts) -> Flag | None:
    """The rolling ratio at load.SPIKE_RATIO or more (DESIGN.md's 7-day load over the 28-day
    weekly average; the EWMA is named beside it, never flagged alone: on two or three runs a
    week its acute weight of 2/8 a day reads every long run as a spike). Not in the 7 days from
    a race, whose load is the spike the season was planned for, nor in the 28 days after a
    setback, while the chronic load still holds the weeks off and any way back reads as a
    spike."""
    if any(0 <= (facts.today - day).days < load.ACUTE_DAYS for day in race_days(facts)):
        return None
    back = facts.back_from_setback
    if back is not None and (facts.today - back).days < load.CHRONIC_DAYS:
        return None
    rolling, ewma = load_ratios(facts)
    if not rolling.is_spike:
        return None
    parts = []
    if rolling.value is not None:
        parts.append(
            f"{rolling.value:.2f}× rolling ({rolling.acute:,.0f} AU this week, "
            f"{rolling.chronic:,.0f} a week before)"
        )
    if ewma.value is not None:
        parts.append(f"{ewma.value:.2f}× EWMA")
    return Flag(
        Kind.LOAD_SPIKE,
        Severity.MEDIUM,
        "Load spike: " + ", ".join(parts),
        facts.last_run_at.isoformat() if facts.last_run_at else "",
    )


def unread_flag(facts: Facts) -> Flag | None:
    summary = facts.summary
    if summary is None or not summary.unread_comments or facts.athlete.coach_id is None:
        return None
    count = summary.unread_comments
    return Flag(
        Kind.UNREAD,
        Severity.LOW,
        f"{count} unread comment{'s' if count != 1 else ''} from {facts.athlete.name}",
        f"{summary.unread_week.isoformat() if summary.unread_week else ''}:{count}",
    )


def no_runs_flag(facts: Facts) -> Flag | None:
    joined = facts.athlete.created_at
    last = facts.last_run_at or joined
    days = (facts.now - last).days
    if days < NO_RUN_DAYS:
        return None
    if facts.last_run_at is None:
        reason = f"No run logged since joining {days} days ago"
    else:
        reason = f"No run logged for {days} days"
    return Flag(
        Kind.NO_RUNS,
        Severity.MEDIUM if days >= NO_RUN_LONG_DAYS else Severity.LOW,
        reason,
        last.isoformat(),
    )
