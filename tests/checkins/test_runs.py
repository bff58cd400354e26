import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from athletes.units import format_distance, from_metres, parse_duration, to_metres
from checkins.forms.runs import RunForm
from checkins.imports import MAX_FILE_BYTES, MAX_FILES_PER_UPLOAD
from checkins.models import Run
from checkins.runs import WEEKS_PER_PAGE, local_start, run_log_page
from tests.athletes.factories import AthleteFactory
from tests.checkins.activity_files import gpx_bytes, strava_csv_bytes
from tests.checkins.factories import RunFactory
from tests.checkins.import_helpers import upload_and_import
from tests.conftest import client_for

NOW = dt.datetime(2024, 5, 8, 12, 0, tzinfo=dt.UTC)  # a Wednesday
THIS_MONDAY = dt.date(2024, 5, 6)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def form_data(**overrides) -> dict:
    return {
        "day": "2024-05-07",
        "start_time": "06:45",
        "distance": "10",
        "duration": "52:30",
        "kind": Run.Kind.EASY,
        "rpe": "4",
        "notes": "Felt good",
        **overrides,
    }


# --- Units and durations -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45:00", 2700),
        ("1:02:03", 3723),
        ("62 min", 3720),
        ("62min", 3720),
        ("1h 5m", 3900),
        ("90", 5400),
        ("  48:10 ", 2890),
    ],
)
def test_durations_are_read_the_ways_runners_write_them(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "fast", "1:75:00", "45:99", "12:3"])
def test_durations_that_are_not_durations_are_refused(text):
    with pytest.raises(ValueError, match="duration|below 60"):
        parse_duration(text)


@pytest.mark.parametrize(("value", "unit", "metres"), [(5, "mi", 8047), (10, "km", 10000)])
def test_distance_round_trips_between_unit_and_metres(value, unit, metres):
    assert to_metres(value, unit) == metres
    assert round(from_metres(metres, unit), 2) == value


# --- The run log, week by week -----------------------------------------------------------


@pytest.mark.django_db
def test_runs_are_grouped_by_monday_weeks_in_the_athletes_own_zone():
    athlete = AthleteFactory(time_zone="Pacific/Auckland")
    sunday_night = local_start(athlete, day=dt.date(2024, 5, 5), time=dt.time(23, 30))
    monday_morning = local_start(athlete, day=dt.date(2024, 5, 6), time=dt.time(0, 30))
    RunFactory(athlete=athlete, started_at=sunday_night)
    RunFactory(athlete=athlete, started_at=monday_morning)

    page = run_log_page(athlete)

    assert monday_morning.weekday() == 6  # still Sunday in UTC
    assert page.weeks[0].week_start == THIS_MONDAY
    assert [run.started_at for run in page.weeks[0].runs] == [monday_morning]
    assert [run.started_at for run in page.weeks[1].runs] == [sunday_night]


@pytest.mark.django_db
def test_weekly_totals_count_runs_but_not_strength_or_cross_training():
    athlete = AthleteFactory()
    monday = local_start(athlete, day=THIS_MONDAY, time=dt.time(7))
    RunFactory(athlete=athlete, started_at=monday, distance_m=8000, duration_s=2400)
    RunFactory(
        athlete=athlete, started_at=monday + dt.timedelta(days=1), distance_m=5000, duration_s=1500
    )
    RunFactory(
        athlete=athlete,
        started_at=monday + dt.timedelta(hours=9),
        kind=Run.Kind.STRENGTH,
        distance_m=0,
    )

    week = run_log_page(athlete).weeks[0]

    assert (week.run_count, week.distance_m, week.duration_s) == (2, 13000, 3900)
    assert len(week.runs) == 3


@pytest.mark.django_db
def test_a_page_holds_eight_weeks_and_older_skips_to_the_last_week_with_runs():
    athlete = AthleteFactory()
    long_ago = local_start(athlete, day=dt.date(2023, 6, 14), time=dt.time(7))
    RunFactory(athlete=athlete, started_at=long_ago)

    page = run_log_page(athlete)

    assert len(page.weeks) == WEEKS_PER_PAGE
    assert page.weeks[-1].week_start == THIS_MONDAY - dt.timedelta(weeks=7)
    assert page.older == dt.date(2023, 6, 12)
    assert page.newer is None
    older = run_log_page(athlete, top_week=page.older)
    assert older.weeks[0].runs[0].started_at == long_ago
    assert older.newer == dt.date(2023, 8, 7)
    assert older.older is None


@pytest.mark.django_db
def test_a_page_never_starts_in_the_future_or_mid_week():
    athlete = AthleteFactory()

    assert run_log_page(athlete, top_week=dt.date(2030, 1, 1)).weeks[0].week_start == THIS_MONDAY
    assert run_log_page(athlete, top_week=dt.date(2024, 4, 3)).weeks[0].week_start == dt.date(
        2024, 4, 1
    )


# --- The run form --------------------------------------------------------------------------


@pytest.mark.django_db
def test_run_is_stored_in_metres_seconds_and_utc_from_the_runners_miles_and_local_time():
    athlete = AthleteFactory(units="mi", time_zone="America/New_York")
    form = RunForm(form_data(distance="6.2", duration="1:02:03"), athlete=athlete)

    assert form.is_valid(), form.errors
    run = form.save()

    assert run.distance_m == 9978
    assert run.duration_s == 3723
    assert run.started_at == dt.datetime(2024, 5, 7, 10, 45, tzinfo=dt.UTC)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "time", "zone", "message"),
    [
        ("0001-01-01", "00:30", "Europe/Paris", "before 1990"),
        ("1989-12-31", "23:00", "UTC", "before 1990"),
        ("9999-12-31", "23:59", "America/New_York", "in the future"),
    ],
)
def test_a_day_no_run_can_have_is_refused_beside_the_field(day, time, zone, message):
    """At the ends of the calendar the start cannot even be placed in the runner's zone."""
    athlete = AthleteFactory(time_zone=zone)
    form = RunForm(form_data(day=day, start_time=time), athlete=athlete)
    assert not form.is_valid()
    assert message in form.errors["day"][0]


@pytest.mark.django_db
def test_editing_only_the_notes_keeps_the_exact_distance_and_start_of_an_imported_run():
    athlete = AthleteFactory(units="mi")
    started = dt.datetime(2024, 5, 7, 6, 45, 29, tzinfo=dt.UTC)
    run = RunFactory(athlete=athlete, started_at=started, distance_m=7864, duration_s=3087)
    shown = RunForm(instance=run, athlete=athlete).initial
    data = form_data(
        day=shown["day"].isoformat(),
        start_time=shown["start_time"].strftime("%H:%M"),
        distance=str(shown["distance"]),
        duration=shown["duration"],
        notes="Windy",
    )

    form = RunForm(data, instance=run, athlete=athlete)
    assert form.is_valid(), form.errors
    form.save()

    run.refresh_from_db()
    assert (run.distance_m, run.duration_s, run.started_at, run.notes) == (
        7864,
        3087,
        started,
        "Windy",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"duration": "fast"}, "duration", "not a duration we understand"),
        ({"duration": "0:00"}, "duration", "more than zero"),
        ({"distance": "-1"}, "distance", "greater than or equal to 0"),
        ({"distance": "0"}, "distance", "Enter how far you ran"),
        ({"distance": "2000"}, "distance", "check the unit"),
        ({"rpe": "11"}, "rpe", "less than or equal to 10"),
        ({"day": "2024-05-09"}, "day", "in the future"),
        ({"day": "yesterday"}, "day", "Enter a valid date"),
    ],
)
def test_bad_run_input_is_explained_beside_the_field(overrides, field, message):
    form = RunForm(form_data(**overrides), athlete=AthleteFactory())

    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


@pytest.mark.django_db
def test_a_strength_session_may_have_no_distance():
    form = RunForm(form_data(distance="0", kind=Run.Kind.STRENGTH), athlete=AthleteFactory())

    assert form.is_valid(), form.errors


# --- Pages ---------------------------------------------------------------------------------


@pytest.fixture
def run(cast):
    return RunFactory(athlete=cast.runner, started_at=NOW - dt.timedelta(days=1), notes="Hill reps")


def people(cast):
    return {
        "owner": cast.runner.user,
        "coach": cast.coach.user,
        "other coach": cast.other_coach.user,
        "other runner": cast.other_runner.user,
        "self-coached": cast.self_coached.user,
        "staff": cast.staff,
        "anonymous": None,
    }


SCOPING = [
    # (route, method, {person: expected status}); 302 for anonymous is the login redirect
    (
        "checkins:athlete-runs",
        "get",
        {
            "owner": 302,
            "coach": 200,
            "other coach": 404,
            "other runner": 404,
            "self-coached": 404,
            "staff": 200,
            "anonymous": 302,
        },
    ),
    (
        "checkins:run-edit",
        "get",
        {
            "owner": 200,
            "coach": 404,
            "other coach": 404,
            "other runner": 404,
            "self-coached": 404,
            "staff": 200,
            "anonymous": 302,
        },
    ),
    (
        "checkins:run-delete",
        "post",
        {
            "owner": 302,
            "coach": 404,
            "other coach": 404,
            "other runner": 404,
            "self-coached": 404,
            "staff": 302,
            "anonymous": 302,
        },
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method", "expected"), SCOPING)
def test_scoping_walk_for_one_athletes_runs(cast, run, route, method, expected):
    pk = cast.runner.pk if route == "checkins:athlete-runs" else run.pk
    url = reverse(route, args=[pk])
    for who, user in people(cast).items():
        if route == "checkins:run-delete":
            run.save()  # put it back after a delete that succeeded
        response = getattr(client_for(user), method)(url)
        assert response.status_code == expected[who], who
        if who == "anonymous":
            assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["checkins:run-log", "checkins:run-new", "checkins:run-import"])
def test_own_run_pages_are_for_runners_only(cast, route):
    url = reverse(route)
    assert client_for(cast.runner.user).get(url).status_code == 200
    assert client_for(cast.self_coached.user).get(url).status_code == 200
    assert client_for(cast.coach.user).get(url).status_code == 404
    assert client_for(None).get(url).url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "method", "args"),
    [
        ("checkins:run-log", "post", []),
        ("checkins:athlete-runs", "post", ["athlete"]),
        ("checkins:run-edit", "put", ["run"]),
        ("checkins:run-delete", "get", ["run"]),
        ("checkins:run-import", "delete", []),
    ],
)
def test_run_pages_refuse_the_wrong_method(cast, run, route, method, args):
    objects = {"athlete": cast.runner.pk, "run": run.pk}
    url = reverse(route, args=[objects[name] for name in args])

    response = getattr(
        client_for(cast.coach.user if route == "checkins:athlete-runs" else cast.runner.user),
        method,
    )(url)

    assert response.status_code == 405
    assert Run.objects.filter(pk=run.pk).exists()


@pytest.mark.django_db
def test_a_runner_without_runs_is_shown_how_to_add_one(cast):
    content = client_for(cast.runner.user).get(reverse("checkins:run-log")).content.decode()

    assert "No runs yet" in content
    assert "No runs this week" not in content


@pytest.mark.django_db
def test_coach_sees_their_athletes_runs_without_edit_buttons(cast, run):
    response = client_for(cast.coach.user).get(
        reverse("checkins:athlete-runs", args=[cast.runner.pk])
    )

    content = response.content.decode()
    assert "Hill reps" in content
    assert "8.0 km" in content
    assert reverse("checkins:run-edit", args=[run.pk]) not in content
    assert reverse("checkins:run-delete", args=[run.pk]) not in content


@pytest.mark.django_db
def test_runner_sees_pace_and_totals_in_their_unit(cast):
    cast.runner.units = "mi"
    cast.runner.save()
    RunFactory(
        athlete=cast.runner,
        started_at=NOW - dt.timedelta(hours=3),
        distance_m=8047,
        duration_s=2400,
    )

    content = client_for(cast.runner.user).get(reverse("checkins:run-log")).content.decode()

    assert "5.0 mi in 40:00 · 8:00 /mi" in content
    assert "1 run · 5.0 mi · 40:00" in content


@pytest.mark.django_db
def test_runner_logs_a_run(cast):
    response = client_for(cast.runner.user).post(reverse("checkins:run-new"), form_data())

    assert response.status_code == 302
    run = cast.runner.runs.get()
    assert (run.distance_m, run.duration_s, run.rpe, run.source) == (
        10000,
        3150,
        4,
        Run.Source.MANUAL,
    )


@pytest.mark.django_db
def test_new_run_form_starts_at_the_runners_local_date_and_time(cast):
    cast.runner.time_zone = "Asia/Kolkata"
    cast.runner.save()

    content = client_for(cast.runner.user).get(reverse("checkins:run-new")).content.decode()

    assert 'type="date" name="day" value="2024-05-08"' in content
    assert 'value="17:30"' in content  # 12:00 UTC


@pytest.mark.django_db
def test_a_refused_run_keeps_everything_the_runner_typed(cast):
    data = form_data(duration="about an hour", notes="Long story about the wind")

    response = client_for(cast.runner.user).post(reverse("checkins:run-new"), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert "not a duration we understand" in content
    assert 'value="about an hour"' in content
    assert "Long story about the wind" in content
    assert not cast.runner.runs.exists()


@pytest.mark.django_db
def test_runner_edits_and_deletes_a_run(cast, run):
    client = client_for(cast.runner.user)

    client.post(
        reverse("checkins:run-edit", args=[run.pk]), form_data(distance="12.5", kind=Run.Kind.LONG)
    )
    run.refresh_from_db()
    assert (run.distance_m, run.kind) == (12500, Run.Kind.LONG)

    client.post(reverse("checkins:run-delete", args=[run.pk]))
    assert not Run.objects.filter(pk=run.pk).exists()


@pytest.mark.django_db
def test_htmx_page_change_answers_with_the_weeks_fragment_only(cast, run):
    response = client_for(cast.runner.user).get(
        reverse("checkins:run-log"), {"week": "2024-03-04"}, headers={"HX-Request": "true"}
    )

    content = response.content.decode()
    assert content.lstrip().startswith('<div id="run-weeks">')
    assert "<html" not in content
    assert "4 Mar – 10 Mar 2024" in content


def _fill_past_weeks(athlete, per_week: int) -> None:
    """`per_week` runs a day apart in each of the twelve weeks before this one."""
    for week in range(1, 13):
        monday = THIS_MONDAY - dt.timedelta(weeks=week)
        for day in range(per_week):
            started = local_start(athlete, day=monday + dt.timedelta(days=day), time=dt.time(7))
            RunFactory(athlete=athlete, started_at=started)


@pytest.mark.django_db
@pytest.mark.parametrize("per_week", [1, 7])
def test_run_log_query_count_does_not_grow_with_runs(cast, django_assert_max_num_queries, per_week):
    _fill_past_weeks(cast.runner, per_week)
    runner, coach = client_for(cast.runner.user), client_for(cast.coach.user)

    # session, user, athlete, coach profile (the menu), the page's runs, the newest older run
    with django_assert_max_num_queries(6):
        response = runner.get(reverse("checkins:run-log"))
    shown = response.content.decode().count('class="row spread run"')
    assert shown == (WEEKS_PER_PAGE - 1) * per_week
    # session, user, athlete, runs, older run, and the menu's coach and athlete profiles
    with django_assert_max_num_queries(7):
        coach.get(reverse("checkins:athlete-runs", args=[cast.runner.pk]))


@pytest.mark.django_db
def test_import_page_reports_each_file_and_imports_the_good_ones(
    cast, django_capture_on_commit_callbacks
):
    files = [
        SimpleUploadedFile("morning.gpx", gpx_bytes(start=NOW - dt.timedelta(days=2))),
        SimpleUploadedFile("broken.fit", b"garbage"),
    ]

    response = upload_and_import(
        client_for(cast.runner.user), files, django_capture_on_commit_callbacks
    )

    content = response.content.decode()
    assert "morning.gpx" in content and "1 imported" in content
    assert "broken.fit" in content and "not a FIT file" in content
    assert cast.runner.runs.count() == 1


@pytest.mark.django_db
def test_import_results_say_what_each_file_added_in_the_runners_zone_and_unit(
    cast, django_capture_on_commit_callbacks
):
    cast.runner.units, cast.runner.time_zone = "mi", "America/Los_Angeles"
    cast.runner.save()
    # 03:00 UTC on Monday 6 May is still Sunday evening in Los Angeles.
    evening = dt.datetime(2024, 5, 6, 3, 0, tzinfo=dt.UTC)
    export = strava_csv_bytes(
        [
            ("101", "Apr 2, 2024, 4:15:21 PM", "Easy", "Run", "2712", "9.38", "9385.2"),
            ("102", "Apr 20, 2024, 7:00:00 AM", "Long", "Run", "5400", "16.0", "16000.0"),
            ("103", "Apr 9, 2024, 6:01:02 AM", "Hills", "Run", "3600", "10.1", "10104.9"),
        ]
    )
    files = [
        SimpleUploadedFile("sunday.gpx", gpx_bytes(start=evening)),
        SimpleUploadedFile("activities.csv", export),
    ]

    response = upload_and_import(
        client_for(cast.runner.user), files, django_capture_on_commit_callbacks
    )

    content = response.content.decode()
    sunday = cast.runner.runs.get(source=Run.Source.GPX)
    assert (
        f'<span class="import-what">Sun 5 May 2024 · {format_distance(sunday.distance_m, "mi")}'
        " · 10:00</span>" in content
    )
    assert '<span class="import-what">3 runs, 2 Apr 2024 – 20 Apr 2024</span>' in content


@pytest.mark.django_db
def test_import_without_files_asks_for_one(cast):
    response = client_for(cast.runner.user).post(reverse("checkins:run-import"), {})

    assert response.status_code == 200
    assert "Choose at least one file" in response.content.decode()
    assert not cast.runner.import_jobs.exists()


@pytest.mark.django_db
def test_an_upload_over_20_mb_is_refused_by_name_while_the_other_file_imports(
    cast, django_capture_on_commit_callbacks
):
    files = [
        SimpleUploadedFile("everything.gpx", b" " * (MAX_FILE_BYTES + 1)),
        SimpleUploadedFile("morning.gpx", gpx_bytes(start=NOW - dt.timedelta(days=2))),
    ]

    response = upload_and_import(
        client_for(cast.runner.user), files, django_capture_on_commit_callbacks
    )

    content = response.content.decode()
    assert "everything.gpx" in content and "the limit is 20 MB" in content
    assert "morning.gpx" in content and "1 imported" in content
    assert cast.runner.runs.count() == 1


@pytest.mark.django_db
def test_too_many_files_at_once_are_refused_beside_the_field_not_with_a_bare_400(cast):
    files = [
        SimpleUploadedFile(f"run{index}.gpx", b"<gpx/>")
        for index in range(MAX_FILES_PER_UPLOAD + 1)
    ]

    response = client_for(cast.runner.user).post(reverse("checkins:run-import"), {"files": files})

    assert response.status_code == 200
    content = response.content.decode()
    assert f"You chose {MAX_FILES_PER_UPLOAD + 1} files" in content
    assert "activities.csv" in content
    assert not cast.runner.runs.exists()
    assert not cast.runner.import_jobs.exists()
