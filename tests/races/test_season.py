"""The season plan: every phase length at its boundaries, the ramp, the taper, and properties that
hold for any plan (hypothesis)."""

import dataclasses
import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from athletes.measures import HALF_MARATHON_M, MARATHON_M, WEEKLY_RAMP, monday_of
from athletes.models import Athlete
from checkins import load
from checkins.load import DISTANCE_JUMP, Session
from checkins.models import Setback, WeekStat
from coaching.attention.rules import Facts, distance_jump_flag, load_spike_flag
from races import rules, season
from races.rules import BusySpan
from races.season import phases, ramp_rule, shapes
from races.season.shapes import Phase, PlannedRace, SeasonInputs
from races.services import START_AVERAGE_WEEKS

MONDAY = dt.date(2027, 1, 4)
WEEK = dt.timedelta(weeks=1)


def a_race(weeks_out: int, *, distance_m: float = MARATHON_M) -> PlannedRace:
    """An A race on the Sunday of the week `weeks_out` weeks after MONDAY's."""
    sunday = MONDAY + weeks_out * WEEK + dt.timedelta(days=6)
    return PlannedRace("a", "City Marathon", sunday, distance_m, "A")


def inputs(weeks_out: int = 20, **changes) -> SeasonInputs:
    base = SeasonInputs(
        today=MONDAY,
        a_race=a_race(weeks_out),
        start_week=MONDAY,
        start_weekly_m=30_000,
    )
    return dataclasses.replace(base, **changes)


def lengths(total: int, distance_m: float = MARATHON_M) -> tuple[int, int, int, int]:
    got = phases.phase_lengths(total, distance_m)
    return got.base, got.build, got.peak, got.taper


# --- phase lengths (a marathon: taper 3, peak 3, the rest split build / base) ---


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (14, (4, 4, 3, 3)),  # rest 8: 40 % is 3.2, lifted to build's 4; base its 4
        (13, (3, 4, 3, 3)),  # one week fewer: base gives it up first
        (16, (6, 4, 3, 3)),  # rest 10: 40 % is exactly 4
        (17, (7, 4, 3, 3)),  # rest 11: 4.4 rounds to 4
        (18, (7, 5, 3, 3)),  # rest 12: 4.8 rounds to 5
        (20, (8, 6, 3, 3)),  # rest 14: 5.6 rounds to 6
        (24, (11, 7, 3, 3)),  # rest 18: 7.2 rounds to 7
        (25, (11, 8, 3, 3)),  # rest 19: 7.6 rounds to 8, the cap
        (30, (16, 8, 3, 3)),  # rest 24: 9.6, held at 8; base takes the rest
    ],
)
def test_phase_lengths_at_each_boundary(total, expected):
    assert lengths(total) == expected
    assert sum(expected) == total


def test_a_full_season_has_no_notes():
    assert phases.phase_lengths(14, MARATHON_M).notes == ()


@pytest.mark.parametrize(
    ("total", "expected", "notes"),
    [
        (13, (3, 4, 3, 3), ["base is 3 of the 4 weeks it needs"]),
        (10, (0, 4, 3, 3), ["base is 0 of the 4 weeks it needs"]),
        (
            9,
            (0, 3, 3, 3),
            ["base is 0 of the 4 weeks it needs", "build is 3 of the 4 weeks it needs"],
        ),
        (
            6,
            (0, 0, 3, 3),
            ["base is 0 of the 4 weeks it needs", "build is 0 of the 4 weeks it needs"],
        ),
        (
            4,
            (0, 0, 1, 3),
            [
                "base is 0 of the 4 weeks it needs",
                "build is 0 of the 4 weeks it needs",
                "peak is 1 of 3 weeks",
            ],
        ),
        (
            2,
            (0, 0, 0, 2),
            [
                "base is 0 of the 4 weeks it needs",
                "build is 0 of the 4 weeks it needs",
                "peak is 0 of 3 weeks",
                "taper is 2 of 3 weeks",
            ],
        ),
    ],
)
def test_short_seasons_shorten_base_first_then_build_and_say_so(total, expected, notes):
    got = phases.phase_lengths(total, MARATHON_M)
    assert (got.base, got.build, got.peak, got.taper) == expected
    assert list(got.notes) == notes


@pytest.mark.parametrize(
    ("distance_m", "taper"),
    [(5000, 1), (10_000, 1), (HALF_MARATHON_M, 2), (30_000, 2), (MARATHON_M, 3), (100_000, 3)],
)
def test_taper_is_3_2_or_1_weeks_by_distance(distance_m, taper):
    assert phases.phase_lengths(30, distance_m).taper == taper


def test_a_shorter_taper_leaves_more_to_the_other_phases():
    # A 10K: taper 1, peak 3, rest 10 → build 4, base 6.
    assert lengths(14, 10_000) == (6, 4, 3, 1)


# --- the plan's phases and weeks ---


def test_phases_run_back_from_race_week_with_recovery_after():
    plan = season.build(inputs(19))  # 20 weeks, race week included
    assert [(span.phase, span.weeks) for span in plan.phases] == [
        (Phase.BASE, 8),
        (Phase.BUILD, 6),
        (Phase.PEAK, 3),
        (Phase.TAPER, 3),
        (Phase.RECOVERY, 4),
    ]
    taper = plan.phases[3]
    assert taper.last_day == plan.a_race.date
    assert plan.weeks[0].week_start == MONDAY
    assert all(b.week_start - a.week_start == WEEK for a, b in itertools.pairwise(plan.weeks))


def test_recovery_is_about_a_day_per_mile_raced():
    assert rules.recovery_weeks(MARATHON_M) == 4  # 26.2 miles: 26 days, in whole weeks
    assert rules.recovery_weeks(HALF_MARATHON_M) == 2
    assert rules.recovery_weeks(5000) == 1


def test_recovery_weeks_run_at_half_the_peak():
    plan = season.build(inputs(19))
    recovery = [w for w in plan.weeks if w.phase is Phase.RECOVERY]
    assert {w.target_distance_m for w in recovery} == {round(plan.peak_weekly_m * 0.5)}


def test_a_short_season_says_so_and_keeps_the_ramp():
    plan = season.build(inputs(8))  # 9 weeks
    assert plan.notes[0] == (
        "9 weeks to race day is short of a full season: base is 0 of the 4 weeks it needs; "
        "build is 3 of the 4 weeks it needs. The weekly build stays at 10 % at most."
    )
    assert [(span.phase, span.weeks) for span in plan.phases][:3] == [
        (Phase.BUILD, 3),
        (Phase.PEAK, 3),
        (Phase.TAPER, 3),
    ]


def test_a_season_whose_start_is_after_race_week_starts_in_race_week():
    plan = season.build(inputs(0, start_week=MONDAY + 3 * WEEK))
    assert plan.weeks[0].week_start == MONDAY
    assert plan.phases[0] == shapes.PhaseSpan(Phase.TAPER, MONDAY, 1)


# --- weekly targets ---


def test_the_ramp_builds_10_percent_with_a_cut_back_every_fourth_week():
    plan = season.build(inputs(19, start_weekly_m=30_000))
    first = [w.target_distance_m for w in plan.weeks[:9]]
    assert first == [30000, 33000, 36300, 30855, 39930, 43923, 48315, 41068, 53147]
    assert [w.cutback for w in plan.weeks[:8]] == [False, False, False, True] * 2


def test_the_ramp_stops_at_what_the_race_asks_for():
    plan = season.build(inputs(19, start_weekly_m=30_000))
    assert plan.needs_weekly_m == 55_000
    assert plan.peak_weekly_m == 55_000
    assert max(w.training_distance_m for w in plan.weeks) == 55_000


def test_a_runner_already_past_the_need_holds_their_volume():
    plan = season.build(inputs(19, start_weekly_m=70_000))
    training = [w for w in plan.weeks if w.phase in (Phase.BASE, Phase.BUILD, Phase.PEAK)]
    assert {w.target_distance_m for w in training if not w.cutback} == {70_000}


@pytest.mark.parametrize(("weeks", "cuts"), [(1, [0.5]), (2, [0.4, 0.6]), (3, [0.4, 0.5, 0.6])])
def test_the_taper_cuts_40_falling_to_60_percent(weeks, cuts):
    assert phases.taper_cuts(weeks) == pytest.approx(cuts)


def test_taper_weeks_are_cut_from_the_peak():
    plan = season.build(inputs(19, start_weekly_m=50_000))
    taper = [w.training_distance_m for w in plan.weeks if w.phase is Phase.TAPER]
    peak = plan.peak_weekly_m
    assert taper == [round(peak * 0.6), round(peak * 0.5), round(peak * 0.4)]


def test_race_week_holds_the_race_on_top_of_the_taper():
    plan = season.build(inputs(19, start_weekly_m=50_000))
    race_week = plan.week_of(plan.a_race.date)
    assert race_week.race_distance_m == MARATHON_M
    assert race_week.target_distance_m == round(plan.peak_weekly_m * 0.4) + MARATHON_M
    assert all(w.race_distance_m == 0 for w in plan.weeks if w is not race_week)


def test_with_no_runs_the_plan_starts_from_a_floor_and_says_so():
    plan = season.build(inputs(19, start_weekly_m=0))
    assert plan.weeks[0].target_distance_m == season.START_FLOOR_M == 10_000
    assert (
        "No runs in the four weeks before the season began, so the plan starts from 10 km a week."
    ) in plan.notes


def test_the_plan_never_asks_for_more_than_the_training_time_fits():
    plan = season.build(inputs(19, start_weekly_m=30_000, fits_weekly_m=40_000))
    assert max(w.training_distance_m for w in plan.weeks) == 40_000
    assert plan.notes[0] == (
        "Your training time fits about 40 km a week at your usual pace; a Marathon asks for "
        "about 55 km."
    )


def test_a_ceiling_below_the_start_lowers_the_first_week_too():
    plan = season.build(inputs(19, start_weekly_m=30_000, fits_weekly_m=25_000))
    assert plan.weeks[0].target_distance_m == 25_000


def test_a_peak_short_of_what_the_race_asks_for_is_said():
    plan = season.build(inputs(10, start_weekly_m=20_000))
    assert plan.peak_weekly_m < 55_000
    assert any(note.startswith("At 10 % a week with cut-backs") for note in plan.notes)


# --- races inside the season ---


def other(weeks_out: int, priority: str, *, day: int = 5) -> PlannedRace:
    date = MONDAY + weeks_out * WEEK + dt.timedelta(days=day)
    return PlannedRace(priority, f"{priority} race", date, 10_000, priority)


def test_a_b_race_week_is_a_one_week_mini_taper_that_does_not_step_the_ramp_up():
    plain = season.build(inputs(19))
    with_b = season.build(inputs(19, other_races=(other(5, "B"),)))
    before = plain.weeks[4].target_distance_m  # the last full week before the B race
    assert [w.target_distance_m for w in with_b.weeks[:5]] == [
        w.target_distance_m for w in plain.weeks[:5]
    ]
    assert with_b.weeks[5].target_distance_m == round(before * (1 - ramp_rule.MINI_TAPER))
    assert with_b.weeks[5].races[0].priority == "B" and not with_b.weeks[5].cutback
    # The week after rises 10 % over the last full week, as if the B week were a cut-back.
    assert with_b.weeks[6].target_distance_m == round(before * 1.1)


def test_a_b_race_in_a_cut_back_week_is_not_cut_twice():
    plain = season.build(inputs(19))
    with_b = season.build(inputs(19, other_races=(other(3, "B"),)))
    assert plain.weeks[3].cutback
    assert with_b.weeks[3].target_distance_m == plain.weeks[3].target_distance_m


def test_a_b_race_week_is_never_planned_shorter_than_the_race():
    half = dataclasses.replace(other(2, "B"), distance_m=HALF_MARATHON_M)
    plan = season.build(inputs(19, start_weekly_m=15_000, other_races=(half,)))
    assert round(15_000 * 1.21 * (1 - ramp_rule.MINI_TAPER)) < HALF_MARATHON_M
    assert plan.weeks[2].target_distance_m == round(HALF_MARATHON_M)


def test_a_c_race_changes_nothing_but_is_marked():
    plain = season.build(inputs(19))
    with_c = season.build(inputs(19, other_races=(other(5, "C"),)))
    assert [w.target_distance_m for w in with_c.weeks] == [w.target_distance_m for w in plain.weeks]
    assert with_c.weeks[5].races[0].priority == "C"


def test_the_a_race_sits_in_the_last_taper_week():
    plan = season.build(inputs(19))
    race_week = plan.week_of(plan.a_race.date)
    assert race_week.phase is Phase.TAPER and race_week.races == (plan.a_race,)
    assert plan.week_of(plan.a_race.date + WEEK).phase is Phase.RECOVERY
    assert plan.week_of(MONDAY - WEEK) is None


def test_busy_weeks_are_marked_first_and_last_day_included():
    spans = (
        BusySpan(
            MONDAY + 2 * WEEK + dt.timedelta(days=6), MONDAY + 2 * WEEK + dt.timedelta(days=6), "a"
        ),
        BusySpan(MONDAY + 5 * WEEK, MONDAY + 5 * WEEK, "b"),
    )
    plan = season.build(inputs(19, busy_periods=spans))
    assert [i for i, w in enumerate(plan.weeks) if w.busy] == [2, 5]


# --- benchmarks ---


def test_benchmark_weeks_open_base_and_close_build():
    plan = season.build(inputs(19))  # base 8, build 6
    assert [i for i, w in enumerate(plan.weeks) if w.benchmark] == [0, 13]
    assert plan.weeks[0].phase is Phase.BASE and plan.weeks[13].phase is Phase.BUILD
    assert plan.weeks[14].phase is Phase.PEAK


def test_without_a_build_only_the_first_week_is_a_benchmark():
    plan = season.build(inputs(5))  # 6 weeks: peak 3, taper 3
    assert [i for i, w in enumerate(plan.weeks) if w.benchmark] == [0]


# --- determinism ---


def test_the_same_inputs_give_the_same_plan():
    given_inputs = inputs(
        23,
        start_weekly_m=27_500,
        other_races=(other(6, "B"), other(9, "C")),
        fits_weekly_m=60_000,
        busy_periods=(BusySpan(MONDAY + 4 * WEEK, MONDAY + 5 * WEEK, "Trip"),),
    )
    assert season.build(given_inputs) == season.build(given_inputs)


# --- what a race asks for, and how long the ramp takes to get there ---


@pytest.mark.parametrize(
    ("distance_m", "needs"),
    [
        (5000, (20_000, 8_000)),
        (10_000, (25_000, 12_000)),
        (HALF_MARATHON_M, (35_000, 16_000)),
        (MARATHON_M, (55_000, 30_000)),
        (50_000, (65_000, 35_000)),
        (100_000, (80_000, 45_000)),
    ],
)
def test_race_needs(distance_m, needs):
    assert season.race_needs(distance_m) == needs


def test_reachable_follows_the_ramp_cut_backs_included():
    assert ramp_rule.reachable(30_000, 0) == 30_000
    assert ramp_rule.reachable(30_000, 1) == 30_000
    assert ramp_rule.reachable(30_000, 4) == pytest.approx(36_300)  # week 4 is a cut-back
    assert ramp_rule.reachable(30_000, 5) == pytest.approx(39_930)


def test_weeks_to_reach_is_the_fewest_weeks_that_get_there():
    assert ramp_rule.weeks_to_reach(30_000, 30_000) == 0
    assert ramp_rule.weeks_to_reach(30_000, 36_300) == 3
    assert ramp_rule.weeks_to_reach(30_000, 36_301) == 5
    assert ramp_rule.weeks_to_reach(15_500, 30_000) == 10
    assert ramp_rule.weeks_to_reach(0, 30_000) is None
    assert ramp_rule.weeks_to_reach(1, 10**9, limit=20) is None


# --- properties of every plan ---

# Weekly volumes from none at all (the plan's floor) to 150 km, in metres: whole kilometres
# and up, where rounding targets to the metre cannot move a ratio.
volumes = st.just(0.0) | st.floats(min_value=1000, max_value=150_000)
race_distances = st.sampled_from([5000.0, 10_000.0, HALF_MARATHON_M, float(MARATHON_M), 50_000.0])


@st.composite
def season_inputs(draw) -> SeasonInputs:
    weeks_out = draw(st.integers(min_value=0, max_value=40))
    start_offset = draw(st.integers(min_value=0, max_value=6))
    race = PlannedRace(
        "a",
        "A race",
        a_race(weeks_out).date - dt.timedelta(days=start_offset),
        draw(race_distances),
        "A",
    )
    b_weeks = draw(st.lists(st.integers(min_value=0, max_value=40), max_size=3))
    return SeasonInputs(
        today=MONDAY,
        a_race=race,
        start_week=MONDAY,
        start_weekly_m=draw(volumes),
        other_races=tuple(other(w, "B") for w in b_weeks),
        fits_weekly_m=draw(st.none() | volumes),
    )


@settings(max_examples=300, deadline=None)
@given(season_inputs())
def test_no_week_ramps_more_than_10_percent_outside_a_cut_back(given_inputs):
    plan = season.build(given_inputs)
    training = [w for w in plan.weeks if w.phase in (Phase.BASE, Phase.BUILD, Phase.PEAK)]
    # Compare each full week with the last full week before it: a cut-back or a B race's
    # mini-taper is a lighter week, and the week after it is measured against the one before.
    full = [w for w in training if not w.cutback and not any(r.priority == "B" for r in w.races)]
    for before, after in itertools.pairwise(full):
        assert after.target_distance_m <= before.target_distance_m * 1.10 + 1  # rounding
    for week in training:
        if week.cutback:
            previous = max(
                (w for w in full if w.week_start < week.week_start),
                key=lambda w: w.week_start,
            )
            # A B race in a cut-back week lifts it to the race's distance, never more.
            b_race_m = sum(r.distance_m for r in week.races if r.priority == "B")
            assert week.target_distance_m == pytest.approx(
                max(previous.target_distance_m * (1 - ramp_rule.CUTBACK), b_race_m), abs=1
            )


@settings(max_examples=300, deadline=None)
@given(season_inputs())
def test_every_taper_week_cuts_40_to_60_percent_from_the_peak(given_inputs):
    plan = season.build(given_inputs)
    taper = [w for w in plan.weeks if w.phase is Phase.TAPER]
    assert 1 <= len(taper) <= 3
    for week in taper:
        if plan.peak_weekly_m:
            cut = 1 - week.training_distance_m / plan.peak_weekly_m
            assert 0.40 - 0.001 <= cut <= 0.60 + 0.001
    assert [w.training_distance_m for w in taper] == sorted(
        (w.training_distance_m for w in taper), reverse=True
    )


@settings(max_examples=200, deadline=None)
@given(season_inputs())
def test_every_plan_ends_with_its_a_race_in_the_taper_and_is_deterministic(given_inputs):
    plan = season.build(given_inputs)
    assert plan.week_of(plan.a_race.date).phase is Phase.TAPER
    assert plan == season.build(given_inputs)
    assert sum(span.weeks for span in plan.phases) == len(plan.weeks)


# --- Setbacks: marked weeks and the way back ---------------------------------------------


def test_the_weeks_a_setback_covers_are_marked_and_an_open_one_says_so():
    open_setback = shapes.SetbackSpan(MONDAY + 3 * WEEK + dt.timedelta(days=2), None, 30_000)
    plan = season.build(inputs(setbacks=(open_setback,)))
    marked = [week.week_start for week in plan.weeks if week.setback]
    assert marked[0] == MONDAY + 3 * WEEK and marked[-1] == plan.weeks[-1].week_start
    assert any(note.startswith("Setback since 27 January") for note in plan.notes)


def test_after_a_short_setback_the_plan_restarts_at_75_percent_and_builds_10_percent_a_week():
    # Two weeks off from 18 January; 30 km a week before it.
    over = shapes.SetbackSpan(MONDAY + 2 * WEEK, MONDAY + 3 * WEEK + dt.timedelta(days=6), 30_000)
    plain = season.build(inputs())
    plan = season.build(inputs(setbacks=(over,)))
    back = [w for w in plan.weeks if w.week_start >= MONDAY + 4 * WEEK]
    assert back[0].target_distance_m == 22_500
    assert back[1].target_distance_m == round(22_500 * 1.1)
    for before, after in itertools.pairwise(back[:6]):
        assert after.target_distance_m <= before.target_distance_m * 1.1 + 1
    # Held to the way back only while it is lower than the plan; later weeks are the plan's.
    assert plan.weeks[-1].target_distance_m == plain.weeks[-1].target_distance_m
    assert [w.setback for w in plan.weeks[:5]] == [False, False, True, True, False]
    assert any("restarts at 22 km a week, 75 % of the 30 km before it" in n for n in plan.notes)


def test_after_a_long_setback_the_plan_restarts_at_half():
    over = shapes.SetbackSpan(MONDAY, MONDAY + 4 * WEEK, 40_000)
    plan = season.build(inputs(setbacks=(over,)))
    first_back = next(w for w in plan.weeks if w.week_start >= MONDAY + 4 * WEEK)
    assert first_back.target_distance_m == 20_000


# --- The plan against Runpath's own attention flags ------------------------------------------
#
# A runner who follows the plan week by week is never flagged by the attention rules the coach
# reads: no distance jump, no load spike. Each week is run as planned: its races (A and B) on
# race day, logged as races, and the rest of its target spread evenly over Runpath's default
# training days at one easy effort, so the load follows the plan's weekly distances and nothing
# else. The flags' own functions judge every day, from the four weeks before the season (run at
# the average the plan starts from) to the end of recovery.

RUNNER = Athlete(time_zone="UTC", units="km")
DEFAULT_MINUTES = tuple(getattr(RUNNER, name) for name in Athlete.AVAILABILITY_FIELDS)


@dataclasses.dataclass(frozen=True)
class LoggedRun:
    day: dt.date
    kind: str
    distance_m: float
    duration_s: float


def week_run(
    week_start: dt.date, target_m: float, races: tuple[PlannedRace, ...], pace: float
) -> list[LoggedRun]:
    """A week run as planned: its A and B races, and the rest on the default training days."""
    raced = [r for r in races if r.priority in ("A", "B") and monday_of(r.date) == week_start]
    runs = [LoggedRun(r.date, "race", r.distance_m, r.distance_m * pace / 1000) for r in raced]
    days = [
        week_start + dt.timedelta(days=i)
        for i, minutes in enumerate(DEFAULT_MINUTES)
        if minutes and week_start + dt.timedelta(days=i) not in {r.date for r in raced}
    ]
    # The plan's targets are whole metres: what is left after a race is whole metres too.
    each_m = max(0, round(target_m - sum(r.distance_m for r in raced))) / len(days)
    if each_m:
        runs += [LoggedRun(day, "easy", each_m, each_m * pace / 1000) for day in days]
    return runs


def followed(plan: shapes.Season, start_weekly_m: float, pace: float) -> list[LoggedRun]:
    """The log of a runner who follows `plan`, and ran `start_weekly_m` a week before it."""
    runs = []
    for weeks_before in range(START_AVERAGE_WEEKS, 0, -1):
        runs += week_run(MONDAY - weeks_before * WEEK, start_weekly_m, (), pace)
    for week in plan.weeks:
        runs += week_run(week.week_start, week.target_distance_m, week.races, pace)
    return runs


def facts_on(
    day: dt.date, runs: list[LoggedRun], setback: shapes.SetbackSpan | None = None
) -> Facts:
    """What the attention rules read on `day` of a runner whose log is `runs`, as the triage
    facts load it: the weeks the distance rule compares, the sessions of the load window, and
    the setback, open that day or over in the last 28 days."""
    done = [run for run in runs if run.day <= day]
    recent = [run for run in done if (day - run.day).days <= load.EWMA_WINDOW_DAYS]
    stats: dict[dt.date, WeekStat] = {}
    for run in recent:
        week = monday_of(run.day)
        if week >= monday_of(day) - 2 * WEEK:
            stat = stats.setdefault(week, WeekStat(week_start=week, distance_m=0))
            stat.distance_m += round(run.distance_m)
    open_setbacks, back_from = [], None
    if setback is not None and setback.end is not None and setback.start <= day:
        if day <= setback.end:
            open_setbacks.append(Setback(start=setback.start, end=setback.end))
        elif (day - setback.end).days < load.CHRONIC_DAYS:
            back_from = setback.end
    return Facts(
        athlete=RUNNER,
        now=dt.datetime.combine(day, dt.time(21), tzinfo=dt.UTC),
        weeks=stats,
        first_day=min((run.day for run in done), default=None),
        sessions=[Session(run.day, run.kind, run.duration_s, None) for run in recent],
        setbacks=open_setbacks,
        back_from_setback=back_from,
    )


def assert_no_flag_any_day(
    plan: shapes.Season, runs: list[LoggedRun], setback: shapes.SetbackSpan | None = None
) -> None:
    day = MONDAY
    while day <= plan.weeks[-1].week_end:
        facts = facts_on(day, runs, setback)
        assert distance_jump_flag(facts) is None, (day, distance_jump_flag(facts))
        assert load_spike_flag(facts) is None, (day, load_spike_flag(facts))
        day += dt.timedelta(days=1)


# Each example judges every day of a season with the flags' own load ratios: fewer examples than
# the properties above, so the file stays quick on a shared machine.
@settings(max_examples=50, deadline=None)
@given(season_inputs(), st.floats(min_value=240, max_value=480))
def test_a_runner_following_the_plan_trips_no_distance_jump_or_load_spike(given_inputs, pace):
    plan = season.build(given_inputs)
    assert_no_flag_any_day(plan, followed(plan, given_inputs.start_weekly_m, pace))


@settings(max_examples=40, deadline=None)
@given(
    season_inputs(),
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=0, max_value=42),
)
def test_back_from_a_setback_on_the_plans_way_back_trips_neither_flag(
    given_inputs, start_day, days_off
):
    # A setback the runner logs and closes: no running on its days, then the plan's way back.
    start = MONDAY + dt.timedelta(days=start_day)
    end = start + dt.timedelta(days=days_off)
    before_plan = season.build(given_inputs)
    weeks_before = monday_of(start) - START_AVERAGE_WEEKS * WEEK
    before_m = sum(
        run.distance_m
        for run in followed(before_plan, given_inputs.start_weekly_m, 390)
        if weeks_before <= run.day < monday_of(start)
    )
    setback = shapes.SetbackSpan(start, end, before_m / START_AVERAGE_WEEKS)
    plan = season.build(dataclasses.replace(given_inputs, setbacks=(setback,)))
    runs = [
        run
        for run in followed(plan, given_inputs.start_weekly_m, 390)
        if not start <= run.day <= end
    ]
    assert_no_flag_any_day(plan, runs, setback)


@settings(max_examples=300, deadline=None)
@given(season_inputs())
def test_race_week_holds_the_race_and_the_taper_cuts_only_the_running(given_inputs):
    plan = season.build(given_inputs)
    race_week = plan.week_of(plan.a_race.date)
    assert race_week.race_distance_m == round(plan.a_race.distance_m)
    assert race_week.target_distance_m >= plan.a_race.distance_m
    if plan.peak_weekly_m:
        cut = 1 - race_week.training_distance_m / plan.peak_weekly_m
        assert 0.40 - 0.001 <= cut <= 0.60 + 0.001


def test_the_week_after_a_cut_back_steps_up_inside_a_distance_jump():
    assert (1 + WEEKLY_RAMP) / (1 - ramp_rule.CUTBACK) <= 1 + DISTANCE_JUMP
    plan = season.build(inputs(19, start_weekly_m=30_000))
    cutback, after = plan.weeks[3], plan.weeks[4]
    assert cutback.cutback and after.target_distance_m / cutback.target_distance_m == (
        pytest.approx(1.1 / 0.85, abs=0.001)
    )


def test_a_marathon_race_week_is_the_race_and_the_taper_running():
    # The case: a marathon race week planned at 22 km, less than the race.
    plan = season.build(inputs(19, start_weekly_m=50_000))
    race_week = plan.week_of(plan.a_race.date)
    assert plan.peak_weekly_m == 55_000
    assert race_week.target_distance_m == 22_000 + MARATHON_M
