"""Imports in the background: the upload answers at once with a job, a worker imports the files
(each all or nothing) and deletes them, and the job's page follows it with a progress bar."""

import datetime as dt
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connections
from django.test import Client
from django.urls import resolve, reverse
from kombu.exceptions import OperationalError as BrokerUnreachable

from checkins import import_jobs, imports, runs, tasks
from checkins.imports import MAX_FILE_BYTES
from checkins.models import ImportFile, ImportJob, Run
from checkins.parsers import strava
from checkins.parsers.common import UnreadableFile
from checkins.parsers.strava import parse_strava_csv
from tests.athletes.factories import AthleteFactory
from tests.checkins.activity_files import (
    gpx_bytes,
    strava_csv_bytes,
    tcx_bytes,
    write_big_strava_csv,
)
from tests.checkins.factories import RunFactory
from tests.checkins.import_helpers import import_now, upload_and_import
from tests.conftest import client_for

START = dt.datetime(2024, 5, 4, 7, 30, tzinfo=dt.UTC)
MB = 1024 * 1024


def export(runs: int, *, rides: int = 0) -> bytes:
    """A Strava export of `runs` runs a day apart (and `rides` rides), from 1 Mar 2024."""
    rows: list[tuple[str, ...]] = [
        (str(100 + day), f"Mar {1 + day % 28}, {2024 - day // 28}, 7:00:00 AM", "R", "Run")
        + ("1800", "5", "5000")
        for day in range(runs)
    ]
    rows += [
        (str(9000 + n), "Mar 2, 2024, 5:00:00 PM", "Commute", "Ride", "1800", "12", "12000")
        for n in range(rides)
    ]
    return strava_csv_bytes(rows)


def job_of(response) -> ImportJob:
    return ImportJob.objects.get(pk=resolve(response["Location"]).kwargs["pk"])


def job_page(job: ImportJob) -> str:
    return reverse("checkins:run-import-job", args=[job.pk])


def panel(client: Client, job: ImportJob) -> str:
    """The part of the job's page that HTMX polls."""
    response = client.get(job_page(job), headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


# --- The upload answers at once -----------------------------------------------------------


@pytest.mark.django_db
def test_an_upload_is_kept_in_the_database_and_answered_with_its_job_before_any_file_is_read(
    cast, django_capture_on_commit_callbacks
):
    data = export(3)
    client = client_for(cast.runner.user)

    with django_capture_on_commit_callbacks() as enqueued:
        response = client.post(
            reverse("checkins:run-import"), {"files": [SimpleUploadedFile("activities.csv", data)]}
        )

    assert response.status_code == 302
    job = job_of(response)
    assert (job.athlete, job.state, job.progress) == (cast.runner, ImportJob.State.QUEUED, 0)
    (stored,) = job.files.all()
    assert (stored.name, stored.size, bytes(stored.data)) == ("activities.csv", len(data), data)
    assert stored.outcome is None
    assert len(enqueued) == 1  # handed to a worker only once the upload is committed
    assert not cast.runner.runs.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Waiting to start" in page
    assert 'hx-trigger="every 1s"' in page


@pytest.mark.django_db
def test_the_job_imports_every_file_then_deletes_the_uploads_and_keeps_the_outcomes(
    cast, django_capture_on_commit_callbacks
):
    files = [
        SimpleUploadedFile("activities.csv", export(3, rides=2)),
        SimpleUploadedFile("morning.gpx", gpx_bytes(start=START)),
        SimpleUploadedFile("broken.tcx", b"<TrainingCenterDatabase>"),
        SimpleUploadedFile("morning-again.gpx", gpx_bytes(start=START)),
    ]

    page = upload_and_import(
        client_for(cast.runner.user), files, django_capture_on_commit_callbacks
    )

    job = ImportJob.objects.get()
    assert (job.state, job.progress, job.stage) == (ImportJob.State.DONE, 100, "")
    assert job.started_at is not None and job.finished_at is not None
    assert not ImportFile.objects.filter(data__isnull=False).exists()
    assert [(f.result.status, f.result.imported) for f in import_jobs.job_files(job)] == [
        ("imported", 3),
        ("imported", 1),
        ("error", 0),
        ("duplicate", 0),
    ]
    assert cast.runner.runs.count() == 4
    content = page.content.decode()
    assert "hx-trigger" not in content  # nothing left to wait for
    assert "2 other activities skipped (2 Ride)" in content
    assert "not a readable TCX file" in content
    assert "1 already in your log" in content
    assert cast.runner.week_stats.exists()  # the log's totals followed the new runs


@pytest.mark.django_db
def test_a_file_over_20_mb_is_refused_at_upload_and_never_kept(cast):
    job = import_jobs.job_create(
        athlete=cast.runner,
        uploads=[
            SimpleUploadedFile("everything.gpx", b" " * (MAX_FILE_BYTES + 1)),
            SimpleUploadedFile("morning.gpx", gpx_bytes(start=START)),
        ],
    )

    refused, waiting = job.files.all()
    assert refused.data is None
    assert refused.outcome["status"] == "error"
    assert "the limit is 20 MB" in refused.outcome["error"]
    assert waiting.data is not None and waiting.outcome is None


# --- The page follows the job ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_polled_panel_shows_a_progress_bar_with_its_words_while_the_job_runs(cast):
    job = ImportJob.objects.create(
        athlete=cast.runner,
        state=ImportJob.State.RUNNING,
        progress=40,
        stage="activities.csv: 120,000 activities read",
    )
    ImportFile.objects.create(job=job, position=0, name="activities.csv", size=10, data=b"x")

    content = panel(client_for(cast.runner.user), job)

    assert content.lstrip().startswith('<div id="import-job"')
    assert "<html" not in content
    assert f'hx-get="{job_page(job)}" hx-trigger="every 1s" hx-swap="outerHTML"' in content
    assert 'max="100" value="40">40 %</progress>' in content
    assert "Importing: 40 %" in content
    assert "activities.csv: 120,000 activities read" in content
    assert f'<a href="{job_page(job)}">Refresh</a>' in content  # for a browser without JS
    assert "Waiting</span>" in content


@pytest.mark.django_db
def test_a_job_no_worker_takes_says_its_files_are_kept_and_asks_less_often(cast, now):
    """With no worker running (or all busy), a queued job waits: after two minutes its page
    says the files are safe and will be imported, and polls every ten seconds, not every one."""
    job = ImportJob.objects.create(athlete=cast.runner)
    ImportFile.objects.create(job=job, position=0, name="morning.gpx", size=10, data=b"x")
    client = client_for(cast.runner.user)

    fresh = panel(client, job)
    assert 'hx-trigger="every 1s"' in fresh and "Waiting to start" in fresh

    uploaded = now - import_jobs.PATIENT_AFTER - dt.timedelta(minutes=3)
    ImportJob.objects.filter(pk=job.pk).update(created_at=uploaded)
    waiting = panel(client, job)
    assert 'hx-trigger="every 10s"' in waiting
    assert "Still waiting for the importer" in waiting
    assert "uploaded 5\xa0minutes ago and are kept safely" in waiting
    assert ImportFile.objects.get(job=job).data == b"x"

    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING)
    taken = panel(client, job)
    assert 'hx-trigger="every 1s"' in taken and "Still waiting" not in taken


@pytest.mark.django_db
def test_a_finished_job_stops_the_polling_and_lists_each_files_outcome(cast):
    job = ImportJob.objects.create(athlete=cast.runner, state=ImportJob.State.DONE, progress=100)
    outcomes = [
        imports.FileImportResult(
            file="activities.csv",
            status="imported",
            imported=2,
            skipped="3 other activities skipped (2 Ride, 1 Hike): only runs are imported.",
            first_started_at=START - dt.timedelta(days=9),
            last_started_at=START,
        ),
        imports.FileImportResult(file="odd.fit", status="error", error="The FIT file is damaged."),
    ]
    for position, outcome in enumerate(outcomes):
        ImportFile.objects.create(
            job=job, position=position, name=outcome.file, size=1, outcome=outcome.as_json()
        )

    content = panel(client_for(cast.runner.user), job)

    assert "hx-trigger" not in content and "hx-get" not in content
    assert "<progress" not in content
    assert '<span class="import-what">2 runs, 25 Apr 2024 – 4 May 2024</span>' in content
    assert "3 other activities skipped (2 Ride, 1 Hike)" in content
    assert "Not imported</span> The FIT file is damaged." in content


@pytest.mark.django_db
def test_a_stopped_job_says_why_and_stops_the_polling(cast):
    job = ImportJob.objects.create(
        athlete=cast.runner, state=ImportJob.State.FAILED, stage=import_jobs.STOPPED_JOB
    )

    content = panel(client_for(cast.runner.user), job)

    assert "hx-trigger" not in content
    assert f'role="alert">{import_jobs.STOPPED_JOB}</p>' in content


@pytest.mark.django_db
def test_a_poll_from_an_expired_session_is_refused_without_swapping_in_the_login_page(cast):
    job = ImportJob.objects.create(athlete=cast.runner, state=ImportJob.State.RUNNING)

    response = Client().get(job_page(job), headers={"HX-Request": "true"})

    assert response.status_code == 401
    assert response["HX-Reswap"] == "none"


@pytest.mark.django_db
def test_the_import_page_lists_the_runners_recent_imports_only(cast):
    own = ImportJob.objects.create(athlete=cast.runner, state=ImportJob.State.DONE)
    ImportFile.objects.create(job=own, position=0, name="a.gpx", size=1)
    ImportFile.objects.create(job=own, position=1, name="b.gpx", size=1)
    other = ImportJob.objects.create(athlete=cast.other_runner)

    content = client_for(cast.runner.user).get(reverse("checkins:run-import")).content.decode()

    assert f'href="{job_page(own)}"' in content
    assert "2 files" in content
    assert job_page(other) not in content


@pytest.mark.django_db
@pytest.mark.parametrize("files", [1, 20])
def test_the_job_page_reads_a_fixed_number_of_queries(cast, django_assert_max_num_queries, files):
    job = ImportJob.objects.create(athlete=cast.runner, state=ImportJob.State.DONE)
    for position in range(files):
        outcome = imports.FileImportResult(file=f"{position}.gpx", status="imported", imported=1)
        ImportFile.objects.create(
            job=job, position=position, name=outcome.file, size=1, outcome=outcome.as_json()
        )
    client = client_for(cast.runner.user)

    # session, user, the menu's athlete and coach profiles, the job with its runner, the files
    with django_assert_max_num_queries(6):
        response = client.get(job_page(job))

    assert response.content.decode().count('class="import-imported"') == files


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["coach", "other_coach", "other_runner", "staff"])
def test_nobody_but_the_runner_sees_their_import_in_the_page_the_panel_or_the_api(cast, person):
    job = ImportJob.objects.create(athlete=cast.runner, state=ImportJob.State.RUNNING)
    user = getattr(cast, person)
    client = client_for(getattr(user, "user", user))

    assert client.get(job_page(job)).status_code == 404
    assert client.get(job_page(job), headers={"HX-Request": "true"}).status_code == 404
    assert client.get(f"/api/v1/import-jobs/{job.pk}/").status_code == 404


# --- Background work that is safe ---------------------------------------------------------


@pytest.mark.django_db
def test_a_job_run_again_carries_on_with_the_files_still_waiting(cast, monkeypatch):
    job = import_jobs.job_create(
        athlete=cast.runner,
        uploads=[
            SimpleUploadedFile("first.gpx", gpx_bytes(start=START)),
            SimpleUploadedFile("second.gpx", gpx_bytes(start=START + dt.timedelta(days=1))),
        ],
    )
    real_import = imports.import_activity_file

    def database_lost_at_the_second_file(**kwargs):
        if kwargs["name"] == "second.gpx":
            raise OperationalError("server closed the connection unexpectedly")
        return real_import(**kwargs)

    # Deep enough that the guard against unforeseen errors must let it through to the task.
    monkeypatch.setattr(imports, "import_activity_file", database_lost_at_the_second_file)
    with pytest.raises(OperationalError):  # the task retries on this
        import_jobs.run_import_job(job_id=job.pk)

    job.refresh_from_db()
    first, second = job.files.all()
    assert job.state == ImportJob.State.RUNNING
    assert (first.data, first.outcome["imported"]) == (None, 1)
    assert (second.data is not None, second.outcome) == (True, None)

    monkeypatch.setattr(imports, "import_activity_file", real_import)
    import_jobs.run_import_job(job_id=job.pk)  # the retry

    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert [f.result.imported for f in import_jobs.job_files(job)] == [1, 1]
    assert cast.runner.runs.count() == 2  # the first file was not imported twice


@pytest.mark.django_db
def test_a_finished_job_run_again_does_nothing(cast):
    job = import_jobs.job_create(
        athlete=cast.runner, uploads=[SimpleUploadedFile("a.gpx", gpx_bytes(start=START))]
    )
    import_jobs.run_import_job(job_id=job.pk)
    finished_at = ImportJob.objects.get(pk=job.pk).finished_at

    import_jobs.run_import_job(job_id=job.pk)

    assert ImportJob.objects.get(pk=job.pk).finished_at == finished_at
    assert cast.runner.runs.count() == 1


@pytest.mark.django_db
def test_a_file_that_fails_half_way_through_saving_adds_none_of_its_runs(cast, monkeypatch):
    monkeypatch.setattr(imports, "INSERT_BATCH", 2)
    calls = []
    real_bulk_create = Run.objects.bulk_create

    def fails_on_the_second_batch(objs, **kwargs):
        calls.append(len(objs))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_bulk_create(objs, **kwargs)

    monkeypatch.setattr(Run.objects, "bulk_create", fails_on_the_second_batch)
    job = import_jobs.job_create(
        athlete=cast.runner, uploads=[SimpleUploadedFile("activities.csv", export(5))]
    )

    import_jobs.run_import_job(job_id=job.pk)

    (result,) = [file.result for file in import_jobs.job_files(job)]
    assert calls == [2, 2]  # the first batch was saved, then rolled back with the file
    assert result.status == "error"
    assert "nothing from it was imported" in result.error
    assert not cast.runner.runs.exists()
    assert ImportJob.objects.get(pk=job.pk).state == ImportJob.State.DONE


@pytest.mark.django_db
def test_an_unforeseen_error_stops_the_job_and_deletes_the_waiting_files(cast, monkeypatch):
    job = import_jobs.job_create(
        athlete=cast.runner,
        uploads=[
            SimpleUploadedFile("a.gpx", gpx_bytes(start=START)),
            SimpleUploadedFile("b.tcx", tcx_bytes(start=START, laps=[(600, 2000)])),
        ],
    )

    def broken(**kwargs):
        raise RuntimeError("a bug outside the file's safety net")

    monkeypatch.setattr(imports, "import_one_safely", broken)
    import_jobs.run_import_job(job_id=job.pk)

    job.refresh_from_db()
    assert (job.state, job.stage) == (ImportJob.State.FAILED, import_jobs.STOPPED_JOB)
    assert job.finished_at is not None
    assert not job.files.filter(data__isnull=False).exists()
    assert {f.result.error for f in import_jobs.job_files(job)} == {import_jobs.STOPPED_FILE}


@pytest.mark.django_db
def test_a_task_that_gives_up_on_the_database_stops_its_job(cast, monkeypatch):
    job = import_jobs.job_create(
        athlete=cast.runner, uploads=[SimpleUploadedFile("a.gpx", gpx_bytes(start=START))]
    )
    attempts = []

    def database_gone(*, job_id):
        attempts.append(job_id)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(import_jobs, "run_import_job", database_gone)
    # As a worker does: each retry runs, and the last failure is recorded, not raised here.
    monkeypatch.setitem(tasks.import_runs.app.conf, "task_eager_propagates", False)

    result = tasks.import_runs.apply(args=[job.pk])

    assert result.failed()

    assert len(attempts) == 1 + tasks.import_runs.max_retries
    job.refresh_from_db()
    assert (job.state, job.stage) == (ImportJob.State.FAILED, tasks.LOST_DATABASE)
    assert not job.files.filter(data__isnull=False).exists()


@pytest.mark.django_db
def test_an_upload_the_broker_cannot_take_says_so_instead_of_waiting_for_ever(
    cast, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise BrokerUnreachable("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.import_runs, "delay", broker_down)
    client = client_for(cast.runner.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("checkins:run-import"),
            {"files": [SimpleUploadedFile("a.gpx", gpx_bytes(start=START))]},
        )

    job = job_of(response)
    assert (job.state, job.stage) == (ImportJob.State.FAILED, tasks.NO_WORKER)
    assert not job.files.filter(data__isnull=False).exists()
    assert tasks.NO_WORKER in panel(client, job)


@pytest.mark.django_db(transaction=True)
def test_progress_reaches_the_page_while_the_files_runs_are_still_uncommitted(monkeypatch):
    """The page reads the job from another connection than the worker's; what it sees of a
    file mid-import is the progress, and none of the file's runs (all or nothing)."""
    monkeypatch.setattr(imports, "INSERT_BATCH", 10)
    athlete = AthleteFactory()
    job = import_jobs.job_create(
        athlete=athlete, uploads=[SimpleUploadedFile("activities.csv", export(30))]
    )
    page_connection = connections.create_connection("default")
    seen = []
    write = import_jobs.JobProgress.write

    def write_and_look(self, *, percent, stage):
        write(self, percent=percent, stage=stage)
        with page_connection.cursor() as cursor:
            cursor.execute("SELECT progress, stage FROM checkins_importjob WHERE id = %s", [job.pk])
            shown = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM checkins_run WHERE athlete_id = %s", [athlete.pk])
            seen.append((*shown, cursor.fetchone()[0]))

    monkeypatch.setattr(import_jobs.JobProgress, "write", write_and_look)
    try:
        import_jobs.run_import_job(job_id=job.pk)
    finally:
        page_connection.close()

    stages = [stage for _, stage, _ in seen]
    assert stages[:2] == [
        "activities.csv: reading",
        "activities.csv: checking 30 runs against your log",
    ]
    assert [s for s in stages if "saved" in s] == [
        f"activities.csv: {n} of 30 runs saved" for n in (10, 20, 30)
    ]
    percents = [percent for percent, _, _ in seen]
    assert percents == sorted(percents) and percents[-1] == 99
    during_the_file = [runs for _, stage, runs in seen if stage.startswith("activities.csv")]
    assert set(during_the_file) == {0}
    job.refresh_from_db()
    assert (job.state, job.progress) == (ImportJob.State.DONE, 100)
    assert athlete.runs.count() == 30


# --- A whole Strava export --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_20_mb_strava_export_uploads_at_once_and_its_48000_runs_import_in_the_background(
    cast, tmp_path, django_capture_on_commit_callbacks
):
    path = tmp_path / "activities.csv"
    write_big_strava_csv(path, rows=240_000, runs=48_000)
    assert 19 * MB < path.stat().st_size <= MAX_FILE_BYTES
    client = client_for(cast.runner.user)

    with django_capture_on_commit_callbacks() as enqueued, path.open("rb") as upload:
        started = time.perf_counter()
        response = client.post(reverse("checkins:run-import"), {"files": [upload]})
        upload_seconds = time.perf_counter() - started

    # The request only stored the file: nothing was parsed, the job waits for a worker.
    assert response.status_code == 302
    job = job_of(response)
    assert job.state == ImportJob.State.QUEUED
    assert not cast.runner.runs.exists()
    assert job.files.get().size == path.stat().st_size
    # Far inside gunicorn's 30 s timeout, even on a busy test machine.
    assert upload_seconds < 15

    for worker_picks_it_up in enqueued:
        worker_picks_it_up()

    job.refresh_from_db()
    assert (job.state, job.progress) == (ImportJob.State.DONE, 100)
    assert cast.runner.runs.count() == 48_000
    assert not ImportFile.objects.filter(data__isnull=False).exists()
    (result,) = [file.result for file in import_jobs.job_files(job)]
    assert (result.imported, result.duplicates) == (48_000, 0)
    assert result.skipped == (
        "192,000 other activities skipped (96,000 Ride, 32,000 Hike, 32,000 Swim, 32,000 more): "
        "only runs are imported."
    )
    assert set(cast.runner.runs.values_list("source", flat=True).distinct()) == {"strava-csv"}
    content = client.get(response["Location"]).content.decode()
    assert "48000 imported" in content


# --- Caps: what one runner's log holds, and what one request carries ------------------------


@pytest.mark.django_db
def test_a_full_log_takes_no_new_run_from_the_form_but_still_edits(cast, monkeypatch):
    monkeypatch.setattr(runs, "MAX_RUNS_PER_ATHLETE", 1)
    run = RunFactory(athlete=cast.runner, started_at=START)
    client = client_for(cast.runner.user)
    form = {
        "day": "2024-05-01",
        "start_time": "07:00",
        "distance": "5",
        "duration": "30:00",
        "kind": "easy",
        "rpe": "",
        "notes": "",
    }

    refused = client.post(reverse("checkins:run-new"), form)
    edited = client.post(reverse("checkins:run-edit", args=[run.pk]), {**form, "notes": "Windy"})

    assert refused.status_code == 200
    assert "as many as one log can hold" in refused.content.decode()
    assert edited.status_code == 302
    assert cast.runner.runs.get().notes == "Windy"


@pytest.mark.django_db
def test_a_full_log_takes_no_new_run_from_the_api(cast, monkeypatch):
    monkeypatch.setattr(runs, "MAX_RUNS_PER_ATHLETE", 1)
    RunFactory(athlete=cast.runner, started_at=START)

    response = client_for(cast.runner.user).post(
        "/api/v1/runs/",
        {"started_at": "2024-05-01T07:00:00Z", "distance_m": 5000, "duration_s": 1800},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "as many as one log can hold" in response.json()["non_field_errors"][0]
    assert cast.runner.runs.count() == 1


@pytest.mark.django_db
def test_a_full_log_is_told_so_before_uploading_on_the_page_and_the_api(cast, monkeypatch):
    monkeypatch.setattr(runs, "MAX_RUNS_PER_ATHLETE", 1)
    RunFactory(athlete=cast.runner, started_at=START)
    client = client_for(cast.runner.user)

    def files():
        return {"files": [SimpleUploadedFile("a.gpx", gpx_bytes(start=START + dt.timedelta(1)))]}

    page = client.post(reverse("checkins:run-import"), files())
    api = client.post("/api/v1/runs/import/", files())

    assert page.status_code == 200
    assert "as many as one log can hold" in page.content.decode()
    assert api.status_code == 400
    assert "as many as one log can hold" in api.json()["non_field_errors"][0]
    assert not ImportJob.objects.exists()


def test_an_export_with_more_runs_than_a_log_holds_is_refused_while_it_is_read(monkeypatch):
    monkeypatch.setattr(strava, "MAX_RUNS_PER_ATHLETE", 3)

    assert len(parse_strava_csv(export(3, rides=5)).runs) == 3
    with pytest.raises(UnreadableFile, match="holds more than 3 runs, more than a log can hold"):
        parse_strava_csv(export(4))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["checkins:run-import", "/api/v1/runs/import/"])
def test_a_request_over_the_body_limit_is_refused_with_the_limit_before_it_is_read(
    cast, settings, path
):
    settings.MAX_REQUEST_BODY_SIZE = 1 * MB
    # CSRF checks on: a refusal before the body is read comes before the CSRF token is looked for.
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.runner.user)
    url = reverse(path) if not path.startswith("/") else path

    response = client.post(url, {"files": [SimpleUploadedFile("big.gpx", b" " * (3 * MB // 2))]})

    assert response.status_code == 413
    words = "What you sent is 1.5 MB; Runpath takes at most 1 MB at a time."
    if path.startswith("/api/"):
        assert response.json()["detail"].startswith(words)
    else:
        assert words in response.content.decode()
        assert "activities.csv" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_body_limit_takes_a_whole_strava_export_with_room_to_spare(settings):
    assert settings.MAX_REQUEST_BODY_SIZE >= 2 * MAX_FILE_BYTES


@pytest.mark.django_db
def test_a_nul_quoted_from_a_file_into_its_message_does_not_stop_the_job(cast):
    """An error message may quote the file; a NUL in it would not fit PostgreSQL's jsonb and
    once stopped the whole job, the next files included."""
    broken = strava_csv_bytes([("1", "Mar 1, 2024, 7:00:00 AM", "R", "Run", "1\x000", "5", "5000")])
    track = gpx_bytes(start=START)
    results = import_now(
        cast.runner,
        [
            SimpleUploadedFile("activities.csv", broken),
            SimpleUploadedFile("morning.gpx", track),
        ],
    )
    assert [result.status for result in results] == ["error", "imported"]
    assert "\x00" not in results[0].error
    assert Run.objects.filter(athlete=cast.runner).count() == 1
