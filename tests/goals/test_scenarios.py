"""What Runpath says about goals a coach would judge, for runners from an empty log to a 2:59
marathoner, assessed as a new runner would ask: through `POST /api/v1/goals/assess/` (and a
few through the goal form). Each row is a runner, a goal, the Achievable verdict and the
suggestion a coach would give, and the rule it rests on (words the finding cites, see
docs/coaching-rules.md section 6). The five cases of issue 17 are among them.

The runners' logs are real runs in their last four complete weeks before "today" (Wednesday
10 March 2027, tests/goals/conftest.py): a long run on Sunday, the rest of the week's distance
in runs of equal length, at 6:00 a kilometre.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from athletes.measures import monday_of
from athletes.models import Athlete
from checkins.models import Run
from tests.athletes.factories import AthleteFactory, BusyPeriodFactory
from tests.checkins.factories import RunFactory
from tests.conftest import client_for
from tests.goals.factories import NOW, BenchmarkFactory
from tests.races.factories import RaceFactory

pytestmark = pytest.mark.django_db

TODAY = NOW.date()
MONDAY = monday_of(TODAY)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The other runs of a week, after Sunday's long run: Tuesday, Thursday, Saturday, Monday…
OTHER_RUN_DAYS = (1, 3, 5, 0, 2, 4)


def clock(text: str) -> int:
    """ "1:25:00" or "24:34" in seconds."""
    seconds = 0
    for part in text.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


@dataclass(frozen=True)
class Profile:
    """A runner: their last four weeks, their best recent effort, who they are, their time."""

    weekly_km: float = 0.0
    long_km: float = 0.0
    runs: int = 4
    # (distance in metres, time) of a benchmark two weeks ago.
    best: tuple[float, str] | None = None
    experience: str = "intermediate"
    days: int = 5
    minutes: int = 60
    units: str = "km"
    pace_s_per_km: int = 360
    # A busy period over the goal's date.
    busy: bool = False


def runner_from(profile: Profile, *, today: dt.date = TODAY) -> Athlete:
    availability = {
        f"minutes_{weekday}": profile.minutes if index < profile.days else 0
        for index, weekday in enumerate(WEEKDAYS)
    }
    athlete = AthleteFactory.create(
        experience=profile.experience, units=profile.units, **availability
    )
    monday = monday_of(today)
    for week in range(1, 5):
        week_start = monday - dt.timedelta(weeks=week)
        log_week(athlete, week_start, profile)
    if profile.best is not None:
        distance_m, time = profile.best
        BenchmarkFactory(
            athlete=athlete,
            distance_m=distance_m,
            duration_s=clock(time),
            date=today - dt.timedelta(days=14),
        )
    return athlete


def log_week(athlete: Athlete, week_start: dt.date, profile: Profile) -> None:
    if not profile.weekly_km:
        return
    others = profile.runs - 1
    rest_km = (profile.weekly_km - profile.long_km) / others if others else 0.0
    runs = [(6, profile.long_km, Run.Kind.LONG)]
    runs += [(OTHER_RUN_DAYS[i], rest_km, Run.Kind.EASY) for i in range(others)]
    for day, km, kind in runs:
        started = dt.datetime.combine(
            week_start + dt.timedelta(days=day), dt.time(7), tzinfo=dt.UTC
        )
        RunFactory(
            athlete=athlete,
            started_at=started,
            distance_m=km * 1000,
            duration_s=km * profile.pace_s_per_km,
            kind=kind,
        )


def goal(metric: str, target: float, weeks: float, **fields: Any) -> dict[str, Any]:
    """A goal as typed: an outcome goal from today, due in so many weeks."""
    return {
        "level": "outcome",
        "title": "A goal worth the training",
        "metric": metric,
        "target_value": target,
        "start_date": TODAY.isoformat(),
        "target_date": (TODAY + dt.timedelta(days=round(weeks * 7))).isoformat(),
        **fields,
    }


def race_time(distance_m: float, time: str, weeks: float, **fields: Any) -> dict[str, Any]:
    return goal("race_time", clock(time), weeks, kind="time", distance_m=distance_m, **fields)


def habit(metric: str, target: float, weeks: float = 12) -> dict[str, Any]:
    return goal(metric, target, weeks, level="process", kind="consistency")


HALF = 21098
MARATHON = 42195.0


@dataclass(frozen=True)
class Scenario:
    name: str
    runner: Profile
    goal: dict[str, Any]
    verdict: str
    # What a coach would suggest instead (words of Achievable's suggestion); "" for none.
    suggestion: str
    # The rule the verdict rests on: words its finding says.
    rule: str
    # A race the goal is linked to: (distance, weeks away).
    race: tuple[float, float] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


EMPTY = Profile()
EMPTY_BEGINNER = Profile(experience="beginner")
FIVE_K_30 = Profile(weekly_km=25, long_km=10, best=(5000, "30:00"))
CLUB_RUNNER = Profile(weekly_km=40, long_km=15.5, best=(5000, "24:34"))
SUB_3 = Profile(
    weekly_km=90, long_km=32, runs=6, best=(HALF, "1:25:00"), experience="advanced", days=7
)

SCENARIOS = [
    # --- the five cases of issue 17 ---
    Scenario(
        "issue 17: best 5K 30:00 on 25 km a week, sub-4 marathon in 16 weeks",
        FIVE_K_30,
        race_time(MARATHON, "3:59:59", 16),
        "fail",
        "Try 4:58:00, the fast end of that range",
        "Vickers & Vertosick (2016)",
    ),
    Scenario(
        "issue 17: a beginner with no runs, first 50K in 10 weeks",
        EMPTY_BEGINNER,
        race_time(50_000, "7:00:00", 10),
        "fail",
        "Try 7:00:00 for the 50K on or after 13 October",
        "Hal Higdon's Novice 1",
    ),
    Scenario(
        "issue 17: run 5 times a week with 3 days available, short runs",
        Profile(weekly_km=15, long_km=5, runs=3, days=3, minutes=60, pace_s_per_km=400),
        habit("runs_per_week", 5),
        "fail",
        "Try 3 runs a week",
        "you have training time set on 3",
    ),
    Scenario(
        "issue 17: long run 12 km to 32 km in 4 weeks",
        Profile(weekly_km=35, long_km=12),
        goal("long_run", 32_000, 4),
        "fail",
        "Try a long run of 14 km by 7 April",
        "Building the long run 10 % a week with a cut-back every fourth week",
    ),
    Scenario(
        "issue 17: the same beginner, 'finish my first 50K' linked to the race, not measured",
        EMPTY_BEGINNER,
        goal("", 0, 10, kind="mindset", target_value=None),
        "fail",
        "Try the 50K on or after 13 October",
        "season plan's floor of 10 km a week",
        race=(50_000, 10),
    ),
    # (the fifth, 2,026 km in 2026, is its own test below: it is set on 1 July 2026)
    # --- beginners and empty logs ---
    Scenario(
        "an empty log, three runs a week on three 50-minute days",
        EMPTY,
        habit("runs_per_week", 3),
        "pass",
        "",
        "3 runs of about 45 minutes",
        extra={"days": 3, "minutes": 50},
    ),
    Scenario(
        "an empty log, 30 km a week in 6 weeks",
        EMPTY,
        goal("weekly_distance", 30_000, 6),
        "fail",
        "Try 14 km a week by 21 April, or 30 km a week by 7 July",
        "season plan's floor of 10 km a week",
    ),
    Scenario(
        "an empty log, 20 km a week in 12 weeks",
        EMPTY,
        goal("weekly_distance", 20_000, 12),
        "pass",
        "",
        "grows to 21.4 km",
    ),
    Scenario(
        "an empty log, a 35-minute 5K in 8 weeks with no time trial yet",
        EMPTY_BEGINNER,
        race_time(5000, "35:00", 8),
        "warn",
        "Run a time trial",
        "No benchmark or race in the last 12 months",
    ),
    Scenario(
        "a beginner on 10 km a week, first marathon in 20 weeks",
        Profile(weekly_km=10, long_km=5, runs=3, experience="beginner"),
        race_time(MARATHON, "5:30:00", 20),
        "fail",
        "on or after 13 October",
        "15–25 miles",
    ),
    Scenario(
        "a beginner on 30 km a week, first marathon in 12 weeks",
        Profile(weekly_km=30, long_km=14, experience="beginner"),
        race_time(MARATHON, "5:30:00", 12),
        "warn",
        "Try 5:30:00 for the marathon on or after 7 July",
        "about 18 weeks of training (Hal Higdon's Novice 1 plan); you have 13",
    ),
    Scenario(
        "a beginner on 15 km a week, 20 km a week in 8 weeks",
        Profile(weekly_km=15, long_km=6, runs=3, experience="beginner"),
        goal("weekly_distance", 20_000, 8),
        "pass",
        "",
        "15.0 km a week grows to 24.2 km",
    ),
    Scenario(
        "a beginner on 15 km a week, a first 10K in 10 weeks",
        Profile(weekly_km=15, long_km=6, runs=3, experience="beginner", best=(5000, "33:00")),
        race_time(10_000, "1:10:00", 10),
        "warn",
        "Try 1:10:00 for the 10K on or after",
        "your long run reaches 11.7 km of the 12 km needed",
    ),
    # --- race times, 5K to the half: Riegel ---
    Scenario(
        "a 24:34 5K aiming at a 50-minute 10K in 10 weeks",
        CLUB_RUNNER,
        race_time(10_000, "50:00", 10),
        "pass",
        "",
        "predicts 51:13",
    ),
    Scenario(
        "a 25:00 5K aiming at a 45-minute 10K",
        Profile(weekly_km=30, long_km=12, best=(5000, "25:00")),
        race_time(10_000, "45:00", 10),
        "fail",
        "Try 49:32",
        "predicts 52:07",
    ),
    Scenario(
        "a 48-minute 10K aiming at a 1:45 half in 12 weeks",
        Profile(weekly_km=35, long_km=16, best=(10_000, "48:00")),
        race_time(HALF, "1:45:00", 12),
        "pass",
        "",
        "A fair stretch, 0.9 % faster than your 10K in 48:00 predicts 1:45:55",
    ),
    Scenario(
        "a 24:34 5K aiming at a 1:59 half in 2 weeks on 15.5 km long runs",
        CLUB_RUNNER,
        race_time(HALF, "1:59:00", 2),
        "warn",
        "Try 1:59:00 for the half marathon on or after 31 March",
        "your long run reaches 15.5 km of the 16 km needed",
    ),
    # --- marathon and longer: the training-adjusted range ---
    Scenario(
        "a 24:34 5K on 40 km a week, 4:30 marathon in 20 weeks",
        CLUB_RUNNER,
        race_time(MARATHON, "4:30:00", 20),
        "pass",
        "",
        "Vickers & Vertosick (2016)",
    ),
    Scenario(
        "a 24:34 5K on 40 km a week, sub-4 marathon in 20 weeks",
        CLUB_RUNNER,
        race_time(MARATHON, "3:59:00", 20),
        "warn",
        "Try 4:01:00, the fast end of that range",
        "your 5K in 24:34 predicts 4:01:00 to 4:31:00 (about 4:16:00)",
    ),
    Scenario(
        "a 1:25 half on 90 km a week, sub-3 marathon in 16 weeks",
        SUB_3,
        race_time(MARATHON, "2:59:59", 16),
        "pass",
        "",
        "Vickers & Vertosick (2016)",
    ),
    Scenario(
        "a 1:25 half on 90 km a week, 2:45 marathon in 16 weeks",
        SUB_3,
        race_time(MARATHON, "2:45:00", 16),
        "warn",
        "Try 2:51:00",
        "your half marathon in 1:25:00 predicts 2:51:00 to 3:20:00 (about 3:05:00)",
    ),
    Scenario(
        "a 1:25 half on 90 km a week, a 50K in 4:00 in 16 weeks",
        SUB_3,
        race_time(50_000, "4:00:00", 16),
        "pass",
        "",
        "Carried from the marathon to 50 km by Riegel",
    ),
    Scenario(
        "a 3:10 marathoner on 80 km a week, first 100K in 20 weeks",
        Profile(weekly_km=80, long_km=35, runs=6, best=(MARATHON, "3:10:00"), days=7),
        race_time(100_000, "9:30:00", 20),
        "pass",
        "",
        "Riegel from a race of marathon length or longer",
    ),
    Scenario(
        "a 24:34 5K on 6 km a week: under the model's 5 miles, a 4:30 marathon in a year",
        Profile(weekly_km=6, long_km=6, runs=1, best=(5000, "24:34")),
        race_time(MARATHON, "4:30:00", 52),
        "pass",
        "",
        "5 to 150 miles a week",
    ),
    Scenario(
        "a 24:34 5K on 40 km a week, first marathon in 6 weeks on 15.5 km long runs",
        CLUB_RUNNER,
        race_time(MARATHON, "4:30:00", 6),
        "fail",
        "Or race a half marathon",
        "your long run reaches 18.8 km of the 30 km needed",
    ),
    # --- volume ---
    Scenario(
        "30 km a week to 60 in 6 weeks",
        Profile(weekly_km=30, long_km=12),
        goal("weekly_distance", 60_000, 6),
        "fail",
        "Try 43 km a week by 21 April",
        "30.0 km a week grows to 43.9 km",
    ),
    Scenario(
        "30 km a week to 35 in 6 weeks",
        Profile(weekly_km=30, long_km=12),
        goal("weekly_distance", 35_000, 6),
        "pass",
        "",
        "grows to 43.9 km",
    ),
    Scenario(
        "30 km a week, 450 km in total in 12 weeks",
        Profile(weekly_km=30, long_km=12),
        goal("total_distance", 450_000, 12),
        "pass",
        "",
        "in all",
    ),
    Scenario(
        "30 km a week, 700 km in total in 12 weeks",
        Profile(weekly_km=30, long_km=12),
        goal("total_distance", 700_000, 12),
        "fail",
        "in total by 2 June",
        "the 12 weeks to 2 June add",
    ),
    Scenario(
        "a runner in miles: 20 miles a week to 40 in 8 weeks",
        Profile(weekly_km=32.19, long_km=12.9, units="mi", minutes=90),
        goal("weekly_distance", 64_374, 8),
        "warn",
        "Try 32 mi a week by 5 May, or 40 mi a week by 26 May",
        "20.0 mi a week grows to 32.2 mi",
    ),
    Scenario(
        "90 km a week, a 32 km long run in 8 weeks",
        SUB_3,
        goal("long_run", 32_000, 8),
        "pass",
        "",
        "32.0 km grows to 51.5 km",
    ),
    # --- time and days ---
    Scenario(
        "6 runs a week of 45 minutes with 150 minutes a week",
        Profile(weekly_km=30, long_km=10, runs=4, days=6, minutes=25, pace_s_per_km=400),
        habit("runs_per_week", 6),
        "fail",
        "Try",
        "you have 150 a week",
    ),
    Scenario(
        "4 runs a week with 5 days of an hour",
        Profile(weekly_km=30, long_km=10, runs=4, days=5, minutes=60),
        habit("runs_per_week", 4),
        "pass",
        "",
        "fit the 5 days you have training time on",
    ),
    Scenario(
        "60 km a week in 20 weeks at 6:00 a km on 300 minutes a week",
        Profile(weekly_km=40, long_km=15, days=5, minutes=60),
        goal("weekly_distance", 60_000, 20),
        "warn",
        "Try 49 km a week: that fits your time and your build",
        "take about 360 minutes; you have 300 a week",
    ),
    # --- habits no rule weighs ---
    Scenario(
        "two strength sessions a week",
        CLUB_RUNNER,
        habit("strength_per_week", 2),
        "pass",
        "",
        "Nothing in your log says this is out of reach",
    ),
    Scenario(
        "seven nights of good sleep a week",
        CLUB_RUNNER,
        habit("sleep_per_week", 7),
        "pass",
        "",
        "Nothing in your log says this is out of reach",
    ),
    Scenario(
        "a weekly review every week",
        EMPTY,
        habit("reviews_per_week", 1),
        "pass",
        "",
        "Nothing in your log says this is out of reach",
    ),
    # --- a race linked, a busy period ---
    Scenario(
        "45 km weeks for a marathon linked 8 weeks out, on 40 km weeks",
        CLUB_RUNNER,
        goal("weekly_distance", 45_000, 8),
        "fail",
        "Try the marathon on or after",
        "for the marathon",
        race=(MARATHON, 8),
    ),
    Scenario(
        "a 50-minute 10K in 10 weeks with exams over race day",
        CLUB_RUNNER,
        race_time(10_000, "52:00", 10),
        "warn",
        "or later",
        "falls in the last two weeks before the date",
        extra={"busy": True},
    ),
]


def athlete_for(scenario: Scenario) -> Athlete:
    profile = Profile(**(vars(scenario.runner) | scenario.extra))
    athlete = runner_from(profile)
    if profile.busy:
        day = dt.date.fromisoformat(scenario.goal["target_date"])
        BusyPeriodFactory(athlete=athlete, start=day - dt.timedelta(days=3), end=day, label="Exams")
    return athlete


def assessed(athlete: Athlete, payload: dict[str, Any]) -> dict[str, Any]:
    client = APIClient()
    client.force_authenticate(athlete.user)
    response = client.post(
        "/api/v1/goals/assess/", {"athlete": athlete.pk, **payload}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["smart"]


def payload_for(scenario: Scenario, athlete: Athlete) -> dict[str, Any]:
    if scenario.race is None:
        return scenario.goal
    distance_m, weeks = scenario.race
    race = RaceFactory.create(
        athlete=athlete, distance_m=distance_m, date=TODAY + dt.timedelta(weeks=weeks, days=4)
    )
    return scenario.goal | {"race": race.pk}


def check(achievable: dict[str, Any], scenario: Scenario) -> None:
    assert achievable["status"] == scenario.verdict, achievable
    findings = achievable["findings"] or [achievable]
    cited = [f for f in findings if scenario.rule in f["message"]]
    assert cited, (scenario.rule, findings)
    suggestions = " ".join(f["suggestion"] for f in findings)
    if scenario.suggestion:
        assert scenario.suggestion in suggestions, suggestions
    if scenario.verdict == "pass":
        assert all(f["status"] == "pass" for f in findings), findings


def test_the_table_holds_thirty_runners_and_goals_of_every_kind():
    assert len(SCENARIOS) >= 30
    metrics = {scenario.goal["metric"] for scenario in SCENARIOS}
    assert metrics >= {
        "race_time",
        "weekly_distance",
        "total_distance",
        "long_run",
        "runs_per_week",
        "strength_per_week",
    }
    assert {scenario.verdict for scenario in SCENARIOS} == {"pass", "warn", "fail"}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.name for scenario in SCENARIOS])
def test_a_coach_would_sign_the_verdict(scenario):
    athlete = athlete_for(scenario)
    smart = assessed(athlete, payload_for(scenario, athlete))
    check(smart["achievable"], scenario)


def test_issue_17_two_thousand_and_twenty_six_km_in_2026_set_on_1_july_with_400_km_done():
    first_of_july = dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC)
    with time_machine.travel(first_of_july, tick=False):
        athlete = AthleteFactory(experience="intermediate")
        # 400 km since New Year: 26 weeks of about 15.4 km.
        for week in range(26):
            day = dt.date(2026, 1, 4) + dt.timedelta(weeks=week)
            RunFactory(
                athlete=athlete,
                started_at=dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC),
                distance_m=400_000 / 26,
                duration_s=400 / 26 * 360,
            )
        smart = assessed(
            athlete,
            {
                "level": "outcome",
                "title": "2026 km in 2026",
                "metric": "total_distance",
                "target_value": 2_026_000,
                "start_date": "2026-01-01",
                "target_date": "2026-12-31",
            },
        )
    achievable = smart["achievable"]
    assert achievable["status"] == "fail"
    assert "400 km run since 1 January" in achievable["message"]
    # The season plan's ramp from 15.4 km a week, cut-backs included, reaches about 1,470 km
    # for the year (the issue's figure; with the plan's 15 % cut-backs a little more).
    reached = int(re.search(r"(\d+) km in all", achievable["message"])[1])
    assert 1_400 <= reached <= 1_550
    assert f"Try {reached} km in total by 31 December" in achievable["suggestion"]


@pytest.mark.parametrize(
    "scenario",
    [SCENARIOS[0], SCENARIOS[1], SCENARIOS[2]],
    ids=["sub-4 from a 30-minute 5K", "first 50K from nothing", "5 runs on 3 days"],
)
def test_the_goal_form_says_the_same(scenario):
    athlete = athlete_for(scenario)
    typed = {
        key: value
        for key, value in scenario.goal.items()
        if key not in {"target_value", "distance_m"}
    }
    target = scenario.goal["target_value"]
    if scenario.goal["metric"] == "race_time":
        hours, rest = divmod(int(target), 3600)
        typed |= {"target": f"{hours}:{rest // 60:02d}:{rest % 60:02d}"}
        typed |= {"race_distance": str(round(scenario.goal["distance_m"]))}
    else:
        typed |= {"target": f"{target:g}"}
    typed |= {"kind": typed.get("kind", "distance"), "athlete": athlete.pk}
    html = (
        client_for(athlete.user)
        .post(reverse("goals:goal-assess"), typed, headers={"HX-Request": "true"})
        .content.decode()
    )
    letter = html[html.index('data-letter="achievable"') : html.index('data-letter="relevant"')]
    assert f">{scenario.verdict}<" in letter
    assert scenario.rule in letter.replace("&#x27;", "'").replace("&amp;", "&")
