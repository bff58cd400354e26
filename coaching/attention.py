"""Who needs the coach now, and why: each athlete's attention flags, in the runner's own numbers.

`compute` is the one function that decides the flags; the roster, the coach digest and the API
all read its results, stored per athlete as a `Standing` by `refresh_standings`. It reads a
batch of athletes in a fixed number of queries. Every threshold is a named constant and is in
docs/coaching-rules.md.
"""

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Max, Min, Q
from django.utils import timezone

from athletes.models import WEEK, Athlete, User, monday_of
from athletes.units import format_distance
from checkins import load
from checkins.models import Run, Setback, WeeklyReview, WeekStat
from checkins.momentum import Mark
from checkins.reviews.standing import ReviewState, ReviewSummary, review_summaries
from coaching.models import HandledFlag, Standing
from goals import progress as measured
from goals.models import Goal
from races.models import Race
from races.season import race_needs

# Weekly distance up more than this on the week before is a jump (Nielsen et al. 2014 saw
# more injuries in novices above 30 % a week).
DISTANCE_JUMP = 0.30
# Motivation at or below this (of 5), or this far below the mean of the 4 reviews before.
MOTIVATION_LOW = 2
MOTIVATION_DROP = 2
MOTIVATION_WEEKS = 4
NO_RUN_DAYS = 10
NO_RUN_LONG_DAYS = 21
# A goal or A race this close with progress under GOAL_AT_RISK_PCT, or a readiness short of it.
DUE_SOON_DAYS = 14
GOAL_AT_RISK_PCT = 80
PROCESS_MISSED_WEEKS = 2
OVERDUE_LONG_DAYS = 7
# Weeks of WeekStat rows read: the weekly jump, and the readiness of an A race.
STAT_WEEKS = 8


class Severity(enum.IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3


class Kind(enum.StrEnum):
    """The flags, in the order a summary bar lists them."""

    OVERDUE = "review-overdue"
    SETBACK = "setback"
    LOAD_SPIKE = "load-spike"
    DISTANCE_JUMP = "distance-jump"
    MOTIVATION = "low-motivation"
    PROCESS_MISSED = "process-goal-missed"
    GOAL_AT_RISK = "goal-at-risk"
    RACE_READINESS = "race-readiness"
    UNREAD = "unread-comment"
    NO_RUNS = "no-runs"

    @property
    def label(self) -> tuple[str, str]:
        """(singular, plural)"""
        return LABELS[self]


LABELS = {
    Kind.OVERDUE: ("overdue", "overdue"),
    Kind.SETBACK: ("setback", "setbacks"),
    Kind.LOAD_SPIKE: ("load spike", "load spikes"),
    Kind.DISTANCE_JUMP: ("distance jump", "distance jumps"),
    Kind.MOTIVATION: ("low motivation", "low motivation"),
    Kind.PROCESS_MISSED: ("habit missed", "habits missed"),
    Kind.GOAL_AT_RISK: ("goal at risk", "goals at risk"),
    Kind.RACE_READINESS: ("race readiness", "race readiness"),
    Kind.UNREAD: ("unread comment", "unread comments"),
    Kind.NO_RUNS: ("no runs", "no runs"),
}


@dataclass(frozen=True)
class Flag:
    flag: Kind
    severity: Severity
    reason: str
    # What the flag is about: while it is unchanged, a "handled" mark keeps the flag hidden.
    key: str
    handled: bool = False

    def as_dict(self) -> dict:
        return {
            "flag": str(self.flag),
            "severity": int(self.severity),
            "reason": self.reason,
            "key": self.key,
            "handled": self.handled,
        }


@dataclass
class Facts:
    """What `compute` loaded for one athlete."""

    athlete: Athlete
    now: dt.datetime
    summary: ReviewSummary | None = None
    setbacks: list[Setback] = field(default_factory=list)
    # (week, motivation, review id)
    motivations: list[tuple[dt.date, int, int]] = field(default_factory=list)
    submitted_weeks: set[dt.date] = field(default_factory=set)
    weeks: dict[dt.date, WeekStat] = field(default_factory=dict)
    first_week: dt.date | None = None
    last_run_at: dt.datetime | None = None
    sessions: list[load.Session] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    activity: measured.Activity | None = None  # loaded when there are goals
    a_races: list[Race] = field(default_factory=list)

    @property
    def today(self) -> dt.date:
        return self.athlete.local_today(self.now)


def day(date: dt.date) -> str:
    return f"{date.day} {date:%b}"


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
        f"Review for the week of {day(week)} is {days} day{'s' if days != 1 else ''} overdue",
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
                f"{what}{where} since {day(setback.start)}: "
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
        reason = f"Motivation {latest}/5 in the week of {day(week)}"
    elif average is not None and average - latest >= MOTIVATION_DROP:
        reason = f"Motivation {latest}/5, down from an average of {average:.1f}"
    else:
        return None
    if average is not None and latest <= MOTIVATION_LOW:
        reason += f" (average {average:.1f})"
    return Flag(Kind.MOTIVATION, Severity.MEDIUM, reason, str(review_id))


def distance_jump_flag(facts: Facts) -> Flag | None:
    weeks = facts.weeks or {}
    this_week = monday_of(facts.today)
    units = facts.athlete.units
    for week in (this_week, this_week - WEEK):
        stat = weeks.get(week)
        previous = weeks.get(week - WEEK)
        if stat is None or previous is None or previous.distance_m <= 0:
            continue
        rise = round(stat.distance_m / previous.distance_m - 1, 6)
        if rise > DISTANCE_JUMP:
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
    return load.ratios(facts.sessions or [], today=facts.today, first_day=facts.first_week)


def load_spike_flag(facts: Facts) -> Flag | None:
    rolling, ewma = load_ratios(facts)
    if not (rolling.is_spike or ewma.is_spike):
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
    recent = [weeks.get(this_week - dt.timedelta(weeks=i)) for i in range(1, 5)]
    weekly_m = sum(stat.distance_m for stat in recent if stat) / 4
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


def flags_of(facts: Facts) -> list[Flag]:
    """Every flag of one athlete, most severe first (in `Kind` order within a severity)."""
    found = [
        overdue_flag(facts),
        *setback_flags(facts),
        load_spike_flag(facts),
        distance_jump_flag(facts),
        motivation_flag(facts),
        *process_missed_flags(facts),
        *goal_at_risk_flags(facts),
        *readiness_flags(facts),
        unread_flag(facts),
        no_runs_flag(facts),
    ]
    order = list(Kind)
    flags = [flag for flag in found if flag is not None]
    return sorted(flags, key=lambda f: (-f.severity, order.index(f.flag)))


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
    for setback in Setback.objects.filter(athlete_id__in=ids).overlapping(
        earliest_today, latest_today
    ):
        if setback.start <= facts[setback.athlete_id].today and (
            setback.end is None or setback.end >= facts[setback.athlete_id].today
        ):
            facts[setback.athlete_id].setbacks.append(setback)

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
    for athlete_id, first_week, last_run_at in (
        WeekStat.objects.filter(athlete_id__in=ids)
        .values("athlete_id")
        .annotate(first=Min("week_start"), last=Max("last_run_at"))
        .values_list("athlete_id", "first", "last")
    ):
        facts[athlete_id].first_week = first_week
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
        since = measured.activity_start(goals, earliest_today)
        process_only = all(goal.level == Goal.Level.PROCESS for goal in goals)
        if process_only:
            since = monday_of(earliest_today) - dt.timedelta(weeks=measured.MARK_WEEKS + 1)
        for pk, activity in measured.load_activity(with_goals, since=since).items():
            facts[pk].activity = activity

    for race in Race.objects.filter(
        athlete_id__in=ids,
        priority=Race.Priority.A,
        status=Race.Status.PLANNED,
        date__gte=earliest_today,
        date__lte=due_by,
    ):
        days_left = (race.date - facts[race.athlete_id].today).days
        if 0 <= days_left <= DUE_SOON_DAYS:
            facts[race.athlete_id].a_races.append(race)
    return facts


@dataclass(frozen=True)
class Result:
    facts: Facts
    flags: list[Flag]

    @property
    def score(self) -> int:
        return sum(int(flag.severity) for flag in self.flags if not flag.handled)


def compute(athletes: Iterable[Athlete], *, now: dt.datetime | None = None) -> dict[int, Result]:
    """Each athlete's flags, handled ones marked, for a batch of athletes in fixed queries."""
    now = now or timezone.now()
    athletes = list(athletes)
    if not athletes:
        return {}
    facts = load_facts(athletes, now=now)
    handled = set(
        HandledFlag.objects.filter(athlete_id__in=list(facts)).values_list(
            "athlete_id", "flag", "key"
        )
    )
    results = {}
    for pk, athlete_facts in facts.items():
        flags = [
            Flag(f.flag, f.severity, f.reason, f.key, (pk, str(f.flag), f.key) in handled)
            for f in flags_of(athlete_facts)
        ]
        results[pk] = Result(athlete_facts, flags)
    return results


def next_midnight(athlete: Athlete, now: dt.datetime) -> dt.datetime:
    tomorrow = athlete.local_today(now) + dt.timedelta(days=1)
    return dt.datetime.combine(tomorrow, dt.time.min, tzinfo=athlete.zone)


def names_of(athletes: Sequence[Athlete]) -> dict[int, str]:
    """Each athlete's name: from their user when it is loaded, in one read for the others."""
    names = {
        athlete.pk: athlete.user.full_name
        for athlete in athletes
        if Athlete.user.is_cached(athlete)
    }
    missing = [athlete.pk for athlete in athletes if athlete.pk not in names]
    if missing:
        names.update(Athlete.objects.filter(pk__in=missing).values_list("pk", "user__full_name"))
    return names


def refresh_standings(
    athletes: Iterable[Athlete], *, now: dt.datetime | None = None
) -> dict[int, Standing]:
    """Recompute and store the standing of each athlete; returns them by athlete id."""
    now = now or timezone.now()
    athletes = list(athletes)
    results = compute(athletes, now=now)
    names = names_of(athletes)
    rows = []
    for pk, result in results.items():
        summary = result.facts.summary
        rows.append(
            Standing(
                athlete_id=pk,
                coach_id=result.facts.athlete.coach_id,
                sort_name=names[pk],
                score=min(result.score, 32767),
                overdue_days=overdue_days(result.facts),
                flags=[flag.as_dict() for flag in result.flags],
                open_flag_names=" "
                + "".join(f"{flag.flag} " for flag in result.flags if not flag.handled),
                review_week=summary.week_start if summary else None,
                review_state=str(summary.state) if summary else "",
                review_id=summary.review_id if summary else None,
                last_submitted=summary.last_submitted if summary else None,
                unread_comments=summary.unread_comments if summary else 0,
                unread_week=summary.unread_week if summary else None,
                streak=summary.streak if summary else 0,
                computed_at=now,
                stale_after=next_midnight(result.facts.athlete, now),
            )
        )
    Standing.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["athlete"],
        update_fields=[
            "coach",
            "sort_name",
            "score",
            "overdue_days",
            "flags",
            "open_flag_names",
            "review_week",
            "review_state",
            "review_id",
            "last_submitted",
            "unread_comments",
            "unread_week",
            "streak",
            "computed_at",
            "stale_after",
        ],
        batch_size=500,
    )
    return {row.athlete_id: row for row in rows}


def fresh_standings(
    athletes: Iterable[Athlete], *, now: dt.datetime | None = None
) -> dict[int, Standing]:
    """The stored standings of these athletes, recomputing the missing and stale ones first."""
    now = now or timezone.now()
    athletes = list(athletes)
    stored = {
        standing.athlete_id: standing
        for standing in Standing.objects.filter(athlete__in=athletes, stale_after__gt=now)
    }
    stale = [athlete for athlete in athletes if athlete.pk not in stored]
    if stale:
        stored.update(refresh_standings(stale, now=now))
    return stored


def open_flags_in_triage_order(
    athletes: Sequence[Athlete], *, now: dt.datetime | None = None
) -> dict[int, list[dict]]:
    """Each athlete's open (unhandled) flags, most severe first, for the athletes that have
    any, in the roster's triage order: what the coach digest lists (checkins.reminders reads it
    as its `attention_source`). Athletes should come with their user loaded (for the names)."""
    by_pk = {athlete.pk: athlete for athlete in athletes}
    standings = fresh_standings(by_pk.values(), now=now)
    ranked = sorted(
        (standing for standing in standings.values() if standing.open_flags),
        key=lambda s: (-s.score, -s.overdue_days, by_pk[s.athlete_id].user.full_name, s.athlete_id),
    )
    return {standing.athlete_id: standing.open_flags for standing in ranked}


# Standings recomputed per batch by the periodic refresh: bounded memory, one batch at a time.
REFRESH_BATCH = 200


def refresh_stale_standings(*, now: dt.datetime | None = None, limit: int = 5000) -> int:
    """Recompute standings that are missing or past their athlete's midnight, oldest first, in
    batches; returns how many were refreshed. Safe to run at any time, as often as you like."""
    now = now or timezone.now()
    stale = (
        Athlete.objects.exclude(standing__stale_after__gt=now)
        .select_related("user")
        .order_by("standing__stale_after", "pk")[:limit]
    )
    athletes = list(stale)
    for first in range(0, len(athletes), REFRESH_BATCH):
        refresh_standings(athletes[first : first + REFRESH_BATCH], now=now)
    return len(athletes)


# Handled flags listed on the athlete page, newest first.
HANDLED_HISTORY = 10


class FlagNotFound(Exception):
    pass


def mark_handled(*, athlete: Athlete, flag: str, by: User, note: str = "") -> HandledFlag:
    """Hide one of the athlete's current flags until the data behind it changes."""
    now = timezone.now()
    current = next(
        (
            f
            for f in compute([athlete], now=now)[athlete.pk].flags
            if str(f.flag) == flag and not f.handled
        ),
        None,
    )
    if current is None:
        raise FlagNotFound(flag)
    handled = HandledFlag.objects.create(
        athlete=athlete,
        flag=flag,
        key=current.key,
        reason=current.reason[:200],
        note=note,
        handled_by=by,
        handled_at=now,
    )
    refresh_standings([athlete], now=now)
    return handled


def athletes_with_flag(flag: str) -> Q:
    """Condition on Athlete: this flag is open on their stored standing."""
    return Q(standing__open_flag_names__contains=f" {flag} ")


def detail_context(athlete: Athlete, *, now: dt.datetime | None = None) -> dict:
    """The athlete page's flags (handled ones marked) and the coach's handling history."""
    standing = fresh_standings([athlete], now=now).get(athlete.pk)
    return {
        "standing": standing,
        "handled_history": HandledFlag.objects.filter(athlete=athlete).select_related("handled_by")[
            :HANDLED_HISTORY
        ],
    }
