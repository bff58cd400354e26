import datetime as dt
import time

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from checkins import imports, parsers
from checkins.imports import MAX_FILE_BYTES, import_activity_file
from checkins.models import Run
from checkins.parsers import parse_activity_file
from checkins.parsers.common import UnreadableFile
from checkins.parsers.fit import parse_fit
from checkins.parsers.gpx import parse_gpx
from checkins.parsers.strava import parse_strava_csv
from checkins.parsers.tcx import parse_tcx
from tests.athletes.factories import AthleteFactory
from tests.checkins.activity_files import fit_bytes, gpx_bytes, strava_csv_bytes, tcx_bytes
from tests.checkins.factories import RunFactory
from tests.checkins.import_helpers import import_now, upload_and_import
from tests.conftest import client_for

START = dt.datetime(2024, 5, 4, 7, 30, tzinfo=dt.UTC)


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


# --- GPX ---------------------------------------------------------------------------------


def test_gpx_run_is_timed_from_first_to_last_point_and_measured_in_two_dimensions():
    (run,) = parse_gpx(gpx_bytes(start=START, points=61, step_s=10)).runs

    assert run.started_at == START
    assert run.duration_s == 600
    assert run.distance_m == pytest.approx(60 * 0.0003 * 111_195, rel=0.01)
    assert run.source == Run.Source.GPX
    assert len(run.fingerprint) == 64


def test_gpx_without_a_time_on_its_first_point_is_rejected_with_the_count_of_timed_points():
    data = gpx_bytes(start=START, points=3).replace(b"<time>2024-05-04T07:30:00Z</time>", b"", 1)

    with pytest.raises(UnreadableFile, match="Only 2 of 3 track points have a time"):
        parse_gpx(data)


def test_gpx_without_track_points_is_rejected():
    with pytest.raises(UnreadableFile, match="no track points"):
        parse_gpx(b'<?xml version="1.0"?><gpx version="1.1" creator="x"></gpx>')


def test_malformed_gpx_is_rejected():
    with pytest.raises(UnreadableFile, match="not a readable GPX file"):
        parse_gpx(b"<gpx><trk><trkseg>")


# --- TCX ---------------------------------------------------------------------------------


def test_tcx_run_sums_its_laps():
    (run,) = parse_tcx(tcx_bytes(start=START, laps=[(600.4, 2000.0), (620.0, 2000.5)])).runs

    assert run.started_at == START
    assert run.duration_s == 1220
    assert run.distance_m == 4000
    assert run.source == Run.Source.TCX


def test_tcx_without_a_running_activity_says_what_it_holds():
    with pytest.raises(UnreadableFile, match="no running activity.*Biking"):
        parse_tcx(tcx_bytes(start=START, laps=[(3600, 30000)], sport="Biking"))


def test_tcx_that_is_xml_of_another_kind_is_rejected():
    with pytest.raises(UnreadableFile, match="not a TCX"):
        parse_tcx(gpx_bytes(start=START))


def test_malformed_tcx_is_rejected():
    with pytest.raises(UnreadableFile, match="not a readable TCX file"):
        parse_tcx(b"<TrainingCenterDatabase>")


def test_tcx_lap_with_text_where_a_number_belongs_is_rejected():
    data = tcx_bytes(start=START, laps=[(600, 2000)]).replace(b">2000<", b">far<")

    with pytest.raises(UnreadableFile, match="“far” where a number belongs"):
        parse_tcx(data)


# --- FIT ---------------------------------------------------------------------------------


def test_fit_running_session_gives_start_distance_and_elapsed_time():
    (run,) = parse_fit(fit_bytes([(START, 1800.5, 5000.25, "running")])).runs

    assert (run.started_at, run.distance_m, run.duration_s) == (START, 5000, 1800)
    assert run.source == Run.Source.FIT
    assert run.warning == ""


def test_multisport_fit_imports_only_the_running_session():
    data = fit_bytes(
        [
            (START, 1200, 1000, "swimming"),
            (START + dt.timedelta(minutes=25), 3600, 30000, "cycling"),
            (START + dt.timedelta(minutes=90), 2400, 8000, "running"),
        ]
    )

    (run,) = parse_fit(data).runs

    assert run.started_at == START + dt.timedelta(minutes=90)
    assert run.distance_m == 8000


def test_fit_without_a_running_session_says_what_it_holds():
    with pytest.raises(UnreadableFile, match="no running session.*cycling"):
        parse_fit(fit_bytes([(START, 3600, 30000, "cycling")]))


def test_truncated_fit_is_rejected_even_with_a_session_before_the_cut():
    data = fit_bytes([(START, 1800, 5000, "running")])[:-3]

    with pytest.raises(UnreadableFile, match="cut short"):
        parse_fit(data)


def test_fit_damaged_after_its_session_is_recovered_from_the_session_with_a_warning():
    undefined_local_message_5 = b"\x05\x00\x00"
    data = fit_bytes([(START, 1800, 5000, "running")], garbage=undefined_local_message_5)

    (run,) = parse_fit(data).runs

    assert (run.distance_m, run.duration_s) == (5000, 1800)
    assert "Recovered from a damaged FIT file" in run.warning


def test_fit_damaged_before_any_session_is_rejected():
    with pytest.raises(UnreadableFile, match="damaged and has no readable summary"):
        parse_fit(fit_bytes([], garbage=b"\x05\x00\x00"))


def test_fit_with_a_wrong_checksum_is_rejected():
    data = fit_bytes([(START, 1800, 5000, "running")])

    with pytest.raises(UnreadableFile, match="checksum"):
        parse_fit(data[:-1] + bytes([data[-1] ^ 0xFF]))


def test_text_file_named_fit_is_rejected():
    with pytest.raises(UnreadableFile, match="not a FIT file"):
        parse_fit(b"this is not a fit file at all")


# --- Strava activities.csv ---------------------------------------------------------------


def test_strava_csv_imports_runs_only_with_metres_from_the_second_distance_column():
    data = strava_csv_bytes(
        [
            ("101", "Oct 5, 2014, 4:15:21 PM", "Evening Run", "Run", "2712", "9.38", "9385.2"),
            ("102", "Oct 6, 2014, 7:00:00 AM", "Commute", "Ride", "1800", "12.0", "12000.0"),
            ("103", "Oct 8, 2014, 6:01:02 AM", "Hills", "Trail Run", "3600", "10.1", "10104.9"),
        ]
    )

    runs = parse_strava_csv(data).runs

    assert [run.fingerprint for run in runs] == ["strava:101", "strava:103"]
    first = runs[0]
    assert first.started_at == utc("2014-10-05T16:15:21")
    assert (first.distance_m, first.duration_s) == (9385, 2712)
    assert first.notes == "Evening Run"
    assert first.source == Run.Source.STRAVA_CSV


def test_csv_that_is_not_a_strava_export_names_the_missing_columns():
    with pytest.raises(UnreadableFile, match="not Strava's activities.csv.*Activity Type"):
        parse_strava_csv(b"Activity ID,Activity Date,Distance\n1,2,3\n")


def test_strava_csv_with_a_bad_date_names_the_row():
    data = strava_csv_bytes([("101", "05/10/2014 16:15", "Run", "Run", "2712", "9.38", "9385.2")])

    with pytest.raises(UnreadableFile, match="Row 2: “05/10/2014 16:15” is not a date"):
        parse_strava_csv(data)


def test_strava_csv_with_text_in_a_number_column_names_the_row():
    data = strava_csv_bytes([("101", "Oct 5, 2014, 4:15:21 PM", "R", "Run", "2712", "9", "far")])

    with pytest.raises(UnreadableFile, match="Row 2: “far” in Distance"):
        parse_strava_csv(data)


def test_strava_csv_with_a_ragged_row_is_rejected():
    data = strava_csv_bytes([]) + b"1,2,3\n"

    with pytest.raises(UnreadableFile, match="Row 2 has 3 columns"):
        parse_strava_csv(data)


def test_strava_csv_without_runs_is_rejected():
    data = strava_csv_bytes([("1", "Oct 5, 2014, 4:15:21 PM", "Ride", "Ride", "60", "1", "1000")])

    with pytest.raises(UnreadableFile, match="no runs"):
        parse_strava_csv(data)


def test_strava_csv_that_is_not_utf8_is_rejected():
    with pytest.raises(UnreadableFile, match="not UTF-8"):
        parse_strava_csv(b"\xff\xfe\x00A\x00c")


# --- Refusing what is not a run ----------------------------------------------------------

PICTURE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("picture.gpx", "not a GPX file: it is not text"),
        ("picture.tcx", "not a TCX file: it is not text"),
        ("picture.csv", "not UTF-8 text"),
        ("picture.fit", "not a FIT file"),
    ],
)
def test_a_picture_renamed_to_an_activity_file_is_refused_with_a_reason(name, reason):
    with pytest.raises(UnreadableFile, match=reason):
        parse_activity_file(name, PICTURE)


def test_a_gpx_file_with_latin1_bytes_is_refused_as_not_utf8():
    data = gpx_bytes(start=START).replace(b"Synthetic run", "Läufchen".encode("latin-1"))

    with pytest.raises(UnreadableFile, match="not text"):
        parse_gpx(data)


def at(start: dt.datetime) -> dict[str, bytes]:
    """The same run starting at `start`, as each kind of file that can say so."""
    strava_date = f"{start:%b} {start.day}, {start.year:04d}, {start:%I:%M:%S %p}"
    return {
        "run.gpx": gpx_bytes(start=start),
        "run.tcx": tcx_bytes(start=start, laps=[(600, 2000)]),
        "activities.csv": strava_csv_bytes([("1", strava_date, "Run", "Run", "600", "2", "2000")]),
    }


@pytest.mark.parametrize(
    ("start", "reason"),
    [
        (dt.datetime(1, 1, 1, tzinfo=dt.UTC), "before 1990"),
        (dt.datetime(1989, 12, 31, 23, 0, tzinfo=dt.UTC), "before 1990"),
        (dt.datetime(2999, 1, 1, tzinfo=dt.UTC), "in the future"),
        (dt.datetime(2024, 5, 6, 12, 0, tzinfo=dt.UTC), "in the future"),  # tomorrow
    ],
)
@pytest.mark.parametrize("name", ["run.gpx", "run.tcx", "activities.csv"])
def test_a_run_dated_before_1990_or_in_the_future_is_refused(name, start, reason):
    data = at(start)[name]

    with (
        time_machine.travel(dt.datetime(2024, 5, 5, 9, 0, tzinfo=dt.UTC), tick=False),
        pytest.raises(UnreadableFile, match=reason),
    ):
        parse_activity_file(name, data)


def test_a_fit_session_dated_in_the_future_is_refused():
    data = fit_bytes([(dt.datetime(2099, 1, 1, tzinfo=dt.UTC), 1800, 5000, "running")])

    with pytest.raises(UnreadableFile, match="in the future"):
        parse_fit(data)


def test_a_tcx_start_at_the_end_of_time_with_an_offset_is_refused_not_overflowed():
    data = tcx_bytes(start=START, laps=[(600, 2000)]).replace(
        START.isoformat().encode(), b"9999-12-31T23:59:59-05:00"
    )

    with pytest.raises(UnreadableFile, match="not a real date"):
        parse_tcx(data)


@pytest.mark.parametrize(
    ("elapsed", "reason"),
    [
        ("nan", "duration is not a number"),
        ("inf", "duration is not a number"),
        ("-inf", "duration is not a number"),
        ("99999999999", "duration is 99,999,999,999 seconds, more than any run"),
    ],
)
def test_an_export_row_with_an_absurd_duration_is_refused_by_row(elapsed, reason):
    data = strava_csv_bytes([("1", "Oct 5, 2014, 4:15:21 PM", "R", "Run", elapsed, "2", "2000")])

    with pytest.raises(UnreadableFile, match=f"Row 2: .*{reason}"):
        parse_strava_csv(data)


@pytest.mark.parametrize("metres", ["nan", "1e400", "5000000000"])
def test_a_tcx_lap_with_an_absurd_distance_is_refused(metres):
    data = tcx_bytes(start=START, laps=[(600, 2000)]).replace(b">2000<", f">{metres}<".encode())

    with pytest.raises(UnreadableFile, match="distance"):
        parse_tcx(data)


def test_a_strava_activity_id_that_is_not_a_number_is_refused():
    data = strava_csv_bytes([("x" * 80, "Oct 5, 2014, 4:15:21 PM", "R", "Run", "60", "1", "1000")])

    with pytest.raises(UnreadableFile, match="Row 2: .* is not a Strava activity ID"):
        parse_strava_csv(data)


def test_a_strava_export_says_what_it_skipped():
    rows = [("1", "Oct 5, 2014, 4:15:21 PM", "Run", "Run", "60", "1", "1000")]
    rows += [
        (str(10 + i), "Oct 6, 2014, 4:15:21 PM", "R", "Ride", "60", "1", "1000")
        for i in range(1203)
    ]
    rows += [("9000", "Oct 7, 2014, 4:15:21 PM", "Up", "Hike", "60", "1", "1000")]

    parsed = parse_strava_csv(strava_csv_bytes(rows))

    assert len(parsed.runs) == 1
    assert parsed.skipped == (
        "1,204 other activities skipped (1,203 Ride, 1 Hike): only runs are imported."
    )


@pytest.mark.django_db
def test_a_runner_with_a_full_log_is_told_so_and_the_file_imports_nothing(monkeypatch):
    monkeypatch.setattr(imports, "MAX_RUNS_PER_ATHLETE", 2)
    athlete = AthleteFactory()
    RunFactory(athlete=athlete, started_at=START - dt.timedelta(days=30))
    data = strava_csv_bytes(
        [
            ("1", "Oct 5, 2014, 4:15:21 PM", "Run", "Run", "60", "1", "1000"),
            ("2", "Oct 7, 2014, 4:15:21 PM", "Run", "Run", "60", "1", "1000"),
        ]
    )

    result = import_activity_file(athlete=athlete, name="activities.csv", data=data)

    assert result.status == "error"
    assert "holds 1 runs and this file would add 2" in result.error
    assert "at most 2" in result.error
    assert athlete.runs.count() == 1


# --- One upload, many files: every file's outcome ----------------------------------------


@pytest.mark.django_db
def test_a_picture_named_gpx_beside_a_good_gpx_is_reported_and_the_good_one_shown(
    cast, django_capture_on_commit_callbacks
):
    files = [
        SimpleUploadedFile("good.gpx", gpx_bytes(start=START)),
        SimpleUploadedFile("picture.gpx", PICTURE),
    ]

    response = upload_and_import(
        client_for(cast.runner.user), files, django_capture_on_commit_callbacks
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "good.gpx" in content and "1 imported" in content
    assert "picture.gpx" in content and "not text" in content
    assert cast.runner.runs.count() == 1


@pytest.mark.django_db
def test_a_file_that_trips_an_unforeseen_error_costs_only_that_file(monkeypatch):
    athlete = AthleteFactory()

    def broken_parser(data: bytes):
        raise KeyError("a case nobody foresaw")

    monkeypatch.setitem(parsers.PARSERS, ".tcx", broken_parser)
    uploads = [
        SimpleUploadedFile("first.gpx", gpx_bytes(start=START)),
        SimpleUploadedFile("odd.tcx", tcx_bytes(start=START, laps=[(60, 200)])),
        SimpleUploadedFile("last.gpx", gpx_bytes(start=START + dt.timedelta(days=1))),
    ]

    results = import_now(athlete, uploads)

    assert [(r.file, r.status) for r in results] == [
        ("first.gpx", "imported"),
        ("odd.tcx", "error"),
        ("last.gpx", "imported"),
    ]
    assert "nothing from it was imported" in results[1].error
    assert athlete.runs.count() == 2


@pytest.mark.django_db
def test_the_import_page_says_what_a_strava_export_skipped(
    cast, django_capture_on_commit_callbacks
):
    data = strava_csv_bytes(
        [
            ("1", "Oct 5, 2014, 4:15:21 PM", "Run", "Run", "60", "1", "1000"),
            ("2", "Oct 6, 2014, 4:15:21 PM", "Ride", "Ride", "60", "1", "1000"),
            ("3", "Oct 7, 2014, 4:15:21 PM", "Swim", "Swim", "60", "1", "1000"),
        ]
    )

    response = upload_and_import(
        client_for(cast.runner.user),
        [SimpleUploadedFile("activities.csv", data)],
        django_capture_on_commit_callbacks,
    )

    assert "2 other activities skipped (1 Ride, 1 Swim)" in response.content.decode()


# --- Choosing the parser -----------------------------------------------------------------


def test_file_of_an_unknown_type_is_rejected_by_name():
    with pytest.raises(UnreadableFile, match="“.png” is none of these"):
        parse_activity_file("route.png", b"\x89PNG")


def test_empty_file_is_rejected():
    with pytest.raises(UnreadableFile, match="empty"):
        parse_activity_file("run.gpx", b"")


def test_parser_is_chosen_by_suffix_whatever_its_case():
    (run,) = parse_activity_file("RUN.TCX", tcx_bytes(start=START, laps=[(600, 2000)])).runs

    assert run.source == Run.Source.TCX


# --- Saving: atomic files, duplicates ----------------------------------------------------


@pytest.mark.django_db
def test_imported_run_is_saved_with_its_source_and_fingerprint():
    athlete = AthleteFactory()

    result = import_activity_file(athlete=athlete, name="a.gpx", data=gpx_bytes(start=START))

    assert (result.status, result.imported, result.duplicates) == ("imported", 1, 0)
    run = athlete.runs.get()
    assert run.source == Run.Source.GPX
    assert run.started_at == START
    assert len(run.source_fingerprint) == 64


@pytest.mark.django_db
def test_the_same_file_imported_twice_is_a_duplicate_the_second_time():
    athlete = AthleteFactory()
    data = fit_bytes([(START, 1800, 5000, "running")])
    import_activity_file(athlete=athlete, name="a.fit", data=data)

    again = import_activity_file(athlete=athlete, name="a.fit", data=data)

    assert (again.status, again.imported, again.duplicates) == ("duplicate", 0, 1)
    assert athlete.runs.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start_offset", "metres", "duplicate"),
    [
        (dt.timedelta(seconds=90), 5140, True),  # 90 s and 2.7 % apart: the same run
        (dt.timedelta(seconds=-119), 4860, True),
        (dt.timedelta(minutes=3), 5000, False),  # a second run soon after
        (dt.timedelta(seconds=30), 5200, False),  # 3.8 % longer: a different run
    ],
)
def test_run_already_logged_by_hand_is_recognised_within_two_minutes_and_three_percent(
    start_offset, metres, duplicate
):
    athlete = AthleteFactory()
    RunFactory(athlete=athlete, started_at=START, distance_m=5000)

    result = import_activity_file(
        athlete=athlete,
        name="b.fit",
        data=fit_bytes([(START + start_offset, 1800, metres, "running")]),
    )

    assert result.duplicates == int(duplicate)
    assert athlete.runs.count() == (1 if duplicate else 2)


@pytest.mark.django_db
def test_another_athletes_run_at_the_same_moment_is_not_a_duplicate():
    RunFactory(started_at=START, distance_m=5000)
    athlete = AthleteFactory()

    result = import_activity_file(
        athlete=athlete, name="c.fit", data=fit_bytes([(START, 1800, 5000, "running")])
    )

    assert result.imported == 1


@pytest.mark.django_db
def test_a_run_listed_twice_in_one_export_is_imported_once():
    athlete = AthleteFactory()
    data = strava_csv_bytes(
        [
            ("1", "Oct 5, 2014, 4:15:21 PM", "Run", "Run", "2712", "9.38", "9385.2"),
            ("2", "Oct 5, 2014, 4:16:00 PM", "Run (copy)", "Run", "2712", "9.38", "9385.2"),
            ("3", "Oct 7, 2014, 4:15:21 PM", "Run", "Run", "2000", "6.0", "6000.0"),
        ]
    )

    result = import_activity_file(athlete=athlete, name="activities.csv", data=data)

    assert (result.imported, result.duplicates) == (2, 1)


@pytest.mark.django_db
def test_a_bad_row_anywhere_in_an_export_imports_nothing_from_that_file():
    athlete = AthleteFactory()
    data = strava_csv_bytes(
        [
            ("1", "Oct 5, 2014, 4:15:21 PM", "Run", "Run", "2712", "9.38", "9385.2"),
            ("2", "yesterday", "Run", "Run", "2712", "9.38", "9385.2"),
        ]
    )

    result = import_activity_file(athlete=athlete, name="activities.csv", data=data)

    assert result.status == "error"
    assert "Row 3" in result.error
    assert not athlete.runs.exists()


@pytest.mark.django_db
def test_bad_files_are_reported_by_name_and_good_files_of_the_same_upload_still_import():
    athlete = AthleteFactory()
    uploads = [
        SimpleUploadedFile("good.gpx", gpx_bytes(start=START)),
        SimpleUploadedFile("broken.fit", b"not a fit file"),
        SimpleUploadedFile("empty.tcx", b""),
        SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff"),
        SimpleUploadedFile("huge.gpx", b"x" * (MAX_FILE_BYTES + 1)),
        SimpleUploadedFile(
            "good.tcx", tcx_bytes(start=START + dt.timedelta(days=1), laps=[(60, 200)])
        ),
    ]

    results = import_now(athlete, uploads)

    assert [(r.file, r.status) for r in results] == [
        ("good.gpx", "imported"),
        ("broken.fit", "error"),
        ("empty.tcx", "error"),
        ("photo.jpg", "error"),
        ("huge.gpx", "error"),
        ("good.tcx", "imported"),
    ]
    assert "20 MB" in results[4].error
    assert athlete.runs.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("already_logged", [0, 300])
def test_duplicate_detection_takes_one_query_per_file_however_many_runs(
    django_assert_max_num_queries, already_logged
):
    athlete = AthleteFactory()
    rows = [
        (
            str(i),
            f"Jan {1 + i % 28}, 20{10 + i // 28}, 7:00:00 AM",
            "Run",
            "Run",
            "1800",
            "5",
            "5000",
        )
        for i in range(300)
    ]
    data = strava_csv_bytes(rows)
    if already_logged:
        import_activity_file(athlete=athlete, name="activities.csv", data=data)

    # savepoint, athlete lock, duplicate lookup, the log's size (for the cap), one INSERT,
    # release; then, once per file: the
    # weekly totals (grouped read, stale-week delete, upsert in a savepoint: 5), personal bests
    # (three effort reads and the PB rows: 4), the goals the new runs might reach (1) and the
    # planned sessions the runs are matched to (a savepoint around the locked read: 3)
    with django_assert_max_num_queries(19):
        result = import_activity_file(athlete=athlete, name="activities.csv", data=data)

    assert (result.imported, result.duplicates) == (300 - already_logged, already_logged)


# --- The real files in ../shared/data/activities -----------------------------------------

REAL_RUNS = [
    # file, start (UTC), metres, tolerance, seconds — from SOURCES.md
    ("run_garmin-fr45.fit", "2021-03-13T10:57:29", 7864, 1, 3087),
    ("run_garmin-fenix2.fit", "2015-08-15T14:45:08", 9008, 1, 2832),
    ("run_polar-m400.gpx", "2020-10-26T17:07:30", 6930, 0.01, 3041),  # 50:41
    ("run_garmin-connect_hr.gpx", "2012-10-24T23:29:40", 3100, 0.01, 948),  # 15:48
    ("run_garmin-fr410.tcx", "2012-12-26T21:29:53", 4689, 1, 1993),  # 1992.8 s
    ("edge_triathlon_chained-multisession.fit", "2018-05-27T09:23:41", 9806, 1, 2851),
]


@pytest.mark.parametrize(("name", "start", "metres", "tolerance", "seconds"), REAL_RUNS)
def test_real_activity_file_matches_its_recorded_numbers(
    activities_dir, name, start, metres, tolerance, seconds
):
    (run,) = parse_activity_file(name, (activities_dir / name).read_bytes()).runs

    assert run.started_at == utc(start)
    if tolerance < 1:
        assert run.distance_m == pytest.approx(metres, rel=tolerance)
    else:
        assert abs(run.distance_m - metres) <= tolerance
    assert run.duration_s == seconds
    assert run.warning == ""


def test_real_strava_app_fit_is_recovered_from_its_session_summary(activities_dir):
    name = "broken_strava-android-app_run.fit"

    (run,) = parse_activity_file(name, (activities_dir / name).read_bytes()).runs

    assert (run.distance_m, run.duration_s) == (11274, 3558)
    assert run.started_at == utc("2021-09-27T14:13:10")
    assert "damaged FIT file" in run.warning


def test_real_truncated_fit_is_rejected(activities_dir):
    with pytest.raises(UnreadableFile, match="cut short"):
        parse_activity_file(
            "broken_truncated.fit", (activities_dir / "broken_truncated.fit").read_bytes()
        )


def test_real_gpx_with_almost_no_times_is_rejected(activities_dir):
    name = "edge_gpx_mostly-no-times.gpx"

    with pytest.raises(UnreadableFile, match="Only 5 of 296 track points have a time"):
        parse_activity_file(name, (activities_dir / name).read_bytes())


def test_real_strava_export_gives_its_643_runs(activities_dir):
    runs = parse_activity_file(
        "activities.csv", (activities_dir / "strava_export_activities.csv").read_bytes()
    ).runs

    assert len(runs) == 643
    first = next(run for run in runs if run.fingerprint == "strava:740821460")
    assert first.started_at == utc("2016-10-10T20:55:48")
    assert (first.distance_m, first.duration_s) == (6639, 1770)


@pytest.mark.django_db
def test_real_strava_export_imports_quickly_and_a_second_time_adds_nothing(activities_dir):
    athlete = AthleteFactory()
    data = (activities_dir / "strava_export_activities.csv").read_bytes()

    started = time.perf_counter()
    first = import_activity_file(athlete=athlete, name="activities.csv", data=data)
    elapsed = time.perf_counter() - started
    again = import_activity_file(athlete=athlete, name="activities.csv", data=data)

    assert (first.imported, first.duplicates) == (643, 0)
    assert (again.status, again.imported, again.duplicates) == ("duplicate", 0, 643)
    assert athlete.runs.count() == 643
    assert elapsed < 5


@pytest.mark.django_db
def test_every_real_file_uploaded_together_imports_or_fails_on_its_own(activities_dir):
    athlete = AthleteFactory()
    uploads = [
        SimpleUploadedFile(path.name, path.read_bytes())
        for path in sorted(activities_dir.iterdir())
        if path.suffix != ".md"
    ]

    results = {r.file: r for r in import_now(athlete, uploads)}

    assert {name for name, r in results.items() if r.status == "error"} == {
        "broken_truncated.fit",
        "edge_gpx_mostly-no-times.gpx",
    }
    assert results["strava_export_activities.csv"].imported == 643
    assert results["broken_strava-android-app_run.fit"].note.startswith("Recovered")
    assert athlete.runs.count() == 643 + len(REAL_RUNS) + 1
