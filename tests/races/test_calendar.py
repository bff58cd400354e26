import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import signing
from django.urls import reverse
from icalendar import Calendar, Component

from goals.models import Goal
from races import tokens
from races.models import Race
from tests.athletes.factories import AthleteFactory
from tests.checkins.factories import PlannedSessionFactory
from tests.conftest import client_for
from tests.goals.factories import GoalFactory, MilestoneFactory, VisionFactory
from tests.races.factories import RaceFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
# The feed owner's key and user, then races, goals, milestones and planned sessions (a coach:
# one race query).
FEED_QUERIES = 5


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def feed_path(user) -> str:
    return reverse("calendar-feed", args=[tokens.feed_token(tokens.feed_of(user))])


def fetch(path: str):
    response = client_for(None).get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response


def events_of(ics: bytes) -> dict[str, Component]:
    calendar = Calendar.from_ical(ics)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    for event in events.values():
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert required in event, f"{event['UID']} has no {required}"
    return events


def test_a_runners_feed_has_their_races_goal_dates_and_milestones(cast):
    race = RaceFactory(
        athlete=cast.runner,
        name="Valencia Marathon",
        date=dt.date(2027, 6, 6),
        target_time_s=3 * 3600 + 59 * 60,
        location="Valencia",
        link="https://example.org/valencia",
    )
    done = RaceFactory(
        athlete=cast.runner,
        name="Parkside 10K",
        date=dt.date(2027, 2, 14),
        distance_m=10000,
        priority=Race.Priority.C,
        status=Race.Status.COMPLETED,
        result_time_s=48 * 60 + 12,
    )
    vision = VisionFactory(athlete=cast.runner)
    goal = GoalFactory(athlete=cast.runner, parent=vision, target_date=dt.date(2027, 5, 1))
    milestone = MilestoneFactory(
        goal=goal, title="First 25 km week", target_date=dt.date(2027, 4, 1)
    )
    GoalFactory(athlete=cast.runner, status=Goal.Status.ABANDONED)
    GoalFactory(athlete=cast.runner, target_date=None)
    RaceFactory(athlete=cast.other_runner)

    events = events_of(fetch(feed_path(cast.runner.user)).content)

    assert set(events) == {
        f"race-{race.pk}@runpath",
        f"race-{done.pk}@runpath",
        f"goal-{goal.pk}@runpath",
        f"milestone-{milestone.pk}@runpath",
    }
    marathon = events[f"race-{race.pk}@runpath"]
    assert marathon.decoded("DTSTART") == dt.date(2027, 6, 6)
    assert marathon.decoded("DTEND") == dt.date(2027, 6, 7)
    assert str(marathon["SUMMARY"]) == "Valencia Marathon (A race, Marathon)"
    description = str(marathon["DESCRIPTION"])
    assert "A — the race the season is built for" in description
    assert "Distance: Marathon (42.20 km)" in description
    assert "Target: 3:59:00" in description
    assert str(marathon["LOCATION"]) == "Valencia"
    assert str(marathon["URL"]) == "https://example.org/valencia"
    assert "Result: 48:12" in str(events[f"race-{done.pk}@runpath"]["DESCRIPTION"])
    goal_event = events[f"goal-{goal.pk}@runpath"]
    assert str(goal_event["SUMMARY"]) == f"Goal: {goal.title}"
    assert goal_event.decoded("DTSTART") == dt.date(2027, 5, 1)
    assert "Target: 30.0 km" in str(goal_event["DESCRIPTION"])
    milestone_event = events[f"milestone-{milestone.pk}@runpath"]
    assert str(milestone_event["SUMMARY"]) == "Milestone: First 25 km week"
    assert milestone_event.decoded("DTSTART") == dt.date(2027, 4, 1)


def test_events_are_all_day(cast):
    race = RaceFactory(athlete=cast.runner, date=dt.date(2027, 6, 6))
    body = fetch(feed_path(cast.runner.user)).content.decode()
    assert "DTSTART;VALUE=DATE:20270606\r\n" in body
    assert "DTEND;VALUE=DATE:20270607\r\n" in body
    assert f"UID:race-{race.pk}@runpath\r\n" in body


def test_the_same_feed_fetched_twice_is_the_same_so_calendars_update_not_duplicate(cast):
    race = RaceFactory(athlete=cast.runner)
    GoalFactory(athlete=cast.runner)
    path = feed_path(cast.runner.user)
    first = fetch(path).content
    with time_machine.travel(NOW + dt.timedelta(hours=5), tick=False):
        second = fetch(path).content
    assert first == second
    Race.objects.filter(pk=race.pk).update(name="Renamed Marathon")
    renamed = events_of(fetch(path).content)
    assert set(renamed) == set(events_of(first))
    assert "Renamed Marathon" in str(renamed[f"race-{race.pk}@runpath"]["SUMMARY"])


def test_a_coachs_feed_has_the_races_of_their_current_athletes(cast):
    mine = RaceFactory(athlete=cast.runner, name="Valencia Marathon")
    teammate = RaceFactory(athlete=AthleteFactory(coach=cast.coach, user__full_name="Tom Team"))
    RaceFactory(athlete=cast.other_runner)
    RaceFactory(athlete=cast.self_coached)
    GoalFactory(athlete=cast.runner)

    events = events_of(fetch(feed_path(cast.coach.user)).content)

    assert set(events) == {f"race-{mine.pk}@runpath", f"race-{teammate.pk}@runpath"}
    summary = str(events[f"race-{mine.pk}@runpath"]["SUMMARY"])
    assert summary == "Rita Runner: Valencia Marathon (A race, Marathon)"


@pytest.mark.parametrize("who", ["runner", "coach"])
def test_the_feed_query_count_is_fixed(cast, who, django_assert_max_num_queries):
    for index in range(10):
        race = RaceFactory(athlete=cast.runner, date=TODAY + dt.timedelta(weeks=index * 20))
        MilestoneFactory(goal=GoalFactory(athlete=cast.runner), title=race.name)
        PlannedSessionFactory(athlete=cast.runner, day=TODAY + dt.timedelta(days=index))
    user = cast.runner.user if who == "runner" else cast.coach.user
    path = feed_path(user)
    with django_assert_max_num_queries(FEED_QUERIES):
        fetch(path)


def test_a_runners_feed_carries_their_planned_sessions_from_a_fortnight_back(cast):
    steps = [
        {"step": "warmup", "distance_m": 2000, "rpe": 3},
        {
            "step": "repeat",
            "times": 5,
            "steps": [{"step": "work", "distance_m": 1000, "pace_s_per_km": 255}],
        },
        {"step": "cooldown", "duration_s": 600},
    ]
    session = PlannedSessionFactory(
        athlete=cast.runner,
        day=TODAY,
        kind="intervals",
        distance_m=9000,
        steps=steps,
        notes="On the track",
    )
    old = PlannedSessionFactory(athlete=cast.runner, day=TODAY - dt.timedelta(days=15))
    rest = PlannedSessionFactory(athlete=cast.runner, day=TODAY, kind="rest", distance_m=None)
    events = events_of(fetch(feed_path(cast.runner.user)).content)
    event = events[f"session-{session.pk}@runpath"]
    assert str(event["SUMMARY"]) == "Intervals 9.0 km"
    assert event.decoded("DTSTART") == TODAY
    assert str(event["DESCRIPTION"]) == (
        "Warm-up 2.0 km at RPE 3\n5 × (Work 1.0 km at 4:15 a km)\nCool-down 10:00\n\nOn the track"
    )
    assert f"session-{old.pk}@runpath" not in events and f"session-{rest.pk}@runpath" not in events


def test_a_new_link_revokes_the_old_one(cast):
    old = feed_path(cast.runner.user)
    client = client_for(cast.runner.user)
    response = client.post(reverse("calendar-reset"))
    assert response.status_code == 302
    assert response["Location"] == reverse("athletes:settings") + "#calendar"
    new = feed_path(cast.runner.user)
    assert new != old
    assert client_for(None).get(old).status_code == 404
    fetch(new)


def test_a_new_link_over_htmx_answers_with_the_new_link_in_place(cast):
    old = feed_path(cast.coach.user)
    response = client_for(cast.coach.user).post(reverse("calendar-reset"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="calendar"' in html and "<html" not in html
    assert feed_path(cast.coach.user) in html and old not in html


def test_a_new_link_needs_a_post_from_someone_signed_in(cast):
    path = feed_path(cast.runner.user)
    assert client_for(cast.runner.user).get(reverse("calendar-reset")).status_code == 405
    anonymous = client_for(None).post(reverse("calendar-reset"))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    fetch(path)


def mangled(token: str) -> list[str]:
    payload, signature = token.rsplit(":", 1)
    swapped = "A" if signature[0] != "A" else "B"
    return [
        f"{payload}:{swapped}{signature[1:]}",
        payload,
        "not-a-token",
        f"{payload[:-2]}:{signature}",
    ]


def test_mangled_or_forged_tokens_are_404(cast):
    feed = tokens.feed_of(cast.runner.user)
    token = tokens.feed_token(feed)
    other_salt = signing.Signer(salt="checkins.emails.unsubscribe").sign_object(
        [cast.runner.user_id, feed.key]
    )
    made_up_key = signing.Signer(salt=tokens.CALENDAR_SALT).sign_object(
        [cast.runner.user_id, "guessed"]
    )
    shape = signing.Signer(salt=tokens.CALENDAR_SALT).sign_object({"user": cast.runner.user_id})
    for bad in [*mangled(token), other_salt, made_up_key, shape]:
        response = client_for(None).get(reverse("calendar-feed", args=[bad]))
        assert response.status_code == 404, bad


def test_a_deactivated_users_feed_is_404(cast):
    path = feed_path(cast.runner.user)
    cast.runner.user.is_active = False
    cast.runner.user.save()
    assert client_for(None).get(path).status_code == 404


@pytest.mark.parametrize("who", ["runner", "coach"])
def test_the_settings_page_shows_the_link_and_the_new_link_button(cast, who):
    user = cast.runner.user if who == "runner" else cast.coach.user
    html = client_for(user).get(reverse("athletes:settings")).content.decode()
    assert feed_url_in(html) == settings.SITE_URL + feed_path(user)
    assert f'action="{reverse("calendar-reset")}"' in html
    assert "New link" in html


def feed_url_in(html: str) -> str:
    start = html.index('id="calendar-url"')
    value = html.index('value="', start) + len('value="')
    return html[value : html.index('"', value)]


def test_staff_without_a_profile_have_no_calendar_on_their_settings_page(cast):
    html = client_for(cast.staff).get(reverse("athletes:settings")).content.decode()
    assert 'id="calendar"' not in html
