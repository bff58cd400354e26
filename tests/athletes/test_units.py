"""Durations typed the ways runners write them, read as seconds."""

import pytest

from athletes.units import parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1h02", 3720),
        ("1H02", 3720),
        ("2h 05", 7500),
        ("1h02m30s", 3750),
        ("1h02m", 3720),
        ("1:02", 62),
        ("45m", 2700),
        ("45 min", 2700),
    ],
)
def test_watch_style_and_short_durations_are_understood(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["1h75", "1h2x", "h02", "1h0230"])
def test_hours_with_impossible_or_garbled_minutes_are_refused(text):
    with pytest.raises(ValueError, match="duration|below 60"):
        parse_duration(text)
