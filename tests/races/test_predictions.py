import pytest

from races.predictions import RIEGEL_EXPONENT, predictions, riegel, vdot


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
