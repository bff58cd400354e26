import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from athletes.models import Athlete, BusyPeriod, Coach, Squad, User

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)


class CoachFactory(DjangoModelFactory):
    class Meta:
        model = Coach

    user = factory.SubFactory(UserFactory)
    time_zone = "Europe/London"


class SquadFactory(DjangoModelFactory):
    class Meta:
        model = Squad

    coach = factory.SubFactory(CoachFactory)
    name = factory.Sequence(lambda n: f"Squad {n}")


class AthleteFactory(DjangoModelFactory):
    class Meta:
        model = Athlete

    user = factory.SubFactory(UserFactory)
    coach = None
    time_zone = "Europe/London"
    coached_since = factory.Maybe(
        "coach", yes_declaration=factory.LazyFunction(timezone.now), no_declaration=None
    )


class BusyPeriodFactory(DjangoModelFactory):
    class Meta:
        model = BusyPeriod

    athlete = factory.SubFactory(AthleteFactory)
    label = "Work crunch"
    start = factory.Faker("date_this_year")
    end = factory.LazyAttribute(lambda period: period.start)
