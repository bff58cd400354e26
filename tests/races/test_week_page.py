"""The week page: built from the season plan when first opened, seven days with targets and the
matched runs, moving a session (HTMX and a plain form) and the maintenance swap, the week's
total and ramp re-checked, and its query count pinned."""

import datetime as dt

import pytest
from django.urls import reverse

from athletes.measures import monday_of
from checkins import sessions
from checkins.models import PlannedSession
from races.services import RaceDraft, race_create
from races.week_sessions import plan_week
from tests.checkins.factories import PlannedSessionFactory, RunFactory
from tests.conftest import client_for
from tests.races.factories import RaceFactory

pytestmark = pytest.mark.django_db


def week_url(monday: dt.date) -> str:
    return reverse("races:week", args=[monday])


def test_opening_this_week_plans_it_from_the_season_plan(cast, today):
    RaceFactory(athlete=cast.runner, priority="A", date=today + dt.timedelta(weeks=20))
    monday = monday_of(today)
    page = client_for(cast.runner.user).get(week_url(monday))
    assert page.status_code == 200
    sessions = PlannedSession.objects.filter(athlete=cast.runner)
    assert sessions.count() == 7
    target = page.context["page"].summary.target
    assert target.source.startswith("the season plan")
    assert sum(s.distance_m or 0 for s in sessions) == target.target_m
    # The long run falls on the day with most minutes: Sunday (90) by the factory's defaults.
    assert sessions.get(kind="long").day == monday + dt.timedelta(days=6)


def test_a_week_gone_is_never_planned_after_the_fact(cast, today):
    client_for(cast.runner.user).get(week_url(monday_of(today) - dt.timedelta(weeks=1)))
    assert not PlannedSession.objects.filter(athlete=cast.runner).exists()


def test_a_rebuild_keeps_the_coachs_sessions_and_whats_done(cast, today):
    monday = monday_of(today) + dt.timedelta(weeks=1)
    coach_session = PlannedSessionFactory(
        athlete=cast.runner, day=monday + dt.timedelta(days=2), kind="intervals", by_coach=True
    )
    assert plan_week(cast.runner, monday) == 0
    added = plan_week(cast.runner, monday, rebuild=True)
    assert added == 6
    assert PlannedSession.objects.get(pk=coach_session.pk).kind == "intervals"
    assert PlannedSession.objects.filter(athlete=cast.runner, day=coach_session.day).count() == 1


def test_the_week_shows_the_matched_run_and_how_it_went(cast, today):
    monday = monday_of(today) - dt.timedelta(weeks=1)
    run = RunFactory(
        athlete=cast.runner,
        started_at=dt.datetime.combine(monday, dt.time(7), tzinfo=cast.runner.zone),
        distance_m=8200,
        duration_s=2700,
    )
    PlannedSessionFactory(athlete=cast.runner, day=monday, distance_m=8000, run=run)
    PlannedSessionFactory(athlete=cast.runner, day=monday + dt.timedelta(days=1), distance_m=6000)
    page = client_for(cast.coach.user).get(
        reverse("races:athlete-week", args=[cast.runner.pk, monday])
    )
    html = page.content.decode()
    assert 'data-compliance="as planned"' in html and "Run: 8.2 km in 45:00" in html
    assert 'data-compliance="missed"' in html
    assert "1 session not run this week" in html


def test_moving_a_session_without_javascript_comes_back_to_the_week(cast, today):
    monday = monday_of(today)
    session = PlannedSessionFactory(athlete=cast.runner, day=monday)
    answer = client_for(cast.coach.user).post(
        reverse("races:session-move", args=[session.pk]),
        {"day": (monday + dt.timedelta(days=4)).isoformat()},
    )
    assert answer.status_code == 302
    assert answer["Location"] == reverse("races:athlete-week", args=[cast.runner.pk, monday])
    session.refresh_from_db()
    assert session.day == monday + dt.timedelta(days=4) and session.by_coach


def test_moving_with_htmx_answers_the_weeks_days(cast, today):
    monday = monday_of(today)
    session = PlannedSessionFactory(athlete=cast.runner, day=monday)
    answer = client_for(cast.runner.user).post(
        reverse("races:session-move", args=[session.pk]),
        {"day": (monday + dt.timedelta(days=2)).isoformat()},
        headers={"HX-Request": "true"},
    )
    html = answer.content.decode()
    assert html.lstrip().startswith('<div id="week-days">') and "<html" not in html
    assert "moved to" in html
    refused = client_for(cast.runner.user).post(
        reverse("races:session-move", args=[session.pk]),
        {"day": "someday"},
        headers={"HX-Request": "true"},
    )
    assert "Pick a day" in refused.content.decode()


def test_the_maintenance_swap_is_one_click(cast, today):
    monday = monday_of(today)
    session = PlannedSessionFactory(
        athlete=cast.runner, day=monday, kind="tempo", distance_m=10_000
    )
    answer = client_for(cast.runner.user).post(
        reverse("races:session-swap", args=[session.pk]), follow=True
    )
    assert "Swapped for a maintenance run" in answer.content.decode()
    session.refresh_from_db()
    assert (session.kind, session.distance_m, session.is_maintenance) == ("easy", 5000, True)


def test_the_week_total_is_checked_against_the_ramp(cast, today):
    monday = monday_of(today) - dt.timedelta(weeks=1)
    RunFactory(
        athlete=cast.runner,
        started_at=dt.datetime.combine(
            monday - dt.timedelta(days=3), dt.time(7), tzinfo=cast.runner.zone
        ),
        distance_m=10_000,
    )
    PlannedSessionFactory(athlete=cast.runner, day=monday, distance_m=12_000)
    page = client_for(cast.runner.user).get(week_url(monday))
    assert page.context["page"].summary.over_ramp
    assert "Above the 10 % ramp" in page.content.decode()


@pytest.mark.parametrize("sessions", [3, 21])
def test_the_week_page_costs_the_same_however_full_the_week(
    cast, today, sessions, django_assert_num_queries
):
    monday = monday_of(today) - dt.timedelta(weeks=1)
    RaceFactory(athlete=cast.runner, priority="A", date=today + dt.timedelta(weeks=20))
    for index in range(sessions):
        day = monday + dt.timedelta(days=index % 7)
        run = RunFactory(
            athlete=cast.runner,
            started_at=dt.datetime.combine(day, dt.time(6 + index // 7), tzinfo=cast.runner.zone),
        )
        PlannedSessionFactory(athlete=cast.runner, day=day, run=run)
    client = client_for(cast.runner.user)
    with django_assert_num_queries(18):
        assert client.get(week_url(monday)).status_code == 200


def test_a_coach_adds_a_structured_session_in_the_runners_unit(cast, today):
    cast.runner.units = "mi"
    cast.runner.save()
    monday = monday_of(today)
    steps = (
        '[{"step": "warmup", "distance_m": 1600}, {"step": "work", "duration_s": 1200, "rpe": 7}]'
    )
    answer = client_for(cast.coach.user).post(
        reverse("races:session-new", args=[cast.runner.pk, monday]),
        {
            "day": monday.isoformat(),
            "kind": "tempo",
            "distance": "5",
            "duration": "50:00",
            "steps_json": steps,
        },
    )
    assert answer.status_code == 302
    session = PlannedSession.objects.get(athlete=cast.runner)
    assert (session.distance_m, session.duration_s, session.by_coach) == (8047, 3000, True)
    assert session.steps[1] == {"step": "work", "duration_s": 1200, "rpe": 7}


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"kind": "easy"}, "distance", "Give a distance, a time, or both."),
        ({"kind": "rest", "distance": "5"}, "kind", "A rest day has no distance"),
        ({"kind": "tempo", "distance": "8", "steps_json": "[{"}, "steps_json", "That is not JSON"),
        (
            {"kind": "tempo", "distance": "8", "steps_json": '[{"step": "sprint"}]'},
            "steps_json",
            "each step is one of",
        ),
        ({"kind": "easy", "duration": "soon"}, "duration", ""),
    ],
)
def test_a_session_the_rules_refuse_keeps_what_was_typed_with_the_reason(
    cast, today, form, field, message
):
    monday = monday_of(today)
    answer = client_for(cast.runner.user).post(
        reverse("races:session-new", args=[cast.runner.pk, monday]),
        {"day": monday.isoformat(), **form},
    )
    assert answer.status_code == 200
    errors = answer.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not PlannedSession.objects.exists()


def test_a_runner_edits_and_removes_a_session(cast, today):
    session = PlannedSessionFactory(athlete=cast.runner, day=monday_of(today), distance_m=8000)
    client = client_for(cast.runner.user)
    edit = client.get(reverse("races:session-edit", args=[session.pk]))
    assert edit.context["form"].initial["distance"] == 8
    client.post(
        reverse("races:session-edit", args=[session.pk]),
        {"day": session.day.isoformat(), "kind": "long", "distance": "14", "notes": "Hilly"},
    )
    session.refresh_from_db()
    assert (session.kind, session.distance_m, session.by_coach) == ("long", 14_000, False)
    client.post(reverse("races:session-delete", args=[session.pk]))
    assert not PlannedSession.objects.filter(pk=session.pk).exists()


def test_the_coachs_athlete_page_shows_this_weeks_sessions(cast, today):
    PlannedSessionFactory(athlete=cast.runner, day=monday_of(today), kind="tempo", distance_m=9000)
    html = (
        client_for(cast.coach.user)
        .get(reverse("athlete-detail", args=[cast.runner.pk]))
        .content.decode()
    )
    assert 'id="athlete-week"' in html and "9.0 km" in html
    assert reverse("races:athlete-week", args=[cast.runner.pk, monday_of(today)]) in html


def test_a_race_saved_plans_the_weeks_ahead_again_keeping_what_a_person_changed(cast, today):
    next_monday = monday_of(today) + dt.timedelta(weeks=1)
    plan_week(cast.runner, next_monday)
    built = PlannedSession.objects.filter(athlete=cast.runner).exclude(kind="rest")
    assert {s.kind for s in built} <= {"easy", "long"}  # no season yet: the recent average
    touched = built.order_by("day").first()
    assert touched is not None
    touched.notes = "With the club"
    sessions.session_save(session=touched, by=cast.runner.user)
    race = RaceDraft(
        name="Spring Marathon", date=today + dt.timedelta(weeks=12), distance_m=42195, priority="A"
    )
    race_create(athlete=cast.runner, by=cast.runner.user, draft=race)
    week = PlannedSession.objects.filter(athlete=cast.runner).between(
        next_monday, next_monday + dt.timedelta(days=6)
    )
    assert week.get(pk=touched.pk).notes == "With the club"
    assert week.count() == 7
    assert not week.filter(created_at__lt=touched.updated_at).exclude(pk=touched.pk).exists()


def test_a_rebuild_never_plans_a_day_gone(cast, today):
    last_week = monday_of(today) - dt.timedelta(weeks=1)
    assert plan_week(cast.runner, last_week, rebuild=True) == 0
    assert not PlannedSession.objects.filter(athlete=cast.runner).exists()
    page = client_for(cast.runner.user).get(week_url(last_week))
    assert "Plan this week again" not in page.content.decode()


def test_the_week_says_when_the_runners_days_changed_since_it_was_planned(cast, today):
    next_monday = monday_of(today) + dt.timedelta(weeks=1)
    client = client_for(cast.runner.user)
    assert 'id="plan-changed"' not in client.get(week_url(next_monday)).content.decode()
    cast.runner.minutes_sun = 0
    cast.runner.minutes_fri = 120
    cast.runner.save()
    assert 'id="plan-changed"' in client.get(week_url(next_monday)).content.decode()
    client.post(reverse("races:week-rebuild", args=[cast.runner.pk, next_monday]))
    long_run = PlannedSession.objects.get(athlete=cast.runner, kind="long")
    assert long_run.day == next_monday + dt.timedelta(days=4)
    assert 'id="plan-changed"' not in client.get(week_url(next_monday)).content.decode()


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-27", "1989-12-25"])
def test_a_week_outside_the_logs_dates_is_no_page(cast, week):
    client = client_for(cast.runner.user)
    assert client.get(f"/week/{week}/").status_code == 404
    coach = client_for(cast.coach.user)
    athlete = cast.runner.pk
    assert coach.get(f"/athletes/{athlete}/week/{week}/sessions/new/").status_code == 404
    assert coach.post(f"/athletes/{athlete}/week/{week}/rebuild/").status_code == 404
