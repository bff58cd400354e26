import datetime as dt

import factory
from factory.django import DjangoModelFactory

from races.models import Race
from tests import clock
from tests.athletes.factories import AthleteFactory


class RaceFactory(DjangoModelFactory[Race]):
    """A planned A marathon twelve weeks out."""

    class Meta:
        model = Race

    athlete = factory.SubFactory(AthleteFactory)
    name = factory.Sequence(lambda n: f"City Marathon {n}")
    date = factory.LazyFunction(lambda: clock.today() + dt.timedelta(weeks=12))
    distance_m = 42195
    priority = Race.Priority.A
    created_by = factory.LazyAttribute(lambda race: race.athlete.user)
