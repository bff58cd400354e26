import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from checkins.imports import FileImportResult
from checkins.models import ImportFile, ImportJob, Setback
from coaching.export import csv_safe, roster_csv
from tests.athletes.factories import AthleteFactory
from tests.checkins.factories import (
    CommentFactory,
    PlannedSessionFactory,
    RunFactory,
    WeeklyReviewFactory,
)
from tests.conftest import client_for
from tests.goals.factories import BenchmarkFactory, GoalFactory, MilestoneFactory
from tests.races.factories import RaceFactory

pytestmark = pytest.mark.django_db


def unzip(response) -> dict[str, bytes]:
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def fill_log(athlete, *, runs: int = 2) -> None:
    """A little of everything a runner has."""
    first = dt.datetime(2026, 1, 5, 7, tzinfo=dt.UTC)
    for day in range(runs):
        RunFactory(athlete=athlete, started_at=first + dt.timedelta(days=day))
    review = WeeklyReviewFactory(athlete=athlete, week_start=dt.date(2026, 1, 5))
    CommentFactory(review=review, body="Lovely long run.")
    CommentFactory(review=review, author=athlete.user, body="Thanks!")
    goal = GoalFactory(athlete=athlete)
    MilestoneFactory(goal=goal)
    BenchmarkFactory(athlete=athlete)
    RaceFactory(athlete=athlete, name="Valencia Marathon")
    Setback.objects.create(athlete=athlete, kind="injury", start=dt.date(2026, 1, 8))
    PlannedSessionFactory(athlete=athlete, day=dt.date(2026, 1, 7), kind="tempo")
    upload = ImportJob.objects.create(athlete=athlete, state=ImportJob.State.DONE, progress=100)
    outcome = FileImportResult(file="january.gpx", status="imported", imported=1)
    ImportFile.objects.create(
        job=upload, position=0, name="january.gpx", size=2048, outcome=outcome.as_json()
    )


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("Easy 8 km, felt good", "Easy 8 km, felt good"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_csv_cells_that_start_like_a_formula_are_neutralised(typed, written):
    assert csv_safe(typed) == written


def test_runner_downloads_a_zip_of_everything_about_them(cast):
    fill_log(cast.runner)
    response = client_for(cast.runner.user).get(reverse("account-export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="runpath-data-')
    files = unzip(response)
    assert set(files) == {"data.json", "runs.csv"}
    data = json.loads(files["data.json"])
    assert data["profile"]["email"] == cast.runner.user.email
    assert data["athlete_profile"]["coach"] == "Maya Coach"
    assert len(data["runs"]) == 2
    assert data["runs"][0]["distance_m"] == 8000
    assert data["reviews"][0]["week_start"] == "2026-01-05"
    assert [(c["author"], c["body"]) for c in data["comments"]] == [
        ("Maya Coach", "Lovely long run."),
        ("you", "Thanks!"),
    ]
    for kind in ("goals", "milestones", "benchmarks", "races", "setbacks", "planned_sessions"):
        assert len(data[kind]) == 1, kind
    assert data["races"][0]["name"] == "Valencia Marathon"
    assert data["goals"][0]["created_by"] == "Rita Runner"
    assert [(f["file"], f["outcome"]["imported"]) for f in data["imported_files"]] == [
        ("january.gpx", 1)
    ]
    runs = csv_rows(files["runs.csv"].decode())
    assert [run["local_date"] for run in runs] == ["2026-01-05", "2026-01-06"]
    assert runs[0]["distance_m"] == "8000"


def test_someone_elses_data_is_never_in_the_zip(cast):
    fill_log(cast.runner)
    fill_log(cast.other_runner)
    data = json.loads(
        unzip(client_for(cast.other_runner.user).get(reverse("account-export")))["data.json"]
    )
    assert cast.runner.user.email not in json.dumps(data)
    assert {run["id"] for run in data["runs"]} == set(
        cast.other_runner.runs.values_list("pk", flat=True)
    )


def test_the_runs_csv_neutralises_notes_that_look_like_formulas(cast):
    RunFactory(athlete=cast.runner, notes="=cmd|' /C calc'!A0")
    RunFactory(athlete=cast.runner, notes="@everyone hills")
    files = unzip(client_for(cast.runner.user).get(reverse("account-export")))

    notes = sorted(run["notes"] for run in csv_rows(files["runs.csv"].decode()))
    assert notes == ["'=cmd|' /C calc'!A0", "'@everyone hills"]
    # The JSON keeps exactly what they typed: it is data, not a spreadsheet.
    assert "=cmd|' /C calc'!A0" in [run["notes"] for run in json.loads(files["data.json"])["runs"]]


def test_a_coach_downloads_what_they_wrote_but_not_their_runners_logs(cast):
    fill_log(cast.runner)
    files = unzip(client_for(cast.coach.user).get(reverse("account-export")))

    assert set(files) == {"data.json"}
    data = json.loads(files["data.json"])
    assert data["coach_profile"]["time_zone"] == "Europe/London"
    assert [squad["name"] for squad in data["squads"]] == ["Marathon group"]
    assert [comment["body"] for comment in data["comments_written"]] == ["Lovely long run."]
    assert "runs" not in data


def test_the_export_costs_the_same_queries_for_a_long_log(cast, django_assert_max_num_queries):
    fill_log(cast.runner, runs=2)
    client = client_for(cast.runner.user)
    with django_assert_max_num_queries(26):
        client.get(reverse("account-export"))
    long_log = AthleteFactory(coach=cast.coach)
    fill_log(long_log, runs=60)
    client = client_for(long_log.user)
    with django_assert_max_num_queries(26):
        client.get(reverse("account-export"))


def test_the_api_returns_the_same_zip_with_a_token(cast):
    fill_log(cast.runner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=cast.runner.user)}")

    response = client.get(reverse("api-me-export"), HTTP_ACCEPT="application/zip")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    files = unzip(response)
    assert len(json.loads(files["data.json"])["runs"]) == 2
    assert len(csv_rows(files["runs.csv"].decode())) == 2


def test_the_api_export_needs_a_login():
    response = APIClient().get(reverse("api-me-export"))
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_coach_downloads_their_own_roster_as_csv(cast):
    AthleteFactory(coach=cast.coach, user__full_name='=HYPERLINK("http://evil")')
    response = client_for(cast.coach.user).get(reverse("roster-export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="runpath-roster-')
    rows = csv_rows(b"".join(response.streaming_content).decode())
    assert sorted(row["name"] for row in rows) == ['\'=HYPERLINK("http://evil")', "Rita Runner"]
    rita = next(row for row in rows if row["name"] == "Rita Runner")
    assert rita["email"] == cast.runner.user.email
    assert rita["squad"] == "Marathon group"
    # Other coaches' runners and self-coached runners are not on it.
    assert cast.other_runner.user.email not in str(rows)
    assert cast.self_coached.user.email not in str(rows)


@pytest.mark.parametrize("role", ["runner", "staff"])
def test_only_coaches_have_a_roster_to_download(cast, role):
    user = cast.runner.user if role == "runner" else cast.staff
    assert client_for(user).get(reverse("roster-export")).status_code == 404


def test_the_roster_csv_costs_the_same_queries_for_a_big_roster(
    cast, django_assert_max_num_queries
):
    roster_csv(cast.coach, user=cast.coach.user)  # standings computed once, as on the roster page
    with django_assert_max_num_queries(6):
        roster_csv(cast.coach, user=cast.coach.user)
    AthleteFactory.create_batch(30, coach=cast.coach)
    roster_csv(cast.coach, user=cast.coach.user)
    with django_assert_max_num_queries(6):
        text = roster_csv(cast.coach, user=cast.coach.user)
    assert len(csv_rows(text)) == 31


def test_settings_and_roster_link_to_the_downloads(cast):
    settings_page = client_for(cast.runner.user).get(reverse("athletes:settings")).content.decode()
    assert reverse("account-export") in settings_page
    assert reverse("account-delete") in settings_page
    roster_page = client_for(cast.coach.user).get(reverse("roster")).content.decode()
    assert reverse("roster-export") in roster_page
