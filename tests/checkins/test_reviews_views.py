"""The review pages: autosave answers, conflicts that keep the text, late weeks, no-JS posts."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from athletes.models import Athlete
from checkins.models import WeeklyReview
from tests import clock
from tests.athletes.factories import PASSWORD, AthleteFactory
from tests.checkins.factories import RunFactory, WeeklyReviewFactory
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def form_data(review: WeeklyReview, **changes) -> dict:
    data = {
        "version": review.version,
        "runs_planned": 4,
        "runs_done": 3,
        "distance": "24",
        "longest_run": "12",
        "strength_sessions": 1,
        "good_sleep_nights": 5,
        "energy": 4,
        "motivation": 3,
        "wins": "Ran the whole hill.",
        "setbacks": "",
        "next_week_plan": "Same again, a bit longer on Sunday.",
        "injury_note": "",
        "maintenance_reason": "",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def week_url(name: str, review: WeeklyReview) -> str:
    return reverse(name, kwargs={"week": review.week_start.isoformat()})


@pytest.fixture
def review(cast):
    return WeeklyReviewFactory(athlete=cast.runner, wins="")


def test_this_week_redirects_to_the_current_monday(cast, now):
    response = client_for(cast.runner.user).get(reverse("checkins:review-this-week"))
    monday = cast.runner.week_start(now).isoformat()
    assert response.status_code == 302
    assert response["Location"] == reverse("checkins:review-edit", kwargs={"week": monday})


def test_first_open_prefills_from_the_run_log_in_the_runners_unit(cast, now):
    cast.runner.units = "mi"
    cast.runner.save()
    RunFactory(athlete=cast.runner, started_at=now, distance_m=16093)
    monday = cast.runner.week_start(now)
    response = client_for(cast.runner.user).get(
        reverse("checkins:review-edit", kwargs={"week": monday.isoformat()})
    )
    assert response.status_code == 200
    assert 'name="distance" value="10"' in response.content.decode()
    assert "Distance (mi)" in response.content.decode()


def test_a_future_week_or_a_malformed_date_is_not_found(cast, now):
    next_week = cast.runner.week_start(now) + dt.timedelta(days=7)
    client = client_for(cast.runner.user)
    assert (
        client.get(
            reverse("checkins:review-edit", kwargs={"week": next_week.isoformat()})
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("checkins:review-edit", kwargs={"week": "last-tuesday"})).status_code
        == 404
    )
    assert not WeeklyReview.objects.exists()


def test_autosave_answers_saved_with_the_time_and_the_next_version(cast, review):
    response = client_for(cast.runner.user).post(
        week_url("checkins:review-save", review),
        form_data(review, wins="Ran the whole hill."),
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Saved " in body
    assert 'name="version" value="2"' in body and "hx-swap-oob" in body
    review.refresh_from_db()
    assert (review.wins, review.distance_m, review.status) == (
        "Ran the whole hill.",
        24000,
        "draft",
    )


def test_autosave_from_a_stale_tab_is_refused_and_shows_both_versions(cast, review):
    client = client_for(cast.runner.user)
    client.post(
        week_url("checkins:review-save", review), form_data(review, wins="From the phone"), **HTMX
    )

    response = client.post(
        week_url("checkins:review-save", review), form_data(review, wins="From the laptop"), **HTMX
    )

    body = response.content.decode()
    assert response.status_code == 409
    assert "From the phone" in body and "From the laptop" in body
    assert "Keep what I typed" in body and 'data-keep-version="2"' in body
    review.refresh_from_db()
    assert review.wins == "From the phone"


def test_a_plain_post_from_a_stale_tab_keeps_its_text_in_the_form(cast, review):
    client = client_for(cast.runner.user)
    client.post(week_url("checkins:review-save", review), form_data(review, wins="From the phone"))

    response = client.post(
        week_url("checkins:review-submit", review), form_data(review, wins="From the laptop")
    )

    body = response.content.decode()
    assert response.status_code == 409
    assert "From the phone" in body
    assert "From the laptop</textarea>" in body
    # Saving again from this page is the runner's explicit choice to keep their text.
    assert 'name="version" value="2"' in body
    review.refresh_from_db()
    assert review.status == "draft"


def test_an_invalid_autosave_says_not_saved_and_keeps_the_saved_review(cast, review):
    response = client_for(cast.runner.user).post(
        week_url("checkins:review-save", review), form_data(review, energy=9), **HTMX
    )
    assert response.status_code == 422
    assert "Not saved" in response.content.decode()
    review.refresh_from_db()
    assert review.version == 1


def test_a_submit_with_errors_keeps_every_word(cast, review):
    response = client_for(cast.runner.user).post(
        week_url("checkins:review-submit", review),
        form_data(review, injured="on", injury_note="", wins="Long words I typed"),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Say in a few words what happened" in body
    assert "Long words I typed</textarea>" in body
    review.refresh_from_db()
    assert review.status == "draft"


def test_a_half_finished_draft_saves_even_if_it_could_not_be_submitted(cast, review):
    response = client_for(cast.runner.user).post(
        week_url("checkins:review-save", review),
        form_data(review, injured="on", injury_note=""),
        **HTMX,
    )
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.injured is True


def test_an_expired_session_autosave_gets_401_not_the_login_page(cast, review):
    response = client_for(None).post(
        week_url("checkins:review-save", review), form_data(review), **HTMX
    )
    assert response.status_code == 401
    assert response["HX-Reswap"] == "none"


def owner_of_form(client, review: WeeklyReview) -> str:
    """The signed owner field of the runner's review form, as their browser holds it."""
    html = client.get(week_url("checkins:review-edit", review)).content.decode()
    owner = re.search(r'name="owner" value="([^"]+)"', html)
    assert owner, "the form has no owner field"
    return owner.group(1)


@pytest.mark.parametrize("action", ["checkins:review-save", "checkins:review-submit"])
def test_without_javascript_an_expired_session_keeps_the_text_across_the_log_in(
    cast, review, action
):
    client = client_for(cast.runner.user)
    owner = owner_of_form(client, review)
    client.logout()  # the session expires while the runner types

    posted = client.post(
        week_url(action, review), {**form_data(review, wins="Sub-50 10K!"), "owner": owner}
    )
    assert posted.status_code == 302
    assert posted["Location"].startswith(reverse("login"))
    review.refresh_from_db()
    assert review.wins == ""  # nothing is saved for somebody who is not logged in

    logged_in = client.post(
        posted["Location"],
        {"username": cast.runner.user.email, "password": PASSWORD},
        follow=True,
    )
    html = logged_in.content.decode()
    assert "Your session had expired" in html
    assert "Sub-50 10K!" in html
    again = client.get(week_url("checkins:review-edit", review)).content.decode()
    assert "Sub-50 10K!" not in again  # offered once, then it is the runner's to save


def test_text_kept_from_an_expired_session_is_never_shown_to_somebody_else(cast, review):
    client = client_for(cast.runner.user)
    owner = owner_of_form(client, review)
    client.logout()
    client.post(
        week_url("checkins:review-save", review),
        {**form_data(review, wins="Private"), "owner": owner},
    )

    other = cast.other_runner.user
    logged_in = client.post(
        reverse("login") + "?next=" + week_url("checkins:review-edit", review),
        {"username": other.email, "password": PASSWORD},
        follow=True,
    )
    assert logged_in.status_code == 200
    assert "Private" not in logged_in.content.decode()


def test_a_forged_owner_gets_nothing_back(cast, review):
    client = client_for(None)
    client.post(
        week_url("checkins:review-save", review),
        {**form_data(review, wins="Forged"), "owner": "x:y:z"},
    )
    client.force_login(cast.runner.user)
    assert "Forged" not in client.get(week_url("checkins:review-edit", review)).content.decode()


def test_without_javascript_save_and_submit_redirect_back_with_a_message(cast, review):
    client = client_for(cast.runner.user)
    saved = client.post(week_url("checkins:review-save", review), form_data(review), follow=True)
    assert "Draft saved." in saved.content.decode()
    submitted = client.post(
        week_url("checkins:review-submit", review), form_data(review, version=2), follow=True
    )
    assert "Review submitted. Thank you!" in submitted.content.decode()
    review.refresh_from_db()
    assert review.status == "submitted" and review.submitted_at is not None
    assert review.submitted_late is False


def test_a_missed_past_week_can_be_filled_in_and_is_marked_late(cast, now):
    old_week = cast.runner.week_start(now) - dt.timedelta(weeks=3)
    client = client_for(cast.runner.user)
    page = client.get(reverse("checkins:review-edit", kwargs={"week": old_week.isoformat()}))
    assert "marked late" in page.content.decode()

    client.post(
        reverse("checkins:review-submit", kwargs={"week": old_week.isoformat()}),
        form_data(page.context["review"]),
    )

    review = WeeklyReview.objects.get(athlete=cast.runner, week_start=old_week)
    assert review.status == "submitted" and review.submitted_late is True


def test_the_review_list_shows_sixteen_weeks_in_a_fixed_number_of_queries(
    cast, django_assert_max_num_queries, now
):
    Athlete.objects.filter(pk=cast.runner.pk).update(created_at=now - dt.timedelta(weeks=20))
    client = client_for(cast.runner.user)
    with django_assert_max_num_queries(5):
        small = client.get(reverse("checkins:review-list"))
    for ago in range(1, 16):
        WeeklyReviewFactory(
            athlete=cast.runner, week_start=cast.runner.week_start(now) - dt.timedelta(weeks=ago)
        )
    with django_assert_max_num_queries(5):
        large = client.get(reverse("checkins:review-list"))
    assert small.content.decode().count("Week of") == 16
    assert large.content.decode().count("Week of") == 16
    assert large.content.decode().count("Draft") + large.content.decode().count("Overdue") >= 15


def test_weeks_that_ended_before_the_runner_joined_are_not_listed_as_owed(cast):
    body = client_for(cast.runner.user).get(reverse("checkins:review-list")).content.decode()
    assert body.count("Week of") == 1
    assert "Overdue" not in body


def test_a_coach_reads_the_review_but_a_runner_is_sent_to_their_own_form(cast, review):
    url = reverse(
        "checkins:review-detail", kwargs={"pk": cast.runner.pk, "week": review.week_start}
    )
    assert client_for(cast.coach.user).get(url).status_code == 200
    own = client_for(cast.runner.user).get(url)
    assert own.status_code == 302 and own["Location"] == week_url("checkins:review-edit", review)


def test_athlete_detail_draws_the_charts_and_lists_reviews_by_week(cast, review, now):
    RunFactory(athlete=cast.runner, started_at=now)
    page = client_for(cast.coach.user).get(reverse("athlete-detail", args=[cast.runner.pk]))
    body = page.content.decode()
    # Weekly distance, energy and motivation, training load (no A race: no season pictures).
    assert body.count("<svg") == 3
    assert 'class="bar"' in body and 'class="bar load"' in body
    # This week's energy and motivation: one point on each line.
    assert body.count("<circle") == 2
    assert (
        reverse("checkins:review-detail", kwargs={"pk": cast.runner.pk, "week": review.week_start})
        in body
    )


def test_an_other_runner_cannot_reach_a_review_by_another_athletes_url(cast, review):
    url = reverse(
        "checkins:review-detail", kwargs={"pk": cast.runner.pk, "week": review.week_start}
    )
    assert client_for(cast.other_runner.user).get(url).status_code == 404
    assert client_for(cast.other_coach.user).get(url).status_code == 404


def test_home_shows_this_weeks_review_card_and_the_streak(cast):
    other = AthleteFactory()
    body = client_for(other.user).get(reverse("athlete-home")).content.decode()
    assert "Weekly review · week of" in body
    assert "0 weeks" in body


def test_a_saved_draft_keeps_its_numbers_and_says_what_the_log_now_says(cast, review):
    client = client_for(cast.runner.user)
    client.post(
        week_url("checkins:review-save", review), form_data(review, runs_done=3, distance="24")
    )
    started = cast.runner.week_bounds(review.week_start)[0] + dt.timedelta(hours=7)
    RunFactory(athlete=cast.runner, started_at=started, distance_m=10000)

    content = client.get(week_url("checkins:review-edit", review)).content.decode()

    assert 'name="runs_done" value="3"' in content
    assert "Your run log has changed since you saved" in content
    assert "1 run, 10.0 km, longest 10.0 km" in content


def test_the_weeks_list_says_which_weeks_were_injury_or_maintenance_weeks(cast, now):
    Athlete.objects.filter(pk=cast.runner.pk).update(created_at=now - dt.timedelta(weeks=8))
    monday = cast.runner.week_start(now)
    WeeklyReviewFactory(
        athlete=cast.runner, week_start=monday - dt.timedelta(weeks=1), injured=True
    )
    WeeklyReviewFactory(
        athlete=cast.runner, week_start=monday - dt.timedelta(weeks=2), maintenance_week=True
    )

    pages = {
        cast.runner.user: reverse("checkins:review-list"),
        cast.coach.user: reverse("athlete-detail", args=[cast.runner.pk]),
    }
    for user, url in pages.items():
        body = client_for(user).get(url).content.decode()
        assert body.count("injury or illness</span>") == 1
        assert body.count("maintenance</span>") == 1


def this_week_url(athlete: Athlete, name: str = "checkins:review-edit") -> str:
    return reverse(name, kwargs={"week": athlete.week_start(clock.now()).isoformat()})


def test_opening_a_review_writes_nothing_so_the_roster_and_home_say_not_started(cast, now):
    RunFactory(athlete=cast.runner, started_at=now, distance_m=8000)
    page = client_for(cast.runner.user).get(this_week_url(cast.runner))

    assert page.status_code == 200
    assert 'name="version" value="0"' in page.content.decode()
    assert 'name="distance" value="8"' in page.content.decode()
    assert not WeeklyReview.objects.exists()
    home = client_for(cast.runner.user).get(reverse("athlete-home"))
    assert home.context["review_summary"].state == "not started"
    roster = client_for(cast.coach.user).get(reverse("roster"))
    assert ">Not started</span>" in roster.content.decode()
    assert ">Draft</span>" not in roster.content.decode()


def test_the_first_autosave_creates_the_review_at_version_one(cast):
    client = client_for(cast.runner.user)
    unsaved = client.get(this_week_url(cast.runner)).context["review"]

    response = client.post(
        this_week_url(cast.runner, "checkins:review-save"), form_data(unsaved, wins="Hills"), **HTMX
    )

    assert response.status_code == 200
    assert 'name="version" value="1"' in response.content.decode()
    review = WeeklyReview.objects.get(athlete=cast.runner)
    assert (review.wins, review.version, review.status) == ("Hills", 1, "draft")
    roster = client_for(cast.coach.user).get(reverse("roster"))
    assert ">Draft</span>" in roster.content.decode()


def test_a_first_save_from_two_tabs_makes_one_review_and_shows_the_second_the_conflict(cast):
    client = client_for(cast.runner.user)
    phone = client.get(this_week_url(cast.runner)).context["review"]
    laptop = client.get(this_week_url(cast.runner)).context["review"]
    client.post(
        this_week_url(cast.runner, "checkins:review-save"),
        form_data(phone, wins="From the phone"),
        **HTMX,
    )

    response = client.post(
        this_week_url(cast.runner, "checkins:review-save"),
        form_data(laptop, wins="From the laptop"),
        **HTMX,
    )

    assert response.status_code == 409
    body = response.content.decode()
    assert "changed in another tab" in body
    assert "From the phone" in body and "From the laptop" in body
    assert WeeklyReview.objects.get(athlete=cast.runner).wins == "From the phone"


def detail_url(athlete: Athlete, week: dt.date) -> str:
    return reverse("checkins:review-detail", kwargs={"pk": athlete.pk, "week": week.isoformat()})


def test_the_coachs_review_page_steps_to_neighbouring_weeks_and_that_weeks_runs(cast, now):
    Athlete.objects.filter(pk=cast.runner.pk).update(created_at=now - dt.timedelta(weeks=20))
    this_week = cast.runner.week_start(now)
    last_week = this_week - dt.timedelta(weeks=1)
    WeeklyReviewFactory(athlete=cast.runner, week_start=last_week, wins="Hills")
    coach = client_for(cast.coach.user)

    body = coach.get(detail_url(cast.runner, last_week)).content.decode()
    newest = coach.get(detail_url(cast.runner, this_week)).content.decode()

    assert f'href="{detail_url(cast.runner, last_week - dt.timedelta(weeks=1))}" rel="prev"' in body
    assert f'href="{detail_url(cast.runner, this_week)}" rel="next"' in body
    runs = reverse("checkins:athlete-runs", args=[cast.runner.pk])
    assert f'href="{runs}?week={last_week.isoformat()}"' in body
    # This week has no review yet: the page says so, and there is no week after it.
    assert "has not started this week's review yet" in newest
    assert 'rel="next"' not in newest
    assert not WeeklyReview.objects.filter(week_start=this_week).exists()


def test_the_coachs_review_page_stops_at_the_week_the_runner_joined(cast, now):
    this_week = cast.runner.week_start(now)
    page = client_for(cast.coach.user).get(detail_url(cast.runner, this_week))
    assert page.status_code == 200
    assert 'rel="prev"' not in page.content.decode()
    future = detail_url(cast.runner, this_week + dt.timedelta(weeks=1))
    assert client_for(cast.coach.user).get(future).status_code == 404


def test_an_autosave_of_words_does_only_what_a_draft_save_needs(
    cast, review, django_assert_max_num_queries
):
    """A keystroke's save writes the draft and answers: it re-checks no goals and recomputes
    no flags, since only numbers and the status feed those."""
    client = client_for(cast.runner.user)
    saved = client.post(week_url("checkins:review-save", review), form_data(review), **HTMX)
    assert saved.status_code == 200
    review.refresh_from_db()
    with django_assert_max_num_queries(8) as captured:
        response = client.post(
            week_url("checkins:review-save", review),
            form_data(review, wins="Ran the whole hill, twice."),
            **HTMX,
        )
    assert response.status_code == 200 and "Saved " in response.content.decode()
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "goals_goal" not in tables and "coaching_standing" not in tables


EMPTY = dict.fromkeys(
    [
        "runs_planned",
        "runs_done",
        "distance",
        "longest_run",
        "strength_sessions",
        "good_sleep_nights",
        "energy",
        "motivation",
    ]
) | {"wins": "", "next_week_plan": ""}


def test_a_completely_empty_review_cannot_be_submitted(cast, review):
    response = client_for(cast.runner.user).post(
        week_url("checkins:review-submit", review), form_data(review, **EMPTY)
    )
    assert response.status_code == 400
    assert "An empty review can&#x27;t be submitted" in response.content.decode()
    review.refresh_from_db()
    assert review.status == "draft"


def test_an_empty_draft_still_saves(cast, review):
    response = client_for(cast.runner.user).post(
        week_url("checkins:review-save", review), form_data(review, **EMPTY), **HTMX
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "one_thing",
    [{"runs_done": 1}, {"distance": "5"}, {"energy": 2}, {"wins": "Rested well."}],
    ids=["runs", "distance", "a feeling", "a note"],
)
def test_one_thing_said_is_enough_to_submit(cast, review, one_thing):
    response = client_for(cast.runner.user).post(
        week_url("checkins:review-submit", review), form_data(review, **(EMPTY | one_thing))
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "submitted"


def test_the_autosave_line_is_hidden_until_javascript_shows_it(cast, review):
    body = (
        client_for(cast.runner.user).get(week_url("checkins:review-edit", review)).content.decode()
    )
    assert (
        '<p class="save-line muted" data-autosave-hint hidden>Changes save as you type.</p>' in body
    )
