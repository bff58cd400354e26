import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from goals.models import Goal
from races.models import Race
from tests.athletes.factories import BusyPeriodFactory
from tests.conftest import client_for
from tests.races.factories import RaceFactory

pytestmark = pytest.mark.django_db

# A Wednesday in the Europe/London winter.
NOW = dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
RACE_LIST_MAX_QUERIES = 8


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def race_form(**changes) -> dict:
    return {
        "name": "Valencia Marathon",
        "date": (TODAY + dt.timedelta(weeks=12)).isoformat(),
        "distance": "42195",
        "priority": "A",
        "target_time": "3:59:00",
        "status": "planned",
        "location": "Valencia",
        **changes,
    }


def race_item(html: str, race: Race) -> str:
    """The race's entry in the race list, up to the next race or the end of its section."""
    start = html.index(f'<li class="race" id="race-{race.pk}"')
    ends = [html.find(marker, start + 1) for marker in ('<li class="race"', "</section>")]
    return html[start : min(end for end in ends if end != -1)]


def a_race_and_a_b_race_two_weeks_before(athlete) -> tuple[Race, dict]:
    """An A half marathon ten weeks out (a 2-week taper), and a B 10K typed two weeks before
    it: outside the taper, but closer than the 3–6 weeks a tune-up wants."""
    a_race = RaceFactory.create(
        athlete=athlete,
        name="Spring Half",
        distance_m=21098,
        date=TODAY + dt.timedelta(weeks=10),
    )
    b_race = race_form(
        name="Tune-up 10K",
        distance="10000",
        priority="B",
        target_time="48:00",
        date=(a_race.date - dt.timedelta(weeks=2)).isoformat(),
    )
    return a_race, b_race


def test_a_runner_adds_a_race_and_sees_it_in_their_list(cast):
    client = client_for(cast.runner.user)
    response = client.post(reverse("races:race-new"), race_form())
    assert response.status_code == 302 and response["Location"] == reverse("races:races")
    race = Race.objects.get()
    assert (race.athlete, race.created_by) == (cast.runner, cast.runner.user)
    assert (race.distance_m, race.priority, race.target_time_s) == (42195, "A", 3 * 3600 + 59 * 60)
    html = client.get(reverse("races:races")).content.decode()
    item = race_item(html, race)
    assert "Valencia Marathon" in item and "Marathon · Valencia" in item
    assert '<span class="badge priority priority-a"' in item
    assert "Target 3:59:00" in item
    # Checked before it was saved: a race is not its own neighbour.
    assert "Race “Valencia Marathon” saved." in html and "breaks a season rule" not in html
    assert "data-rule" not in html


def test_a_custom_distance_is_typed_and_shown_in_the_runners_units(cast):
    cast.runner.units = "mi"
    cast.runner.save()
    client = client_for(cast.runner.user)
    client.post(reverse("races:race-new"), race_form(distance="other", custom_distance="10"))
    race = Race.objects.get()
    assert race.distance_m == 16093
    assert "10.0 mi" in client.get(reverse("races:races")).content.decode()
    edit = client.get(reverse("races:race-edit", args=[race.pk])).content.decode()
    assert '<option value="other" selected>' in edit
    assert re.search(r'name="custom_distance" value="10"', edit)


def test_the_list_splits_races_ahead_from_races_run(cast):
    RaceFactory(athlete=cast.runner, name="Autumn Marathon")
    RaceFactory(
        athlete=cast.runner,
        name="Winter 10K",
        priority="C",
        distance_m=10000,
        date=TODAY - dt.timedelta(weeks=3),
        status="completed",
        result_time_s=48 * 60 + 12,
    )
    RaceFactory(athlete=cast.runner, name="Forgotten 5K", date=TODAY - dt.timedelta(days=2))
    html = client_for(cast.runner.user).get(reverse("races:races")).content.decode()
    upcoming, past = html.split('id="past-races"')
    assert "Autumn Marathon" in upcoming and "Winter 10K" not in upcoming
    assert "Result 48:12" in past
    # A planned race whose day has passed asks for its result.
    forgotten = past[past.index("Forgotten 5K") :]
    assert "Add the result" in forgotten[: forgotten.index("</li>")]


def test_a_runner_edits_and_removes_their_race(cast):
    race = RaceFactory(athlete=cast.runner, name="City Marathon")
    client = client_for(cast.runner.user)
    page = client.get(reverse("races:race-edit", args=[race.pk])).content.decode()
    assert 'value="City Marathon"' in page and '<option value="42195" selected>' in page
    moved = (race.date + dt.timedelta(weeks=2)).isoformat()
    response = client.post(
        reverse("races:race-edit", args=[race.pk]), race_form(name="City Marathon", date=moved)
    )
    assert response["Location"] == reverse("races:races")
    race.refresh_from_db()
    assert race.date.isoformat() == moved
    assert (
        "Remove “City Marathon”?"
        in client.get(reverse("races:race-delete", args=[race.pk])).content.decode()
    )
    response = client.post(reverse("races:race-delete", args=[race.pk]))
    assert response["Location"] == reverse("races:races")
    assert not Race.objects.exists()


def test_a_coach_adds_edits_and_removes_their_athletes_races(cast):
    client = client_for(cast.coach.user)
    athlete_races = reverse("races:athlete-races", args=[cast.runner.pk])
    response = client.post(reverse("races:athlete-race-new", args=[cast.runner.pk]), race_form())
    assert response["Location"] == athlete_races
    race = Race.objects.get()
    assert (race.athlete, race.created_by) == (cast.runner, cast.coach.user)
    html = client.get(athlete_races).content.decode()
    assert "Rita Runner · races" in html and "Valencia Marathon" in html
    response = client.post(
        reverse("races:race-edit", args=[race.pk]), race_form(priority="B", name="Valencia")
    )
    assert response["Location"] == athlete_races
    race.refresh_from_db()
    assert (race.name, race.priority) == ("Valencia", "B")
    assert client.post(reverse("races:race-delete", args=[race.pk]))["Location"] == athlete_races
    assert not Race.objects.exists()


def test_another_coach_finds_none_of_it(cast):
    race = RaceFactory(athlete=cast.runner)
    client = client_for(cast.other_coach.user)
    for response in (
        client.get(reverse("races:athlete-races", args=[cast.runner.pk])),
        client.post(reverse("races:athlete-race-new", args=[cast.runner.pk]), race_form()),
        client.get(reverse("races:race-edit", args=[race.pk])),
        client.post(reverse("races:race-edit", args=[race.pk]), race_form(name="Hijacked")),
        client.post(reverse("races:race-delete", args=[race.pk])),
        client.post(reverse("races:race-check"), race_form(athlete=cast.runner.pk)),
        client.post(
            reverse("races:race-check"),
            race_form(athlete=cast.other_runner.pk, race=race.pk),
        ),
    ):
        assert response.status_code == 404
    race.refresh_from_db()
    assert race.name != "Hijacked" and Race.objects.count() == 1


def test_the_check_answers_a_nonsense_id_with_not_found(cast):
    client = client_for(cast.runner.user)
    for athlete in ("", "abc", "12; DROP"):
        response = client.post(reverse("races:race-check"), race_form(athlete=athlete))
        assert response.status_code == 404


def test_field_errors_sit_next_to_their_fields_and_keep_what_was_typed(cast):
    client = client_for(cast.runner.user)
    typed = race_form(
        name="Harbour Half",
        distance="21098",
        status="completed",
        target_time="1:45",
        location="Harbourside",
        notes="Windy course",
    )
    response = client.post(reverse("races:race-new"), typed)
    assert response.status_code == 200 and not Race.objects.exists()
    html = response.content.decode()
    # A race twelve weeks ahead cannot be completed yet, and a completed race needs its time.
    assert re.search(r'id="id_status-error">This race is still ahead', html)
    assert re.search(r'id="id_result_time-error">Enter your finishing time', html)
    assert 'value="Harbour Half"' in html and 'value="Harbourside"' in html
    assert 'value="1:45"' in html and "Windy course</textarea>" in html
    assert '<option value="21098" selected>' in html


def test_a_time_or_distance_that_does_not_parse_says_so_next_to_it(cast):
    client = client_for(cast.runner.user)
    html = client.post(
        reverse("races:race-new"),
        race_form(target_time="soon", distance="other", custom_distance="ten"),
    ).content.decode()
    assert re.search(r'id="id_target_time-error">“soon” is not a duration', html)
    assert re.search(r'id="id_custom_distance-error">Enter a number of kilometres', html)
    html = client.post(
        reverse("races:race-new"), race_form(distance="other", custom_distance="0.1")
    ).content.decode()
    assert re.search(r'id="id_custom_distance-error">A race is between 0.4 km and 400 km', html)
    html = client.post(
        reverse("races:race-new"), race_form(distance="other", custom_distance="")
    ).content.decode()
    assert re.search(r'id="id_custom_distance-error">Enter the race distance', html)
    assert not Race.objects.exists()


def test_a_past_race_is_recorded_with_its_result(cast):
    client = client_for(cast.runner.user)
    run = race_form(
        date=(TODAY - dt.timedelta(days=3)).isoformat(),
        distance="10000",
        status="completed",
        result_time="48:12",
    )
    assert client.post(reverse("races:race-new"), run).status_code == 302
    assert Race.objects.get().result_time_s == 48 * 60 + 12
    wrong = {**run, "status": "planned"}
    html = client.post(reverse("races:race-new"), wrong).content.decode()
    assert re.search(r'id="id_status-error">A finishing time belongs to a completed race', html)


def test_the_live_check_warns_of_a_b_race_too_close_to_the_a_race(cast):
    a_race, b_race = a_race_and_a_b_race_two_weeks_before(cast.runner)
    response = client_for(cast.runner.user).post(
        reverse("races:race-check"),
        {**b_race, "athlete": cast.runner.pk},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="race-warnings"' in html and "<html" not in html
    assert '<li data-rule="b-race-timing"><span class="badge warn">b-race-timing</span>' in html
    assert "2 weeks before your A race “Spring Half”" in html
    assert "3–6 weeks before it" in html
    assert Race.objects.count() == 1


def test_the_live_check_reads_a_half_typed_race_and_says_when_all_is_well(cast):
    client = client_for(cast.runner.user)
    empty = client.post(reverse("races:race-check"), {"athlete": cast.runner.pk}).content.decode()
    assert "Pick a date and distance" in empty
    # A name still missing does not stop the check.
    fine = client.post(
        reverse("races:race-check"), race_form(name="", athlete=cast.runner.pk)
    ).content.decode()
    assert "No season rule broken" in fine


def test_editing_a_race_checks_it_against_the_others_not_itself(cast):
    a_race, b_race = a_race_and_a_b_race_two_weeks_before(cast.runner)
    client = client_for(cast.runner.user)
    # The A race moved onto the B race's day is not its own neighbour.
    moved = race_form(name="Spring Half", distance="21098", date=b_race["date"])
    html = client.post(
        reverse("races:race-check"), {**moved, "athlete": cast.runner.pk, "race": a_race.pk}
    ).content.decode()
    assert "No season rule broken" in html


def test_saving_with_a_warning_is_allowed_and_the_list_shows_it(cast):
    a_race, b_race = a_race_and_a_b_race_two_weeks_before(cast.runner)
    client = client_for(cast.runner.user)
    response = client.post(reverse("races:race-new"), b_race, follow=True)
    html = response.content.decode()
    b = Race.objects.get(name="Tune-up 10K")
    assert "It breaks a season rule: see the warning beside it." in html
    assert 'data-rule="b-race-timing"' in race_item(html, b)
    assert "data-rule" not in race_item(html, a_race)


def test_the_form_shows_the_warnings_without_javascript(cast):
    a_race, b_race = a_race_and_a_b_race_two_weeks_before(cast.runner)
    client = client_for(cast.runner.user)
    # On a POST that fails for another reason...
    failed = client.post(reverse("races:race-new"), {**b_race, "name": ""}).content.decode()
    assert 'id="id_name-error"' in failed and 'data-rule="b-race-timing"' in failed
    # ...and on the edit page of a saved race.
    b = RaceFactory(athlete=cast.runner, priority="B", distance_m=10000, date=b_race["date"])
    page = client.get(reverse("races:race-edit", args=[b.pk])).content.decode()
    assert 'data-rule="b-race-timing"' in page
    assert f'<form method="post" action="/races/{b.pk}/edit/"' in page
    assert f'name="race" value="{b.pk}"' in page


def test_a_busy_period_warning_names_its_rule(cast):
    race_day = TODAY + dt.timedelta(weeks=6)
    BusyPeriodFactory(athlete=cast.runner, label="Exams", start=race_day, end=race_day)
    html = (
        client_for(cast.runner.user)
        .post(reverse("races:race-check"), race_form(date=race_day, athlete=cast.runner.pk))
        .content.decode()
    )
    assert 'data-rule="busy-period"' in html and "busy period “Exams”" in html


@pytest.mark.parametrize("count", [2, 30])
def test_the_race_list_query_count_does_not_grow_with_races(
    cast, count, django_assert_max_num_queries
):
    BusyPeriodFactory(athlete=cast.runner, start=TODAY, end=TODAY + dt.timedelta(days=400))
    for week in range(count):
        RaceFactory(
            athlete=cast.runner,
            priority="ABC"[week % 3],
            distance_m=10000,
            date=TODAY + dt.timedelta(weeks=week - count // 2),
            status="planned",
        )
    for client, url in (
        (client_for(cast.runner.user), reverse("races:races")),
        (client_for(cast.coach.user), reverse("races:athlete-races", args=[cast.runner.pk])),
    ):
        with django_assert_max_num_queries(RACE_LIST_MAX_QUERIES):
            html = client.get(url).content.decode()
        assert html.count('class="race"') == count
        assert 'data-rule="busy-period"' in html


def test_an_outcome_goal_linked_to_a_race_is_due_on_race_day(cast):
    race = RaceFactory(athlete=cast.runner, name="Valencia Marathon")
    other = RaceFactory(athlete=cast.other_runner, name="Not yours")
    client = client_for(cast.runner.user)
    page = client.get(reverse("goals:goal-new")).content.decode()
    assert "Valencia Marathon" in page and "Not yours" not in page
    goal = {
        "level": "outcome",
        "kind": "time",
        "title": "Sub-4 in Valencia",
        "metric": "race_time",
        "target": "3:59:00",
        "race_distance": "10000",
        "target_date": "2027-04-01",
        "confirm": "on",
    }
    refused = client.post(reverse("goals:goal-new"), {**goal, "race": other.pk})
    assert refused.status_code == 200 and "race" in refused.context["form"].errors
    client.post(reverse("goals:goal-new"), {**goal, "race": race.pk})
    saved = Goal.objects.get()
    assert (saved.race, saved.target_date, saved.distance_m) == (race, race.date, 42195)


@pytest.mark.parametrize("typed", ["inf", "nan", "1e400", "-inf"])
def test_a_distance_that_is_not_a_finite_number_is_a_field_error_not_a_crash(cast, typed):
    client = client_for(cast.runner.user)
    body = {
        "name": "Odd race",
        "date": (TODAY + dt.timedelta(weeks=8)).isoformat(),
        "distance": "other",
        "custom_distance": typed,
        "priority": "C",
        "status": "planned",
    }
    saved = client.post(reverse("races:race-new"), body)
    assert saved.status_code == 200
    assert "Enter a number of kilometres" in saved.content.decode()
    checked = client.post(reverse("races:race-check"), {**body, "athlete": cast.runner.pk})
    assert checked.status_code == 200 and "Pick a date and distance" in checked.content.decode()
    assert not Race.objects.exists()
