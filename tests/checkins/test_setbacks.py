"""Setbacks: the runner logs, changes, ends and removes them (pages and API), their coach reads
them, nobody else finds them; the review's injury tick opens or continues one; an open one
pauses the review streak; "back running" suggests the weeks back."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from checkins.models import Setback, WeeklyReview, WeekStat
from checkins.reviews.standing import review_summaries
from tests.athletes.factories import AthleteFactory
from tests.checkins.factories import WeeklyReviewFactory
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Wednesday 10 March 2027, noon UTC: the week began on Monday 8 March.
NOW = dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.UTC)
THIS_WEEK = dt.date(2027, 3, 8)
LIST = reverse("checkins:setbacks")
API = "/api/v1/setbacks/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def setback(athlete, **fields) -> Setback:
    values = {"kind": "injury", "start": dt.date(2027, 3, 1), "severity": 2, **fields}
    return Setback.objects.create(athlete=athlete, **values)


def usual_weeks(athlete, metres: int, *, before: dt.date) -> None:
    """Four weeks of `metres` each before the week of `before`."""
    monday = before - dt.timedelta(days=before.weekday())
    for weeks in range(1, 5):
        WeekStat.objects.create(
            athlete=athlete, week_start=monday - dt.timedelta(weeks=weeks), distance_m=metres
        )


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


FORM = {"kind": "injury", "start": "2027-03-02", "severity": "2", "body_part": "left calf"}


# --- the runner's pages ------------------------------------------------------------------


def test_runner_logs_a_setback_and_sees_it_open_on_their_page(cast):
    client = client_for(cast.runner.user)

    response = client.post(reverse("checkins:setback-new"), {**FORM, "note": "Tight on the hills"})

    assert response.status_code == 302 and response["Location"] == LIST
    logged = Setback.objects.get(athlete=cast.runner)
    assert (logged.kind, logged.start, logged.end, logged.body_part) == (
        "injury",
        dt.date(2027, 3, 2),
        None,
        "left calf",
    )
    assert logged.created_by == cast.runner.user
    html = page(client.get(LIST))
    assert "left calf" in html and "Tight on the hills" in html
    assert reverse("checkins:setback-over", args=[logged.pk]) in html


def test_the_new_setback_form_starts_on_the_runners_today(cast):
    cast.runner.time_zone = "Pacific/Auckland"
    cast.runner.save()

    html = page(client_for(cast.runner.user).get(reverse("checkins:setback-new")))

    assert 'value="2027-03-11"' in html


def test_a_body_part_for_an_illness_is_refused_beside_the_field_keeping_what_was_typed(cast):
    data = {**FORM, "kind": "illness", "body_part": "chest", "note": "Flu, a week in bed"}

    html = page(client_for(cast.runner.user).post(reverse("checkins:setback-new"), data))

    error = re.search(r'<p class="error" id="id_body_part-error">([^<]+)</p>', html)
    assert error and error.group(1) == "A body part belongs to an injury."
    assert "Flu, a week in bed" in html and 'value="chest"' in html
    assert not Setback.objects.exists()


@pytest.mark.parametrize("field", ["start", "end"])
def test_a_date_outside_1990_to_2199_is_refused_on_the_page_and_the_api(cast, field):
    """Year 1 once saved made the setbacks page overflow working out the way back."""
    data = (
        {**FORM, "start": "1989-12-31", "end": ""}
        if field == "start"
        else {**FORM, "end": "0001-01-01"}
    )
    html = page(client_for(cast.runner.user).post(reverse("checkins:setback-new"), data))
    assert (
        f'id="id_{field}-error"' in html and "Check the year: dates run from 1990 to 2199." in html
    )
    api = client_for(cast.runner.user).post(
        API, {**data, "end": data["end"] or None}, content_type="application/json"
    )
    assert api.status_code == 400 and field in api.json()
    assert not Setback.objects.exists()
    assert client_for(cast.runner.user).get(reverse("checkins:setbacks")).status_code == 200


def test_back_running_before_the_setback_began_is_refused_beside_the_date(cast):
    data = {**FORM, "end": "2027-03-01"}

    html = page(client_for(cast.runner.user).post(reverse("checkins:setback-new"), data))

    assert 'id="id_end-error"' in html
    assert "cannot be before the setback began" in html
    assert not Setback.objects.exists()


def test_runner_changes_a_setback(cast):
    mine = setback(cast.runner)

    response = client_for(cast.runner.user).post(
        reverse("checkins:setback-edit", args=[mine.pk]), {**FORM, "severity": "3"}
    )

    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.severity, mine.body_part) == (3, "left calf")


def test_runner_removes_a_setback(cast):
    mine = setback(cast.runner)

    response = client_for(cast.runner.user).post(reverse("checkins:setback-delete", args=[mine.pk]))

    assert response.status_code == 302
    assert not Setback.objects.exists()


def test_back_running_ends_the_setback_on_the_runners_own_today(cast):
    cast.runner.time_zone = "Pacific/Auckland"  # already Thursday 11 March there
    cast.runner.save()
    mine = setback(cast.runner)

    response = client_for(cast.runner.user).post(reverse("checkins:setback-over", args=[mine.pk]))

    assert response.status_code == 302
    assert response["Location"] == LIST + "#comeback"
    mine.refresh_from_db()
    assert mine.end == dt.date(2027, 3, 11)


def test_back_running_shows_the_weeks_back_in_the_runners_units_with_the_rule(cast):
    usual_weeks(cast.runner, 20000, before=dt.date(2027, 3, 1))
    mine = setback(cast.runner)
    client = client_for(cast.runner.user)

    html = page(client.post(reverse("checkins:setback-over", args=[mine.pk]), follow=True))

    assert "Welcome back!" in html
    assert (
        "Resume at 75 % of your usual weekly distance after up to 2 weeks off, 50 % after "
        "longer, then at most 10 % more a week." in html
    )
    weeks = re.findall(r"Week of (\w+ \d+ \w+)</span><span><strong>([\d.]+ km)</strong>", html)
    assert weeks == [
        ("Mon 8 Mar", "15.0 km"),
        ("Mon 15 Mar", "16.5 km"),
        ("Mon 22 Mar", "18.1 km"),
        ("Mon 29 Mar", "20.0 km"),
    ]
    cast.runner.units = "mi"
    cast.runner.save()
    html = page(client.get(LIST))
    assert "9.3 mi" in html and "12.4 mi" in html


def test_a_long_break_starts_back_at_half(cast):
    usual_weeks(cast.runner, 40000, before=dt.date(2027, 1, 25))
    setback(cast.runner, start=dt.date(2027, 1, 25))

    html = page(
        client_for(cast.runner.user).post(
            reverse("checkins:setback-over", args=[Setback.objects.get().pk]), follow=True
        )
    )

    assert '<strong>20.0 km</strong> <span class="muted small">(50 %)</span>' in html


def test_back_running_without_runs_before_says_how_to_start(cast):
    mine = setback(cast.runner)

    html = page(
        client_for(cast.runner.user).post(
            reverse("checkins:setback-over", args=[mine.pk]), follow=True
        )
    )

    assert "no usual week to start from" in html


def test_a_setback_beginning_after_today_cannot_be_ended_today(cast):
    later = setback(cast.runner, kind="life", start=dt.date(2027, 3, 20))

    response = client_for(cast.runner.user).post(
        reverse("checkins:setback-over", args=[later.pk]), follow=True
    )

    assert "cannot be before the setback began" in page(response)
    later.refresh_from_db()
    assert later.end is None


def test_open_setbacks_are_listed_first(cast):
    setback(cast.runner, start=dt.date(2027, 1, 4), end=dt.date(2027, 1, 20), body_part="knee")
    setback(cast.runner, start=dt.date(2026, 11, 2), body_part="hip")
    setback(cast.runner, start=dt.date(2027, 2, 1), end=dt.date(2027, 2, 10), body_part="ankle")

    html = page(client_for(cast.runner.user).get(LIST))

    now_section, behind = html.split('id="past-setbacks"')
    assert "hip" in now_section and "knee" not in now_section
    assert behind.index("ankle") < behind.index("knee")


@pytest.mark.parametrize("count", [1, 40])
def test_setback_page_query_count_does_not_grow(cast, django_assert_max_num_queries, count):
    for i in range(count):
        start = dt.date(2026, 1, 5) + dt.timedelta(weeks=2 * i)
        setback(cast.runner, start=start, end=start + dt.timedelta(days=5))
    setback(cast.runner, start=dt.date(2027, 2, 22), end=dt.date(2027, 3, 5))
    client = client_for(cast.runner.user)

    # session, user, athlete, coach profile (the menu), setbacks, and the weeks before the
    # latest one (its return plan)
    with django_assert_max_num_queries(6):
        html = page(client.get(LIST))

    assert html.count('class="setback"') == count + 1


# --- the coach, and everybody else -------------------------------------------------------


def test_coach_reads_an_athletes_setbacks_without_buttons(cast):
    theirs = setback(cast.runner, body_part="left calf")

    html = page(
        client_for(cast.coach.user).get(reverse("checkins:athlete-setbacks", args=[cast.runner.pk]))
    )

    assert "Rita Runner · setbacks" in html and "left calf" in html
    assert reverse("checkins:setback-over", args=[theirs.pk]) not in html
    assert reverse("checkins:setback-edit", args=[theirs.pk]) not in html


@pytest.mark.parametrize("who", ["coach", "other_coach", "other_runner"])
@pytest.mark.parametrize(
    "action", ["checkins:setback-edit", "checkins:setback-delete", "checkins:setback-over"]
)
def test_nobody_but_the_runner_changes_a_setback(cast, who, action):
    theirs = setback(cast.runner)
    user = getattr(cast, who).user

    response = client_for(user).post(reverse(action, args=[theirs.pk]), FORM)

    assert response.status_code == 404
    assert Setback.objects.get(pk=theirs.pk).end is None


@pytest.mark.parametrize("who", ["other_coach", "other_runner"])
def test_another_coach_or_runner_does_not_find_the_athletes_setbacks(cast, who):
    response = client_for(getattr(cast, who).user).get(
        reverse("checkins:athlete-setbacks", args=[cast.runner.pk])
    )

    assert response.status_code == 404


def test_the_runner_is_sent_to_their_own_page(cast):
    response = client_for(cast.runner.user).get(
        reverse("checkins:athlete-setbacks", args=[cast.runner.pk])
    )

    assert response.status_code == 302 and response["Location"] == LIST


# --- the weekly review -------------------------------------------------------------------


def review_form(version: int, **changes) -> dict:
    return {
        "version": version,
        "runs_planned": 4,
        "runs_done": 1,
        "distance": "5",
        "longest_run": "5",
        "energy": 2,
        "motivation": 3,
        "injured": "on",
        "injury_note": "Sore shin",
        "wins": "",
        "setbacks": "",
        "next_week_plan": "Rest",
        "maintenance_reason": "",
        **changes,
    }


def submit(client, week: dt.date, **changes):
    current = WeeklyReview.objects.filter(week_start=week).first()
    url = reverse("checkins:review-submit", args=[week.isoformat()])
    return client.post(url, review_form(current.version if current else 0, **changes))


def test_the_injury_tick_opens_a_setback_and_a_second_injured_week_continues_it(cast):
    client = client_for(cast.runner.user)
    last_week = THIS_WEEK - dt.timedelta(weeks=1)

    assert submit(client, last_week).status_code == 302
    opened = Setback.objects.get(athlete=cast.runner)
    assert (opened.start, opened.end, opened.note) == (last_week, None, "Sore shin")
    assert opened.review.week_start == last_week

    assert submit(client, THIS_WEEK, injury_note="Still sore").status_code == 302
    assert Setback.objects.filter(athlete=cast.runner).count() == 1


def test_a_week_without_the_tick_opens_no_setback(cast):
    submit(client_for(cast.runner.user), THIS_WEEK, injured="", injury_note="")

    assert not Setback.objects.exists()


def test_the_review_offers_to_log_a_setback_and_to_end_the_open_one(cast):
    week = THIS_WEEK.isoformat()
    url = reverse("checkins:review-edit", args=[week])
    client = client_for(cast.runner.user)
    html = page(client.get(url))
    assert f'href="{reverse("checkins:setback-new")}?next={url}"' in html
    assert "Back running" not in html

    hurt = setback(cast.runner, body_part="shin")
    html = page(client.get(url))

    over = reverse("checkins:setback-over", args=[hurt.pk])
    assert f'form="setback-over-{hurt.pk}"' in html
    assert f'<form id="setback-over-{hurt.pk}" method="post" action="{over}"' in html
    assert "Open setback: <strong>Injury</strong> (shin) since 1 Mar" in html


def test_a_setback_logged_from_the_review_returns_to_the_review(cast):
    url = reverse("checkins:review-edit", args=[THIS_WEEK.isoformat()])

    response = client_for(cast.runner.user).post(
        reverse("checkins:setback-new") + f"?next={url}", {**FORM, "next": url}
    )

    assert response.status_code == 302 and response["Location"] == url


def test_an_open_setback_pauses_the_review_streak_like_a_maintenance_week(cast):
    runner = cast.runner
    for weeks_ago in (4, 3, 1):
        WeeklyReviewFactory(
            athlete=runner,
            week_start=THIS_WEEK - dt.timedelta(weeks=weeks_ago),
            status="submitted",
        )
    # The runner joined long before these weeks, so the missed week would break the streak.
    type(runner).objects.filter(pk=runner.pk).update(created_at=NOW - dt.timedelta(weeks=30))
    runner.refresh_from_db()

    def streak() -> int:
        return review_summaries([runner], viewer=runner.user, now=NOW)[runner.pk].streak

    assert streak() == 1
    setback(runner, start=THIS_WEEK - dt.timedelta(weeks=2, days=-2))
    assert streak() == 3


# --- the API -----------------------------------------------------------------------------


def api(user):
    return client_for(user)


def test_runner_logs_a_setback_through_the_api(cast):
    response = api(cast.runner.user).post(
        API,
        {"kind": "illness", "start": "2027-03-02", "severity": 3},
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {
        "id",
        "athlete",
        "kind",
        "start",
        "end",
        "severity",
        "body_part",
        "note",
        "review",
        "created_at",
    }
    assert (body["athlete"], body["end"], body["review"]) == (cast.runner.pk, None, None)
    assert Setback.objects.get().created_by == cast.runner.user


def test_the_api_refuses_a_body_part_for_an_illness_as_a_field_error(cast):
    response = api(cast.runner.user).post(
        API,
        {"kind": "illness", "start": "2027-03-02", "body_part": "chest"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {"body_part": ["A body part belongs to an injury."]}
    assert not Setback.objects.exists()


def test_runner_ends_changes_and_removes_a_setback_through_the_api(cast):
    mine = setback(cast.runner)
    client = api(cast.runner.user)
    url = f"{API}{mine.pk}/"

    response = client.patch(
        url, {"end": "2027-03-09", "athlete": cast.other_runner.pk}, content_type="application/json"
    )

    assert response.status_code == 200
    assert (response.json()["end"], response.json()["athlete"]) == ("2027-03-09", cast.runner.pk)
    assert client.delete(url).status_code == 204
    assert not Setback.objects.exists()


def test_the_coach_reads_but_does_not_write_an_athletes_setbacks(cast):
    theirs = setback(cast.runner)
    client = api(cast.coach.user)

    listed = client.get(API).json()
    assert [row["id"] for row in listed["results"]] == [theirs.pk]
    assert client.get(f"{API}{theirs.pk}/").status_code == 200
    created = client.post(
        API,
        {"athlete": cast.runner.pk, "kind": "life", "start": "2027-03-02"},
        content_type="application/json",
    )
    assert created.status_code == 403
    changed = client.patch(f"{API}{theirs.pk}/", {"note": "x"}, content_type="application/json")
    assert changed.status_code == 403
    assert client.delete(f"{API}{theirs.pk}/").status_code == 403
    assert Setback.objects.get().note == ""


@pytest.mark.parametrize("who", ["other_coach", "other_runner"])
def test_others_find_no_setback_through_the_api(cast, who):
    theirs = setback(cast.runner)
    client = api(getattr(cast, who).user)

    assert client.get(API).json()["count"] == 0
    assert client.get(f"{API}{theirs.pk}/").status_code == 404
    assert (
        client.patch(f"{API}{theirs.pk}/", {}, content_type="application/json").status_code == 404
    )
    assert client.delete(f"{API}{theirs.pk}/").status_code == 404
    created = client.post(
        API,
        {"athlete": cast.runner.pk, "kind": "life", "start": "2027-03-02"},
        content_type="application/json",
    )
    assert created.status_code == 400 and "athlete" in created.json()


def test_the_api_lists_open_setbacks_first_and_filters_them(cast):
    over = setback(cast.runner, start=dt.date(2027, 2, 1), end=dt.date(2027, 2, 5))
    ongoing = setback(cast.runner, start=dt.date(2026, 12, 1))
    client = api(cast.runner.user)

    assert [row["id"] for row in client.get(API).json()["results"]] == [ongoing.pk, over.pk]
    assert [row["id"] for row in client.get(API, {"open": "true"}).json()["results"]] == [
        ongoing.pk
    ]


@pytest.mark.parametrize("count", [2, 60])
def test_api_list_query_count_does_not_grow(cast, django_assert_max_num_queries, count):
    for i in range(count):
        setback(AthleteFactory(coach=cast.coach), start=dt.date(2026, 1, 1) + dt.timedelta(days=i))
    client = api(cast.coach.user)

    # session, user, count, page of setbacks
    with django_assert_max_num_queries(4):
        response = client.get(API)

    assert response.json()["count"] == count
