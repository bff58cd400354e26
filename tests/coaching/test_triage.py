"""The roster as a triage list and its API: order, reasons, the summary bar, handling a flag,
pages of 50, all with the same queries at 5 and 1,000 athletes."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from checkins.models import Setback
from checkins.weekstats import refresh_week_stats
from coaching.attention.standings import refresh_standings
from coaching.models import HandledFlag, Standing
from coaching.roster import Links
from tests import clock
from tests.athletes.factories import AthleteFactory
from tests.checkins.factories import RunFactory
from tests.coaching.test_roster import ROSTER_QUERIES
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def hurt(athlete, *, severity: int = 2, body_part: str = "calf") -> Setback:
    return Setback.objects.create(
        athlete=athlete,
        kind="injury",
        start=athlete.local_today(clock.now()) - dt.timedelta(days=3),
        severity=severity,
        body_part=body_part,
    )


@pytest.fixture
def triage(cast):
    """Rita hurt (severe), Alex a little hurt, Ben fine."""
    alex = AthleteFactory(coach=cast.coach, user__full_name="Alex Turner")
    ben = AthleteFactory(coach=cast.coach, user__full_name="Ben Clarke")
    hurt(cast.runner, severity=3)
    hurt(alex, severity=1, body_part="")
    return alex, ben


def listed(response) -> list[str]:
    """The athletes' names in the order the page lists them (an HTMX fragment has no context
    to read them from)."""
    return re.findall(
        r'data-label="Athlete"><a href="[^"]+"><strong>([^<]+)</strong>', response.content.decode()
    )


def test_the_roster_opens_most_urgent_first_with_reasons(cast, triage):
    response = client_for(cast.coach.user).get(reverse("roster"))
    assert listed(response) == ["Rita Runner", "Alex Turner", "Ben Clarke"]
    page = response.content.decode()
    assert "Injury (calf) since" in page and ": severe" in page
    assert "2 setbacks" in page


def test_alphabetical_order_is_one_click_away(cast, triage):
    response = client_for(cast.coach.user).get(reverse("roster"), {"order": "name"})
    assert listed(response) == ["Alex Turner", "Ben Clarke", "Rita Runner"]


def test_a_count_in_the_summary_bar_filters_the_list_with_and_without_htmx(cast, triage):
    client = client_for(cast.coach.user)
    response = client.get(reverse("roster"), {"flag": "setback"})
    assert listed(response) == ["Rita Runner", "Alex Turner"]
    assert 'aria-current="true"' in response.content.decode()
    assert "2 athletes flagged" in response.content.decode()
    partial = client.get(reverse("roster"), {"flag": "setback", "q": "alex"}, **HTMX)
    assert listed(partial) == ["Alex Turner"]
    assert "1 athlete flagged" in partial.content.decode()
    assert partial.content.decode().lstrip().startswith('<div id="roster-list"')


def test_an_unknown_flag_filter_is_ignored(cast, triage):
    response = client_for(cast.coach.user).get(reverse("roster"), {"flag": "<script>"})
    assert response.status_code == 200 and len(listed(response)) == 3


def test_marking_a_flag_handled_drops_the_athlete_and_keeps_the_history(cast, triage):
    alex, _ = triage
    client = client_for(cast.coach.user)
    client.get(reverse("roster"))
    url = reverse("attention-handled", args=[cast.runner.pk, "setback"])
    response = client.post(url, {"note": "Physio booked", "next": "/roster/?order=name"})
    assert response.status_code == 302 and response["Location"] == "/roster/?order=name"
    handled = HandledFlag.objects.get(athlete=cast.runner)
    assert (handled.note, handled.handled_by) == ("Physio booked", cast.coach.user)
    assert listed(client.get(reverse("roster")))[0] == "Alex Turner"
    # The same flag again is no longer open: 404, nothing doubled.
    assert client.post(url).status_code == 404
    assert HandledFlag.objects.count() == 1


def test_handling_over_htmx_answers_the_row(cast, triage):
    client = client_for(cast.coach.user)
    url = reverse("attention-handled", args=[cast.runner.pk, "setback"])
    row = client.post(url, **HTMX).content.decode()
    assert row.lstrip().startswith(f'<tr id="athlete-{cast.runner.pk}"')
    assert "Nothing flagged" in row


def test_a_handled_note_with_a_nul_is_refused_with_a_reason_not_a_500(cast, triage):
    url = reverse("attention-handled", args=[cast.runner.pk, "setback"])
    response = client_for(cast.coach.user).post(url, {"note": "Physio\x00 booked"})
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert not HandledFlag.objects.exists()


def test_only_the_athletes_coach_marks_flags_handled(cast, triage):
    url = reverse("attention-handled", args=[cast.runner.pk, "setback"])
    for user in (cast.other_coach.user, cast.runner.user, cast.other_runner.user):
        assert client_for(user).post(url).status_code == 404
    assert client_for(cast.coach.user).get(url).status_code == 405
    assert not HandledFlag.objects.exists()


def test_pages_of_fifty_with_a_total(cast):
    for number in range(60):
        AthleteFactory(coach=cast.coach, user__full_name=f"Runner {number:02d}")
    client = client_for(cast.coach.user)
    first = client.get(reverse("roster"), {"order": "name"})
    assert len(listed(first)) == 50 and "61 athletes" in first.content.decode()
    second = client.get(reverse("roster"), {"order": "name", "page": 2})
    assert len(listed(second)) == 11
    assert 'href="?order=name&amp;page=1"' in second.content.decode()


@pytest.mark.parametrize("size", [5, 1000])
def test_the_roster_takes_the_same_queries_at_5_and_1000_athletes(
    cast, size, django_assert_max_num_queries
):
    athletes = AthleteFactory.create_batch(size, coach=cast.coach)
    hurt(athletes[0])
    RunFactory(athlete=athletes[1])
    refresh_standings(athletes + [cast.runner])
    client = client_for(cast.coach.user)
    with django_assert_max_num_queries(ROSTER_QUERIES):
        response = client.get(reverse("roster"))
    assert len(listed(response)) == min(size + 1, 50)
    with django_assert_max_num_queries(ROSTER_QUERIES):
        client.get(reverse("roster"), {"flag": "setback"}, **HTMX)


def test_the_api_orders_by_attention_and_lists_each_athletes_flags(cast, triage):
    client = client_for(cast.coach.user)
    body = client.get("/api/v1/athletes/", {"ordering": "attention"}).json()
    assert [a["user"]["full_name"] for a in body["results"]] == [
        "Rita Runner",
        "Alex Turner",
        "Ben Clarke",
    ]
    assert body["results"][0]["attention"] == [
        {
            "flag": "setback",
            "severity": 3,
            "reason": body["results"][0]["attention"][0]["reason"],
        }
    ]
    assert body["results"][0]["attention"][0]["reason"].startswith("Injury (calf) since")
    assert body["results"][2]["attention"] == []


def test_the_api_marks_a_flag_handled_for_the_coach_only(cast, triage):
    url = f"/api/v1/athletes/{cast.runner.pk}/attention/setback/handled/"
    assert client_for(cast.other_coach.user).post(url).status_code == 404
    assert client_for(cast.runner.user).post(url).status_code == 404
    response = client_for(cast.coach.user).post(url, {"note": "ok"}, "application/json")
    assert response.status_code == 200 and response.json() == []
    again = client_for(cast.coach.user).post(url, {}, "application/json")
    assert again.status_code == 404
    assert HandledFlag.objects.get().note == "ok"


@pytest.mark.parametrize("size", [5, 200])
def test_the_api_list_takes_the_same_queries_however_many_athletes(
    cast, size, django_assert_max_num_queries
):
    athletes = AthleteFactory.create_batch(size, coach=cast.coach)
    refresh_standings(athletes + [cast.runner])
    client = client_for(cast.coach.user)
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/athletes/", {"ordering": "attention"}).status_code == 200


def test_athletes_cannot_be_created_through_the_api(cast):
    response = client_for(cast.coach.user).post("/api/v1/athletes/", {}, "application/json")
    assert response.status_code == 405


def test_the_athlete_page_shows_open_flags_the_handling_history_and_the_load_chart(cast, triage):
    client = client_for(cast.coach.user)
    url = reverse("athlete-detail", args=[cast.runner.pk])
    client.post(
        reverse("attention-handled", args=[cast.runner.pk, "setback"]),
        {"note": "Physio on Thursday", "next": url},
    )
    page = client.get(url).content.decode()
    assert 'id="handled-history"' in page and "Physio on Thursday" in page
    assert "Training load (RPE × minutes, AU a week)" in page
    assert "warming up: no ratio before 28 days of history" in page


def test_the_runner_sees_their_own_load_chart_at_home(cast, today):
    # A run on each of the 40 days up to today, at the start of the runner's day: never later
    # than the clock, whatever its hour.
    for days_ago in range(40):
        RunFactory(
            athlete=cast.runner,
            started_at=dt.datetime.combine(
                today - dt.timedelta(days=days_ago), dt.time(), tzinfo=cast.runner.zone
            ),
            duration_s=3600,
            rpe=None if days_ago == 3 else 4,
        )
    refresh_week_stats(cast.runner)
    page = client_for(cast.runner.user).get(reverse("athlete-home")).content.decode()
    assert 'id="home-load"' in page
    assert re.search(r"Acute:chronic ratio today: 0\.9\d rolling, 0\.9\d EWMA\.", page)
    assert "1 session of the last 4 weeks had no RPE" in page


def test_the_roster_brings_standings_past_their_midnight_up_to_date_before_counting(
    cast, triage, now
):
    Standing.objects.filter(athlete=cast.runner).update(
        flags=[], open_flag_names=" ", score=0, stale_after=now - dt.timedelta(minutes=1)
    )
    response = client_for(cast.coach.user).get(reverse("roster"), {"flag": "setback"})
    assert listed(response) == ["Rita Runner", "Alex Turner"]
    assert "2 athletes flagged" in response.content.decode()
    assert Standing.objects.get(athlete=cast.runner).stale_after > now


def test_the_rows_links_are_the_urls_reverse_gives() -> None:
    links = Links()
    assert links.athlete(7) == reverse("athlete-detail", args=[7])
    assert links.review(7, "2027-03-01") == reverse(
        "checkins:review-detail", args=[7, "2027-03-01"]
    )
    assert links.handled(7, "load-spike") == reverse("attention-handled", args=[7, "load-spike"])
