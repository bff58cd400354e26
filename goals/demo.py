"""Demo goals for `seed_demo`: a why, destinations, habits, wins, one adjustment, one stretch.

Deterministic and idempotent: each goal is found by its runner and title before it is made.
"""

import dataclasses
import datetime as dt
from typing import Any

from athletes.measures import HALF_MARATHON_M, MARATHON_M
from athletes.models import Athlete, User
from athletes.units import METRES_PER_UNIT, format_distance
from goals import achievements, services
from goals.models import Benchmark, Goal, Milestone
from races.models import Race

VISIONS = [
    "Run to clear my head after work",
    "Be the parent who still runs at sixty",
    "Feel strong and light on my feet",
    "Run because it makes me happy",
    "Prove to myself I can keep a promise",
    "Stay healthy and sleep better",
    "Explore my city on foot",
    "Find calm in a busy life",
    "Run the trails I can see from my window",
    "Keep up with my kids",
    "Run with friends every weekend",
    "Start again, kindly, after a long break",
]
Experience = Athlete.Experience
# A 5K time trial six weeks ago (seconds), before the runner's number spreads them out.
FIVE_K_S: dict[str, int] = {
    Experience.BEGINNER: 31 * 60,
    Experience.INTERMEDIATE: 25 * 60,
    Experience.ADVANCED: 21 * 60,
}
# (title, distance, target seconds) of each level's A-race goal.
RACE_GOAL: dict[str, tuple[str, int, int]] = {
    Experience.BEGINNER: ("Finish a 10K under 66 minutes", 10000, 66 * 60),
    Experience.INTERMEDIATE: ("Run a half marathon under 1:55", round(HALF_MARATHON_M), 115 * 60),
    Experience.ADVANCED: ("Run a marathon under 3:20", MARATHON_M, 200 * 60),
}
RUNS_A_WEEK: dict[str, int] = {
    Experience.BEGINNER: 3,
    Experience.INTERMEDIATE: 4,
    Experience.ADVANCED: 5,
}
WEEKLY_KM: dict[str, int] = {
    Experience.BEGINNER: 22,
    Experience.INTERMEDIATE: 48,
    Experience.ADVANCED: 75,
}


def _goal(athlete: Athlete, title: str, *, by: User, **fields: Any) -> tuple[Goal, bool]:
    existing = Goal.objects.filter(athlete=athlete, title=title).first()
    if existing is not None:
        return existing, False
    data = services.GoalData(title=title, **fields)
    return services.goal_create(athlete=athlete, by=by, data=data), True


def race_for_goal(athlete: Athlete, *, distance_m: int, today: dt.date) -> Race | None:
    """The race a race-time goal is for: the runner's A race at its distance, else their B
    tune-up at it (the half before a marathon), else none."""
    return (
        Race.objects.filter(
            athlete=athlete,
            distance_m=distance_m,
            date__gt=today,
            status=Race.Status.PLANNED,
            priority__in=[Race.Priority.A, Race.Priority.B],
        )
        .order_by("priority", "date")
        .first()
    )


def seed_goals(athletes: list[Athlete], *, today: dt.date) -> None:
    for number, athlete in enumerate(athletes, start=1):
        _seed_runner(athlete, number=number, today=today)
        # Milestones made above skip the services: mark what the log has already reached.
        achievements.record_achievements(athlete=athlete)


def _seed_runner(athlete: Athlete, *, number: int, today: dt.date) -> None:
    runner = athlete.user
    coach = athlete.coach.user if athlete.coach else runner
    level = Experience(athlete.experience)
    Benchmark.objects.get_or_create(
        athlete=athlete,
        note="5K time trial",
        defaults={
            "distance_m": 5000,
            "duration_s": FIVE_K_S[level] + number * 10,
            "date": today - dt.timedelta(weeks=6),
            "created_by": coach,
        },
    )
    vision, _ = _goal(
        athlete,
        VISIONS[(number - 1) % len(VISIONS)],
        by=runner,
        level=Goal.Level.VISION,
        kind=Goal.Kind.MINDSET,
        why="Written on day one, read again on the hard days.",
        start_date=today - dt.timedelta(weeks=16),
    )
    race_title, distance_m, target_s = RACE_GOAL[level]
    goal_race = race_for_goal(athlete, distance_m=distance_m, today=today)
    race, created = _goal(
        athlete,
        race_title,
        by=coach,
        level=Goal.Level.OUTCOME,
        kind=Goal.Kind.TIME,
        parent=vision,
        metric=Goal.Metric.RACE_TIME,
        distance_m=distance_m,
        # Runner 1 set it two minutes faster, then eased it after a niggle (below).
        target_value=float(target_s - 120 if number == 1 else target_s),
        start_date=today - dt.timedelta(weeks=10),
        target_date=goal_race.date if goal_race else today + dt.timedelta(weeks=14),
        race=goal_race,
        reward="A massage after race day",
    )
    if created and number == 1:
        services.goal_update(
            goal=race,
            by=runner,
            data=dataclasses.replace(services.GoalData.of(race), target_value=float(target_s)),
            reason="Calf niggle in week 6: a kinder target, same race.",
        )
    Milestone.objects.get_or_create(
        goal=race,
        title="Parkrun personal best",
        defaults={"target_date": today + dt.timedelta(weeks=6)},
    )
    habit_parent = race
    if number % 2 == 0:
        # A round number in the runner's own units.
        unit_m = METRES_PER_UNIT[athlete.units]
        weekly_m = round(WEEKLY_KM[level] * 1000 / unit_m) * unit_m
        volume, _ = _goal(
            athlete,
            f"Build to {format_distance(weekly_m, athlete.units, digits=0)} a week",
            by=runner,
            level=Goal.Level.OUTCOME,
            kind=Goal.Kind.DISTANCE,
            parent=vision,
            metric=Goal.Metric.WEEKLY_DISTANCE,
            target_value=weekly_m,
            start_date=today - dt.timedelta(weeks=4),
            target_date=today + dt.timedelta(weeks=12),
        )
        target_m = volume.target_value or weekly_m  # set: it was made with one
        Milestone.objects.get_or_create(
            goal=volume,
            title="Halfway there",
            defaults={
                "target_value": ((volume.baseline_value or 0) + target_m) / 2,
                "target_date": today + dt.timedelta(weeks=6),
            },
        )
        habit_parent = volume
    if number == 5:
        # The stretch that fails SMART on purpose: far too much, far too soon.
        _goal(
            athlete,
            "Run 80 km a week by next month",
            by=runner,
            level=Goal.Level.OUTCOME,
            kind=Goal.Kind.DISTANCE,
            parent=vision,
            metric=Goal.Metric.WEEKLY_DISTANCE,
            target_value=80000.0,
            target_date=today + dt.timedelta(weeks=4),
        )
    elif number % 2 == 1:
        first_week, created = _goal(
            athlete,
            "My first week of three runs",
            by=runner,
            level=Goal.Level.OUTCOME,
            kind=Goal.Kind.CONSISTENCY,
            parent=vision,
            metric=Goal.Metric.RUNS_PER_WEEK,
            target_value=3,
            baseline_value=1,  # where they started, sixteen weeks ago
            start_date=today - dt.timedelta(weeks=16),
            target_date=today + dt.timedelta(weeks=2),
            reward="New running socks",
        )
        if created:
            Goal.objects.filter(pk=first_week.pk).update(
                status=Goal.Status.ACHIEVED, achieved_at=today - dt.timedelta(days=9 + number)
            )
    _goal(
        athlete,
        f"Run {RUNS_A_WEEK[level]} times every week",
        by=coach,
        level=Goal.Level.PROCESS,
        kind=Goal.Kind.CONSISTENCY,
        parent=habit_parent,
        metric=Goal.Metric.RUNS_PER_WEEK,
        target_value=RUNS_A_WEEK[level],
        start_date=today - dt.timedelta(weeks=12),
        target_date=today + dt.timedelta(weeks=14),
    )
    _goal(
        athlete,
        "Submit my weekly review every Sunday",
        by=runner,
        level=Goal.Level.PROCESS,
        kind=Goal.Kind.CONSISTENCY,
        parent=habit_parent,
        metric=Goal.Metric.REVIEWS_PER_WEEK,
        target_value=1,
        start_date=today - dt.timedelta(weeks=8),
        target_date=today + dt.timedelta(weeks=14),
    )
    if number % 3 == 0:
        _goal(
            athlete,
            "Strength work twice a week",
            by=coach,
            level=Goal.Level.PROCESS,
            kind=Goal.Kind.CONSISTENCY,
            parent=race,
            metric=Goal.Metric.STRENGTH_PER_WEEK,
            target_value=2,
            start_date=today - dt.timedelta(weeks=6),
            target_date=today + dt.timedelta(weeks=14),
        )
