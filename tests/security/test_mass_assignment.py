"""Fields the server owns (status, timestamps, version, owner, coach, squad, staff flag) cannot
be set by whoever sends a PATCH, a POST or a form."""

import datetime as dt

from django.test import Client
from rest_framework.test import APIClient

from athletes.models import Athlete
from checkins.models import Run, WeeklyReview
from goals.models import Goal
from tests.athletes.factories import AthleteFactory, SquadFactory
from tests.checkins.factories import RunFactory, WeeklyReviewFactory
from tests.goals.factories import BenchmarkFactory, GoalFactory, MilestoneFactory

LONG_AGO = "2001-01-01T00:00:00Z"


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_runner_cannot_set_coach_squad_or_owner_of_their_athlete_profile(cast):
    other_squad = SquadFactory(coach=cast.other_coach)
    response = api_as(cast.self_coached.user).patch(
        f"/api/v1/athletes/{cast.self_coached.pk}/",
        {
            "coach": cast.other_coach.pk,
            "squad": other_squad.pk,
            "coached_since": LONG_AGO,
            "user": {"email": "x@example.org", "is_staff": True},
            "units": "mi",
        },
        format="json",
    )
    assert response.status_code == 200
    athlete = Athlete.objects.select_related("user").get(pk=cast.self_coached.pk)
    assert (athlete.coach, athlete.squad, athlete.coached_since) == (None, None, None)
    assert athlete.units == "mi"
    assert not athlete.user.is_staff
    assert athlete.user.email != "x@example.org"


def test_the_me_endpoint_is_read_only(cast):
    response = api_as(cast.runner.user).patch("/api/v1/me/", {"is_staff": True}, format="json")
    assert response.status_code == 405
    cast.runner.user.refresh_from_db()
    assert not cast.runner.user.is_staff


def test_a_runner_cannot_set_server_owned_fields_of_a_review(cast, now):
    review = WeeklyReviewFactory(athlete=cast.runner)
    response = api_as(cast.runner.user).patch(
        f"/api/v1/reviews/{review.pk}/",
        {
            "version": review.version,
            "status": "submitted",
            "submitted_at": LONG_AGO,
            "submitted_late": False,
            "coach_read_at": LONG_AGO,
            "athlete": cast.other_runner.pk,
            "week_start": "2001-01-01",
            "wins": "A good week",
        },
        format="json",
    )
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.wins == "A good week"
    assert review.status == WeeklyReview.Status.DRAFT
    assert review.submitted_at is None
    assert review.coach_read_at is None
    assert review.athlete == cast.runner
    assert review.week_start == cast.runner.week_start(now)
    assert review.version == 2


def test_a_new_review_ignores_server_owned_fields(cast, now):
    response = api_as(cast.runner.user).post(
        "/api/v1/reviews/",
        {
            "week_start": cast.runner.week_start(now).isoformat(),
            "athlete": cast.other_runner.pk,
            "status": "submitted",
            "coach_read_at": LONG_AGO,
            "version": 40,
        },
        format="json",
    )
    assert response.status_code == 201
    review = WeeklyReview.objects.get(pk=response.json()["id"])
    assert review.athlete == cast.runner
    assert review.status == WeeklyReview.Status.DRAFT
    assert review.coach_read_at is None
    assert review.version == 1


def test_a_new_run_always_belongs_to_the_runner_who_logs_it(cast, now):
    response = api_as(cast.runner.user).post(
        "/api/v1/runs/",
        {
            "athlete": cast.other_runner.pk,
            "started_at": (now - dt.timedelta(hours=3)).isoformat(),
            "distance_m": 5000,
            "duration_s": 1500,
            "source": "gpx",
        },
        format="json",
    )
    assert response.status_code == 201
    run = Run.objects.get(pk=response.json()["id"])
    assert run.athlete == cast.runner
    assert run.source == Run.Source.MANUAL


def test_a_run_cannot_be_handed_to_another_runner(cast):
    run = RunFactory(athlete=cast.runner)
    api_as(cast.runner.user).patch(
        f"/api/v1/runs/{run.pk}/", {"athlete": cast.other_runner.pk}, format="json"
    )
    run.refresh_from_db()
    assert run.athlete == cast.runner


def test_a_coach_cannot_change_their_athletes_runs(cast):
    run = RunFactory(athlete=cast.runner)
    response = api_as(cast.coach.user).patch(
        f"/api/v1/runs/{run.pk}/", {"distance_m": 1}, format="json"
    )
    assert response.status_code == 403
    run.refresh_from_db()
    assert run.distance_m == 8000


def test_a_goal_status_achievement_and_author_are_not_writable(cast):
    goal = GoalFactory(athlete=cast.runner)
    response = api_as(cast.runner.user).patch(
        f"/api/v1/goals/{goal.pk}/",
        {
            "status": "achieved",
            "achieved_at": "2026-01-01",
            "completion_note": "done",
            "created_by": cast.coach.user.pk,
            "updated_by": cast.coach.user.pk,
            "title": "Renamed",
            # 30 km a week from an empty log fails Achievable: confirmed, so only the rest is read.
            "confirm": True,
        },
        format="json",
    )
    assert response.status_code == 200
    goal.refresh_from_db()
    assert goal.title == "Renamed"
    assert goal.status == Goal.Status.ACTIVE
    assert goal.achieved_at is None
    assert goal.completion_note == ""
    assert goal.created_by == cast.runner.user
    assert goal.updated_by == cast.runner.user


def test_a_new_goal_records_who_created_it_whatever_is_posted(cast):
    response = api_as(cast.runner.user).post(
        "/api/v1/goals/",
        {
            "level": "vision",
            "kind": "mindset",
            "title": "Run for joy",
            "created_by": cast.coach.user.pk,
            "status": "achieved",
        },
        format="json",
    )
    assert response.status_code == 201
    goal = Goal.objects.get(pk=response.json()["id"])
    assert goal.created_by == cast.runner.user
    assert goal.status == Goal.Status.ACTIVE


def test_milestone_achievement_and_benchmark_author_are_not_writable(cast):
    milestone = MilestoneFactory(goal=GoalFactory(athlete=cast.runner))
    benchmark = BenchmarkFactory(athlete=cast.runner)
    client = api_as(cast.runner.user)
    client.patch(
        f"/api/v1/milestones/{milestone.pk}/", {"achieved_at": "2026-01-01"}, format="json"
    )
    client.patch(
        f"/api/v1/benchmarks/{benchmark.pk}/", {"created_by": cast.coach.user.pk}, format="json"
    )
    milestone.refresh_from_db()
    benchmark.refresh_from_db()
    assert milestone.achieved_at is None
    assert benchmark.created_by == cast.runner.user


def test_a_new_squad_belongs_to_the_coach_who_creates_it(cast):
    response = api_as(cast.coach.user).post(
        "/api/v1/squads/", {"name": "Track", "coach": cast.other_coach.pk}, format="json"
    )
    assert response.status_code == 201
    assert cast.coach.squads.filter(name="Track").exists()
    assert not cast.other_coach.squads.exists()


def test_a_busy_period_belongs_to_the_runner_who_adds_it(cast):
    response = api_as(cast.runner.user).post(
        "/api/v1/busy-periods/",
        {"athlete": cast.other_runner.pk, "start": "2027-01-01", "end": "2027-01-05", "label": "x"},
        format="json",
    )
    assert response.status_code == 201
    assert cast.runner.busy_periods.count() == 1
    assert not cast.other_runner.busy_periods.exists()


def test_the_settings_form_ignores_coach_squad_and_staff_fields(cast):
    client = Client()
    client.force_login(cast.self_coached.user)
    squad = SquadFactory(coach=cast.other_coach)
    data = {
        "account-full_name": "Sol Self",
        "account-is_staff": "on",
        "account-email": "new@example.org",
        "profile-coach": cast.other_coach.pk,
        "profile-squad": squad.pk,
        "profile-time_zone": "Europe/London",
        "profile-units": "km",
        "profile-experience": "beginner",
        "profile-reminder_weekday": 6,
        "profile-reminder_time": "18:00",
        **{f"profile-{name}": 30 for name in Athlete.AVAILABILITY_FIELDS},
    }
    response = client.post("/settings/", data)
    assert response.status_code == 302
    athlete = Athlete.objects.select_related("user").get(pk=cast.self_coached.pk)
    assert athlete.minutes_mon == 30
    assert (athlete.coach, athlete.squad) == (None, None)
    assert not athlete.user.is_staff
    assert athlete.user.email != "new@example.org"


def test_signing_up_cannot_make_a_staff_account(db):
    response = Client().post(
        "/accounts/signup/",
        {
            "role": "runner",
            "full_name": "Eve",
            "email": "eve@example.org",
            "time_zone": "Europe/London",
            "password1": "a-long-enough-secret-1",
            "password2": "a-long-enough-secret-1",
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302
    athlete = AthleteFactory._meta.model.objects.get(user__email="eve@example.org")
    assert not athlete.user.is_staff
    assert not athlete.user.is_superuser
