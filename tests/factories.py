import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from athletes.models import Athlete, BusyPeriod, Coach, Squad, User
from checkins.models import Comment, Run, WeeklyReview

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)


class CoachFactory(DjangoModelFactory[Coach]):
    class Meta:
        model = Coach

    user = factory.SubFactory(UserFactory)
    time_zone = "Europe/London"


class SquadFactory(DjangoModelFactory[Squad]):
    class Meta:
        model = Squad

    coach = factory.SubFactory(CoachFactory)
    name = factory.Sequence(lambda n: f"Squad {n}")


class AthleteFactory(DjangoModelFactory[Athlete]):
    class Meta:
        model = Athlete

    user = factory.SubFactory(UserFactory)
    coach = None
    time_zone = "Europe/London"
    coached_since = factory.Maybe(
        "coach", yes_declaration=factory.LazyFunction(timezone.now), no_declaration=None
    )


class BusyPeriodFactory(DjangoModelFactory[BusyPeriod]):
    class Meta:
        model = BusyPeriod

    athlete = factory.SubFactory(AthleteFactory)
    label = "Work crunch"
    start = factory.Faker("date_this_year")
    end = factory.LazyAttribute(lambda period: period.start)


class RunFactory(DjangoModelFactory[Run]):
    class Meta:
        model = Run

    athlete = factory.SubFactory(AthleteFactory)
    started_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    distance_m = 8000
    duration_s = 2700
    kind = Run.Kind.EASY


class WeeklyReviewFactory(DjangoModelFactory[WeeklyReview]):
    class Meta:
        model = WeeklyReview

    athlete = factory.SubFactory(AthleteFactory)
    week_start = factory.LazyAttribute(lambda review: review.athlete.week_start())
    runs_planned = 4
    runs_done = 3
    distance_m = 24000
    longest_run_m = 12000
    energy = 4
    motivation = 4
    wins = "Held back on the easy runs."


class CommentFactory(DjangoModelFactory[Comment]):
    class Meta:
        model = Comment

    review = factory.SubFactory(WeeklyReviewFactory)
    author = factory.LazyAttribute(lambda comment: comment.review.athlete.coach.user)
    body = "Nice work this week."
