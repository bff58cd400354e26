import datetime as dt

import factory
from factory.django import DjangoModelFactory

from goals.models import Benchmark, Goal, Milestone
from tests import clock
from tests.athletes.factories import AthleteFactory

# The goals tests run frozen at this instant (tests/goals/conftest.py): a Wednesday in the
# Europe/London winter, whose training week began on Monday 8 March 2027.
NOW = dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.UTC)


class GoalFactory(DjangoModelFactory[Goal]):
    """An outcome goal: 30 km a week in 12 weeks."""

    class Meta:
        model = Goal

    athlete = factory.SubFactory(AthleteFactory)
    level = Goal.Level.OUTCOME
    kind = Goal.Kind.DISTANCE
    # A value or a declaration, which the factories below replace with another kind of either.
    title: object = factory.Sequence(lambda n: f"Run 30 km a week, goal {n}")
    metric: object = Goal.Metric.WEEKLY_DISTANCE
    target_value: object = 30000
    start_date = factory.LazyFunction(lambda: clock.today() - dt.timedelta(weeks=4))
    target_date: object = factory.LazyFunction(lambda: clock.today() + dt.timedelta(weeks=8))
    created_by = factory.LazyAttribute(lambda goal: goal.athlete.user)
    updated_by = factory.LazyAttribute(lambda goal: goal.athlete.user)


class VisionFactory(GoalFactory):
    level = Goal.Level.VISION
    kind = Goal.Kind.MINDSET
    title = "Run for my head and my heart"
    why = "Running keeps me calm."
    metric = ""
    target_value = None
    target_date = None


class ProcessGoalFactory(GoalFactory):
    level = Goal.Level.PROCESS
    kind = Goal.Kind.CONSISTENCY
    title = factory.Sequence(lambda n: f"Run three times a week, habit {n}")
    metric = Goal.Metric.RUNS_PER_WEEK
    target_value = 3


class MilestoneFactory(DjangoModelFactory[Milestone]):
    class Meta:
        model = Milestone

    goal = factory.SubFactory(GoalFactory)
    title = "First 25 km week"
    target_value = 25000
    target_date = factory.LazyFunction(lambda: clock.today() + dt.timedelta(weeks=4))


class BenchmarkFactory(DjangoModelFactory[Benchmark]):
    class Meta:
        model = Benchmark

    athlete = factory.SubFactory(AthleteFactory)
    distance_m = 5000
    duration_s = 24 * 60 + 34
    date = factory.LazyFunction(lambda: clock.today() - dt.timedelta(days=10))
    created_by = factory.LazyAttribute(lambda bench: bench.athlete.user)
