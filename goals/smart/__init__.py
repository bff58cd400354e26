"""SMART coaching for one goal against the runner's own starting point.

A pure package: plain dataclasses in, verdicts out, no database. Each of Specific, Measurable,
Achievable, Relevant and Time-bound is pass / warn / fail with one plain sentence and, where
we can, a concrete better goal. It is coaching, not policing: a fail asks the runner to
confirm, it never refuses the goal.

Here: `assess` and the five criteria. Achievable is the worst of several rules: a race time
(`race_time`, judged by `prediction`), readiness for a race and a beginner's first marathon
(`readiness`), volume against the season plan's ramp (`volume`, from where `plan` says the
runner stands), days, minutes and busy periods (`rules`); what goes in and comes out is in
`verdicts`, and how dates, values and targets are worded in `words`. Reading a goal and a runner from the database
is `goals.assessment`'s.
"""

import dataclasses

from goals.models import Goal
from goals.smart.plan import TIME_BOUND_MAX_DAYS, TIME_BOUND_MIN_DAYS
from goals.smart.race_time import race_time_rule
from goals.smart.readiness import beginner_rule, readiness_rule
from goals.smart.rules import busy_rule, days_rule, minutes_rule
from goals.smart.verdicts import Assessment, Draft, Runner, Status, Verdict
from goals.smart.volume import long_run_rule, total_distance_rule, weekly_distance_rule
from goals.smart.words import day, target_phrase

# Specific: fewer words than this in the title says too little.
SPECIFIC_MIN_WORDS = 3
# What Achievable weighs, in the order the goal form lists its findings.
ACHIEVABLE_RULES = (
    race_time_rule,
    readiness_rule,
    weekly_distance_rule,
    total_distance_rule,
    long_run_rule,
    minutes_rule,
    days_rule,
    beginner_rule,
    busy_rule,
)


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


def achievable(draft: Draft, runner: Runner) -> Verdict:
    """The worst of the Achievable rules that apply, carrying every one of them as findings."""
    if not draft.metric and not draft.race_distance_m:
        return Verdict(Status.PASS, "You decide when it is done.")
    found = tuple(
        verdict for rule in ACHIEVABLE_RULES if (verdict := rule(draft, runner)) is not None
    )
    if not found:
        return Verdict(Status.PASS, "Nothing in your log says this is out of reach.")
    worst = max(found, key=lambda verdict: verdict.status.rank)
    if worst.status is Status.PASS:
        return Verdict(Status.PASS, " ".join(verdict.message for verdict in found), findings=found)
    return dataclasses.replace(worst, findings=found)
