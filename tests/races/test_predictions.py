import pytest

from races.predictions import (
    MILE_M,
    RIEGEL_EXPONENT,
    long_race_range,
    marathon_range,
    predictions,
    riegel,
    vdot,
    vdot_time,
)


def test_a_5k_in_24_34_is_vdot_39_1():
    assert vdot(5000, 24 * 60 + 34) == pytest.approx(39.1, abs=0.1)


def test_faster_is_a_higher_vdot():
    assert vdot(5000, 20 * 60) > vdot(5000, 25 * 60)


def test_riegel_uses_exponent_1_06():
    assert RIEGEL_EXPONENT == 1.06
    assert riegel(1200, from_m=5000, to_m=10000) == pytest.approx(1200 * 2**1.06)


def test_riegel_to_the_same_distance_keeps_the_time():
    assert riegel(1474, from_m=5000, to_m=5000) == pytest.approx(1474)


def test_predictions_cover_5k_10k_half_and_marathon():
    table = predictions(5000, 1474)
    assert [(p.name, p.distance_m) for p in table] == [
        ("5K", 5000.0),
        ("10K", 10000.0),
        ("Half marathon", 21097.5),
        ("Marathon", 42195.0),
    ]
    assert table[0].duration_s == pytest.approx(1474)
    assert table[1].duration_s == pytest.approx(1474 * 2**1.06)
    assert table[3].duration_s == pytest.approx(1474 * (42195 / 5000) ** 1.06)


# --- VDOT against Daniels' published tables ---

# Daniels' Running Formula VDOT table rows (as widely reproduced): VDOT 40, 50 and 60.
DANIELS_TABLE = [
    (40, 5000, "24:08"),
    (40, 42195, "3:49:45"),
    (50, 5000, "19:57"),
    (50, 10000, "41:21"),
    (50, 21097.5, "1:31:35"),
    (50, 42195, "3:10:49"),
    (60, 5000, "17:03"),
    (60, 42195, "2:43:25"),
]


def seconds(clock: str) -> int:
    total = 0
    for part in clock.split(":"):
        total = total * 60 + int(part)
    return total


@pytest.mark.parametrize(("vdot_value", "distance_m", "clock"), DANIELS_TABLE)
def test_vdot_times_are_within_half_a_percent_of_daniels_tables(vdot_value, distance_m, clock):
    assert vdot_time(vdot_value, distance_m) == pytest.approx(seconds(clock), rel=0.005)


@pytest.mark.parametrize(("vdot_value", "distance_m", "clock"), DANIELS_TABLE)
def test_a_table_time_gives_back_its_vdot(vdot_value, distance_m, clock):
    assert vdot(distance_m, seconds(clock)) == pytest.approx(vdot_value, rel=0.005)


def test_vdot_time_is_the_inverse_of_vdot():
    for distance_m in (1500, 5000, 21097.5, 42195):
        assert vdot(distance_m, vdot_time(45.3, distance_m)) == pytest.approx(45.3, abs=0.001)


# --- the training-adjusted marathon range (Vickers & Vertosick 2016, model 1) ---


def test_the_marathon_range_is_the_vickers_model_give_or_take_its_typical_error():
    # A 5K in 24:34 on 40 km a week: Riegel (1.07) says 4:00:43, 2.92 m/s; the model 2.747 m/s.
    estimate = marathon_range(5000, 1474, weekly_distance_m=40_000)
    riegel_speed = 42195 / (1474 * (42195 / 5000) ** 1.07)
    speed = 0.16018617 + 0.83076202 * riegel_speed + 0.06423826 * (40_000 / 1609.344) / 10
    assert estimate.predicted_s == pytest.approx(42195 / speed)
    assert estimate.predicted_s == pytest.approx(4 * 3600 + 16 * 60, abs=30)
    assert estimate.high_s - estimate.predicted_s == pytest.approx(15.1 * 60, abs=1)
    assert estimate.predicted_s - estimate.low_s == pytest.approx(15.1 * 60, abs=1)
    assert "Vickers & Vertosick" in estimate.basis and "25 miles (40 km) a week" in estimate.basis


def test_riegel_from_a_short_race_is_faster_than_the_training_adjusted_estimate():
    # Half of recreational runners are 10 minutes or more slower than Riegel says.
    for distance_m, duration_s in [(5000, 1474), (10_000, 3000), (21097.5, 6600)]:
        adjusted = marathon_range(distance_m, duration_s, weekly_distance_m=40_000)
        by_riegel = riegel(duration_s, from_m=distance_m, to_m=42195)
        assert adjusted.predicted_s - by_riegel > 10 * 60


def test_more_weekly_distance_predicts_a_faster_marathon():
    times = [
        marathon_range(21097.5, 5400, weekly_distance_m=km * 1000).predicted_s
        for km in (30, 60, 90, 120)
    ]
    assert times == sorted(times, reverse=True)
    # Each 10 miles a week adds 0.064 m/s, about 3.5 minutes for a 3:15 marathoner: 30 → 60 km
    # a week (18.6 miles more) is about 7 minutes.
    assert times[0] - times[1] == pytest.approx(7 * 60, abs=30)


def test_a_range_always_holds_its_estimate():
    estimate = marathon_range(10_000, 2700, weekly_distance_m=0)
    assert estimate.low_s < estimate.predicted_s < estimate.high_s


def test_a_marathon_effort_is_its_own_evidence():
    estimate = marathon_range(42195, 4 * 3600, weekly_distance_m=50_000)
    assert estimate.predicted_s == pytest.approx(4 * 3600)
    assert estimate.basis.startswith("Riegel")


def test_the_range_refuses_an_effort_without_a_distance_or_a_time():
    with pytest.raises(ValueError):
        marathon_range(0, 1474, weekly_distance_m=40_000)
    with pytest.raises(ValueError):
        marathon_range(5000, 0, weekly_distance_m=40_000)


def test_the_issues_worked_example_a_30_minute_5k_on_25_km_a_week():
    # Issue 17: about 5:13, 4:58 to 5:28, where Riegel says 4:47:44 (and 5 % faster, 4:33:21,
    # was the time SMART used to suggest).
    estimate = marathon_range(5000, 1800, weekly_distance_m=25_000)
    assert estimate.within_model
    assert estimate.predicted_s == pytest.approx(5 * 3600 + 13 * 60, abs=30)
    assert (estimate.low_s, estimate.high_s) == pytest.approx(
        (4 * 3600 + 58 * 60, 5 * 3600 + 28 * 60), abs=30
    )
    assert riegel(1800, from_m=5000, to_m=42195) == pytest.approx(4 * 3600 + 47 * 60 + 44, abs=1)


@pytest.mark.parametrize(
    ("effort_m", "miles", "within"),
    [
        (21097.5, 5.0, True),  # the half, and the fewest miles the model was fitted on
        (5000, 4.9, False),  # too few miles a week
        (5000, 150.0, True),
        (5000, 150.1, False),  # too many
        (30_000, 40.0, False),  # a race longer than the half
    ],
)
def test_the_model_is_used_only_within_its_published_inputs(effort_m, miles, within):
    estimate = marathon_range(effort_m, 3600 * effort_m / 10_000, weekly_distance_m=miles * MILE_M)
    assert estimate.within_model is within
    if not within:
        riegel_s = riegel(3600 * effort_m / 10_000, from_m=effort_m, to_m=42195)
        assert estimate.predicted_s == pytest.approx(riegel_s)
        assert "5 to 150 miles a week" in estimate.basis and "Riegel" in estimate.basis


def test_past_the_marathon_the_range_is_carried_by_riegels_exponent():
    marathon = marathon_range(5000, 1474, weekly_distance_m=60_000)
    fifty = long_race_range(5000, 1474, to_m=50_000, weekly_distance_m=60_000)
    scale = (50_000 / 42195) ** RIEGEL_EXPONENT
    assert (fifty.low_s, fifty.predicted_s, fifty.high_s) == pytest.approx(
        (marathon.low_s * scale, marathon.predicted_s * scale, marathon.high_s * scale)
    )
    assert "Carried from the marathon to 50 km by Riegel" in fifty.basis
    assert long_race_range(5000, 1474, to_m=42195, weekly_distance_m=60_000) == marathon
