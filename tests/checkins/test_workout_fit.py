"""A planned session as a FIT workout file, decoded back with fitdecode: the file a watch
reads holds the session's steps, repeats, distances, times and pace targets."""

import datetime as dt
import io

import fitdecode
import pytest
from django.urls import reverse

from checkins.workout_fit import PACE_WINDOW_S_PER_KM, workout_file
from tests.checkins.factories import PlannedSessionFactory
from tests.conftest import client_for

INTERVALS = [
    {"step": "warmup", "distance_m": 2000, "rpe": 3},
    {
        "step": "repeat",
        "times": 6,
        "steps": [
            {"step": "work", "distance_m": 800, "pace_s_per_km": 240},
            {"step": "recovery", "duration_s": 90},
        ],
    },
    {"step": "cooldown"},
]


def decoded(data: bytes) -> list[tuple[str, dict]]:
    with fitdecode.FitReader(io.BytesIO(data)) as reader:
        return [
            (frame.name, {field.name: field.value for field in frame.fields})
            for frame in reader
            if isinstance(frame, fitdecode.FitDataMessage)
        ]


@pytest.mark.django_db
def test_a_structured_session_decodes_back_to_its_steps(now):
    session = PlannedSessionFactory(
        kind="intervals", distance_m=9000, steps=INTERVALS, day=dt.date(2027, 3, 2)
    )
    messages = decoded(workout_file(session, created=now))
    names = [name for name, _ in messages]
    assert names == ["file_id", "workout", *["workout_step"] * 5]
    file_id, workout = messages[0][1], messages[1][1]
    assert file_id["type"] == "workout"
    assert workout["sport"] == "running" and workout["num_valid_steps"] == 5
    assert workout["wkt_name"] == "Intervals Tue 2 Mar"
    warmup, work, recovery, repeat, cooldown = (fields for _, fields in messages[2:])
    assert (warmup["intensity"], warmup["duration_distance"], warmup["notes"]) == (
        "warmup",
        2000,
        "Effort RPE 3 of 10",
    )
    assert work["duration_distance"] == 800 and work["target_type"] == "speed"
    # 4:00 a km give or take the window, as speeds in m/s.
    assert work["custom_target_speed_low"] == pytest.approx(
        1000 / (240 + PACE_WINDOW_S_PER_KM), abs=0.001
    )
    assert work["custom_target_speed_high"] == pytest.approx(
        1000 / (240 - PACE_WINDOW_S_PER_KM), abs=0.001
    )
    assert (recovery["intensity"], recovery["duration_time"]) == ("recovery", 90)
    assert repeat["duration_type"] == "repeat_until_steps_cmplt"
    assert (repeat["duration_step"], repeat["repeat_steps"]) == (1, 6)
    assert (cooldown["intensity"], cooldown["duration_type"]) == ("cooldown", "open")


@pytest.mark.django_db
def test_a_session_without_steps_is_one_step_of_its_distance(now):
    session = PlannedSessionFactory(kind="long", distance_m=18_000)
    [*_, (name, step)] = decoded(workout_file(session, created=now))
    assert name == "workout_step" and step["duration_distance"] == 18_000


@pytest.mark.django_db
def test_the_runner_and_coach_download_the_workout_and_nobody_else(cast):
    session = PlannedSessionFactory(athlete=cast.runner, kind="tempo", distance_m=8000)
    answer = client_for(cast.runner.user).get(reverse("races:session-fit", args=[session.pk]))
    assert answer["Content-Type"] == "application/vnd.ant.fit"
    assert "attachment" in answer["Content-Disposition"]
    assert decoded(answer.content)[1][1]["sport"] == "running"
    other = client_for(cast.other_coach.user).get(reverse("races:session-fit", args=[session.pk]))
    assert other.status_code == 404
