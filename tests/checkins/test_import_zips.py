"""Zip uploads: a Garmin export (FIT files in a zip inside the zip) or any zip of activity files
is unpacked by the worker into files of the job, each imported on its own; hostile zips (bombs,
lying sizes, paths leaving the zip, too many members, too deep, encrypted, damaged) are held
to the caps in `checkins.archives` and reported, never crash the job nor lose other files."""

import contextlib
import datetime as dt
import io
import struct
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import OperationalError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkins import archives, import_jobs
from checkins.imports import MAX_FILE_BYTES, FileImportResult
from checkins.models import ImportFile, ImportJob
from checkins.parsers import parse_activity_file
from checkins.parsers.common import UnreadableFile
from tests.athletes.factories import AthleteFactory
from tests.checkins.activity_files import fit_bytes, gpx_bytes
from tests.checkins.import_helpers import import_now, upload_and_import
from tests.conftest import client_for

SAMPLES = Path(__file__).parent / "samples"
START = dt.datetime(2024, 5, 4, 7, 30, tzinfo=dt.UTC)
MB = 1024 * 1024
UPLOADED_FILES = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"
REAL_RUNS = {
    # file: (metres, seconds) of its run, as SOURCES.md records them
    "run_garmin-fr45.fit": (7864, 3087),
    "run_garmin-fenix2.fit": (9008, 2832),
    "run_garmin-fr410.tcx": (4689, 1993),
    "edge_triathlon_chained-multisession.fit": (9806, 2851),
}


def zip_of(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            if name.endswith("/"):
                archive.mkdir(name.rstrip("/"))
            else:
                archive.writestr(name, data)
    return buffer.getvalue()


def patched(data: bytes, *, flags: int | None = None, size: int | None = None) -> bytes:
    """The zip with its first member's headers rewritten (both its local header and its
    central directory entry): general-purpose `flags`, or a declared uncompressed `size`."""
    headers = bytearray(data)
    local = headers.index(b"PK\x03\x04")
    central = headers.index(b"PK\x01\x02")
    if flags is not None:
        struct.pack_into("<H", headers, local + 6, flags)
        struct.pack_into("<H", headers, central + 8, flags)
    if size is not None:
        struct.pack_into("<I", headers, local + 22, size)
        struct.pack_into("<I", headers, central + 24, size)
    return bytes(headers)


def ride_fit(start: dt.datetime) -> bytes:
    return fit_bytes([(start, 3600, 30000, "cycling")])


def run_fit(start: dt.datetime, metres: float = 5000) -> bytes:
    return fit_bytes([(start, 1800, metres, "running")])


def outcomes(job: ImportJob) -> list[tuple[str, FileImportResult]]:
    return [(file.name, file.result) for file in import_jobs.job_files(job) if file.result]


def results(athlete, uploads: list[UploadedFile]) -> list[FileImportResult]:
    return [result for result in import_now(athlete, uploads) if result is not None]


def garmin_export(activities_dir: Path) -> bytes:
    """A zip shaped like Garmin's data export: the original uploads in a zip inside the zip,
    next to the JSON of the rest of the account."""
    originals = {name: (activities_dir / name).read_bytes() for name in REAL_RUNS}
    originals["run_polar-m400.gpx"] = (activities_dir / "run_polar-m400.gpx").read_bytes()
    originals["2023-06-01-ride.fit"] = ride_fit(dt.datetime(2023, 6, 1, 17, 0, tzinfo=dt.UTC))
    return zip_of(
        {
            "DI_CONNECT/": b"",
            "DI_CONNECT/DI-Connect-Fitness/runner_0_summarizedActivities.json": b"[]",
            "DI_CONNECT/DI-Connect-User/user_profile.json": b"{}",
            UPLOADED_FILES: zip_of(originals),
        }
    )


# --- A Garmin export ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_garmin_export_imports_every_run_of_its_nested_zip_and_skips_the_rest(
    cast, activities_dir, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("garmin_export.zip", garmin_export(activities_dir))

    page = upload_and_import(
        client_for(cast.runner.user), [upload], django_capture_on_commit_callbacks
    )

    job = ImportJob.objects.get()
    assert (job.state, job.progress) == (ImportJob.State.DONE, 100)
    (zip_name, unpacked), *members = outcomes(job)
    assert (zip_name, unpacked.status, unpacked.unpacked) == ("garmin_export.zip", "unpacked", 6)
    assert unpacked.skipped == (
        "2 other files skipped (2 .json): only GPX, TCX and FIT files are imported."
    )
    inner = "garmin_export.zip › UploadedFiles_0-_Part1.zip › "
    by_name = {name.removeprefix(inner): result for name, result in members}
    assert all(name.startswith(inner) for name, _ in members)
    for name, (metres, seconds) in REAL_RUNS.items():
        result = by_name[name]
        assert (result.status, result.imported) == ("imported", 1), name
        assert abs(result.distance_m - metres) <= 1 and abs(result.duration_s - seconds) <= 1
    assert (
        "4 other activities skipped" in by_name["edge_triathlon_chained-multisession.fit"].skipped
    )
    assert by_name["run_polar-m400.gpx"].status == "imported"
    ride = by_name["2023-06-01-ride.fit"]
    assert (ride.status, ride.error) == ("skipped", "")
    assert "cycling" in ride.skipped
    assert cast.runner.runs.count() == 5
    assert not ImportFile.objects.filter(data__isnull=False).exists()  # nothing kept
    content = page.content.decode()
    assert "Unpacked</span> 6 activity files" in content
    assert "Skipped</span>" in content
    assert "2 other files skipped (2 .json)" in content


@pytest.mark.django_db
def test_the_same_export_uploaded_again_adds_no_run(cast, activities_dir):
    export = garmin_export(activities_dir)
    import_now(cast.runner, [SimpleUploadedFile("export.zip", export)])
    count = cast.runner.runs.count()

    again = results(cast.runner, [SimpleUploadedFile("export-again.zip", export)])

    assert cast.runner.runs.count() == count == 5
    assert [r.status for r in again].count("duplicate") == 5


@pytest.mark.django_db
def test_a_plain_zip_of_the_samples_imports_like_the_files_uploaded_one_by_one(cast):
    samples = {path.name: path.read_bytes() for path in sorted(SAMPLES.glob("run.*"))}
    one_by_one = AthleteFactory()
    expected = results(one_by_one, [SimpleUploadedFile(n, d) for n, d in samples.items()])

    zipped = results(cast.runner, [SimpleUploadedFile("samples.zip", zip_of(samples))])

    assert zipped[0].status == "unpacked" and zipped[0].unpacked == len(samples)
    assert [(r.file.rsplit(" › ", 1)[1], r.status, r.imported) for r in zipped[1:]] == [
        (r.file, r.status, r.imported) for r in expected
    ]
    assert cast.runner.runs.count() == one_by_one.runs.count() > 0


@pytest.mark.django_db
def test_a_zip_and_a_file_in_one_upload_each_import_and_the_zips_files_follow(cast):
    day = dt.timedelta(days=1)
    uploads = [
        SimpleUploadedFile(
            "week.zip", zip_of({"a.fit": run_fit(START), "b.gpx": gpx_bytes(start=START + day)})
        ),
        SimpleUploadedFile("tuesday.fit", run_fit(START + 3 * day)),
    ]

    found = results(cast.runner, uploads)

    assert [(r.file, r.status) for r in found] == [
        ("week.zip", "unpacked"),
        ("tuesday.fit", "imported"),
        ("week.zip › a.fit", "imported"),
        ("week.zip › b.gpx", "imported"),
    ]
    assert cast.runner.runs.count() == 3


@pytest.mark.django_db
def test_the_api_lists_a_zips_files_after_it_with_their_results(
    cast, django_capture_on_commit_callbacks
):
    data = zip_of({"run.fit": run_fit(START), "ride.fit": ride_fit(START + dt.timedelta(days=1))})
    client = client_for(cast.runner.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/runs/import/", {"files": [SimpleUploadedFile("w.zip", data)]}
        )

    assert response.status_code == 202
    files = client.get(response["Location"]).json()["files"]
    assert [(f["file"], f["status"], f["imported"], f["unpacked"]) for f in files] == [
        ("w.zip", "unpacked", 0, 2),
        ("w.zip › run.fit", "imported", 1, 0),
        ("w.zip › ride.fit", "skipped", 0, 0),
    ]


@pytest.mark.django_db
def test_the_import_page_says_how_to_get_a_garmin_export(cast):
    page = client_for(cast.runner.user).get(reverse("checkins:run-import")).content.decode()

    assert "Garmin Account → Data Management → Export Your Data" in page
    assert "DI_CONNECT/DI-Connect-Uploaded-Files" in page
    assert 'accept=".gpx,.tcx,.fit,.csv,.zip"' in page


@pytest.mark.django_db
def test_a_ride_uploaded_on_its_own_is_skipped_not_an_error(cast):
    (result,) = results(cast.runner, [SimpleUploadedFile("ride.fit", ride_fit(START))])

    assert (result.status, result.error) == ("skipped", "")
    assert "no running session (it holds: cycling)" in result.skipped
    assert not cast.runner.runs.exists()


# --- Hostile and broken zips --------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_over_the_file_cap_is_refused_without_being_inflated(cast, monkeypatch):
    data = zip_of({"bomb.fit": bytes(MAX_FILE_BYTES + 1), "run.fit": run_fit(START)})
    assert len(data) < MB  # a few kilobytes that claim 20 MB
    inflated = []
    real_open = zipfile.ZipFile.open

    def counted_open(self, member, *args, **kwargs):
        inflated.append(getattr(member, "filename", member))
        return real_open(self, member, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counted_open)

    found = results(cast.runner, [SimpleUploadedFile("bomb.zip", data)])

    assert [(r.file, r.status) for r in found] == [
        ("bomb.zip", "unpacked"),
        ("bomb.zip › bomb.fit", "error"),
        ("bomb.zip › run.fit", "imported"),
    ]
    assert "the limit is 20 MB" in found[1].error
    assert inflated == ["run.fit"]


@pytest.mark.django_db
def test_a_zip_bomb_past_the_unpacked_cap_imports_nothing_and_says_why(cast):
    each = bytes(MAX_FILE_BYTES)  # every member under the file cap, together over 250 MB
    count = archives.MAX_UNPACKED_BYTES // MAX_FILE_BYTES + 1
    members = {f"{n}.fit": each for n in range(count)} | {"run.fit": run_fit(START)}
    data = zip_of(members)
    assert len(data) < 2 * MB

    (result,) = results(cast.runner, [SimpleUploadedFile("bomb.zip", data)])

    assert result.status == "error"
    assert "the upload unpacks to more than 250 MB" in result.error
    assert ImportFile.objects.count() == 1  # none of its members was added
    assert not cast.runner.runs.exists()


@pytest.mark.django_db
def test_a_member_that_lies_about_its_size_is_never_inflated_past_it(cast):
    honest = zip_of({"big.gpx": gpx_bytes(start=START, points=2000)})
    lying = patched(honest, size=100)  # claims 100 bytes; inflates to far more

    found = results(cast.runner, [SimpleUploadedFile("liar.zip", lying)])

    assert [(r.file, r.status) for r in found] == [
        ("liar.zip", "unpacked"),
        ("liar.zip › big.gpx", "error"),
    ]
    assert "damaged inside the zip" in found[1].error
    assert not cast.runner.runs.exists()


@pytest.mark.django_db
def test_names_leaving_the_zip_are_skipped_and_counted(cast):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in (
            "../../etc/evil.fit",
            "/etc/evil.gpx",
            "C:/Windows/evil.tcx",
            "\x1b[31mred.fit",
            "NULFIRST.fit",
        ):
            archive.writestr(name, run_fit(START))
        link = zipfile.ZipInfo("link.fit")
        link.external_attr = (0o120777) << 16  # a symbolic link
        archive.writestr(link, "/etc/passwd")
        archive.writestr("runs/monday.fit", run_fit(START))
    # A NUL first: the reader ends the name there, so it has none at all.
    data = buffer.getvalue().replace(b"NULFIRST", b"\x00ULFIRST")

    found = results(cast.runner, [SimpleUploadedFile("paths.zip", data)])

    assert [(r.file, r.status) for r in found] == [
        ("paths.zip", "unpacked"),
        ("paths.zip › monday.fit", "imported"),
    ]
    assert found[0].skipped.startswith("6 files skipped for a name that is not a plain file's")
    assert not ImportFile.objects.filter(name__contains="..").exists()


@pytest.mark.django_db
def test_a_zip_listing_too_many_names_imports_nothing(cast):
    names = {f"notes/{n}.json": b"" for n in range(archives.MAX_ZIP_ENTRIES + 1)}

    (result,) = results(
        cast.runner, [SimpleUploadedFile("many.zip", zip_of(names, compression=zipfile.ZIP_STORED))]
    )

    assert result.status == "error"
    assert "lists more than 20,000 files" in result.error


@pytest.mark.django_db
def test_a_zip_of_too_many_activity_files_imports_nothing(cast):
    tiny = run_fit(START)
    names = {f"{n}.fit": tiny for n in range(archives.MAX_UNPACKED_FILES + 1)}

    (result,) = results(cast.runner, [SimpleUploadedFile("many.zip", zip_of(names))])

    assert result.status == "error"
    assert "more than 5,000 activity files" in result.error
    assert ImportFile.objects.count() == 1
    assert not cast.runner.runs.exists()


@pytest.mark.django_db
def test_the_zips_of_one_upload_share_the_caps(cast, monkeypatch):
    monkeypatch.setattr(archives, "MAX_UNPACKED_FILES", 3)
    day = dt.timedelta(days=1)
    first = zip_of({f"{n}.fit": run_fit(START + n * day) for n in range(2)})
    second = zip_of({f"{n}.fit": run_fit(START + (n + 5) * day) for n in range(2)})

    found = results(
        cast.runner, [SimpleUploadedFile("a.zip", first), SimpleUploadedFile("b.zip", second)]
    )

    assert [(r.file, r.status) for r in found] == [
        ("a.zip", "unpacked"),
        ("b.zip", "error"),
        ("a.zip › 0.fit", "imported"),
        ("a.zip › 1.fit", "imported"),
    ]
    assert "more than 3 activity files" in found[1].error


@pytest.mark.django_db
def test_a_zip_three_levels_deep_is_reported_not_opened(cast):
    deepest = zip_of({"deep.fit": run_fit(START)})
    middle = zip_of({"inner.zip": deepest, "shallow.fit": run_fit(START + dt.timedelta(days=1))})

    found = results(cast.runner, [SimpleUploadedFile("outer.zip", zip_of({"middle.zip": middle}))])

    assert [(r.file, r.status) for r in found] == [
        ("outer.zip", "unpacked"),
        ("outer.zip › middle.zip › inner.zip", "error"),
        ("outer.zip › middle.zip › shallow.fit", "imported"),
    ]
    assert "zips are read 2 levels deep" in found[1].error


@pytest.mark.django_db
def test_an_encrypted_member_is_reported_and_the_others_import(cast):
    locked = patched(
        zip_of({"secret.fit": run_fit(START)}, compression=zipfile.ZIP_STORED), flags=0x1
    )
    with zipfile.ZipFile(io.BytesIO(locked)) as archive:
        assert archive.infolist()[0].flag_bits & 0x1  # what a zip with a password says

    found = results(cast.runner, [SimpleUploadedFile("locked.zip", locked)])

    assert [(r.file, r.status) for r in found] == [
        ("locked.zip", "unpacked"),
        ("locked.zip › secret.fit", "error"),
    ]
    assert "encrypted" in found[1].error


@pytest.mark.django_db
def test_a_damaged_member_costs_only_that_file(cast):
    good = run_fit(START + dt.timedelta(days=1))
    data = bytearray(zip_of({"broken.gpx": gpx_bytes(start=START), "good.fit": good}))
    data[data.index(b"broken.gpx") + len("broken.gpx") + 5] ^= 0xFF  # inside its deflated bytes

    found = results(cast.runner, [SimpleUploadedFile("mixed.zip", bytes(data))])

    assert [(r.file, r.status) for r in found] == [
        ("mixed.zip", "unpacked"),
        ("mixed.zip › broken.gpx", "error"),
        ("mixed.zip › good.fit", "imported"),
    ]
    assert "damaged inside the zip" in found[1].error


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04 not really a zip", b"", zip_of({"run.fit": run_fit(START)})[:-30]],
    ids=["garbage", "empty", "cut short"],
)
def test_a_corrupt_zip_says_so_and_the_other_files_still_import(cast, data):
    found = results(
        cast.runner,
        [
            SimpleUploadedFile("corrupt.zip", data),
            SimpleUploadedFile("run.gpx", gpx_bytes(start=START)),
        ],
    )

    assert [(r.file, r.status) for r in found] == [
        ("corrupt.zip", "error"),
        ("run.gpx", "imported"),
    ]
    assert "not a zip file that can be read" in found[0].error
    assert ImportJob.objects.get().state == ImportJob.State.DONE


@pytest.mark.django_db
def test_a_zip_without_activity_files_says_what_it_holds(cast):
    data = zip_of({"photo.jpg": b"\xff\xd8", "__MACOSX/._run.fit": b"\x00\x05", "notes.txt": b"hi"})

    (result,) = results(cast.runner, [SimpleUploadedFile("holiday.zip", data)])

    assert result.status == "error"
    assert result.error.startswith("The zip holds no GPX, TCX or FIT file. 3 other files skipped")
    assert "1 macOS metadata" in result.error


@pytest.mark.django_db
def test_a_zip_may_be_bigger_than_a_file_up_to_the_request_limit(cast):
    job = import_jobs.job_create(
        athlete=cast.runner,
        uploads=[
            SimpleUploadedFile("big.zip", bytes(MAX_FILE_BYTES + 1)),
            SimpleUploadedFile("too-big.zip", bytes(50 * MB + 1)),
            SimpleUploadedFile("big.fit", bytes(MAX_FILE_BYTES + 1)),
        ],
    )

    kept, refused_zip, refused_fit = job.files.all()
    assert kept.data is not None and kept.outcome is None
    assert "the limit is 50 MB" in refused_zip.outcome["error"]
    assert "the limit is 20 MB" in refused_fit.outcome["error"]


@pytest.mark.django_db
def test_a_job_run_again_after_its_zip_was_unpacked_imports_each_file_once(cast, monkeypatch):
    data = zip_of({f"{n}.fit": run_fit(START + dt.timedelta(days=n)) for n in range(3)})
    job = import_jobs.job_create(athlete=cast.runner, uploads=[SimpleUploadedFile("w.zip", data)])
    real = import_jobs._import_next_file
    calls = []

    def dies_after_two_files(job, progress):
        calls.append(1)
        if len(calls) == 3:
            raise OperationalError("the worker lost its database")
        return real(job, progress)

    monkeypatch.setattr(import_jobs, "_import_next_file", dies_after_two_files)
    with pytest.raises(OperationalError):
        import_jobs.run_import_job(job_id=job.pk)
    monkeypatch.setattr(import_jobs, "_import_next_file", real)
    import_jobs.run_import_job(job_id=job.pk)

    assert [r.status for _, r in outcomes(job)] == ["unpacked", "imported", "imported", "imported"]
    assert cast.runner.runs.count() == 3


# --- Whatever the bytes -----------------------------------------------------------------------


SEED = zip_of(
    {
        "a/run.fit": run_fit(START),
        "b.gpx": gpx_bytes(start=START),
        "inner.zip": zip_of({"c.fit": run_fit(START)}),
        "notes.json": b"{}",
    }
)


@settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    flips=st.lists(
        st.tuples(st.integers(0, len(SEED) - 1), st.integers(1, 255)), min_size=1, max_size=8
    ),
    cut=st.integers(0, len(SEED)),
)
def test_any_damage_to_a_zip_is_refused_cleanly_or_gives_members(flips, cut):
    data = bytearray(SEED)
    for position, mask in flips:
        data[position] ^= mask
    unpacking = archives.Unpacking(max_file_bytes=MAX_FILE_BYTES)
    try:
        members = list(
            archives.unpack(
                name="x.zip", data=bytes(data[:cut] if cut else data), unpacking=unpacking
            )
        )
    except UnreadableFile:
        return
    for member in members:
        assert member.name.startswith("x.zip › ")
        assert (member.data is None) == bool(member.refused) or member.size > MAX_FILE_BYTES
        if member.data is not None:
            assert len(member.data) <= member.size
            with contextlib.suppress(UnreadableFile):
                parse_activity_file(member.name, member.data)


# --- The job's page while thousands of files import -----------------------------------------


def job_with_unpacked_files(cast, *, state: str, count: int) -> ImportJob:
    """A job whose zip was unpacked into `count` files, the first half imported, one of them
    refused, the rest waiting."""
    job = ImportJob.objects.create(athlete=cast.runner, state=state)
    unpacked = FileImportResult(file="export.zip", status="unpacked", unpacked=count)
    ImportFile.objects.create(
        job=job, position=0, name="export.zip", size=0, outcome=unpacked.as_json()
    )
    done = FileImportResult(file="x.fit", status="imported", imported=1)
    refused = FileImportResult(file="y.fit", status="error", error="damaged")
    ImportFile.objects.bulk_create(
        [
            ImportFile(
                job=job,
                position=import_jobs.FIRST_UNPACKED + n,
                name=f"export.zip › {n}.fit",
                size=1,
                outcome=(refused if n == 0 else done).as_json() if n < count // 2 else None,
            )
            for n in range(count)
        ],
        batch_size=500,
    )
    return job


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 2000])
def test_a_running_jobs_panel_counts_the_zips_files_in_a_fixed_number_of_queries(
    cast, django_assert_max_num_queries, count
):
    job = job_with_unpacked_files(cast, state=ImportJob.State.RUNNING, count=count)
    client = client_for(cast.runner.user)
    url = reverse("checkins:run-import-job", args=[job.pk])

    # session, user, the menu's athlete and coach profiles, the job, the upload's files, the tally
    with django_assert_max_num_queries(7):
        panel = client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert "export.zip › " not in panel  # counted, not listed
    half = count // 2
    assert (
        f"From the zips: {half} of {count} files done ({half - 1} imported, "
        "0 already in your log, 0 skipped as not runs, 1 not imported)"
    ) in " ".join(panel.split())
    assert f"Import of {count + 1} files" in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_finished_jobs_page_lists_every_file_of_its_zips(cast):
    job = job_with_unpacked_files(cast, state=ImportJob.State.DONE, count=10)

    page = client_for(cast.runner.user).get(reverse("checkins:run-import-job", args=[job.pk]))

    content = page.content.decode()
    assert content.count("export.zip › ") == 10
    assert (
        "From the zips: 10 files (4 imported, 0 already in your log, 0 skipped as not runs, "
        "1 not imported)."
    ) in " ".join(content.split())
    assert "Import of 11 files" in content


@pytest.mark.django_db
def test_the_progress_counts_a_zips_refused_files_as_done(cast, monkeypatch):
    data = zip_of(
        {
            "a.fit": run_fit(START),
            "bomb.fit": bytes(MAX_FILE_BYTES + 1),
            "b.fit": run_fit(START + dt.timedelta(days=1)),
        }
    )
    job = import_jobs.job_create(athlete=cast.runner, uploads=[SimpleUploadedFile("w.zip", data)])
    written: list[tuple[int, str]] = []
    monkeypatch.setattr(
        import_jobs.JobProgress,
        "write",
        lambda self, *, percent, stage: written.append((percent, stage)),
    )

    import_jobs.run_import_job(job_id=job.pk)

    # four files: the zip, its refused bomb (done at once), then a.fit and b.fit
    assert (75, "w.zip › b.fit: reading") in written


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 2000])
def test_the_api_lists_every_file_of_a_running_jobs_zips_in_a_fixed_number_of_queries(
    cast, django_assert_max_num_queries, count
):
    job = job_with_unpacked_files(cast, state=ImportJob.State.RUNNING, count=count)
    client = client_for(cast.runner.user)

    # session, user, the job, its files
    with django_assert_max_num_queries(4):
        files = client.get(f"/api/v1/import-jobs/{job.pk}/").json()["files"]

    assert len(files) == count + 1
    statuses = [file["status"] for file in files]
    assert statuses.count("imported") == count // 2 - 1
    assert statuses.count("waiting") == count - count // 2
