import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from athletes.models import Athlete, Coach, Invitation, User
from checkins.models import Comment, Setback
from coaching.models import HandledFlag
from races import tokens
from tests.athletes.factories import PASSWORD, BusyPeriodFactory
from tests.checkins.factories import CommentFactory, RunFactory, WeeklyReviewFactory
from tests.conftest import client_for
from tests.goals.factories import BenchmarkFactory, GoalFactory, MilestoneFactory
from tests.races.factories import RaceFactory

pytestmark = pytest.mark.django_db

DELETE = reverse("account-delete")


def leftovers(*, user_pk: int, email: str, profiles: dict[type, int]) -> list[str]:
    """Every row, in every installed app's table, that still points at the deleted person: a
    foreign key to their user, athlete or coach row, or a text column holding their e-mail.

    Rows reached through another row (a milestone through its goal) need no separate check:
    the database refuses a row whose parent is gone, so a leftover milestone means a leftover
    goal, and that is found by its own foreign key."""
    deleted = {User: user_pk, **profiles}
    found = []
    for model in apps.get_models():
        rows = model._default_manager
        if model in deleted and rows.filter(pk=deleted[model]).exists():
            found.append(f"{model.__name__} {deleted[model]} itself")
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in deleted:
                pk = deleted[field.related_model]
                if rows.filter(**{field.attname: pk}).exists():
                    found.append(f"{model.__name__}.{field.name} = {pk}")
            elif isinstance(field, models.CharField | models.TextField) and (
                rows.filter(**{f"{field.attname}__iexact": email}).exists()
            ):
                found.append(f"{model.__name__}.{field.name} = {email}")
    for session in Session.objects.all():
        if session.get_decoded().get("_auth_user_id") == str(user_pk):
            found.append(f"a session of user {user_pk}")
    return found


def everything_of(athlete: Athlete, *, now: dt.datetime) -> None:
    """A runner with something in every table that can hold their data."""
    user, coach = athlete.user, athlete.coach
    assert coach is not None, "a coached runner"
    RunFactory(athlete=athlete, notes="Hills")
    review = WeeklyReviewFactory(
        athlete=athlete, week_start=athlete.week_start(now) - dt.timedelta(weeks=1)
    )
    CommentFactory(review=review)
    CommentFactory(review=review, author=user, body="Thanks coach")
    goal = GoalFactory.create(athlete=athlete)
    MilestoneFactory(goal=goal)
    goal.changes.create(
        changed_by=user, field="target_value", old_value="1", new_value="2", reason="Hurt"
    )
    BenchmarkFactory(athlete=athlete, created_by=user)
    RaceFactory(athlete=athlete)
    BusyPeriodFactory(athlete=athlete)
    Setback.objects.create(
        athlete=athlete, kind="illness", start=athlete.local_today(now), created_by=user
    )
    HandledFlag.objects.create(
        athlete=athlete, flag="setback", key="1", reason="Ill", handled_by=coach.user
    )
    tokens.feed_of(user)
    Token.objects.create(user=user)
    invitation, _ = Invitation.issue(coach=coach, email=user.email)
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=now, accepted_by=user)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        axes_record(model, username=user.email)


def axes_record(model, *, username: str) -> None:
    fields: dict[str, object] = {
        "username": username,
        "ip_address": "192.0.2.1",
        "user_agent": "test",
        "path_info": "/accounts/login/",
    }
    if model is AccessAttempt:
        fields |= {"failures_since_start": 2, "get_data": "", "post_data": ""}
    model.objects.create(**fields)


def delete_account(client: Client, password: str = PASSWORD):
    return client.post(DELETE, {"password": password}, follow=True)


def test_the_page_warns_and_asks_for_the_password(cast):
    page = client_for(cast.runner.user).get(DELETE).content.decode()
    assert "This cannot be undone" in page
    assert 'type="password"' in page
    assert "Maya Coach" in page  # their coach's access goes too
    assert "csrfmiddlewaretoken" in page


def test_a_coach_is_told_their_runners_stay(cast):
    page = client_for(cast.coach.user).get(DELETE).content.decode()
    assert "self-coached" in page
    assert "former coach" in page


def test_a_wrong_password_deletes_nothing(cast):
    response = delete_account(client_for(cast.runner.user), password="not-it")
    assert response.status_code == 200
    assert "That is not your password" in response.content.decode()
    assert Athlete.objects.filter(pk=cast.runner.pk).exists()


def test_the_delete_needs_the_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.runner.user)
    assert client.post(DELETE, {"password": PASSWORD}).status_code == 403
    assert Athlete.objects.filter(pk=cast.runner.pk).exists()


def test_deleting_a_runner_leaves_nothing_of_theirs_in_any_table(cast, now):
    runner = cast.runner
    everything_of(runner, now=now)
    everything_of(cast.other_runner, now=now)
    user_pk, email = runner.user.pk, runner.user.email
    other_device = client_for(runner.user)

    response = delete_account(client_for(runner.user))

    assert leftovers(user_pk=user_pk, email=email, profiles={Athlete: runner.pk}) == []
    # Nobody else lost anything.
    assert (
        leftovers(
            user_pk=cast.other_runner.user.pk,
            email=cast.other_runner.user.email,
            profiles={Athlete: cast.other_runner.pk},
        )
        != []
    )
    assert cast.other_runner.runs.count() == 1
    assert AccessAttempt.objects.filter(username=cast.other_runner.user.email).exists()
    # Signed out everywhere, on the landing page, told what happened.
    assert response.redirect_chain == [(reverse("home"), 302)]
    page = response.content.decode()
    assert "Your account and everything in it have been deleted." in page
    assert reverse("athletes:signup") in page
    assert other_device.get(reverse("athletes:settings")).status_code == 302


def test_the_runners_coach_loses_access_at_once(cast):
    runner = cast.runner
    coach = client_for(cast.coach.user)
    review = WeeklyReviewFactory(athlete=runner)
    assert coach.get(reverse("athlete-detail", args=[runner.pk])).status_code == 200

    delete_account(client_for(runner.user))

    assert coach.get(reverse("athlete-detail", args=[runner.pk])).status_code == 404
    assert (
        coach.get(
            reverse("checkins:review-detail", args=[runner.pk, review.week_start])
        ).status_code
        == 404
    )
    assert runner.user.email not in coach.get(reverse("roster")).content.decode()
    api = APIClient()
    api.force_authenticate(cast.coach.user)
    assert api.get(reverse("api-athlete-detail", args=[runner.pk])).status_code == 404


def test_deleting_a_coach_leaves_their_runners_self_coached_with_the_comments(cast):
    coach = cast.coach
    review = WeeklyReviewFactory(athlete=cast.runner)
    kept = CommentFactory(review=review, body="Great progress")
    CommentFactory(review=review, author=cast.runner.user, body="Cheers")
    Invitation.issue(coach=coach, email="someone@example.org")
    user_pk, email = coach.user.pk, coach.user.email

    delete_account(client_for(coach.user))

    assert leftovers(user_pk=user_pk, email=email, profiles={Coach: coach.pk}) == []
    runner = Athlete.objects.get(pk=cast.runner.pk)
    assert (runner.coach, runner.squad, runner.coached_since) == (None, None, None)
    kept.refresh_from_db()
    assert (kept.author, kept.body) == (None, "Great progress")
    assert Comment.objects.filter(review=review).count() == 2
    # The runner reads the comment as by "former coach", on the page and over the API.
    page = client_for(runner.user).get(
        reverse("checkins:review-detail", args=[runner.pk, review.week_start]), follow=True
    )
    assert "former coach" in page.content.decode()
    assert "Great progress" in page.content.decode()
    api = APIClient()
    api.force_authenticate(runner.user)
    comments = api.get(reverse("api-review-comments", args=[review.pk])).json()["results"]
    assert [comment["author_name"] for comment in comments] == ["former coach", "Rita Runner"]
    # Another coach's roster is untouched.
    assert Athlete.objects.get(pk=cast.other_runner.pk).coach == cast.other_coach


def test_the_landing_page_answers_after_a_deletion_without_following(cast):
    client = client_for(cast.self_coached.user)
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=cast.self_coached.user_id).exists()
    assert client.get(reverse("home")).status_code == 200
