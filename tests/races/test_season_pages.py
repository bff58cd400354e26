import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from athletes.units import format_duration
from goals.models import Milestone
from races import services
from races.charts.plan_chart import plan_chart
from races.charts.season_timeline import season_timeline
from races.models import PersonalBest, Race
from races.predictions import riegel, vdot, vdot_time
from races.season_page import phase_milestones
from tests.athletes.factories import BusyPeriodFactory
from tests.checkins.factories import RunFactory
from tests.conftest import client_for
from tests.goals.factories import BenchmarkFactory, GoalFactory
from tests.races.factories import RaceFactory

pytestmark = pytest.mark.django_db

# A Wednesday in the Europe/London winter (UTC is local time): this week began Monday 8 March.
NOW = dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
THIS_MONDAY = dt.date(2027, 3, 8)
# The season began six weeks ago, when the A race was added.
SEASON_START = THIS_MONDAY - dt.timedelta(weeks=6)
SEASON_PAGE_MAX_QUERIES = 16
# The coach's athlete page (reviews, charts, goals, season, this week's sessions, PBs) and the
# runner's home.
ATHLETE_PAGE_MAX_QUERIES = 35
HOME_MAX_QUERIES = 33


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def a_race(athlete, **fields) -> Race:
    """An A marathon 12 weeks out, added to the plan six weeks ago."""
    fields = {
        "name": "Berlin Marathon",
        "date": TODAY + dt.timedelta(weeks=12),
        "created_at": at_noon(SEASON_START),
        **fields,
    }
    return RaceFactory.create(athlete=athlete, **fields)


def run_weeks(athlete, first_monday: dt.date, metres: list[float]) -> None:
    """One run on the Tuesday of each week from `first_monday`, of the given distance."""
    for index, distance in enumerate(metres):
        if distance:
            tuesday = first_monday + dt.timedelta(weeks=index, days=1)
            RunFactory(athlete=athlete, started_at=at_noon(tuesday), distance_m=distance)


def season_with_history(athlete) -> services.SeasonReport:
    """30 km weeks before the season; in it, week 1 as planned, week 2 under, week 3 over."""
    run_weeks(athlete, SEASON_START - dt.timedelta(weeks=4), [30000] * 4)
    race = a_race(athlete)
    report = services.season_for(athlete)
    assert report is not None, "the A race makes a season"
    targets = [w.week.target_distance_m for w in report.weeks]
    run_weeks(athlete, SEASON_START, [targets[0], targets[1] * 0.5, targets[2] * 1.5])
    assert report.season.a_race.key == race.pk
    report = services.season_for(athlete)
    assert report is not None
    return report


# --- the season page ---


def test_the_runner_sees_their_season_timeline_and_plan(cast):
    season_with_history(cast.runner)
    RaceFactory(
        athlete=cast.runner,
        name="Spring Half",
        priority="B",
        distance_m=21098,
        date=TODAY + dt.timedelta(weeks=7),
    )
    BusyPeriodFactory(
        athlete=cast.runner,
        start=TODAY + dt.timedelta(weeks=2),
        end=TODAY + dt.timedelta(weeks=3),
        label="Work trip",
    )
    response = client_for(cast.runner.user).get(reverse("season"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your season" in html
    assert "Season plan for Berlin Marathon</title>" in html
    # Phases coloured and named, in the legend too.
    for phase in ("base", "build", "peak", "taper", "recovery"):
        assert f'class="phase phase-{phase}"' in html
        assert f'class="swatch phase-{phase}"' in html
    # The A and B races marked with their letter, today and the busy weeks drawn.
    assert re.search(r'class="race-mark race-a">.*?>A</text>', html)
    assert re.search(r'class="race-mark race-b">.*?>B</text>', html)
    assert 'class="today"' in html
    assert 'class="busy"' in html
    assert "Spring Half (B)" in html
    # Benchmark weeks: the start of base and the end of build.
    assert html.count('<g class="benchmark">') == 2
    assert 'aria-labelledby="plan-title-' in html


def test_the_coach_sees_their_athletes_season_and_other_coaches_get_404(cast):
    a_race(cast.runner)
    url = reverse("athlete-season", args=[cast.runner.pk])
    html = client_for(cast.coach.user).get(url).content.decode()
    assert f"{cast.runner} · season" in html
    assert "Season plan for Berlin Marathon" in html
    assert client_for(cast.other_coach.user).get(url).status_code == 404
    assert client_for(cast.other_runner.user).get(url).status_code == 404


def test_without_an_a_race_the_season_page_prompts_to_add_one(cast):
    RaceFactory(athlete=cast.runner, priority="B")
    RaceFactory(athlete=cast.runner, date=TODAY - dt.timedelta(days=3))  # an A race gone by
    html = client_for(cast.runner.user).get(reverse("season")).content.decode()
    assert "No A race ahead, so no plan yet" in html
    assert f'href="{reverse("races:race-new")}"' in html
    assert "<svg" not in html
    coach_view = reverse("athlete-season", args=[cast.runner.pk])
    html = client_for(cast.coach.user).get(coach_view).content.decode()
    assert f'href="{reverse("races:athlete-race-new", args=[cast.runner.pk])}"' in html


def test_each_past_week_is_labelled_in_words_against_the_plan(cast):
    report = season_with_history(cast.runner)
    labels = [w.compliance for w in report.weeks[:7]]
    assert labels[:3] == ["as planned", "under", "over"]
    assert labels[6] == "so far"
    html = client_for(cast.runner.user).get(reverse("season")).content.decode()
    words = re.findall(r'<text class="compliance"[^>]*>([^<]+)</text>', html)
    assert words == labels
    assert "6 weeks done: 1 as planned, 4 under, 1 over." in html


def test_distances_are_shown_in_the_runners_units(cast):
    cast.runner.units = "mi"
    cast.runner.save()
    season_with_history(cast.runner)
    html = client_for(cast.runner.user).get(reverse("season")).content.decode()
    assert "Weekly distance against the plan (mi)" in html
    assert "26.2 mi" in html  # the marathon
    plan = html[html.index('id="season-plan"') : html.index('id="season-milestones"')]
    assert " mi" in plan and " km" not in plan


def test_the_season_notes_say_what_the_plan_shortened(cast):
    a_race(cast.runner, date=TODAY + dt.timedelta(weeks=5), created_at=NOW)
    html = client_for(cast.runner.user).get(reverse("season")).content.decode()
    assert 'id="season-notes"' in html
    assert "short of a full season" in html


def plant_a_season(athlete, *, weeks_of_runs: int) -> None:
    """`weeks_of_runs` weeks of running (a race run in each), an A race with two C races before
    it, busy weeks, an outcome goal with a milestone from the season, and PBs."""
    run_weeks(athlete, THIS_MONDAY - dt.timedelta(weeks=weeks_of_runs), [20000] * weeks_of_runs)
    for week in range(weeks_of_runs):
        RunFactory(
            athlete=athlete,
            started_at=at_noon(THIS_MONDAY - dt.timedelta(weeks=week, days=2)),
            kind="race",
            distance_m=5000,
            duration_s=1500 - week,
        )
    a_race(athlete)
    for weeks_ahead in range(1, weeks_of_runs // 10 + 3):
        RaceFactory(athlete=athlete, priority="C", date=TODAY + dt.timedelta(weeks=weeks_ahead))
    BusyPeriodFactory(athlete=athlete, start=TODAY, end=TODAY + dt.timedelta(weeks=2))
    make_pbs(athlete)
    goal = GoalFactory.create(athlete=athlete, title="Sub-4 in Berlin")
    client_for(athlete.user).post(
        reverse("goals:milestone-from-season", args=[goal.pk]), {"phase": "base"}
    )


@pytest.mark.parametrize("weeks_of_runs", [2, 104])
@pytest.mark.parametrize(
    ("page", "max_queries"),
    [
        ("season", SEASON_PAGE_MAX_QUERIES),
        ("athlete-season", SEASON_PAGE_MAX_QUERIES + 1),
        ("athlete-detail", ATHLETE_PAGE_MAX_QUERIES),
        ("athlete-home", HOME_MAX_QUERIES),
    ],
)
def test_the_season_pages_query_counts_do_not_grow_with_the_log(
    cast, weeks_of_runs, page, max_queries, django_assert_max_num_queries
):
    plant_a_season(cast.runner, weeks_of_runs=weeks_of_runs)
    own = page in ("season", "athlete-home")
    client = client_for(cast.runner.user if own else cast.coach.user)
    url = reverse(page) if own else reverse(page, args=[cast.runner.pk])
    client.get(url)  # the first look of the day computes the athlete's standing
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)
    assert response.status_code == 200
    # The home shows this week of the plan; the other pages the whole season.
    shown = 'id="plan-week"' if page == "athlete-home" else "Season plan for Berlin Marathon"
    assert shown in response.content.decode()


# --- milestones from the season ---


def test_each_phase_end_is_suggested_as_a_milestone_with_its_date(cast):
    a_race(cast.runner)
    season = services.season_for(cast.runner).season
    suggestions = phase_milestones(season)
    assert [s.phase.value for s in suggestions] == ["base", "build", "peak"]
    spans = {span.phase.value: span for span in season.phases}
    assert [s.date for s in suggestions] == [spans[p].last_day for p in ("base", "build", "peak")]
    peak = suggestions[-1]
    assert peak.weekly_m == season.peak_weekly_m
    assert peak.long_run_m <= season.needs_long_run_m
    html = client_for(cast.runner.user).get(reverse("season")).content.decode()
    assert f"End of build phase</strong> · {spans['build'].last_day:%a %-d %b %Y}" in html
    # Without an outcome goal there is nothing to add them to.
    assert "Add as milestone" not in html
    assert "to add these as its milestones" in html


def test_accepting_a_suggested_milestone_adds_it_exactly_once(cast):
    a_race(cast.runner)
    goal = GoalFactory(athlete=cast.runner, title="Thirty a week")
    client = client_for(cast.runner.user)
    assert client.get(reverse("season")).content.decode().count("Add as milestone") == 3
    url = reverse("goals:milestone-from-season", args=[goal.pk])
    first = client.post(url, {"phase": "build"})
    assert first.status_code == 302
    assert first["Location"] == reverse("season")
    client.post(url, {"phase": "build"})
    milestone = Milestone.objects.get()
    build = next(
        s
        for s in phase_milestones(services.season_for(cast.runner).season)
        if s.phase.value == "build"
    )
    assert (milestone.goal, milestone.title, milestone.target_date) == (
        goal,
        "End of build phase",
        build.date,
    )
    # A weekly-distance goal takes the phase's weekly target.
    assert milestone.target_value == build.weekly_m
    html = client.get(reverse("season")).content.decode()
    assert html.count("Add as milestone") == 2
    assert re.search(r'id="milestone-build".*?<span class="badge good">Added</span>', html, re.S)


def test_the_milestone_goes_to_the_goal_linked_to_the_a_race(cast):
    race = a_race(cast.runner)
    GoalFactory(
        athlete=cast.runner, title="Thirty a week", target_date=TODAY + dt.timedelta(weeks=2)
    )
    linked = GoalFactory(
        athlete=cast.runner,
        title="Sub-4 in Berlin",
        kind="time",
        metric="race_time",
        distance_m=42195,
        target_value=4 * 3600,
        race=race,
        target_date=race.date,
    )
    html = client_for(cast.runner.user).get(reverse("season")).content.decode()
    assert reverse("goals:milestone-from-season", args=[linked.pk]) in html
    client_for(cast.coach.user).post(
        reverse("goals:milestone-from-season", args=[linked.pk]), {"phase": "peak"}
    )
    milestone = linked.milestones.get()
    # A race-time goal is not measured in weekly distance: ticked off by hand.
    assert milestone.target_value is None


def test_a_long_run_goal_takes_the_phases_long_run(cast):
    a_race(cast.runner)
    goal = GoalFactory(athlete=cast.runner, metric="long_run", target_value=30000)
    client_for(cast.runner.user).post(
        reverse("goals:milestone-from-season", args=[goal.pk]), {"phase": "peak"}
    )
    season = services.season_for(cast.runner).season
    assert goal.milestones.get().target_value == phase_milestones(season)[-1].long_run_m


def test_the_coach_is_sent_back_to_their_view_of_the_season(cast):
    a_race(cast.runner)
    goal = GoalFactory(athlete=cast.runner)
    response = client_for(cast.coach.user).post(
        reverse("goals:milestone-from-season", args=[goal.pk]), {"phase": "base"}
    )
    assert response["Location"] == reverse("athlete-season", args=[cast.runner.pk])
    assert goal.milestones.count() == 1


def test_another_coach_cannot_add_a_milestone_to_the_goal(cast):
    a_race(cast.runner)
    goal = GoalFactory(athlete=cast.runner)
    url = reverse("goals:milestone-from-season", args=[goal.pk])
    assert client_for(cast.other_coach.user).post(url, {"phase": "base"}).status_code == 404
    assert client_for(cast.other_runner.user).post(url, {"phase": "base"}).status_code == 404
    assert not Milestone.objects.exists()


def test_a_phase_the_season_does_not_suggest_is_404(cast):
    goal = GoalFactory(athlete=cast.runner)
    client = client_for(cast.runner.user)
    url = reverse("goals:milestone-from-season", args=[goal.pk])
    assert client.post(url, {"phase": "base"}).status_code == 404  # no A race, no season
    a_race(cast.runner)
    assert client.post(url, {"phase": "taper"}).status_code == 404
    assert not Milestone.objects.exists()


# --- predictions ---


def test_vdot_time_is_the_time_with_that_vdot():
    for distance in (5000, 10000, 21097.5, 42195):
        assert vdot(distance, vdot_time(45.0, distance)) == pytest.approx(45.0, abs=1e-6)


@pytest.mark.parametrize(
    ("distance_m", "table_time"),
    # Daniels' Running Formula, VDOT 50.
    [(5000, "19:57"), (10000, "41:21"), (21097.5, "1:31:35"), (42195, "3:10:49")],
)
def test_vdot_time_matches_daniels_table_within_half_a_percent(distance_m, table_time):
    parts = [int(p) for p in table_time.split(":")]
    seconds = sum(part * 60**power for power, part in enumerate(reversed(parts)))
    assert vdot_time(50, distance_m) == pytest.approx(seconds, rel=0.005)


def test_the_predictions_page_shows_riegel_and_vdot_from_the_best_effort(cast):
    BenchmarkFactory(athlete=cast.runner, distance_m=5000, duration_s=24 * 60 + 34, note="Parkrun")
    BenchmarkFactory(athlete=cast.runner, distance_m=5000, duration_s=26 * 60)
    html = client_for(cast.runner.user).get(reverse("predictions")).content.decode()
    assert "5.0 km in 24:34</strong>" in html
    assert '<strong id="vdot">39.1</strong>' in html
    marathon_riegel = format_duration(riegel(1474, from_m=5000, to_m=42195))
    marathon_vdot = format_duration(vdot_time(vdot(5000, 1474), 42195))
    assert marathon_riegel == "3:55:37"
    assert marathon_vdot == "3:53:55"
    row = re.search(r"<td data-label=\"Distance\">Marathon</td>(.*?)</tr>", html, re.S).group(1)
    assert marathon_riegel in row and marathon_vdot in row
    assert "10K" in html and "Half marathon" in html
    assert 'id="marathon-range"' in html
    assert "Vickers &amp; Vertosick" in html


def test_the_coach_sees_the_predictions_and_other_coaches_get_404(cast):
    BenchmarkFactory(athlete=cast.runner)
    url = reverse("athlete-predictions", args=[cast.runner.pk])
    assert (
        '<strong id="vdot">39.1</strong>' in client_for(cast.coach.user).get(url).content.decode()
    )
    assert client_for(cast.other_coach.user).get(url).status_code == 404


def test_without_an_effort_the_predictions_page_asks_for_one(cast):
    BenchmarkFactory(athlete=cast.runner, date=TODAY - dt.timedelta(days=400))  # too old
    html = client_for(cast.runner.user).get(reverse("predictions")).content.decode()
    assert "Record a benchmark or a race result" in html
    assert 'id="predictions"' not in html


# --- home, the coach's athlete page, the goals page ---


def test_the_runners_home_counts_down_to_the_next_race_and_shows_this_weeks_target(cast):
    season_with_history(cast.runner)
    RaceFactory(
        athlete=cast.runner, name="Parkrun", priority="C", date=TODAY + dt.timedelta(days=3)
    )
    run_weeks(cast.runner, THIS_MONDAY, [12000])
    report = services.season_for(cast.runner)
    html = client_for(cast.runner.user).get(reverse("athlete-home")).content.decode()
    assert "Parkrun (C) in 3 days" in html
    target = report.this_week.week.target_distance_m / 1000
    assert f"<strong>12.0 km</strong> of {target:.1f} km planned so far" in html
    assert f'href="{reverse("season")}"' in html
    assert f'href="{reverse("predictions")}"' in html


def test_the_runners_home_without_a_race_asks_for_one(cast):
    html = client_for(cast.runner.user).get(reverse("athlete-home")).content.decode()
    assert "No race planned" in html
    assert 'id="plan-week"' not in html


def make_pbs(athlete) -> None:
    PersonalBest.objects.create(
        athlete=athlete,
        distance_m=10000,
        duration_s=50 * 60,
        date=TODAY - dt.timedelta(days=200),
        source="race",
        source_label="Town 10K",
    )
    PersonalBest.objects.create(
        athlete=athlete,
        distance_m=10000,
        duration_s=48 * 60 + 12,
        previous_s=50 * 60,
        date=TODAY - dt.timedelta(days=20),
        source="race",
        source_label="City 10K",
    )


def test_the_coachs_athlete_page_shows_the_season_and_the_pb_table(cast):
    a_race(cast.runner)
    make_pbs(cast.runner)
    html = (
        client_for(cast.coach.user)
        .get(reverse("athlete-detail", args=[cast.runner.pk]))
        .content.decode()
    )
    assert "Season plan for Berlin Marathon" in html
    assert "Weekly distance against the plan (km)" in html
    table = html[html.index('id="personal-bests"') :]
    table = table[: table.index("</section>")]
    assert "48:12" in table and "1:48 faster" in table and "Race result: City 10K" in table
    assert "50:00" not in table  # the older PB is history, not the current best


def test_the_coachs_athlete_page_without_an_a_race_prompts_to_add_one(cast):
    html = (
        client_for(cast.coach.user)
        .get(reverse("athlete-detail", args=[cast.runner.pk]))
        .content.decode()
    )
    assert "No A race ahead" in html
    assert reverse("races:athlete-race-new", args=[cast.runner.pk]) in html


def test_the_goals_page_shows_the_pb_table(cast):
    make_pbs(cast.runner)
    html = client_for(cast.runner.user).get(reverse("goals:goals")).content.decode()
    assert 'id="personal-bests"' in html
    assert "48:12" in html


# --- the pictures ---


def test_the_timeline_marks_today_and_a_block_per_phase(cast):
    report = season_with_history(cast.runner)
    timeline = season_timeline(report, units_name="km")
    assert [block.name for block in timeline.phases] == [
        "Base",
        "Build",
        "Peak",
        "Taper",
        "Recovery",
    ]
    # Blocks tile the band with no gap.
    for before, after in zip(timeline.phases, timeline.phases[1:], strict=False):
        assert after.x == pytest.approx(before.x + before.width, abs=0.2)
    assert timeline.today is not None
    assert timeline.phases[0].x < timeline.today.x < timeline.phases[1].x + timeline.phases[1].width
    assert "Today, 10 Mar, is in base." in timeline.summary


def test_the_plan_chart_draws_a_bar_only_for_weeks_run(cast):
    report = season_with_history(cast.runner)
    chart = plan_chart(report, units_name="km")
    assert [w.has_bar for w in chart.weeks][:8] == [True] * 7 + [False]
    assert len(chart.target_points.split()) == 2 * len(report.weeks)
    assert "Week of 25 Jan (base, benchmark week): 30.0 km run of 30.0 km planned, as planned." in (
        chart.desc
    )
    # Race week, ahead: its title says the race is part of what is planned.
    [race_week] = [w for w in chart.weeks if "(A)" in w.title]
    assert race_week.title.endswith(": 64.2 km (22.0 km and the race) planned")


def test_the_plan_follows_a_change_of_training_time_at_once(cast):
    """The plan is computed from today's inputs: less time a week lowers its ceiling and says so."""
    # 10 km in 45 minutes a week: a usual pace of 4:30 /km.
    run_weeks(cast.runner, THIS_MONDAY - dt.timedelta(weeks=10), [10000] * 10)
    a_race(cast.runner)
    for field in cast.runner.AVAILABILITY_FIELDS:
        setattr(cast.runner, field, 120)
    cast.runner.save()
    before = services.season_for(cast.runner)
    assert not any("Your training time fits" in note for note in before.season.notes)
    for field in cast.runner.AVAILABILITY_FIELDS:
        setattr(cast.runner, field, 10)
    cast.runner.save()
    after = services.season_for(cast.runner)
    assert any("Your training time fits" in note for note in after.season.notes)
    assert after.season.peak_weekly_m < before.season.peak_weekly_m
