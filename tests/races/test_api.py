import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from races.models import Race
from tests.athletes.factories import AthleteFactory
from tests.checkins.factories import RunFactory
from tests.conftest import client_for
from tests.goals.factories import BenchmarkFactory, GoalFactory
from tests.races.factories import RaceFactory

pytestmark = pytest.mark.django_db

# A Wednesday in the Europe/London winter.
NOW = dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
# One page of races: session, user, count, page, the page's runners' races, their busy periods.
RACE_LIST_QUERIES = 6


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def race_body(**changes) -> dict:
    return {
        "name": "Valencia Marathon",
        "date": (TODAY + dt.timedelta(weeks=12)).isoformat(),
        "distance_m": 42195,
        "priority": "A",
        "target_time_s": 3 * 3600 + 59 * 60,
        "location": "Valencia",
        **changes,
    }


def rules_of(warnings: list[dict]) -> list[str]:
    return [warning["rule"] for warning in warnings]


# --- CRUD and scope ---


def test_a_runner_adds_a_race_for_themself(cast):
    response = api(cast.runner.user).post("/api/v1/races/", race_body(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    race = Race.objects.get(pk=body["id"])
    assert (race.athlete, race.created_by) == (cast.runner, cast.runner.user)
    assert body["athlete"] == cast.runner.pk
    assert body["status"] == "planned"
    assert body["warnings"] == []
    assert set(body) == {
        "id",
        "athlete",
        "name",
        "date",
        "distance_m",
        "priority",
        "target_time_s",
        "status",
        "result_time_s",
        "location",
        "link",
        "notes",
        "warnings",
        "created_at",
    }


def test_a_coach_adds_a_race_for_their_athlete_and_must_say_whose(cast):
    client = api(cast.coach.user)
    nobody = client.post("/api/v1/races/", race_body(), format="json")
    assert nobody.status_code == 400 and "athlete" in nobody.json()
    response = client.post("/api/v1/races/", race_body(athlete=cast.runner.pk), format="json")
    assert response.status_code == 201, response.json()
    race = Race.objects.get(pk=response.json()["id"])
    assert (race.athlete, race.created_by) == (cast.runner, cast.coach.user)


def test_a_race_for_someone_out_of_scope_is_refused_like_a_made_up_one(cast):
    client = api(cast.coach.user)
    other = client.post("/api/v1/races/", race_body(athlete=cast.other_runner.pk), format="json")
    made_up = client.post("/api/v1/races/", race_body(athlete=999_999), format="json")
    assert other.status_code == made_up.status_code == 400
    assert other.json()["athlete"] == [
        message.replace("999999", str(cast.other_runner.pk))
        for message in made_up.json()["athlete"]
    ]
    assert not Race.objects.exists()


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_another_coach_cannot_see_or_touch_a_race(cast, method):
    race = RaceFactory(athlete=cast.runner)
    for outsider in (cast.other_coach.user, cast.other_runner.user):
        response = getattr(api(outsider), method)(
            f"/api/v1/races/{race.pk}/", {"name": "Mine now"}, format="json"
        )
        assert response.status_code == 404
    assert Race.objects.get(pk=race.pk).name == race.name
    assert api(cast.other_coach.user).get("/api/v1/races/").json()["count"] == 0


def test_anonymous_gets_401(cast):
    race = RaceFactory(athlete=cast.runner)
    client = api(None)
    assert client.get("/api/v1/races/").status_code == 401
    assert client.get(f"/api/v1/races/{race.pk}/").status_code == 401
    assert client.post("/api/v1/races/check/", race_body(), format="json").status_code == 401


def test_the_coach_changes_a_race_and_the_rest_of_it_stays(cast):
    race = RaceFactory(athlete=cast.runner, location="Valencia", target_time_s=14000)
    response = api(cast.coach.user).patch(
        f"/api/v1/races/{race.pk}/", {"name": "Valencia Marathon 2027"}, format="json"
    )
    assert response.status_code == 200, response.json()
    race.refresh_from_db()
    assert (race.name, race.location, race.target_time_s) == (
        "Valencia Marathon 2027",
        "Valencia",
        14000,
    )


def test_a_race_cannot_be_moved_to_another_runner(cast):
    race = RaceFactory(athlete=cast.runner)
    other = AthleteFactory(coach=cast.coach)
    response = api(cast.coach.user).patch(
        f"/api/v1/races/{race.pk}/", {"athlete": other.pk}, format="json"
    )
    assert response.status_code == 200
    assert Race.objects.get(pk=race.pk).athlete == cast.runner


def test_moving_a_race_through_the_api_moves_its_goal(cast):
    race = RaceFactory(athlete=cast.runner)
    goal = GoalFactory(athlete=cast.runner, race=race, target_date=race.date)
    later = race.date + dt.timedelta(weeks=2)
    response = api(cast.runner.user).patch(
        f"/api/v1/races/{race.pk}/", {"date": later.isoformat()}, format="json"
    )
    assert response.status_code == 200
    goal.refresh_from_db()
    assert goal.target_date == later


def test_a_race_is_removed(cast):
    race = RaceFactory(athlete=cast.runner)
    assert api(cast.coach.user).delete(f"/api/v1/races/{race.pk}/").status_code == 204
    assert not Race.objects.filter(pk=race.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "completed"}, "result_time_s"),
        ({"result_time_s": 14000}, "status"),
        ({"status": "completed", "result_time_s": 14000}, "status"),  # still ahead
        ({"distance_m": 100}, "distance_m"),
        ({"priority": "D"}, "priority"),
        ({"date": "next spring"}, "date"),
        ({"link": "not a link"}, "link"),
    ],
)
def test_bad_values_answer_with_field_errors(cast, changes, field):
    response = api(cast.runner.user).post("/api/v1/races/", race_body(**changes), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Race.objects.exists()


def test_a_result_is_recorded_for_a_race_run(cast):
    race = RaceFactory(athlete=cast.runner, date=TODAY - dt.timedelta(days=3), distance_m=10000)
    response = api(cast.runner.user).patch(
        f"/api/v1/races/{race.pk}/",
        {"status": "completed", "result_time_s": 48 * 60 + 12},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["result_time_s"] == 2892


# --- warnings ---


def test_each_race_carries_the_season_rules_it_breaks(cast):
    a_race = RaceFactory(athlete=cast.runner)
    in_taper = RaceFactory(
        athlete=cast.runner,
        name="Tune-up 10K",
        distance_m=10000,
        priority=Race.Priority.B,
        date=a_race.date - dt.timedelta(weeks=1),
    )
    client = api(cast.coach.user)
    listed = {race["id"]: race for race in client.get("/api/v1/races/").json()["results"]}
    assert rules_of(listed[in_taper.pk]["warnings"]) == ["b-race-in-taper"]
    assert listed[a_race.pk]["warnings"] == []
    detail = client.get(f"/api/v1/races/{in_taper.pk}/").json()
    assert detail["warnings"] == listed[in_taper.pk]["warnings"]
    assert set(detail["warnings"][0]) == {"rule", "message"}
    assert "taper" in detail["warnings"][0]["message"]


@pytest.mark.parametrize("count", [2, 30])
def test_the_race_list_query_count_does_not_grow(cast, count, django_assert_max_num_queries):
    athletes = [cast.runner, AthleteFactory(coach=cast.coach), AthleteFactory(coach=cast.coach)]
    for index in range(count):
        RaceFactory(
            athlete=athletes[index % len(athletes)],
            date=TODAY + dt.timedelta(days=index * 5),
            priority=Race.Priority.C,
            distance_m=10000,
        )
    RaceFactory(athlete=cast.other_runner)
    client = api(cast.coach.user)
    with django_assert_max_num_queries(RACE_LIST_QUERIES):
        body = client.get("/api/v1/races/").json()
    assert body["count"] == count
    assert all(race["warnings"] == [] for race in body["results"])


def test_races_filter_by_athlete_priority_and_status(cast):
    a_race = RaceFactory(athlete=cast.runner)
    done = RaceFactory(
        athlete=cast.runner,
        priority=Race.Priority.C,
        distance_m=5000,
        date=TODAY - dt.timedelta(days=20),
        status=Race.Status.COMPLETED,
        result_time_s=1500,
    )
    other = RaceFactory(athlete=AthleteFactory(coach=cast.coach), priority=Race.Priority.B)
    client = api(cast.coach.user)

    def ids(query: str) -> set[int]:
        return {race["id"] for race in client.get(f"/api/v1/races/?{query}").json()["results"]}

    assert ids(f"athlete={cast.runner.pk}") == {a_race.pk, done.pk}
    assert ids("priority=B") == {other.pk}
    assert ids("status=completed") == {done.pk}
    outside = client.get("/api/v1/races/", {"athlete": cast.other_runner.pk})
    made_up = client.get("/api/v1/races/", {"athlete": 999_999})
    assert outside.status_code == made_up.status_code == 400
    assert outside.json() == made_up.json()


# --- check ---


def test_check_warns_about_a_draft_without_saving_it(cast):
    a_race = RaceFactory(athlete=cast.runner)
    draft = {
        "name": "Tune-up 10K",
        "date": (a_race.date - dt.timedelta(weeks=1)).isoformat(),
        "distance_m": 10000,
        "priority": "B",
    }
    response = api(cast.runner.user).post("/api/v1/races/check/", draft, format="json")
    assert response.status_code == 200
    assert rules_of(response.json()["warnings"]) == ["b-race-in-taper"]
    assert Race.objects.count() == 1


def test_check_for_a_coach_names_the_athlete_and_needs_only_a_date_and_a_distance(cast):
    RaceFactory(athlete=cast.runner)
    client = api(cast.coach.user)
    ok = client.post(
        "/api/v1/races/check/",
        {
            "athlete": cast.runner.pk,
            "date": (TODAY + dt.timedelta(weeks=4)).isoformat(),
            "distance_m": 42195,
            "priority": "A",
        },
        format="json",
    )
    assert ok.status_code == 200
    assert "long-a-races-apart" in rules_of(ok.json()["warnings"])
    missing = client.post("/api/v1/races/check/", {"athlete": cast.runner.pk}, format="json")
    assert missing.status_code == 400
    assert set(missing.json()) == {"date", "distance_m"}


def test_checking_an_edit_leaves_the_race_itself_out(cast):
    a_race = RaceFactory(athlete=cast.runner)
    moved = (a_race.date + dt.timedelta(weeks=1)).isoformat()
    response = api(cast.runner.user).post(
        "/api/v1/races/check/", {"race": a_race.pk, "date": moved}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["warnings"] == []


def test_check_refuses_an_athlete_or_race_out_of_scope(cast):
    theirs = RaceFactory(athlete=cast.other_runner)
    client = api(cast.coach.user)
    body = {"date": TODAY.isoformat(), "distance_m": 10000}
    athlete = client.post(
        "/api/v1/races/check/", {**body, "athlete": cast.other_runner.pk}, format="json"
    )
    assert athlete.status_code == 400 and "athlete" in athlete.json()
    race = client.post("/api/v1/races/check/", {**body, "race": theirs.pk}, format="json")
    assert race.status_code == 400 and "race" in race.json()


def test_check_refuses_bad_values(cast):
    response = api(cast.runner.user).post(
        "/api/v1/races/check/", {"date": "soon", "distance_m": -5, "priority": "Z"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"date", "distance_m", "priority"}


# --- season ---


def test_the_season_runs_back_from_the_a_race(cast):
    a_race = RaceFactory(athlete=cast.runner)
    b_race = RaceFactory(
        athlete=cast.runner,
        priority=Race.Priority.B,
        distance_m=21098,
        date=a_race.date - dt.timedelta(weeks=4),
    )
    RunFactory(athlete=cast.runner, distance_m=12000, started_at=NOW - dt.timedelta(days=7))
    response = api(cast.coach.user).get(f"/api/v1/athletes/{cast.runner.pk}/season/")
    assert response.status_code == 200
    body = response.json()
    assert body["a_race"] == {
        "id": a_race.pk,
        "name": a_race.name,
        "date": a_race.date.isoformat(),
        "distance_m": 42195,
        "priority": "A",
    }
    phases = [phase["phase"] for phase in body["phases"]]
    assert phases == ["base", "build", "peak", "taper", "recovery"]
    assert sum(phase["weeks"] for phase in body["phases"]) == len(body["weeks"])
    # Twelve weeks are too few for a marathon's full base: the plan says so.
    assert any("base" in note for note in body["notes"])
    assert set(body["phases"][0]) == {"phase", "first_week", "weeks"}
    week = body["weeks"][0]
    assert set(week) == {
        "week_start",
        "phase",
        "target_distance_m",
        "race_distance_m",
        "actual_distance_m",
        "benchmark",
        "cutback",
        "compliance",
        "races",
    }
    assert isinstance(week["target_distance_m"], int)
    assert dt.date.fromisoformat(week["week_start"]).weekday() == 0
    this_week = next(w for w in body["weeks"] if w["week_start"] == "2027-03-08")
    assert this_week["compliance"] == "so far"
    ahead = body["weeks"][-1]
    assert ahead["actual_distance_m"] is None and ahead["compliance"] == ""
    race_weeks = {race_id: w["week_start"] for w in body["weeks"] for race_id in w["races"]}
    assert set(race_weeks) >= {a_race.pk, b_race.pk}
    race_week = next(w for w in body["weeks"] if a_race.pk in w["races"])
    assert race_week["race_distance_m"] == 42195
    assert race_week["target_distance_m"] > 42195
    assert body["prompt"] is None


def test_without_an_a_race_the_season_is_empty_and_prompts_for_one_as_the_page_does(cast):
    RaceFactory(athlete=cast.runner, priority=Race.Priority.C, distance_m=5000)
    response = api(cast.runner.user).get(f"/api/v1/athletes/{cast.runner.pk}/season/")
    assert response.status_code == 200
    assert response.json() == {
        "a_race": None,
        "notes": [],
        "phases": [],
        "weeks": [],
        "prompt": "No A race ahead, so no plan yet",
    }
    page = client_for(cast.runner.user).get(reverse("season")).content.decode()
    assert f"<h2>{response.json()['prompt']}</h2>" in page


# --- predictions ---


def test_predictions_start_from_the_best_effort_of_the_last_year(cast):
    BenchmarkFactory(
        athlete=cast.runner,
        distance_m=5000,
        duration_s=24 * 60 + 34,
        date=TODAY - dt.timedelta(days=30),
    )
    BenchmarkFactory(
        athlete=cast.runner,
        distance_m=5000,
        duration_s=21 * 60,
        date=TODAY - dt.timedelta(days=400),
    )
    for week in range(1, 5):  # 20 km a week: inside the training-adjusted model's 5–150 miles
        RunFactory(
            athlete=cast.runner, distance_m=20_000, started_at=NOW - dt.timedelta(weeks=week)
        )
    response = api(cast.coach.user).get(f"/api/v1/athletes/{cast.runner.pk}/predictions/")
    assert response.status_code == 200
    body = response.json()
    assert body["best_effort"]["duration_s"] == 1474
    assert body["best_effort"]["source"] == "benchmark"
    assert body["best_effort"]["vdot"] == pytest.approx(39.1, abs=0.1)
    by_name = {row["name"]: row for row in body["predictions"]}
    assert list(by_name) == ["5K", "10K", "Half marathon", "Marathon"]
    assert by_name["5K"]["riegel_s"] == 1474
    assert by_name["5K"]["vdot_s"] == pytest.approx(1474, abs=2)
    assert by_name["Marathon"]["riegel_s"] > by_name["Half marathon"]["riegel_s"] * 2
    assert all(isinstance(row["vdot_s"], int) for row in body["predictions"])
    marathon = body["marathon_range"]
    assert marathon["low_s"] < marathon["predicted_s"] < marathon["high_s"]
    assert "Vickers" in marathon["basis"]
    # From a 5K, the training-adjusted marathon is slower than Riegel's for a low-volume runner.
    assert marathon["predicted_s"] > by_name["Marathon"]["riegel_s"]


def test_no_effort_on_record_means_no_predictions(cast):
    response = api(cast.runner.user).get(f"/api/v1/athletes/{cast.runner.pk}/predictions/")
    assert response.json() == {
        "best_effort": None,
        "weekly_distance_m": 0,
        "predictions": [],
        "marathon_range": None,
    }


@pytest.mark.parametrize("part", ["season", "predictions"])
def test_season_and_predictions_of_an_athlete_out_of_scope_are_404(cast, part):
    RaceFactory(athlete=cast.runner)
    url = f"/api/v1/athletes/{cast.runner.pk}/{part}/"
    assert api(cast.other_coach.user).get(url).status_code == 404
    assert api(cast.other_runner.user).get(url).status_code == 404
    assert api(cast.other_coach.user).get(f"/api/v1/athletes/999999/{part}/").status_code == 404
    assert api(None).get(url).status_code == 401
    assert api(cast.staff).get(url).status_code == 200


# --- me ---


def test_me_carries_the_calendar_link_beside_its_fields(cast):
    body = api(cast.runner.user).get("/api/v1/me/").json()
    assert {"id", "email", "full_name", "is_staff", "coach_id", "athlete"} < set(body)
    url = body["calendar_url"]
    assert url.startswith(settings.SITE_URL + "/calendar/") and url.endswith(".ics")
    assert api(cast.runner.user).get("/api/v1/me/").json()["calendar_url"] == url
    feed = api(None).get(url.removeprefix(settings.SITE_URL))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
