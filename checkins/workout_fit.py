"""A planned session as a FIT workout file, for a watch (Garmin's `garmin-fit-sdk` encoder).

A session without steps is one step of its distance or time. A workout file holds a `file_id` (type "workout"), one `workout` message (running, its name and
number of steps) and a `workout_step` for each step. A repeat is a step of its own after the
steps it repeats, pointing back at the first of them. A step lasting a distance or a time ends
there, one with neither when the runner presses lap. A pace becomes a speed range a little
either side of it (`PACE_WINDOW_S_PER_KM`); an effort (RPE) has no FIT target, so it is written
in the step's notes.

FIT's fields hold whole numbers in fixed units (the profile's scales): a time in milliseconds,
a distance in centimetres, a speed in millimetres per second.
"""

import datetime as dt
from typing import Any

from garmin_fit_sdk import Encoder, Profile

from athletes.measures import short_date
from checkins.models import PlannedSession
from checkins.workout_steps import COOLDOWN, RECOVERY, WARMUP, WORK, Repeat, Step, parse_steps

# A pace target is a range this many seconds per km either side of the pace (Runpath's choice:
# a watch that beeps at one exact pace beeps all the time).
PACE_WINDOW_S_PER_KM = 5
MESG = Profile["mesg_num"]
INTENSITY = {WARMUP: "warmup", RECOVERY: "recovery", COOLDOWN: "cooldown"}
# Garmin's manufacturer id for files written by other developers.
DEVELOPMENT = "development"
WORKOUT_NAME_LENGTH = 40


def _speed_mm_s(pace_s_per_km: float) -> int:
    return round(1_000_000 / pace_s_per_km)


def _step_message(step: Step, index: int) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_index": index,
        "wkt_step_name": step.name,
        "intensity": INTENSITY.get(step.kind, "active"),
        "duration_type": "open",
        "target_type": "open",
    }
    if step.distance_m is not None:
        message |= {"duration_type": "distance", "duration_value": step.distance_m * 100}
    elif step.duration_s is not None:
        message |= {"duration_type": "time", "duration_value": step.duration_s * 1000}
    if step.pace_s_per_km is not None:
        message |= {
            "target_type": "speed",
            "target_value": 0,
            # The slower pace is the lower speed.
            "custom_target_value_low": _speed_mm_s(step.pace_s_per_km + PACE_WINDOW_S_PER_KM),
            "custom_target_value_high": _speed_mm_s(step.pace_s_per_km - PACE_WINDOW_S_PER_KM),
        }
    if step.rpe is not None:
        message["notes"] = f"Effort RPE {step.rpe} of 10"
    return message


def _steps(session: PlannedSession) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    # A session without steps is one step of its distance (or else its time).
    items = parse_steps(session.steps) or (
        Step(
            WORK,
            distance_m=session.distance_m,
            duration_s=None if session.distance_m else session.duration_s,
        ),
    )
    for item in items:
        if isinstance(item, Repeat):
            first = len(messages)
            messages += [
                _step_message(step, len(messages) + i) for i, step in enumerate(item.steps)
            ]
            messages.append(
                {
                    "message_index": len(messages),
                    "duration_type": "repeat_until_steps_cmplt",
                    "duration_value": first,
                    "target_type": "open",
                    "target_value": item.times,
                }
            )
        else:
            messages.append(_step_message(item, len(messages)))
    return messages


def workout_name(session: PlannedSession) -> str:
    return f"{session.get_kind_display()} {short_date(session.day, with_weekday=True)}"[
        :WORKOUT_NAME_LENGTH
    ]


def workout_file(session: PlannedSession, *, created: dt.datetime) -> bytes:
    """The session's steps as the bytes of a FIT workout file."""
    steps = _steps(session)
    encoder = Encoder()
    encoder.on_mesg(
        MESG["FILE_ID"],
        {
            "type": "workout",
            "manufacturer": DEVELOPMENT,
            "product": 0,
            "serial_number": session.pk,
            "time_created": created,
        },
    )
    encoder.on_mesg(
        MESG["WORKOUT"],
        {"sport": "running", "num_valid_steps": len(steps), "wkt_name": workout_name(session)},
    )
    for step in steps:
        encoder.on_mesg(MESG["WORKOUT_STEP"], step)
    return bytes(encoder.close())
