"""Strava's bulk export: the runs of its `activities.csv`."""

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator

from checkins.models import Run
from checkins.parsers.common import (
    MAX_NOTES_CHARS,
    READ_SHARE,
    NoRuns,
    ParsedFile,
    ParsedRun,
    Progress,
    UnreadableFile,
    checked_run,
    no_progress,
    skipped_activities,
)
from checkins.runs import MAX_RUNS_PER_ATHLETE

# An export is read in steps of this many rows, with a progress report after each.
PROGRESS_ROWS = 10_000
# Strava's activity types that are runs; rides, hikes, walks and the rest are not imported.
STRAVA_RUN_TYPES = {"Run", "Trail Run", "Virtual Run"}
STRAVA_DATE_FORMAT = "%b %d, %Y, %I:%M:%S %p"  # "Oct 5, 2014, 4:15:21 PM", in UTC
STRAVA_ACTIVITY_ID = re.compile(r"[0-9]{1,30}")


def _strava_number(value: str, *, column: str) -> float:
    try:
        return float(value or 0)
    except ValueError as error:
        raise UnreadableFile(f"“{value}” in {column} is not a number.") from error


def parse_strava_csv(data: bytes, *, progress: Progress = no_progress) -> ParsedFile:
    """The runs of a Strava bulk export's `activities.csv`.

    Columns are read by position: the export repeats five names, and the first `Distance`
    is in the athlete's display unit while the second is in metres.

    The text is decoded as it is read, and only runs are kept (at most as many as a log
    holds), so a 20 MB export of 240,000 activities costs its bytes and its runs in memory.
    """
    stream = io.BytesIO(data)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")

    def report(rows: int) -> None:
        progress(share=READ_SHARE * stream.tell() / len(data), stage=f"{rows:,} activities read")

    try:
        return _read_strava_rows(csv.reader(text), report=report)
    except UnicodeDecodeError as error:
        raise UnreadableFile("The CSV file is not UTF-8 text.") from error
    except csv.Error as error:  # a field over csv's size limit, a stray quote…
        raise UnreadableFile(f"This CSV file cannot be read ({error}).") from error


def _read_strava_rows(reader: Iterator[list[str]], *, report: Callable[[int], None]) -> ParsedFile:
    header = next(reader, [])
    required = ("Activity ID", "Activity Date", "Activity Type", "Elapsed Time", "Distance")
    missing = [name for name in required if name not in header]
    if missing:
        raise UnreadableFile(
            "This CSV is not Strava's activities.csv (no column "
            + ", ".join(f"“{name}”" for name in missing)
            + ")."
        )
    position = {
        name: header.index(name) for name in required + ("Activity Name",) if name in header
    }
    distance_columns = [i for i, name in enumerate(header) if name == "Distance"]
    metres_column = distance_columns[1] if len(distance_columns) > 1 else None
    runs: list[ParsedRun] = []
    others: Counter[str] = Counter()
    for row_number, row in enumerate(reader, start=2):
        if row_number % PROGRESS_ROWS == 0:
            report(row_number - 1)
        if not row:
            continue
        if len(row) != len(header):
            raise UnreadableFile(
                f"Row {row_number} has {len(row)} columns where the header has {len(header)}."
            )
        if row[position["Activity Type"]] not in STRAVA_RUN_TYPES:
            others[row[position["Activity Type"]] or "unknown"] += 1
            continue
        if len(runs) == MAX_RUNS_PER_ATHLETE:
            raise UnreadableFile(
                f"The export holds more than {MAX_RUNS_PER_ATHLETE:,} runs, more than a log "
                "can hold, so nothing was imported."
            )
        try:
            runs.append(_strava_run(row, position=position, metres_column=metres_column))
        except UnreadableFile as error:
            raise UnreadableFile(f"Row {row_number}: {error}") from error
    if not runs:
        raise NoRuns("The Strava export has no runs (only other activity types).")
    return ParsedFile(runs=runs, skipped=skipped_activities(others))


def _strava_run(
    row: list[str], *, position: dict[str, int], metres_column: int | None
) -> ParsedRun:
    date_text = row[position["Activity Date"]]
    try:
        started_at = dt.datetime.strptime(date_text, STRAVA_DATE_FORMAT)
    except ValueError as error:
        raise UnreadableFile(
            f"“{date_text}” is not a date like “Oct 5, 2014, 4:15:21 PM”."
        ) from error
    if metres_column is not None:
        distance_m = _strava_number(row[metres_column], column="Distance (m)")
    else:
        distance_m = 1000 * _strava_number(row[position["Distance"]], column="Distance")
    activity_id = row[position["Activity ID"]]
    if not STRAVA_ACTIVITY_ID.fullmatch(activity_id):
        raise UnreadableFile(f"“{activity_id[:40]}” is not a Strava activity ID.")
    name = row[position["Activity Name"]] if "Activity Name" in position else ""
    return checked_run(
        started_at=started_at,
        distance_m=distance_m,
        duration_s=_strava_number(row[position["Elapsed Time"]], column="Elapsed Time"),
        source=Run.Source.STRAVA_CSV,
        fingerprint=f"strava:{activity_id}",
        notes=name.replace("\x00", "")[:MAX_NOTES_CHARS],  # PostgreSQL text holds no NUL
    )
