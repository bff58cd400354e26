"""HTML pages, HTMX fragments and form choices: another person's rows are never offered,
never accepted when posted, and never shown; outside scope is 404."""

import datetime as dt

import pytest
from django.test import Client

from athletes.models import Invitation
from checkins.models import Comment
from goals.models import Goal
from tests.athletes.factories import AthleteFactory, BusyPeriodFactory, SquadFactory
from tests.checkins.factories import RunFactory, WeeklyReviewFactory
from tests.goals.factories import GoalFactory, MilestoneFactory, VisionFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_squad_move_form_offers_only_the_coaches_own_squads(cast):
    theirs = SquadFactory(coach=cast.other_coach, name="Otto's secret squad")
    page = client_for(cast.coach.user).get(f"/athletes/{cast.runner.pk}/")
    assert page.status_code == 200
    assert theirs.name not in page.content.decode()


def test_moving_an_athlete_into_another_coaches_squad_is_refused(cast):
    theirs = SquadFactory(coach=cast.other_coach)
    before = cast.runner.squad
    client_for(cast.coach.user).post(f"/athletes/{cast.runner.pk}/squad/", {"squad": theirs.pk})
    cast.runner.refresh_from_db()
    assert cast.runner.squad == before


def test_moving_another_coaches_athlete_is_404(cast):
    mine = SquadFactory(coach=cast.coach)
    response = client_for(cast.coach.user).post(
        f"/athletes/{cast.other_runner.pk}/squad/", {"squad": mine.pk}
    )
    assert response.status_code == 404
    cast.other_runner.refresh_from_db()
    assert cast.other_runner.squad is None


def test_the_invitation_form_offers_and_accepts_only_the_coaches_own_squads(cast):
    theirs = SquadFactory(coach=cast.other_coach, name="Otto's secret squad")
    client = client_for(cast.coach.user)
    assert theirs.name not in client.get("/invitations/").content.decode()
    response = client.post("/invitations/", {"email": "new@example.org", "squad": theirs.pk})
    assert response.status_code == 200
    assert "squad" in response.context["form"].errors
    assert not Invitation.objects.filter(email="new@example.org").exists()


def test_the_goal_form_offers_only_the_runners_own_goals_as_parents(cast):
    theirs = VisionFactory(athlete=cast.other_runner, title="Oscar's private why")
    client = client_for(cast.runner.user)
    page = client.get("/goals/new/", {"parent": theirs.pk, "level": "outcome"})
    assert page.status_code == 200
    assert theirs.title not in page.content.decode()


def test_posting_another_runners_goal_as_parent_is_refused(cast, today):
    theirs = VisionFactory(athlete=cast.other_runner)
    response = client_for(cast.runner.user).post(
        "/goals/new/",
        {
            "level": "outcome",
            "title": "Run 30 km a week",
            "parent": theirs.pk,
            "kind": "distance",
            "metric": "weekly_distance",
            "target": "30",
            "target_date": (today + dt.timedelta(weeks=12)).isoformat(),
            "confirm": "on",
        },
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not theirs.children.exists()


def test_a_coach_cannot_set_goals_for_another_coaches_athlete(cast):
    client = client_for(cast.coach.user)
    assert client.get(f"/athletes/{cast.other_runner.pk}/goals/new/").status_code == 404
    response = client.post(
        f"/athletes/{cast.other_runner.pk}/goals/new/",
        {"level": "vision", "title": "Planted", "kind": "mindset"},
    )
    assert response.status_code == 404
    assert not Goal.objects.filter(athlete=cast.other_runner).exists()


@pytest.mark.parametrize("who", ["runner", "coach"])
def test_the_live_smart_check_is_404_for_an_athlete_out_of_scope(cast, who):
    user = cast.runner.user if who == "runner" else cast.coach.user
    response = client_for(user).post(
        "/goals/assess/", {"athlete": cast.other_runner.pk, "level": "outcome"}, **HTMX
    )
    assert response.status_code == 404


def test_the_live_smart_check_is_404_for_another_runners_goal(cast):
    theirs = GoalFactory(athlete=cast.other_runner)
    response = client_for(cast.runner.user).post(
        "/goals/assess/",
        {"athlete": cast.runner.pk, "goal": theirs.pk, "level": "outcome"},
        **HTMX,
    )
    assert response.status_code == 404


def test_goal_actions_on_another_runners_goal_are_404(cast):
    goal = GoalFactory(athlete=cast.other_runner, metric="", kind="mindset", target_value=None)
    milestone = MilestoneFactory(goal=goal, target_value=None)
    client = client_for(cast.runner.user)
    for url in (
        f"/goals/{goal.pk}/",
        f"/goals/{goal.pk}/edit/",
        f"/goals/{goal.pk}/abandon/",
        f"/goals/{goal.pk}/tick/",
        f"/goals/{goal.pk}/milestones/new/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "x", "note": "x", "title": "x"}).status_code == 404
    assert client.post(f"/milestones/{milestone.pk}/tick/").status_code == 404
    goal.refresh_from_db()
    milestone.refresh_from_db()
    assert goal.status == Goal.Status.ACTIVE
    assert milestone.achieved_at is None


def test_commenting_on_another_coaches_athletes_review_is_404(cast):
    review = WeeklyReviewFactory(athlete=cast.other_runner)
    client = client_for(cast.coach.user)
    assert client.post(f"/reviews/{review.pk}/comments/", {"body": "Hi"}).status_code == 404
    assert client.post(f"/reviews/{review.pk}/comments/", {"body": "Hi"}, **HTMX).status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize("who", ["runner", "other_coach"])
def test_only_the_runners_coach_may_mark_a_review_read(cast, who):
    review = WeeklyReviewFactory(athlete=cast.runner)
    user = cast.runner.user if who == "runner" else cast.other_coach.user
    response = client_for(user).post(f"/reviews/{review.pk}/read/", **HTMX)
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.coach_read_at is None


def test_the_run_log_fragment_of_another_coaches_athlete_is_404(cast, now):
    RunFactory(athlete=cast.other_runner, notes="Oscar's secret run")
    week = cast.other_runner.week_start(now).isoformat()
    response = client_for(cast.coach.user).get(
        f"/athletes/{cast.other_runner.pk}/runs/", {"week": week}, **HTMX
    )
    assert response.status_code == 404


def test_the_run_log_fragment_with_a_week_shows_only_the_athletes_own_runs(cast, now):
    # Both started now, in this week, whatever the time (the factory's default is 2 h ago).
    RunFactory(athlete=cast.runner, notes="Rita's tempo", started_at=now)
    RunFactory(athlete=cast.other_runner, notes="Oscar's secret run", started_at=now)
    week = cast.runner.week_start(now).isoformat()
    response = client_for(cast.coach.user).get(
        f"/athletes/{cast.runner.pk}/runs/", {"week": week}, **HTMX
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Rita&#x27;s tempo" in content or "Rita's tempo" in content
    assert "Oscar" not in content


def test_another_runners_review_page_is_404_for_every_week(cast, now):
    WeeklyReviewFactory(athlete=cast.other_runner)
    client = client_for(cast.runner.user)
    week = cast.other_runner.week_start(now).isoformat()
    assert client.get(f"/athletes/{cast.other_runner.pk}/reviews/{week}/").status_code == 404
    assert client.get(f"/athletes/{cast.other_runner.pk}/reviews/2001-01-01/").status_code == 404


def test_a_coach_cannot_change_their_athletes_busy_periods_or_runs(cast):
    period = BusyPeriodFactory(athlete=cast.runner)
    run = RunFactory(athlete=cast.runner)
    client = client_for(cast.coach.user)
    assert client.post(f"/settings/busy/{period.pk}/", {"label": "x"}).status_code == 404
    assert client.post(f"/settings/busy/{period.pk}/delete/").status_code == 404
    assert client.post(f"/runs/{run.pk}/edit/", {"notes": "x"}).status_code == 404
    assert client.post(f"/runs/{run.pk}/delete/").status_code == 404
    period.refresh_from_db()
    run.refresh_from_db()
    assert period.label == "Work crunch"


def test_another_coaches_squads_and_invitations_are_404(cast):
    squad = SquadFactory(coach=cast.other_coach)
    invitation, _ = Invitation.issue(coach=cast.other_coach, email="x@example.org")
    client = client_for(cast.coach.user)
    assert client.post(f"/squads/{squad.pk}/", {"name": "Mine now"}).status_code == 404
    assert client.post(f"/squads/{squad.pk}/delete/").status_code == 404
    assert client.post(f"/invitations/{invitation.pk}/revoke/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    squad.refresh_from_db()
    assert squad.name != "Mine now"


def test_the_roster_filtered_by_another_coaches_squad_lists_nobody(cast):
    theirs = SquadFactory(coach=cast.other_coach)
    cast.other_runner.squad = theirs
    cast.other_runner.save()
    response = client_for(cast.coach.user).get("/roster/", {"squad": theirs.pk}, **HTMX)
    assert response.status_code == 200
    assert cast.other_runner.user.full_name not in response.content.decode()


def test_the_roster_search_finds_only_the_coaches_own_athletes(cast):
    AthleteFactory(coach=cast.other_coach, user__full_name="Zed Hidden")
    response = client_for(cast.coach.user).get("/roster/", {"q": "Zed"}, **HTMX)
    assert "Zed Hidden" not in response.content.decode()
