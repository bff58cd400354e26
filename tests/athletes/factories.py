"""Factories for athletes' models: users, coaches, squads, athletes, busy periods."""

import factory
from factory.django import DjangoModelFactory

from athletes.models import Athlete, BusyPeriod, Coach, Squad, User
from tests import clock

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
        "coach", yes_declaration=factory.LazyFunction(clock.now), no_declaration=None
    )


class BusyPeriodFactory(DjangoModelFactory[BusyPeriod]):
    class Meta:
        model = BusyPeriod

    athlete = factory.SubFactory(AthleteFactory)
    label = "Work crunch"
    start = factory.LazyFunction(clock.today)
    end = factory.LazyAttribute(lambda period: period.start)
