"""Who coaches whom, written once: `Athlete.is_coached_by`, the `coached_by` querysets, the
coach-owned rows (squads, invitations) and the squad choices every form and the API offer, for
a runner, their coach, another coach, another runner and staff."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework import viewsets
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate

from athletes.api.editable import EditableScopeMixin
from athletes.forms import InvitationForm, MoveToSquadForm
from athletes.models import Athlete, Invitation, Squad
from checkins.api.runs import RunSerializer
from checkins.models import Run, WeeklyReview
from races.models import Race
from tests.athletes.factories import SquadFactory
from tests.checkins.factories import RunFactory, WeeklyReviewFactory
from tests.races.factories import RaceFactory
from tests.scoping import ROLES, user_of

pytestmark = pytest.mark.django_db


def person(cast, role: str):
    return user_of(cast, role) or AnonymousUser()


def test_only_the_runners_own_coach_is_their_coach(cast):
    coaching = {role: cast.runner.is_coached_by(person(cast, role)) for role in ROLES}
    assert coaching == {
        "anonymous": False,
        "runner": False,
        "coach": True,
        "other_coach": False,
        "other_runner": False,
        "staff": False,
    }


def test_a_runner_without_a_coach_is_coached_by_nobody(cast):
    assert not any(cast.self_coached.is_coached_by(person(cast, role)) for role in ROLES)


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Athlete, lambda athlete: athlete),
        (Run, lambda athlete: RunFactory(athlete=athlete)),
        (WeeklyReview, lambda athlete: WeeklyReviewFactory(athlete=athlete)),
        (Race, lambda athlete: RaceFactory(athlete=athlete)),
    ],
)
def test_coached_by_selects_the_rows_of_the_coachs_own_runners_only(cast, model, make):
    theirs, others = make(cast.runner), make(cast.other_runner)
    make(cast.self_coached)
    coached = {role: set(model.objects.coached_by(person(cast, role))) for role in ROLES}
    assert coached == {
        "anonymous": set(),
        "runner": set(),
        "coach": {theirs},
        "other_coach": {others},
        "other_runner": set(),
        # Staff see every row, but only a coach coaches.
        "staff": set(),
    }


@pytest.mark.parametrize("model", [Squad, Invitation])
def test_coach_owned_rows_are_seen_by_their_coach_and_staff(cast, model):
    if model is Squad:
        mine = {Squad.objects.get(coach=cast.coach), SquadFactory(coach=cast.coach)}
        theirs = SquadFactory(coach=cast.other_coach)
    else:
        mine = {Invitation.issue(coach=cast.coach, email="new@example.org")[0]}
        theirs = Invitation.issue(coach=cast.other_coach, email="new@example.org")[0]
    seen = {role: set(model.objects.visible_to(person(cast, role))) for role in ROLES}
    assert seen["coach"] == mine
    assert seen["other_coach"] == {theirs}
    assert seen["staff"] == mine | {theirs}
    assert seen["runner"] == seen["other_runner"] == seen["anonymous"] == set()


def test_every_squad_choice_offers_only_the_coachs_own_squads(cast):
    own = Squad.objects.get(coach=cast.coach)
    SquadFactory(coach=cast.other_coach, name="Not yours")
    invitation_choices = InvitationForm(coach=cast.coach).fields["squad"].queryset
    move_choices = (
        MoveToSquadForm(user=cast.coach.user, athlete=cast.runner).fields["squad"].queryset
    )
    assert list(invitation_choices) == list(move_choices) == [own]
    # Another coach (or staff) on the runner's page cannot file them in a squad of theirs.
    for role in ("other_coach", "runner", "other_runner"):
        user = user_of(cast, role)
        assert not MoveToSquadForm(user=user, athlete=cast.runner).fields["squad"].queryset


def test_inviting_through_the_api_into_another_coachs_squad_reads_as_a_made_up_squad(cast):
    theirs = SquadFactory(coach=cast.other_coach, name="Not yours")
    client = APIClient()
    client.force_authenticate(cast.coach.user)
    other = client.post(
        "/api/v1/invitations/", {"email": "a@example.org", "squad": theirs.pk}, format="json"
    )
    made_up = client.post(
        "/api/v1/invitations/", {"email": "b@example.org", "squad": 999_999}, format="json"
    )
    assert other.status_code == made_up.status_code == 400
    assert re.sub(r"\d+", "?", str(other.json())) == re.sub(r"\d+", "?", str(made_up.json()))
    assert not Invitation.objects.exists()


class RunsReadOnlyForTheCoach(EditableScopeMixin, viewsets.ModelViewSet):
    """Runs through the mixin: the coach sees them (visible_to) but only the runner changes them
    (editable_by), so the coach gets the read-only answer."""

    serializer_class = RunSerializer

    def get_queryset(self):
        return Run.objects.visible_to(self.request.user)


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("runner", 200, 200),
        ("staff", 200, 200),
        ("coach", 200, 403),
        ("other_coach", 404, 404),
        ("other_runner", 404, 404),
    ],
)
def test_rows_seen_but_not_editable_are_read_only_and_outside_scope_is_404(cast, role, read, write):
    run = RunFactory(athlete=cast.runner, notes="Easy")
    factory = APIRequestFactory()
    view = RunsReadOnlyForTheCoach.as_view(
        {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
    )
    user = user_of(cast, role)
    requests = {
        "get": factory.get("/"),
        "patch": factory.patch("/", {"notes": "Windy"}, format="json"),
        "delete": factory.delete("/"),
    }
    answers = {}
    for method, request in requests.items():
        force_authenticate(request, user)
        answers[method] = view(request, pk=run.pk).status_code
    deleted = 204 if write == 200 else write
    assert answers == {"get": read, "patch": write, "delete": deleted}
    assert Run.objects.filter(pk=run.pk).exists() == (write != 200)
