import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from checkins.imports import MAX_FILES_PER_UPLOAD
from checkins.models import Run
from tests.checkins.activity_files import fit_bytes, gpx_bytes
from tests.checkins.factories import RunFactory
from tests.conftest import client_for

LIST = "/api/v1/runs/"
IMPORT = "/api/v1/runs/import/"


def detail(run) -> str:
    return f"{LIST}{run.pk}/"


@pytest.fixture
def runs(cast):
    return {
        "runner": RunFactory(athlete=cast.runner, distance_m=5000),
        "other runner": RunFactory(athlete=cast.other_runner, distance_m=6000),
        "self-coached": RunFactory(athlete=cast.self_coached, distance_m=7000),
    }


def listed_ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.django_db
def test_each_person_lists_exactly_the_runs_in_their_scope(cast, runs):
    expected = {
        cast.runner.user: {runs["runner"].pk},
        cast.coach.user: {runs["runner"].pk},
        cast.other_coach.user: {runs["other runner"].pk},
        cast.other_runner.user: {runs["other runner"].pk},
        cast.self_coached.user: {runs["self-coached"].pk},
        cast.staff: {run.pk for run in runs.values()},
    }
    for user, ids in expected.items():
        assert listed_ids(client_for(user).get(LIST)) == ids, user


@pytest.mark.django_db
def test_anonymous_callers_get_nothing(runs):
    anonymous = client_for(None)

    assert anonymous.get(LIST).status_code in (401, 403)
    assert anonymous.get(detail(runs["runner"])).status_code in (401, 403)
    assert anonymous.post(IMPORT, {}).status_code in (401, 403)


@pytest.mark.django_db
def test_scoping_walk_on_one_run(cast, runs):
    run = runs["runner"]
    expected = {
        # person: (GET, PATCH, DELETE)
        cast.runner.user: (200, 200, 204),
        cast.coach.user: (200, 403, 403),
        cast.other_coach.user: (404, 404, 404),
        cast.other_runner.user: (404, 404, 404),
        cast.self_coached.user: (404, 404, 404),
        cast.staff: (200, 200, 204),
    }
    for user, (get, patch, delete) in expected.items():
        client = client_for(user)
        assert client.get(detail(run)).status_code == get, user
        response = client.patch(detail(run), {"notes": "x"}, content_type="application/json")
        assert response.status_code == patch, user
        assert client.delete(detail(run)).status_code == delete, user
        run.save()  # back again for the next person


@pytest.mark.django_db
def test_runner_logs_a_run_in_si_units(cast, now):
    started = now - dt.timedelta(hours=3)

    response = client_for(cast.runner.user).post(
        LIST,
        {
            "started_at": started.isoformat(),
            "distance_m": 10000,
            "duration_s": 3000,
            "kind": "tempo",
            "rpe": 7,
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["athlete"], body["distance_m"], body["source"]) == (
        cast.runner.pk,
        10000,
        "manual",
    )
    run = Run.objects.get(pk=body["id"])
    assert (run.athlete, run.started_at, run.kind) == (cast.runner, started, Run.Kind.TEMPO)


@pytest.mark.django_db
def test_coach_cannot_log_runs(cast):
    response = client_for(cast.coach.user).post(
        LIST,
        {"started_at": "2024-01-01T07:00:00Z", "distance_m": 1, "duration_s": 1},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert not Run.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"distance_m": -5}, "distance_m"),
        ({"distance_m": 0}, "distance_m"),
        ({"duration_s": 0}, "duration_s"),
        ({"rpe": 11}, "rpe"),
        ({"kind": "swim"}, "kind"),
        ({"started_at": "2999-01-01T07:00:00Z"}, "started_at"),
        ({"started_at": "last tuesday"}, "started_at"),
    ],
)
def test_bad_run_fields_answer_400_with_the_field_named(cast, payload, field):
    data = {"started_at": "2024-01-01T07:00:00Z", "distance_m": 5000, "duration_s": 1500, **payload}

    response = client_for(cast.runner.user).post(LIST, data, content_type="application/json")

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_runs_filter_by_athlete_and_start(cast, runs):
    early = RunFactory(athlete=cast.runner, started_at=dt.datetime(2024, 1, 10, 7, tzinfo=dt.UTC))
    coach = client_for(cast.coach.user)

    assert listed_ids(coach.get(LIST, {"athlete": cast.runner.pk})) == {runs["runner"].pk, early.pk}
    window = {"started_after": "2024-01-01T00:00:00Z", "started_before": "2024-02-01"}
    assert listed_ids(coach.get(LIST, window)) == {early.pk}


@pytest.mark.django_db
def test_filtering_by_an_athlete_outside_scope_is_refused_like_an_unknown_one(cast, runs):
    coach = client_for(cast.coach.user)

    outside = coach.get(LIST, {"athlete": cast.other_runner.pk})
    unknown = coach.get(LIST, {"athlete": 999999})

    assert outside.status_code == unknown.status_code == 400
    assert outside.json().keys() == unknown.json().keys() == {"athlete"}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
def test_run_list_query_count_does_not_grow_with_runs(cast, django_assert_max_num_queries, count):
    RunFactory.create_batch(count, athlete=cast.runner)
    client = client_for(cast.coach.user)

    # session, user, count, page of runs
    with django_assert_max_num_queries(4):
        response = client.get(LIST)

    assert response.json()["count"] == count


@pytest.mark.django_db
def test_runner_imports_several_files_and_hears_about_each(
    cast, django_capture_on_commit_callbacks
):
    start = dt.datetime(2024, 4, 1, 6, 30, tzinfo=dt.UTC)
    files = [
        SimpleUploadedFile("a.gpx", gpx_bytes(start=start)),
        SimpleUploadedFile(
            "b.fit", fit_bytes([(start + dt.timedelta(days=1), 1800, 5000, "running")])
        ),
        SimpleUploadedFile("a-again.gpx", gpx_bytes(start=start)),
        SimpleUploadedFile("notes.txt", b"hello"),
    ]
    client = client_for(cast.runner.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(IMPORT, {"files": files})

    # Accepted at once, before any file was read; the job's URL says how it went.
    assert response.status_code == 202
    accepted = response.json()
    assert accepted["state"] == "queued"
    assert {file["status"] for file in accepted["files"]} == {"waiting"}
    assert response["Location"] == accepted["url"]
    job = client.get(accepted["url"]).json()
    assert (job["state"], job["progress"]) == ("done", 100)
    body = job["files"]
    assert [(r["file"], r["status"], r["imported"], r["duplicates"]) for r in body] == [
        ("a.gpx", "imported", 1, 0),
        ("b.fit", "imported", 1, 0),
        ("a-again.gpx", "duplicate", 0, 1),
        ("notes.txt", "error", 0, 0),
    ]
    assert "none of these" in body[3]["error"]
    assert body[0]["error"] == ""
    assert cast.runner.runs.count() == 2


@pytest.mark.django_db
def test_import_without_files_is_a_400(cast):
    response = client_for(cast.runner.user).post(IMPORT, {})

    assert response.status_code == 400
    assert "files" in response.json()


@pytest.mark.django_db
def test_more_files_than_one_upload_takes_is_a_400_naming_the_limit(cast):
    files = [SimpleUploadedFile(f"{n}.gpx", b"<gpx/>") for n in range(MAX_FILES_PER_UPLOAD + 1)]

    response = client_for(cast.runner.user).post(IMPORT, {"files": files})

    assert response.status_code == 400
    assert f"at most {MAX_FILES_PER_UPLOAD} files" in response.json()["files"][0]
    assert not Run.objects.exists()


@pytest.mark.django_db
def test_coach_cannot_import_and_the_import_route_only_takes_post(cast):
    upload = SimpleUploadedFile("a.gpx", gpx_bytes(start=dt.datetime(2024, 4, 1, tzinfo=dt.UTC)))

    assert client_for(cast.coach.user).post(IMPORT, {"files": [upload]}).status_code == 403
    assert client_for(cast.runner.user).get(IMPORT).status_code == 405
    assert not Run.objects.exists()


def test_openapi_schema_documents_the_import_and_validates():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    validate_schema(schema)
    operation = schema["paths"]["/api/v1/runs/import/"]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    answer = operation["responses"]["202"]["content"]["application/json"]["schema"]
    assert answer["$ref"] == "#/components/schemas/ImportJob"
    job = schema["components"]["schemas"]["ImportJob"]["properties"]
    assert {"url", "state", "progress", "stage", "files"} <= job.keys()
    assert "/api/v1/import-jobs/{id}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/runs/"]["get"]["parameters"]}
    assert {"athlete", "started_after", "started_before", "page"} <= parameters
