"""SMART coaching for one goal against the runner's own starting point.

A pure module: plain dataclasses in, verdicts out, no database. Each of Specific, Measurable,
Achievable, Relevant and Time-bound is pass / warn / fail with one plain sentence and, where
we can, a concrete better goal. It is coaching, not policing: a fail asks the runner to
confirm, it never refuses the goal.
"""

import dataclasses
import datetime as dt
import enum
import math
from dataclasses import dataclass, field

from athletes.models import monday_of
from athletes.units import METRES_PER_UNIT, format_distance, format_duration
from goals.models import Goal
from races import season
from races.models import MARATHON_M, STANDARD_DISTANCES, distance_name
from races.predictions import Effort, riegel
from races.rules import BusySpan, taper_weeks

# Specific: fewer words than this in the title says too little.
SPECIFIC_MIN_WORDS = 3
# Achievable, weekly build (compounded from the recent 4-week average weekly distance).
BUILD_WARN_ABOVE_PCT = 10.0
BUILD_FAIL_ABOVE_PCT = 30.0
# Achievable, target race time against the time the best recent effort predicts.
RACE_TIME_WARN_ABOVE_PCT = 5.0
RACE_TIME_FAIL_ABOVE_PCT = 10.0
# Achievable, minutes the plan needs against the minutes the runner has each week.
MINUTES_WARN_ABOVE_RATIO = 1.0
MINUTES_FAIL_ABOVE_RATIO = 1.5
# Achievable, a beginner's first marathon-or-longer needs at least this many weeks.
BEGINNER_MARATHON_MIN_WEEKS = 16
# Achievable, a busy period inside this many days up to the target date warns.
BUSY_WINDOW_DAYS = 14
# Achievable, readiness for a race: the share of the weekly distance and the long run the race
# asks for (races.season.race_needs) that the season's ramp (10 % a week, a cut-back every
# fourth week) reaches from today's numbers before the taper. Under all of it warns; under
# this much of it fails.
READINESS_WARN_BELOW = 1.0
READINESS_FAIL_BELOW = 0.8
# Time-bound: sooner than this is a sprint, later than that loses its pull.
TIME_BOUND_MIN_DAYS = 7
TIME_BOUND_MAX_DAYS = 730


class Status(enum.StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        return [Status.PASS, Status.WARN, Status.FAIL].index(self)


@dataclass(frozen=True)
class Verdict:
    status: Status
    message: str
    suggestion: str = ""
    # Achievable weighs several rules: its verdict is the worst of them, and these are all of
    # them, so the runner sees every reason and not only the sharpest.
    findings: tuple["Verdict", ...] = ()

    def as_dict(self) -> dict:
        return {"status": str(self.status), "message": self.message, "suggestion": self.suggestion}


@dataclass(frozen=True)
class Draft:
    """The goal as typed, saved or not."""

    level: str
    kind: str
    title: str
    metric: str = ""
    target_value: float | None = None
    distance_m: float | None = None
    start_date: dt.date | None = None
    target_date: dt.date | None = None
    has_parent: bool = False
    # The distance of the race the goal is linked to, if any.
    race_distance_m: float | None = None


@dataclass(frozen=True)
class Runner:
    """What we know of the runner today."""

    today: dt.date
    units: str = "km"
    experience: str = "intermediate"
    weekly_minutes_available: int = 0
    recent_weekly_distance_m: float = 0.0
    typical_run_minutes: float = 45.0
    typical_pace_s_per_km: float = 390.0
    # The longest run ever logged (a first marathon is one past the longest run so far)…
    longest_run_m: float = 0.0
    # …and the longest of the last four weeks and this one: where the long run stands today.
    recent_long_run_m: float = 0.0
    best_effort: Effort | None = None
    busy_periods: tuple[BusySpan, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Assessment:
    specific: Verdict
    measurable: Verdict
    achievable: Verdict
    relevant: Verdict
    time_bound: Verdict

    LABELS = {
        "specific": "Specific",
        "measurable": "Measurable",
        "achievable": "Achievable",
        "relevant": "Relevant",
        "time_bound": "Time-bound",
    }

    def items(self) -> list[tuple[str, str, Verdict]]:
        return [(key, label, getattr(self, key)) for key, label in self.LABELS.items()]

    @property
    def failing(self) -> list[str]:
        """The labels of the criteria that fail ("Achievable", "Time-bound")."""
        return [label for _, label, verdict in self.items() if verdict.status is Status.FAIL]

    @property
    def has_fail(self) -> bool:
        return bool(self.failing)

    def as_dict(self) -> dict:
        data = {key: verdict.as_dict() for key, _, verdict in self.items()}
        data["achievable"]["findings"] = [finding.as_dict() for finding in self.achievable.findings]
        return data


def assess(draft: Draft, runner: Runner) -> Assessment | None:
    """The SMART verdicts for an outcome or process goal; None for a vision goal."""
    if draft.level == Goal.Level.VISION:
        return None
    return Assessment(
        specific=specific(draft, runner),
        measurable=measurable(draft),
        achievable=achievable(draft, runner),
        relevant=relevant(draft),
        time_bound=time_bound(draft, runner),
    )


def day(date: dt.date, today: dt.date) -> str:
    return f"{date.day} {date:%B}" if date.year == today.year else f"{date.day} {date:%B %Y}"


def format_value(metric: str, value: float | None, units: str) -> str:
    """A measured or target value in the runner's own units."""
    if value is None:
        return "–"
    if metric in Goal.DISTANCE_METRICS:
        return format_distance(value, units)
    if metric == Goal.Metric.RACE_TIME:
        return format_duration(value)
    return f"{value:g}"


def target_phrase(draft: Draft, units: str) -> str:
    """The measurable part of a goal in words: "30.0 km a week", "a 10K in 52:00"."""
    value = draft.target_value or 0
    metric = Goal.Metric
    phrases: dict[str, str] = {
        metric.RUNS_PER_WEEK: f"{value:g} runs a week",
        metric.WEEKLY_DISTANCE: f"{format_distance(value, units)} a week",
        metric.LONG_RUN: f"a long run of {format_distance(value, units)}",
        metric.TOTAL_DISTANCE: f"{format_distance(value, units, digits=0)} in total",
        metric.STRENGTH_PER_WEEK: f"{value:g} strength sessions a week",
        metric.SLEEP_PER_WEEK: f"{value:g} nights of good sleep a week",
        metric.REVIEWS_PER_WEEK: "a weekly review every week",
        metric.RACE_TIME: (
            f"{format_distance(draft.distance_m, units)} in {format_duration(value)}"
            if draft.distance_m
            else f"a race in {format_duration(value)}"
        ),
    }
    return phrases.get(draft.metric, "")


def specific(draft: Draft, runner: Runner) -> Verdict:
    title = draft.title.strip()
    if not title:
        return Verdict(Status.FAIL, "Give the goal a name that says what you will do.")
    if draft.metric == Goal.Metric.RACE_TIME and not draft.distance_m:
        return Verdict(Status.FAIL, "Say which race distance the time is for.")
    phrase = target_phrase(draft, runner.units) if draft.target_value is not None else ""
    if len(title.split()) < SPECIFIC_MIN_WORDS:
        suggestion = ""
        if phrase and draft.target_date:
            suggestion = f"Try “{phrase} by {day(draft.target_date, runner.today)}”."
        return Verdict(
            Status.WARN, "Say a little more: what exactly, how much and by when.", suggestion
        )
    return Verdict(Status.PASS, f"Clear: {phrase}." if phrase else "Clear about what you will do.")


def measurable(draft: Draft) -> Verdict:
    if not draft.metric:
        if draft.kind == Goal.Kind.MINDSET:
            return Verdict(
                Status.WARN,
                "A mindset goal is ticked off by hand, with a note.",
                "If you can, make it countable, e.g. 8 hours' sleep 5 nights a week.",
            )
        return Verdict(Status.FAIL, "Pick what we should measure: runs, distance, time…")
    if draft.target_value is None:
        return Verdict(Status.FAIL, "Set a target number, so you know when you are there.")
    return Verdict(
        Status.PASS, f"Measured for you from your log: {Goal.Metric(draft.metric).label.lower()}."
    )


def relevant(draft: Draft) -> Verdict:
    wanted = Goal.PARENT_LEVEL.get(Goal.Level(draft.level))
    assert wanted is not None  # only outcome and process goals are assessed
    if draft.has_parent:
        return Verdict(Status.PASS, f"It serves your {wanted.value} goal.")
    return Verdict(
        Status.WARN,
        f"Link it to a {wanted.value} goal, so it serves your reason to run.",
    )


def time_bound(draft: Draft, runner: Runner) -> Verdict:
    if draft.target_date is None:
        return Verdict(Status.FAIL, "Set a target date: a goal without one drifts.")
    days = (draft.target_date - runner.today).days
    if days <= 0:
        return Verdict(Status.FAIL, "The date has passed: pick a date ahead.")
    when = day(draft.target_date, runner.today)
    if days < TIME_BOUND_MIN_DAYS:
        return Verdict(Status.WARN, f"{when} is less than a week away: little room to train.")
    if days > TIME_BOUND_MAX_DAYS:
        return Verdict(
            Status.WARN,
            f"{when} is more than two years away; far-off dates lose their pull.",
            "Add a milestone within the next three months.",
        )
    weeks = days // 7
    return Verdict(Status.PASS, f"Due {when}, in {weeks} week{'s' if weeks > 1 else ''}.")


def weeks_available(draft: Draft, today: dt.date) -> float:
    if draft.target_date is None:
        return 0.0
    start = max(today, draft.start_date or today)
    return (draft.target_date - start).days / 7


def achievable(draft: Draft, runner: Runner) -> Verdict:
    """The worst of the Achievable rules that apply, carrying every one of them as findings."""
    if not draft.metric:
        return Verdict(Status.PASS, "You decide when it is done.")
    rules = (race_time_rule, readiness_rule, build_rule, minutes_rule, beginner_rule, busy_rule)
    found = tuple(verdict for rule in rules if (verdict := rule(draft, runner)) is not None)
    if not found:
        return Verdict(Status.PASS, "Nothing in your log says this is out of reach.")
    worst = max(found, key=lambda verdict: verdict.status.rank)
    if worst.status is Status.PASS:
        return Verdict(Status.PASS, " ".join(verdict.message for verdict in found), findings=found)
    return dataclasses.replace(worst, findings=found)


def race_time_rule(draft: Draft, runner: Runner) -> Verdict | None:
    if draft.metric != Goal.Metric.RACE_TIME or not draft.distance_m or not draft.target_value:
        return None
    effort = runner.best_effort
    if effort is None:
        return Verdict(
            Status.WARN,
            "No benchmark or race in the last 12 months to check this time against.",
            "Run a time trial (e.g. 5K) and record it as a benchmark.",
        )
    predicted = riegel(effort.duration_s, from_m=effort.distance_m, to_m=draft.distance_m)
    faster_pct = round((predicted - draft.target_value) / predicted * 100, 1)
    basis = (
        f"your {format_distance(effort.distance_m, runner.units)} in "
        f"{format_duration(effort.duration_s)} predicts {format_duration(predicted)}"
    )
    if faster_pct <= 0:
        return Verdict(Status.PASS, f"Within reach: {basis}.")
    if faster_pct <= RACE_TIME_WARN_ABOVE_PCT:
        return Verdict(Status.PASS, f"A fair stretch, {faster_pct:g} % faster than {basis}.")
    suggestion = (
        f"Try {format_duration(predicted * (1 - RACE_TIME_WARN_ABOVE_PCT / 100))}: "
        f"{RACE_TIME_WARN_ABOVE_PCT:g} % faster than your prediction of {format_duration(predicted)}."
    )
    status = Status.FAIL if faster_pct > RACE_TIME_FAIL_ABOVE_PCT else Status.WARN
    return Verdict(status, f"{faster_pct:g} % faster than {basis}.", suggestion)


def readiness_distance(draft: Draft) -> float | None:
    """The race a goal trains for: its linked race, or the distance of a race-time goal."""
    if draft.race_distance_m:
        return draft.race_distance_m
    if draft.metric == Goal.Metric.RACE_TIME and draft.distance_m:
        return draft.distance_m
    return None


def race_name(distance_m: float) -> str:
    """A race distance mid-sentence: "marathon", "half marathon", "10K", "12.3 km race"."""
    name = distance_name(distance_m)
    if name.endswith(" km"):
        return f"{name} race"
    return name if name[0].isdigit() else name.lower()


def the_race(distance_m: float) -> str:
    return f"the {race_name(distance_m)}"


@dataclass(frozen=True)
class Readiness:
    """What a race asks for at the peak, beside what the season's ramp reaches by then."""

    taper_weeks: int
    weekly_m: float
    long_run_m: float
    need_weekly_m: float
    need_long_run_m: float

    @property
    def share(self) -> float:
        return min(self.weekly_m / self.need_weekly_m, self.long_run_m / self.need_long_run_m)


def readiness(distance_m: float, race_day: dt.date, runner: Runner) -> Readiness:
    """How far today's weekly distance and long run grow by the end of the peak, in a season
    built from this week to race day: ≤ 10 % a week, a cut-back every fourth, then the taper."""
    taper = taper_weeks(distance_m)
    weeks_to_race = (monday_of(race_day) - monday_of(runner.today)).days // 7 + 1
    training_weeks = max(weeks_to_race - taper, 0)
    need_weekly, need_long_run = season.race_needs(distance_m)
    return Readiness(
        taper_weeks=taper,
        weekly_m=season.reachable(runner.recent_weekly_distance_m, training_weeks),
        long_run_m=season.reachable(runner.recent_long_run_m, training_weeks),
        need_weekly_m=need_weekly,
        need_long_run_m=need_long_run,
    )


def earliest_ready_day(distance_m: float, runner: Runner, *, weekday: int) -> dt.date | None:
    """The first race day (on `weekday`) by which the ramp reaches both needs, taper left."""
    need_weekly, need_long_run = season.race_needs(distance_m)
    weekly_weeks = season.weeks_to_reach(runner.recent_weekly_distance_m, need_weekly)
    long_run_weeks = season.weeks_to_reach(runner.recent_long_run_m, need_long_run)
    if weekly_weeks is None or long_run_weeks is None:
        return None
    weeks_to_race = max(weekly_weeks, long_run_weeks) + taper_weeks(distance_m)
    race_week = monday_of(runner.today) + dt.timedelta(weeks=weeks_to_race - 1)
    return race_week + dt.timedelta(days=weekday)


def shorter_race_ready(distance_m: float, race_day: dt.date, runner: Runner) -> float | None:
    """The longest standard race shorter than `distance_m` the runner can be ready for."""
    for _, metres in reversed(STANDARD_DISTANCES):
        if metres < distance_m - 1 and readiness(metres, race_day, runner).share >= 1:
            return metres
    return None


def reach_phrase(what: str, reached_m: float, need_m: float, units: str, digits: int) -> str:
    need = need_words(need_m, units)
    if reached_m >= need_m:
        return f"your {what} reaches the {need} needed"
    return (
        f"your {what} reaches {format_distance(reached_m, units, digits=digits)} of the {need} "
        f"needed ({reached_m / need_m * 100:.0f} %)"
    )


def need_words(metres: float, units: str) -> str:
    """What a race asks for, in whole kilometres (they are round numbers) or tenths of a mile."""
    return format_distance(metres, units, digits=0 if units == "km" else 1)


def readiness_rule(draft: Draft, runner: Runner) -> Verdict | None:
    """Whether the weekly distance and long run a race asks for can be reached by race day."""
    distance = readiness_distance(draft)
    if not distance or draft.target_date is None or draft.target_date <= runner.today:
        return None
    race = the_race(distance)
    when = day(draft.target_date, runner.today)
    if runner.recent_weekly_distance_m <= 0 and runner.recent_long_run_m <= 0:
        return Verdict(
            Status.WARN,
            "No runs in the last 4 weeks, so we cannot tell whether you can be "
            f"ready for {race} by {when}.",
            "Log a few weeks of runs and look again.",
        )
    ready = readiness(distance, draft.target_date, runner)
    units = runner.units
    long_run = reach_phrase("long run", ready.long_run_m, ready.need_long_run_m, units, 1)
    weekly = reach_phrase("weekly distance", ready.weekly_m, ready.need_weekly_m, units, 0)
    if ready.share >= READINESS_WARN_BELOW:
        return Verdict(
            Status.PASS,
            f"Ready in time for {race}: building 10 % a week with cut-backs, {long_run} and "
            f"{weekly}.",
        )
    message = (
        f"By {when}, building 10 % a week with cut-backs and leaving a "
        f"{ready.taper_weeks}-week taper, {long_run} and {weekly} for {race}."
    )
    ideas = []
    earliest = earliest_ready_day(distance, runner, weekday=draft.target_date.weekday())
    if earliest is not None:
        what = (
            f"{format_duration(draft.target_value)} for {race}"
            if draft.metric == Goal.Metric.RACE_TIME and draft.target_value
            else race
        )
        ideas.append(
            f"Try {what} on or after {day(earliest, runner.today)}: by then the same build "
            f"reaches {need_words(ready.need_long_run_m, units)} long runs and "
            f"{need_words(ready.need_weekly_m, units)} weeks."
        )
    shorter = shorter_race_ready(distance, draft.target_date, runner)
    if shorter is not None:
        ideas.append(f"Or race a {race_name(shorter)} on {when}: you can be ready for that.")
    status = Status.FAIL if ready.share < READINESS_FAIL_BELOW else Status.WARN
    return Verdict(status, message, " ".join(ideas))


def weekly_distance_target(draft: Draft, weeks: float) -> float | None:
    """The weekly distance the goal asks for: itself, or a total spread over the weeks left."""
    if draft.metric == Goal.Metric.WEEKLY_DISTANCE:
        return draft.target_value
    if draft.metric == Goal.Metric.TOTAL_DISTANCE and draft.target_value is not None and weeks > 0:
        return draft.target_value / weeks
    return None


def build_rule(draft: Draft, runner: Runner) -> Verdict | None:
    weeks = weeks_available(draft, runner.today)
    target = weekly_distance_target(draft, weeks)
    # A target date is there whenever weeks are: `weeks_available` counts up to it.
    if target is None or weeks <= 0 or draft.target_date is None:
        return None
    recent = runner.recent_weekly_distance_m
    if recent <= 0:
        return Verdict(
            Status.WARN,
            "No runs logged in the last 4 weeks, so we cannot check the build yet.",
            "Log a few weeks of runs and look again.",
        )
    build_pct = round(((target / recent) ** (1 / weeks) - 1) * 100, 1)
    per_week = f"{format_distance(target, runner.units)} a week"
    if build_pct <= BUILD_WARN_ABOVE_PCT:
        return Verdict(
            Status.PASS,
            f"{per_week} is a build of {max(build_pct, 0):g} % a week at most from your recent "
            f"{format_distance(recent, runner.units)}.",
        )
    safe_m = recent * (1 + BUILD_WARN_ABOVE_PCT / 100) ** weeks
    unit_m = METRES_PER_UNIT[runner.units]
    safe_m = math.floor(safe_m / unit_m) * unit_m
    when = day(draft.target_date, runner.today)
    suggestion = (
        f"Try {format_distance(safe_m, runner.units, digits=0)} a week by {when}: that is a "
        f"{BUILD_WARN_ABOVE_PCT:g} % weekly build from your "
        f"{format_distance(recent, runner.units, digits=0)}."
    )
    status = Status.FAIL if build_pct > BUILD_FAIL_ABOVE_PCT else Status.WARN
    return Verdict(
        status,
        f"{per_week} needs a build of {build_pct:g} % a week from your recent "
        f"{format_distance(recent, runner.units)}; more than {BUILD_WARN_ABOVE_PCT:g} % "
        "a week risks injury.",
        suggestion,
    )


def minutes_rule(draft: Draft, runner: Runner) -> Verdict | None:
    if draft.metric == Goal.Metric.RUNS_PER_WEEK and draft.target_value:
        needed = draft.target_value * runner.typical_run_minutes
        per_item = runner.typical_run_minutes
        what = f"{draft.target_value:g} runs of about {per_item:.0f} minutes"
    elif draft.metric == Goal.Metric.WEEKLY_DISTANCE and draft.target_value:
        needed = draft.target_value / 1000 * runner.typical_pace_s_per_km / 60
        what = f"{format_distance(draft.target_value, runner.units)} at your usual pace"
    else:
        return None
    available = runner.weekly_minutes_available
    if available <= 0:
        return Verdict(
            Status.FAIL,
            "You have no training time set for the week.",
            "Set the minutes you can train each day in Settings.",
        )
    needed = round(needed)
    message = f"{what} take about {needed} minutes; you have {available} a week."
    if needed <= available * MINUTES_WARN_ABOVE_RATIO:
        return Verdict(Status.PASS, message)
    if draft.metric == Goal.Metric.RUNS_PER_WEEK:
        suggestion = f"Try {math.floor(available / per_item)} runs a week: that fits your time."
    else:
        fits_m = available * 60 / runner.typical_pace_s_per_km * 1000
        suggestion = (
            f"Try {format_distance(fits_m, runner.units, digits=0)} a week: that fits your time."
        )
    status = Status.FAIL if needed > available * MINUTES_FAIL_ABOVE_RATIO else Status.WARN
    return Verdict(status, message, suggestion)


def race_distance(draft: Draft) -> float | None:
    if draft.metric == Goal.Metric.RACE_TIME:
        return draft.distance_m
    if draft.metric == Goal.Metric.LONG_RUN:
        return draft.target_value
    return None


def beginner_rule(draft: Draft, runner: Runner) -> Verdict | None:
    distance = race_distance(draft)
    if (
        runner.experience != "beginner"
        or not distance
        or distance < MARATHON_M
        or runner.longest_run_m >= MARATHON_M
        or draft.target_date is None
    ):
        return None
    days = (draft.target_date - runner.today).days
    if days >= BEGINNER_MARATHON_MIN_WEEKS * 7:
        return None
    earliest = runner.today + dt.timedelta(weeks=BEGINNER_MARATHON_MIN_WEEKS)
    return Verdict(
        Status.WARN,
        f"A first marathon or longer needs at least {BEGINNER_MARATHON_MIN_WEEKS} weeks of "
        f"training; you have {days // 7}.",
        f"Aim for a date on or after {day(earliest, runner.today)}.",
    )


def busy_rule(draft: Draft, runner: Runner) -> Verdict | None:
    if draft.target_date is None:
        return None
    window_start = draft.target_date - dt.timedelta(days=BUSY_WINDOW_DAYS - 1)
    for span in runner.busy_periods:
        if span.start <= draft.target_date and span.end >= window_start:
            return Verdict(
                Status.WARN,
                f"Your busy period “{span.label}” ({day(span.start, runner.today)} – "
                f"{day(span.end, runner.today)}) falls in the last two weeks before the date.",
                f"Try a date after {day(span.end, runner.today)}.",
            )
    return None
