"""Synthetic activity files, small ones and a whole Strava export written to disk, so every
import path is tested without the shared folder."""

import datetime as dt
import struct
from pathlib import Path

import gpxpy.gpx
from fitdecode.utils import compute_crc

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
FIT_SPORTS = {"running": 1, "cycling": 2, "swimming": 5}
# Local message 0 = global message 18 (session): start_time, total_elapsed_time (ms),
# total_distance (cm), sport.
_SESSION_DEFINITION = struct.pack("<BBBHB", 0x40, 0, 0, 18, 4) + bytes(
    [2, 4, 0x86, 7, 4, 0x86, 9, 4, 0x86, 5, 1, 0x00]
)


def gpx_bytes(
    *, start: dt.datetime, points: int = 61, step_s: int = 10, step_deg: float = 0.0003
) -> bytes:
    """A straight track heading north, one point every `step_s` seconds."""
    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack(name="Synthetic run")
    segment = gpxpy.gpx.GPXTrackSegment()
    for i in range(points):
        segment.points.append(
            gpxpy.gpx.GPXTrackPoint(
                51.5 + i * step_deg, -0.1, time=start + dt.timedelta(seconds=i * step_s)
            )
        )
    track.segments.append(segment)
    gpx.tracks.append(track)
    return gpx.to_xml().encode()


def tcx_bytes(*, start: dt.datetime, laps: list[tuple[float, float]], sport="Running") -> bytes:
    """A TCX file with one activity; `laps` are (seconds, metres)."""
    lap_xml = "".join(
        f'<Lap StartTime="{start.isoformat()}"><TotalTimeSeconds>{seconds}</TotalTimeSeconds>'
        f"<DistanceMeters>{metres}</DistanceMeters></Lap>"
        for seconds, metres in laps
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="{sport}"><Id>{start.isoformat()}</Id>{lap_xml}</Activity>'
        "</Activities></TrainingCenterDatabase>"
    ).encode()


def fit_bytes(sessions: list[tuple[dt.datetime, float, float, str]], *, garbage=b"") -> bytes:
    """A FIT file of session messages (start, seconds, metres, sport), CRCs included.

    `garbage` is appended after the sessions (inside the CRC), e.g. a record whose local
    message type was never defined, as the Strava Android app writes them.
    """
    records = _SESSION_DEFINITION
    for start, seconds, metres, sport in sessions:
        records += struct.pack(
            "<BIIIB",
            0x00,
            int((start - FIT_EPOCH).total_seconds()),
            round(seconds * 1000),
            round(metres * 100),
            FIT_SPORTS[sport],
        )
    records += garbage
    header = struct.pack("<BBHI4s", 14, 0x10, 2132, len(records), b".FIT")
    header += struct.pack("<H", compute_crc(header))
    body = header + records
    return body + struct.pack("<H", compute_crc(body))


STRAVA_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,"
    "Elapsed Time,Distance,Max Heart Rate,Elapsed Time,Moving Time,Distance\n"
)


def strava_csv_bytes(rows: list[tuple[str, ...]]) -> bytes:
    """rows: (id, date, name, type, elapsed seconds, km, metres), as Strava writes them."""
    lines = [
        f'{activity_id},"{date}",{name},{kind},,{elapsed},{km},,{elapsed}.0,{elapsed}.0,{metres}\n'
        for activity_id, date, name, kind, elapsed, km, metres in rows
    ]
    return (STRAVA_HEADER + "".join(lines)).encode()


BIG_EXPORT_RUN_TYPES = ("Run", "Trail Run", "Virtual Run")
BIG_EXPORT_OTHER_TYPES = ("Ride", "Ride", "Ride", "Hike", "Swim", "Walk")


def write_big_strava_csv(path: Path, *, rows: int, runs: int) -> None:
    """A Strava `activities.csv` of `rows` activities, `runs` of them runs (of three kinds) and
    the rest rides, hikes, swims and walks, written to `path` line by line.

    The runs start four hours apart from 1 Jan 1995, so none is a duplicate of another; the
    others are interleaved evenly between them.
    """
    start = dt.datetime(1995, 1, 1, 6, 0, tzinfo=dt.UTC)
    every = rows / runs
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(STRAVA_HEADER)
        run = other = 0
        for row in range(rows):
            if run < runs and row >= run * every:
                kind = BIG_EXPORT_RUN_TYPES[run % 3]
                moment = start + dt.timedelta(hours=4 * run)
                elapsed, metres = 1800 + run % 1800, 5000 + run % 10_000
                run += 1
            else:
                kind = BIG_EXPORT_OTHER_TYPES[other % 6]
                moment = start + dt.timedelta(hours=4 * run, minutes=30)
                elapsed, metres = 3600, 20_000
                other += 1
            date = f"{moment:%b} {moment.day}, {moment.year}, {moment:%I:%M:%S %p}"
            file.write(
                f'{1_000_000_000 + row},"{date}",{kind},{kind},,{elapsed},'
                f"{metres / 1000:.2f},,{elapsed}.0,{elapsed}.0,{metres}.0\n"
            )
