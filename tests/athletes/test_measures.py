"""The numbers every floor shares (athletes/measures.py): one home, plain Python, no cycle."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from athletes import measures
from athletes.measures import (
    FINE_AXIS_STEPS,
    HALF_MARATHON_M,
    MARATHON_M,
    STANDARD_DISTANCE_CHOICES,
    WEEK,
    axis_ticks,
    distance_name,
    is_plausible_day,
    monday_of,
    nice_top,
    percent,
    short_date,
    sunday_of,
)

ROOT = Path(__file__).resolve().parents[2]


def fresh_interpreter(code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a new Python with no Django settings, from the project's root."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_every_day_of_a_week_belongs_to_its_monday():
    monday = dt.date(2027, 3, 1)
    assert monday.weekday() == 0
    assert {monday_of(monday + dt.timedelta(days=n)) for n in range(7)} == {monday}
    assert monday_of(monday + WEEK) == monday + WEEK
    assert monday_of(monday - dt.timedelta(days=1)) == monday - WEEK
    assert {sunday_of(monday + dt.timedelta(days=n)) for n in range(7)} == {dt.date(2027, 3, 7)}


def test_the_plausible_range_runs_from_1990_to_2199_inclusive():
    assert is_plausible_day(dt.date(1990, 1, 1)) and is_plausible_day(dt.date(2199, 12, 31))
    assert not is_plausible_day(dt.date(1989, 12, 31))
    assert not is_plausible_day(dt.date(2200, 1, 1))


def test_short_dates_have_no_leading_zero_and_a_year_only_when_asked():
    assert short_date(dt.date(2027, 1, 4)) == "4 Jan"
    assert short_date(dt.date(2027, 11, 24), with_year=True) == "24 Nov 2027"
    assert short_date(dt.date(2027, 3, 1), with_weekday=True) == "Mon 1 Mar"


def test_shares_print_as_whole_percentages_with_a_space():
    assert [percent(share) for share in (0.1, 0.75, 0.825, 1)] == ["10 %", "75 %", "82 %", "100 %"]


def test_standard_distances_are_named_and_offered_in_whole_metres():
    assert distance_name(MARATHON_M) == "Marathon"
    assert distance_name(21098) == "Half marathon"  # within a metre of 21 097.5
    assert distance_name(15_500) == "15.5 km"
    assert ("21098", "Half marathon") in STANDARD_DISTANCE_CHOICES
    assert ("42195", "Marathon") in STANDARD_DISTANCE_CHOICES
    assert round(MARATHON_M / HALF_MARATHON_M) == 2


@pytest.mark.parametrize(
    ("value", "top", "fine_top"),
    [(7, 10, 8), (11, 20, 15), (21, 25, 30), (55, 100, 60), (250, 250, 300), (1001, 2000, 1500)],
)
def test_an_axis_runs_to_the_first_round_number_at_or_above_the_largest_value(value, top, fine_top):
    assert nice_top(value) == top
    assert nice_top(value, steps=FINE_AXIS_STEPS) == fine_top


def test_an_axis_is_labelled_at_nought_half_way_and_the_top():
    assert axis_ticks(60) == [0, 30, 60]


def test_the_module_is_plain_python_importable_without_django():
    found = fresh_interpreter(
        "import sys, athletes.measures; print(sorted(m for m in sys.modules if m.startswith('django')))"
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"


def test_the_season_rules_load_without_the_race_models_they_once_imported_back():
    """races/models names races.rules for its `warnings`; races/rules reads only plain modules,
    so there is no import cycle between them (and the rules load with no Django at all)."""
    found = fresh_interpreter(
        "import sys, races.rules; print('races.models' in sys.modules, 'django' in sys.modules)"
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == ["False", "False"]


def test_the_numbers_have_no_second_home():
    """The literals live in athletes/measures.py only: no module of an app spells them again."""
    literals = ("42195", "42_195", "21097.5", "dt.date(1990", "dt.date(2199", ":%-d %b", ":%d %b")
    apps = ("athletes", "checkins", "races", "goals", "coaching")
    copies = [
        f"{path.relative_to(ROOT)}: {literal}"
        for app in apps
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and "management" not in path.parts  # a command's own log lines
        and path != Path(measures.__file__)
        for literal in literals
        if literal in path.read_text()
    ]
    assert copies == []
