"""Every season rule, each exactly at its boundaries."""

import datetime as dt
import itertools

import pytest

from athletes.measures import HALF_MARATHON_M, MARATHON_M
from races import rules, services
from races.models import Race
from races.rules import BusySpan, RaceFacts
from races.season import phases
from tests.athletes.factories import AthleteFactory, BusyPeriodFactory
from tests.races.factories import RaceFactory

RACE_DAY = dt.date(2027, 10, 10)  # a Sunday
_keys = itertools.count(1)


def race(
    days_from_race_day: int = 0,
    *,
    priority: str = "A",
    distance_m: float = MARATHON_M,
    name: str = "",
) -> RaceFacts:
    key = next(_keys)
    return RaceFacts(
        key=key,
        name=name or f"Race {key}",
        date=RACE_DAY + dt.timedelta(days=days_from_race_day),
        distance_m=distance_m,
        priority=priority,
    )


def rules_broken(checked: RaceFacts, *others: RaceFacts, **options) -> list[str]:
    return [warning.rule for warning in rules.check(checked, others, **options)]


# --- Rule 1: marathon-or-longer A races ---


@pytest.mark.parametrize(("weeks_apart", "warns"), [(12, True), (17, True), (18, False)])
def test_long_a_races_need_recovery_and_a_full_season_between_them(weeks_apart, warns):
    # After a marathon, 4 weeks of recovery; before the next, base 4, build 4, peak 3, taper 3.
    first = race(-weeks_apart * 7)
    assert ("long-a-races-apart" in rules_broken(race(), first)) is warns


def test_long_a_races_one_day_short_of_18_weeks_warn_and_say_why():
    assert rules.recovery_weeks(MARATHON_M) + rules.full_season_weeks(MARATHON_M) == 18
    first = race(-(18 * 7 - 1), name="Spring Marathon")
    [warning] = rules.check(race(name="Autumn Marathon"), [first])
    assert warning.message == (
        "Only 17 weeks and 6 days between this and “Spring Marathon” (7 June 2027); after "
        "“Spring Marathon” come 4 weeks of recovery, and “Autumn Marathon” needs a full "
        "14-week season (base, build, peak and taper): 18 weeks apart, one per season."
    )


def test_the_gap_counts_either_way():
    assert "long-a-races-apart" in rules_broken(race(), race(17 * 7))
    assert "long-a-races-apart" not in rules_broken(race(), race(18 * 7))


def test_the_gap_agrees_with_the_plan_a_full_season_has_no_notes_and_one_week_less_has():
    weeks = rules.full_season_weeks(MARATHON_M)
    assert phases.phase_lengths(weeks, MARATHON_M).notes == ()
    assert phases.phase_lengths(weeks - 1, MARATHON_M).notes != ()


def test_a_longer_race_needs_a_longer_recovery_before_the_next():
    # 50 km is 31 miles: 5 weeks of recovery, then the 14-week season.
    ultra = race(-18 * 7, distance_m=50_000)
    assert "long-a-races-apart" in rules_broken(race(), ultra)
    assert "long-a-races-apart" not in rules_broken(race(), race(-19 * 7, distance_m=50_000))


def test_the_gap_rule_is_for_a_races_of_marathon_length_or_longer():
    assert rules_broken(race(), race(-14, priority="B")) == ["recovery-after-marathon"]
    half = race(-5 * 7, distance_m=HALF_MARATHON_M)
    assert rules_broken(race(), half) == []
    ultra = race(-17 * 7, distance_m=50_000)
    assert "long-a-races-apart" in rules_broken(race(), ultra)


@pytest.mark.parametrize(("long_a_races", "warns"), [(2, False), (3, True)])
def test_at_most_two_long_a_races_in_any_365_days(long_a_races, warns):
    # 18 weeks apart: the gap rule holds, only the count can break.
    others = [race(-18 * 7 * i) for i in range(1, long_a_races)]
    assert ("long-a-races-per-year" in rules_broken(race(), *others)) is warns


@pytest.mark.parametrize(("first_day", "warns"), [(-364, True), (-365, False)])
def test_the_year_is_365_days_first_day_and_last_included(first_day, warns):
    # Three long A races: the first on `first_day`, one between, and this one.
    others = [race(first_day), race(-26 * 7)]
    assert ("long-a-races-per-year" in rules_broken(race(), *others)) is warns


def test_the_per_year_rule_counts_a_races_only():
    others = [race(-18 * 7), race(-36 * 7, priority="B")]
    assert "long-a-races-per-year" not in rules_broken(race(), *others)


# --- Rule 2: recovery after a marathon or longer ---


@pytest.mark.parametrize(("days_after", "warns"), [(27, True), (28, False)])
def test_no_race_within_4_weeks_after_a_marathon(days_after, warns):
    ten_k = race(days_after, priority="C", distance_m=10_000)
    broken = rules_broken(ten_k, race())
    assert ("recovery-after-marathon" in broken) is warns


def test_recovery_is_about_a_day_per_mile_of_a_marathon():
    assert rules.RECOVERY_AFTER_LONG_RACE_DAYS == 28
    assert round(MARATHON_M / 1609.344, 1) == 26.2


def test_recovery_warns_on_the_marathon_too_naming_the_race_after_it():
    warnings = rules.check(race(), [race(14, priority="C", distance_m=5000, name="Parkrun")])
    assert [w.rule for w in warnings] == ["recovery-after-marathon"]
    assert "“Parkrun”" in warnings[0].message and "2 weeks after" in warnings[0].message


def test_a_short_race_before_a_marathon_needs_no_recovery():
    assert rules_broken(race(), race(-7, priority="C", distance_m=10_000)) == []


def test_recovery_counts_after_a_50k_too():
    after = race(20, priority="B", distance_m=10_000)
    assert "recovery-after-marathon" in rules_broken(after, race(distance_m=50_000))


# --- Rule 3: B races are tune-ups, C races stay out of the taper ---


@pytest.mark.parametrize(
    ("weeks_before", "broken"),
    [
        (1, ["b-race-in-taper"]),
        (2, ["b-race-in-taper"]),
        (3, []),
        (4, []),
        (6, []),
        (7, ["b-race-timing"]),
        (16, ["b-race-timing"]),
        (17, []),  # further off, it belongs to no A race's build
    ],
)
def test_a_b_race_is_best_3_to_6_weeks_before_the_marathon_a_race(weeks_before, broken):
    b_race = race(-weeks_before * 7, priority="B", distance_m=HALF_MARATHON_M)
    assert rules_broken(b_race, race()) == broken


@pytest.mark.parametrize(("days_before", "rule"), [(20, "b-race-in-taper"), (22, None)])
def test_the_taper_is_counted_in_days_before_race_day(days_before, rule):
    b_race = race(-days_before, priority="B", distance_m=10_000)
    assert rules_broken(b_race, race()) == ([rule] if rule else [])


@pytest.mark.parametrize(
    ("a_distance", "taper_days"),
    [(MARATHON_M, 21), (HALF_MARATHON_M, 14), (10_000, 7), (5000, 7), (100_000, 21)],
)
def test_the_taper_a_b_race_must_avoid_follows_the_a_races_distance(a_distance, taper_days):
    a_race = race(distance_m=a_distance)
    inside = race(-(taper_days - 1), priority="B", distance_m=5000)
    outside = race(-taper_days, priority="B", distance_m=5000)
    assert rules_broken(inside, a_race) == ["b-race-in-taper"]
    assert "b-race-in-taper" not in rules_broken(outside, a_race)


@pytest.mark.parametrize(("days_before", "warns"), [(20, True), (21, False), (35, False)])
def test_a_c_race_inside_the_a_races_taper_warns(days_before, warns):
    c_race = race(-days_before, priority="C", distance_m=5000)
    assert rules_broken(c_race, race()) == (["c-race-in-taper"] if warns else [])


def test_a_c_race_has_no_tune_up_window():
    assert rules_broken(race(-10 * 7, priority="C", distance_m=5000), race()) == []


def test_a_b_race_is_judged_against_the_next_a_race_only():
    later_a = race(5 * 7)
    earlier_a = race(-30 * 7)
    assert rules_broken(race(priority="B", distance_m=10_000), later_a, earlier_a) == []


def test_a_b_race_with_no_a_race_after_it_is_fine():
    assert rules_broken(race(priority="B"), race(-20 * 7)) == []


# --- Rule 4: busy periods ---


@pytest.mark.parametrize(
    ("start", "end", "warns"),
    [
        (0, 5, True),  # race day is the first day
        (-5, 0, True),  # race day is the last day
        (1, 5, False),  # starts the day after
        (-5, -1, False),  # ends the day before
    ],
)
def test_a_race_inside_a_busy_period_warns_first_and_last_day_included(start, end, warns):
    span = BusySpan(
        RACE_DAY + dt.timedelta(days=start), RACE_DAY + dt.timedelta(days=end), "Work crunch"
    )
    warnings = rules.check(race(), [], busy=[span])
    assert bool(warnings) is warns
    if warns:
        assert warnings[0].rule == "busy-period" and "“Work crunch”" in warnings[0].message


# --- Rule 5: beginners ---


@pytest.mark.parametrize(("first_day", "warns"), [(-364, True), (-365, False)])
def test_a_beginner_is_warned_past_one_long_race_in_365_days(first_day, warns):
    earlier = race(first_day, priority="B")
    broken = rules_broken(race(), earlier, experience="beginner")
    assert ("beginner-long-races" in broken) is warns


def test_one_long_race_a_year_is_fine_for_a_beginner():
    assert rules_broken(race(), race(-300, distance_m=10_000), experience="beginner") == []


@pytest.mark.parametrize("experience", ["intermediate", "advanced"])
def test_the_beginner_rule_is_for_beginners_only(experience):
    assert "beginner-long-races" not in rules_broken(race(), race(-200), experience=experience)


# --- A races of any distance ---


@pytest.mark.parametrize(("a_races", "warns"), [(3, False), (4, True)])
def test_more_than_three_a_races_in_365_days_warns(a_races, warns):
    others = [race(-90 * i, distance_m=10_000) for i in range(1, a_races)]
    checked = race(distance_m=10_000)
    assert ("a-races-per-year" in rules_broken(checked, *others)) is warns


def test_the_a_race_count_is_only_checked_on_a_races():
    others = [race(-90 * i, distance_m=10_000) for i in range(1, 4)]
    assert rules_broken(race(priority="C", distance_m=10_000), *others) == []


# --- the check as a whole ---


def test_a_race_is_not_checked_against_itself():
    checked = race()
    assert rules.check(checked, [checked]) == []


def test_every_warning_names_its_rule_in_document_order():
    checked = race()
    others = [race(-8 * 7), race(14, priority="C", distance_m=5000)]
    span = BusySpan(RACE_DAY, RACE_DAY, "Family holiday")
    broken = rules_broken(checked, *others, busy=[span], experience="beginner")
    assert broken == [
        "long-a-races-apart",
        "recovery-after-marathon",
        "busy-period",
        "beginner-long-races",
    ]
    assert all(w.as_dict().keys() == {"rule", "message"} for w in rules.check(checked, others))


def test_taper_weeks_by_distance():
    assert [rules.taper_weeks(d) for d in (5000, 10_000, 21_000, HALF_MARATHON_M)] == [1, 1, 1, 2]
    assert [rules.taper_weeks(d) for d in (42_000, MARATHON_M, 100_000)] == [2, 3, 3]


# --- through the services: races not started are left out ---


@pytest.mark.django_db
def test_a_race_not_started_neither_warns_nor_counts():
    athlete = AthleteFactory()
    a_race = RaceFactory(athlete=athlete, date=RACE_DAY)
    dns = RaceFactory(
        athlete=athlete, date=RACE_DAY - dt.timedelta(weeks=8), status=Race.Status.DNS
    )
    found = services.warnings_by_race([a_race, dns])
    assert found == {a_race.pk: [], dns.pk: []}


@pytest.mark.django_db
def test_the_same_race_started_warns_on_both():
    athlete = AthleteFactory(experience="intermediate")
    a_race = RaceFactory(athlete=athlete, date=RACE_DAY)
    other = RaceFactory(athlete=athlete, date=RACE_DAY - dt.timedelta(weeks=8))
    found = services.warnings_by_race([a_race, other])
    assert [w.rule for w in found[a_race.pk]] == ["long-a-races-apart"]
    assert [w.rule for w in found[other.pk]] == ["long-a-races-apart"]


@pytest.mark.django_db
def test_a_draft_is_checked_against_saved_races_but_not_ones_not_started():
    athlete = AthleteFactory(experience="beginner")
    RaceFactory(athlete=athlete, date=RACE_DAY, status=Race.Status.DNS)
    draft = services.RaceDraft(name="Autumn 50K", date=RACE_DAY, distance_m=50_000, priority="A")
    assert services.check_draft(athlete=athlete, draft=draft) == []
    RaceFactory(athlete=athlete, date=RACE_DAY - dt.timedelta(days=20))
    broken = [w.rule for w in services.check_draft(athlete=athlete, draft=draft)]
    assert broken == ["long-a-races-apart", "recovery-after-marathon", "beginner-long-races"]


@pytest.mark.django_db
def test_a_draft_inside_a_busy_period_warns():
    athlete = AthleteFactory()
    BusyPeriodFactory(athlete=athlete, start=RACE_DAY, end=RACE_DAY, label="Exams")
    draft = services.RaceDraft(name="City 10K", date=RACE_DAY, distance_m=10_000, priority="C")
    assert [w.rule for w in services.check_draft(athlete=athlete, draft=draft)] == ["busy-period"]
