import datetime as dt

import pytest
import time_machine
from django.core import mail
from rest_framework.test import APIClient

from athletes.models import Athlete, BusyPeriod, Invitation, Squad
from tests.athletes.factories import PASSWORD, AthleteFactory, BusyPeriodFactory, SquadFactory

# Queries for one page of each list, measured with 2 and with 60 rows of everything: session,
# user, count, page (invitations also look up the coach, to offer only their own squads).
LIST_QUERIES = {
    # The athletes' stored standings (their attention flags) are one more query once computed.
    "/api/v1/athletes/": 5,
    "/api/v1/squads/": 4,
    "/api/v1/busy-periods/": 4,
    "/api/v1/invitations/": 5,
}


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_token_for_email_and_password_authenticates_later_requests(cast):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/",
        {"email": cast.runner.user.email.upper(), "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["email"] == cast.runner.user.email


def test_token_is_refused_for_a_wrong_password(cast):
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"email": cast.runner.user.email, "password": "not-it"},
        format="json",
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_anonymous_request_is_told_to_authenticate_with_a_token(db):
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_me_describes_a_runner_and_a_coach(cast):
    runner = api_as(cast.runner.user).get("/api/v1/me/").json()
    assert runner["athlete"]["id"] == cast.runner.pk
    assert runner["athlete"]["coach"] == cast.coach.pk
    assert runner["coach_id"] is None
    coach = api_as(cast.coach.user).get("/api/v1/me/").json()
    assert coach["coach_id"] == cast.coach.pk
    assert coach["athlete"] is None


def athlete_ids(client) -> set[int]:
    return {athlete["id"] for athlete in client.get("/api/v1/athletes/").json()["results"]}


def test_athlete_list_holds_only_what_each_person_may_see(cast):
    assert athlete_ids(api_as(cast.coach.user)) == {cast.runner.pk}
    assert athlete_ids(api_as(cast.runner.user)) == {cast.runner.pk}
    assert athlete_ids(api_as(cast.other_coach.user)) == {cast.other_runner.pk}
    assert athlete_ids(api_as(cast.staff)) == {
        cast.runner.pk,
        cast.other_runner.pk,
        cast.self_coached.pk,
    }


def test_coach_cannot_read_another_coaches_athlete(cast):
    response = api_as(cast.coach.user).get(f"/api/v1/athletes/{cast.other_runner.pk}/")
    assert response.status_code == 404


def test_runner_changes_their_own_settings(cast):
    response = api_as(cast.runner.user).patch(
        f"/api/v1/athletes/{cast.runner.pk}/",
        {"units": "mi", "time_zone": "America/Denver", "minutes_sun": 120},
        format="json",
    )
    assert response.status_code == 200
    cast.runner.refresh_from_db()
    assert (cast.runner.units, cast.runner.time_zone, cast.runner.minutes_sun) == (
        "mi",
        "America/Denver",
        120,
    )


def test_bad_time_zone_is_a_400_naming_the_field(cast):
    response = api_as(cast.runner.user).patch(
        f"/api/v1/athletes/{cast.runner.pk}/", {"time_zone": "Mars/Olympus"}, format="json"
    )
    assert response.status_code == 400
    assert "Mars/Olympus" in response.json()["time_zone"][0]


def test_runner_cannot_change_their_coach_through_the_api(cast):
    api_as(cast.runner.user).patch(
        f"/api/v1/athletes/{cast.runner.pk}/", {"coach": cast.other_coach.pk}, format="json"
    )
    cast.runner.refresh_from_db()
    assert cast.runner.coach == cast.coach


def test_coach_cannot_change_an_athletes_settings(cast):
    response = api_as(cast.coach.user).patch(
        f"/api/v1/athletes/{cast.runner.pk}/", {"units": "mi"}, format="json"
    )
    assert response.status_code == 403
    cast.runner.refresh_from_db()
    assert cast.runner.units == "km"


def test_coach_creates_renames_and_deletes_a_squad(cast):
    client = api_as(cast.coach.user)
    created = client.post("/api/v1/squads/", {"name": "  Track  "}, format="json")
    assert created.status_code == 201
    squad = Squad.objects.get(pk=created.json()["id"])
    assert (squad.name, squad.coach) == ("Track", cast.coach)
    renamed = client.patch(f"/api/v1/squads/{squad.pk}/", {"name": "Track club"}, format="json")
    assert renamed.json()["name"] == "Track club"
    assert client.delete(f"/api/v1/squads/{squad.pk}/").status_code == 204
    assert not Squad.objects.filter(pk=squad.pk).exists()


def test_a_second_squad_with_the_same_name_is_a_400_not_a_crash(cast):
    response = api_as(cast.coach.user).post(
        "/api/v1/squads/", {"name": "marathon GROUP"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["name"] == ["You already have a squad with this name."]


def test_another_coach_may_use_the_same_squad_name(cast):
    response = api_as(cast.other_coach.user).post(
        "/api/v1/squads/", {"name": "Marathon group"}, format="json"
    )
    assert response.status_code == 201


def test_coach_cannot_touch_another_coaches_squad(cast):
    squad = cast.runner.squad
    client = api_as(cast.other_coach.user)
    assert client.get(f"/api/v1/squads/{squad.pk}/").status_code == 404
    assert client.delete(f"/api/v1/squads/{squad.pk}/").status_code == 404
    assert Squad.objects.filter(pk=squad.pk).exists()


def test_runner_adds_edits_and_removes_a_busy_period(cast):
    client = api_as(cast.runner.user)
    created = client.post(
        "/api/v1/busy-periods/",
        {"label": "Exams", "start": "2030-05-01", "end": "2030-05-20"},
        format="json",
    )
    assert created.status_code == 201
    period = BusyPeriod.objects.get(pk=created.json()["id"])
    assert period.athlete == cast.runner
    client.patch(f"/api/v1/busy-periods/{period.pk}/", {"end": "2030-05-25"}, format="json")
    period.refresh_from_db()
    assert period.end == dt.date(2030, 5, 25)
    assert client.delete(f"/api/v1/busy-periods/{period.pk}/").status_code == 204
    assert not BusyPeriod.objects.filter(pk=period.pk).exists()


def test_busy_period_ending_before_it_starts_is_a_400_on_end(cast):
    response = api_as(cast.runner.user).post(
        "/api/v1/busy-periods/",
        {"label": "Exams", "start": "2030-05-20", "end": "2030-05-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "end" in response.json()


def test_coach_reads_but_cannot_change_an_athletes_busy_period(cast):
    period = BusyPeriodFactory(athlete=cast.runner)
    client = api_as(cast.coach.user)
    assert client.get(f"/api/v1/busy-periods/{period.pk}/").status_code == 200
    response = client.patch(f"/api/v1/busy-periods/{period.pk}/", {"label": "X"}, format="json")
    assert response.status_code == 403
    assert api_as(cast.other_coach.user).get(f"/api/v1/busy-periods/{period.pk}/").status_code == (
        404
    )


def test_busy_period_filter_treats_an_athlete_out_of_scope_like_one_that_does_not_exist(cast):
    BusyPeriodFactory(athlete=cast.other_runner)
    client = api_as(cast.coach.user)
    outside = client.get(f"/api/v1/busy-periods/?athlete={cast.other_runner.pk}")
    missing = client.get("/api/v1/busy-periods/?athlete=999999")
    assert outside.status_code == missing.status_code == 400
    own = client.get(f"/api/v1/busy-periods/?athlete={cast.runner.pk}")
    assert own.status_code == 200


def test_coach_invites_by_api_and_the_email_goes_out(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(cast.coach.user).post(
            "/api/v1/invitations/",
            {"email": "New.Runner@Example.org", "squad": cast.runner.squad_id},
            format="json",
        )
    assert response.status_code == 201
    body = response.json()
    assert (body["email"], body["status"], body["squad"]) == (
        "new.runner@example.org",
        "pending",
        cast.runner.squad_id,
    )
    assert "token" not in body and "token_hash" not in body
    assert [message.to for message in mail.outbox] == [["new.runner@example.org"]]


def test_the_invitation_api_shows_when_each_invitation_was_last_sent(
    cast, django_capture_on_commit_callbacks
):
    sent_at = dt.datetime(2027, 11, 27, 10, 14, tzinfo=dt.UTC)
    client = api_as(cast.coach.user)
    with (
        time_machine.travel(sent_at, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        created = client.post("/api/v1/invitations/", {"email": "a@example.org"}, format="json")
    # The e-mail goes out after the commit, once the answer is written.
    assert created.json()["last_sent_at"] is None
    unsent, _ = Invitation.issue(coach=cast.coach, email="b@example.org")
    listed = {row["email"]: row for row in client.get("/api/v1/invitations/").json()["results"]}
    assert listed["a@example.org"]["last_sent_at"] == "2027-11-27T10:14:00Z"
    assert listed["b@example.org"]["last_sent_at"] is None
    resent_at = sent_at + dt.timedelta(days=2)
    with (
        time_machine.travel(resent_at, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(f"/api/v1/invitations/{created.json()['id']}/resend/")
    again = client.get(f"/api/v1/invitations/{created.json()['id']}/").json()
    assert again["last_sent_at"] == "2027-11-29T10:14:00Z"
    assert Invitation.objects.get(pk=unsent.pk).last_sent_at is None


def test_invitation_into_another_coaches_squad_reads_like_a_missing_squad(cast):
    foreign = SquadFactory(coach=cast.other_coach)
    client = api_as(cast.coach.user)
    outside = client.post(
        "/api/v1/invitations/", {"email": "a@example.org", "squad": foreign.pk}, format="json"
    )
    missing = client.post(
        "/api/v1/invitations/", {"email": "a@example.org", "squad": 999999}, format="json"
    )
    assert outside.status_code == missing.status_code == 400
    assert outside.json()["squad"][0].replace(str(foreign.pk), "N") == missing.json()["squad"][
        0
    ].replace("999999", "N")


def test_inviting_an_athlete_already_on_the_roster_is_a_400(cast):
    response = api_as(cast.coach.user).post(
        "/api/v1/invitations/", {"email": cast.runner.user.email}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["email"] == ["This runner is already on your roster."]


def test_deleting_an_invitation_revokes_it(cast):
    invitation, _ = Invitation.issue(coach=cast.coach, email="x@example.org")
    response = api_as(cast.coach.user).delete(f"/api/v1/invitations/{invitation.pk}/")
    assert response.status_code == 204
    invitation.refresh_from_db()
    assert invitation.status == "revoked"


def test_another_coach_cannot_see_or_revoke_an_invitation(cast):
    invitation, _ = Invitation.issue(coach=cast.coach, email="x@example.org")
    client = api_as(cast.other_coach.user)
    assert client.get(f"/api/v1/invitations/{invitation.pk}/").status_code == 404
    assert client.delete(f"/api/v1/invitations/{invitation.pk}/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_lists_are_paginated(cast):
    AthleteFactory.create_batch(51, coach=cast.coach)
    first = api_as(cast.coach.user).get("/api/v1/athletes/").json()
    assert first["count"] == 52
    assert len(first["results"]) == 50
    assert first["next"].endswith("/api/v1/athletes/?page=2")
    second = api_as(cast.coach.user).get(first["next"]).json()
    assert len(second["results"]) == 2


def fill(cast, size: int) -> None:
    """`size` athletes on the coach's roster, each in a squad with a busy period and an
    invitation sent: every list then has `size`-ish rows to show."""
    for number in range(size):
        squad = SquadFactory.create(coach=cast.coach)
        athlete = AthleteFactory(coach=cast.coach, squad=squad)
        BusyPeriodFactory(athlete=athlete)
        Invitation.issue(coach=cast.coach, email=f"invitee{number}@example.org", squad=squad)


@pytest.mark.parametrize("size", [2, 60])
@pytest.mark.parametrize("url", list(LIST_QUERIES))
def test_list_query_count_does_not_grow_with_the_data(
    cast, django_assert_max_num_queries, url, size
):
    fill(cast, size)
    client = APIClient()
    client.force_login(cast.coach.user)
    client.get(url)  # the first look of the day computes the athletes' standings
    with django_assert_max_num_queries(LIST_QUERIES[url]):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) >= min(size, 50)


def test_athlete_api_reads_each_athlete_as_its_settings_say(cast):
    athlete = Athlete.objects.get(pk=cast.runner.pk)
    body = api_as(cast.runner.user).get(f"/api/v1/athletes/{athlete.pk}/").json()
    assert body["reminder_weekday"] == 6
    assert body["reminder_time"] == "18:00:00"
    assert body["user"]["full_name"] == "Rita Runner"
