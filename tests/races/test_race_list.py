"""The race list's rows (races.services.race_list): ahead or run, labelled, with their warnings."""

import datetime as dt

from athletes.units import distance_label
from races.models import Race
from races.services import race_list
from tests.athletes.factories import AthleteFactory
from tests.races.factories import RaceFactory


def test_planned_races_from_today_are_ahead_soonest_first_and_the_rest_were_run_latest_first(
    db, today
):
    athlete = AthleteFactory(units="mi")
    run = RaceFactory(
        athlete=athlete,
        date=today - dt.timedelta(weeks=20),
        priority="C",
        status=Race.Status.COMPLETED,
        result_time_s=3 * 3600,
        distance_m=15_000,
    )
    missed = RaceFactory(
        athlete=athlete, date=today - dt.timedelta(days=1), priority="C", distance_m=10_000
    )
    on_the_day = RaceFactory(athlete=athlete, date=today, priority="C", distance_m=5000)
    a_race = RaceFactory(athlete=athlete, date=today + dt.timedelta(weeks=16))
    rows = race_list(athlete=athlete, races=Race.objects.filter(athlete=athlete), today=today)
    assert [row.race for row in rows.upcoming] == [on_the_day, a_race]
    assert [row.race for row in rows.past] == [missed, run]
    assert all(row.is_ahead for row in rows.upcoming)
    assert not any(row.is_ahead for row in rows.past)
    labels = {row.race.pk: row.distance_label for row in [*rows.upcoming, *rows.past]}
    assert labels == {
        run.pk: "9.3 mi",
        missed.pk: "10K",
        on_the_day.pk: "5K",
        a_race.pk: "Marathon",
    }


def test_each_row_carries_the_season_rules_its_race_breaks(db, today):
    athlete = AthleteFactory()
    first = RaceFactory(athlete=athlete, date=today + dt.timedelta(weeks=12))
    second = RaceFactory(athlete=athlete, date=today + dt.timedelta(weeks=14))
    rows = race_list(athlete=athlete, races=Race.objects.filter(athlete=athlete), today=today)
    warned = {row.race.pk: [w.rule for w in row.warnings] for row in rows.upcoming}
    assert "long-a-races-apart" in warned[second.pk]
    assert set(warned) == {first.pk, second.pk}


def test_a_distance_is_named_when_standard_and_in_the_runners_units_otherwise():
    assert distance_label(21_097.5, "mi") == "Half marathon"
    assert distance_label(15_000, "km") == "15.0 km"
