import pytest
from django.test import Client
from django.urls import reverse

from athletes.models import Athlete, Squad
from tests.athletes.factories import AthleteFactory, SquadFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_coach_creates_a_squad(cast):
    response = signed_in(cast.coach.user).post(
        reverse("athletes:squads"), {"name": "  Trail squad "}, follow=True
    )
    assert "Squad “Trail squad” created." in response.content.decode()
    assert Squad.objects.filter(coach=cast.coach, name="Trail squad").exists()


def test_a_duplicate_name_is_refused_whatever_its_case(cast):
    response = signed_in(cast.coach.user).post(
        reverse("athletes:squads"), {"name": "MARATHON group"}
    )
    assert response.context["form"].errors == {"name": ["You already have a squad with this name."]}
    assert Squad.objects.filter(coach=cast.coach).count() == 1


def test_squads_page_counts_members(cast):
    AthleteFactory(coach=cast.coach, squad=cast.runner.squad)
    page = signed_in(cast.coach.user).get(reverse("athletes:squads")).content.decode()
    assert "Marathon group" in page
    assert "2 athletes" in page


def test_coach_renames_a_squad(cast):
    squad = cast.runner.squad
    signed_in(cast.coach.user).post(
        reverse("athletes:squad-rename", args=[squad.pk]), {"name": "Sub-3"}
    )
    squad.refresh_from_db()
    assert squad.name == "Sub-3"


def test_renaming_to_its_own_name_is_fine(cast):
    squad = cast.runner.squad
    response = signed_in(cast.coach.user).post(
        reverse("athletes:squad-rename", args=[squad.pk]), {"name": "Marathon Group"}
    )
    assert response.status_code == 302


def test_deleting_a_squad_keeps_its_athletes_on_the_roster(cast):
    squad = cast.runner.squad
    response = signed_in(cast.coach.user).post(
        reverse("athletes:squad-delete", args=[squad.pk]), follow=True
    )
    assert "its athletes stay on your roster" in response.content.decode()
    cast.runner.refresh_from_db()
    assert (cast.runner.coach, cast.runner.squad) == (cast.coach, None)


def test_coach_moves_an_athlete_between_squads(cast):
    tempo = SquadFactory(coach=cast.coach, name="Tempo")
    detail = reverse("athlete-detail", args=[cast.runner.pk])
    response = signed_in(cast.coach.user).post(
        reverse("athletes:athlete-move", args=[cast.runner.pk]), {"squad": tempo.pk, "next": detail}
    )
    assert response["Location"] == detail
    cast.runner.refresh_from_db()
    assert cast.runner.squad == tempo


def test_coach_cannot_move_an_athlete_into_another_coaches_squad(cast):
    foreign = SquadFactory(coach=cast.other_coach)
    response = signed_in(cast.coach.user).post(
        reverse("athletes:athlete-move", args=[cast.runner.pk]), {"squad": foreign.pk}, follow=True
    )
    assert "That squad is not one of yours." in response.content.decode()
    cast.runner.refresh_from_db()
    assert cast.runner.squad.name == "Marathon group"


def test_a_runner_cannot_move_themself(cast):
    response = signed_in(cast.runner.user).post(
        reverse("athletes:athlete-move", args=[cast.runner.pk]), {"squad": ""}
    )
    assert response.status_code == 404
    cast.runner.refresh_from_db()
    assert cast.runner.squad is not None


@pytest.mark.parametrize("target", ["https://evil.example.com/", "//evil.example.com/"])
def test_moving_never_redirects_off_the_site(cast, target):
    response = signed_in(cast.coach.user).post(
        reverse("athletes:athlete-move", args=[cast.runner.pk]), {"squad": "", "next": target}
    )
    assert response["Location"] == reverse("roster")


def test_coach_removes_an_athlete_who_keeps_their_account(cast):
    client = signed_in(cast.coach.user)
    confirm = client.get(reverse("athletes:athlete-remove", args=[cast.runner.pk])).content.decode()
    assert "keeps their Runpath account" in confirm
    response = client.post(reverse("athletes:athlete-remove", args=[cast.runner.pk]), follow=True)
    assert "Rita Runner is no longer on your roster." in response.content.decode()
    athlete = Athlete.objects.get(pk=cast.runner.pk)
    assert (athlete.coach, athlete.squad, athlete.coached_since) == (None, None, None)
    assert athlete.user.is_active
    assert client.get(reverse("athlete-detail", args=[athlete.pk])).status_code == 404
    assert "Rita Runner" not in client.get(reverse("roster")).content.decode()


def test_the_athlete_page_offers_only_the_coachs_squads(cast):
    SquadFactory(coach=cast.other_coach, name="Someone else's")
    page = signed_in(cast.coach.user).get(reverse("athlete-detail", args=[cast.runner.pk]))
    choices = [label for _, label in page.context["move_form"].fields["squad"].choices]
    assert choices == ["No squad", "Marathon group"]
