import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from athletes.models import Athlete, Invitation
from athletes.services import invitation_accept, roster_remove
from coaching.attention import standings
from coaching.models import Standing
from coaching.roster import stale_standing
from tests.athletes.factories import AthleteFactory, SquadFactory

# session, user, coach, athlete (navigation), the census (total, flag counts and staleness in
# one read), the page's rows, and the squads — the same for 2 athletes and for 80.
ROSTER_QUERIES = 7
# The first view of the day also computes every stale standing, in one batch, and looks for
# athletes still without one.
FIRST_VIEW_QUERIES = 27
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def coach_client(cast) -> Client:
    client = Client()
    client.force_login(cast.coach.user)
    return client


@pytest.fixture
def roster(cast):
    """Rita (Marathon group, from the cast), Alex and Alexa (5K), Ben (no squad)."""
    five_k = SquadFactory(coach=cast.coach, name="5K to 10K")
    AthleteFactory(coach=cast.coach, squad=five_k, user__full_name="Alex Turner")
    AthleteFactory(coach=cast.coach, squad=five_k, user__full_name="Alexa Stone")
    AthleteFactory(coach=cast.coach, user__full_name="Ben Clarke")
    return five_k


def names(response) -> list[str]:
    return [athlete.user.full_name for athlete in response.context["roster"].athletes]


def test_roster_lists_the_coachs_athletes_with_their_squads(coach_client, cast, roster):
    response = coach_client.get(reverse("roster"))
    # Nobody is flagged: the triage order falls back to names.
    assert names(response) == ["Alex Turner", "Alexa Stone", "Ben Clarke", "Rita Runner"]
    page = response.content.decode()
    assert "Oscar Other" not in page and "Sol Self" not in page
    assert '<span class="badge">Marathon group</span>' in page
    assert "4 athletes" in page and "Nothing needs you right now." in page


def test_search_by_name_ignores_case(coach_client, roster):
    assert names(coach_client.get(reverse("roster"), {"q": "  aLEX "})) == [
        "Alex Turner",
        "Alexa Stone",
    ]


def test_filter_by_squad(coach_client, roster):
    response = coach_client.get(reverse("roster"), {"squad": roster.pk})
    assert names(response) == ["Alex Turner", "Alexa Stone"]
    assert f'<option value="{roster.pk}" selected>' in response.content.decode()


def test_filter_by_no_squad(coach_client, roster):
    assert names(coach_client.get(reverse("roster"), {"squad": "none"})) == ["Ben Clarke"]


def test_search_and_squad_combine(coach_client, roster):
    response = coach_client.get(reverse("roster"), {"squad": roster.pk, "q": "stone"})
    assert names(response) == ["Alexa Stone"]


def test_another_coachs_squad_shows_none_of_their_athletes(coach_client, cast, roster):
    foreign = SquadFactory(coach=cast.other_coach)
    AthleteFactory(coach=cast.other_coach, squad=foreign)
    response = coach_client.get(reverse("roster"), {"squad": foreign.pk})
    assert names(response) == []
    assert "No athletes match these filters." in response.content.decode()


@pytest.mark.parametrize("squad", ["abc", "99999999999999999999", "-1"])
def test_a_nonsense_squad_filter_is_ignored_or_empty_never_an_error(coach_client, roster, squad):
    assert coach_client.get(reverse("roster"), {"squad": squad}).status_code == 200


def test_htmx_request_gets_only_the_list(coach_client, roster):
    response = coach_client.get(reverse("roster"), {"q": "ben"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="roster-list"')
    assert "<html" not in html and "<form" not in html
    assert "Ben Clarke" in html and "Alex Turner" not in html
    assert "HX-Request" in response["Vary"]


def test_without_htmx_the_same_url_is_the_whole_page(coach_client, roster):
    response = coach_client.get(reverse("roster"), {"q": "ben"})
    html = response.content.decode()
    assert html.startswith("<!doctype html>")
    assert 'value="ben"' in html
    assert '<form class="filters" method="get" action="/roster/"' in html
    assert "Ben Clarke" in html and "Alex Turner" not in html


def test_history_restore_gets_the_whole_page(coach_client, roster):
    response = coach_client.get(
        reverse("roster"), {"q": "ben"}, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert response.content.decode().startswith("<!doctype html>")


def test_the_list_partial_has_the_same_scope_as_the_page(cast, roster):
    for user in [cast.runner.user, cast.staff]:
        client = Client()
        client.force_login(user)
        assert client.get(reverse("roster"), **HTMX).status_code == 404
    anonymous = Client().get(reverse("roster"), **HTMX)
    assert anonymous.status_code == 302


def test_empty_roster_invites_the_first_runner(cast):
    client = Client()
    client.force_login(cast.other_coach.user)
    cast.other_runner.delete()
    assert "Invite your first runner" in client.get(reverse("roster")).content.decode()


@pytest.mark.parametrize("size", [2, 80])
@pytest.mark.parametrize("htmx", [False, True])
def test_roster_query_count_does_not_grow_with_the_roster(
    coach_client, cast, django_assert_max_num_queries, size, htmx
):
    squads = SquadFactory.create_batch(4, coach=cast.coach)
    for number in range(size):
        AthleteFactory(coach=cast.coach, squad=squads[number % 4])
    headers = HTMX if htmx else {}
    with django_assert_max_num_queries(FIRST_VIEW_QUERIES):
        coach_client.get(reverse("roster"), **headers)
    with django_assert_max_num_queries(ROSTER_QUERIES):
        response = coach_client.get(reverse("roster"), **headers)
    assert response.content.decode().count('data-label="Athlete"') == min(size + 1, 50)


def test_an_athlete_who_changes_coach_moves_roster_at_once(coach_client, cast, roster):
    """The roster in triage order reads the coach copied on each standing: it follows the
    athlete to their new coach, with no stale standing to wait for."""
    coach_client.get(reverse("roster"))  # every standing computed, naming Coach
    ben = Standing.objects.get(athlete__user__full_name="Ben Clarke").athlete
    _, token = Invitation.issue(coach=cast.other_coach, email=ben.user.email)
    invitation_accept(token=token, user=ben.user)
    assert "Ben Clarke" not in names(coach_client.get(reverse("roster")))
    other = Client()
    other.force_login(cast.other_coach.user)
    assert "Ben Clarke" in names(other.get(reverse("roster")))
    roster_remove(athlete=ben)
    assert Standing.objects.get(athlete=ben).coach is None


def test_a_renamed_athlete_sorts_under_the_new_name(coach_client, roster):
    coach_client.get(reverse("roster"))
    ben = Standing.objects.get(athlete__user__full_name="Ben Clarke").athlete.user
    ben.full_name = "Aaron Clarke"
    ben.save()
    assert names(coach_client.get(reverse("roster")))[0] == "Aaron Clarke"


def test_athletes_beyond_one_refresh_batch_are_listed_before_they_are_computed(
    coach_client, cast, roster, monkeypatch
):
    """A page computes at most REFRESH_BATCH standings; the rest get an empty standing due at
    once, so the triage order (read from standings) still lists every athlete."""
    monkeypatch.setattr(standings, "REFRESH_BATCH", 2)
    Standing.objects.all().delete()
    response = coach_client.get(reverse("roster"))
    assert sorted(names(response)) == ["Alex Turner", "Alexa Stone", "Ben Clarke", "Rita Runner"]
    assert "4 athletes" in response.content.decode()
    assert Standing.objects.filter(computed_at__lt=F("stale_after")).count() == 2


def test_an_athlete_moved_behind_the_signals_back_is_listed_on_their_new_roster(
    coach_client, cast, roster, monkeypatch
):
    """A bulk UPDATE sends no signal, so the standing still names the old coach; the census
    finds it and corrects it (beyond the one standing this view may recompute), so the
    roster, which lists athletes through their standings, shows them."""
    other = Client()
    other.force_login(cast.other_coach.user)
    other.get(reverse("roster"))  # Oscar's standing names his coach
    coach_client.get(reverse("roster"))
    monkeypatch.setattr(standings, "REFRESH_BATCH", 1)
    Standing.objects.filter(athlete=cast.runner).delete()  # first in line for the one refresh
    Athlete.objects.filter(pk=cast.other_runner.pk).update(coach=cast.coach)

    listed = names(coach_client.get(reverse("roster")))

    assert "Oscar Other" in listed and "Rita Runner" in listed and len(listed) == 5
    assert Standing.objects.get(athlete=cast.other_runner).coach == cast.coach


@pytest.mark.parametrize("who", ["runner", "self_coached"])
def test_a_computed_standing_is_fresh_with_or_without_a_coach(cast, who, now):
    """A runner with no coach has a standing naming no coach: that is in step, not stale (else
    every API listing in triage order would compute theirs again)."""
    athlete = getattr(cast, who)
    standings.refresh_standings([athlete], now=now)
    assert not Athlete.objects.filter(pk=athlete.pk).filter(stale_standing(now)).exists()
    Standing.objects.filter(athlete=athlete).update(coach=cast.other_coach)
    assert Athlete.objects.filter(pk=athlete.pk).filter(stale_standing(now)).exists()
