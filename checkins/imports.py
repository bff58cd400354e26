"""Runs from activity files: GPX, TCX, FIT and Strava's bulk-export `activities.csv`.

The `parse_*` functions are pure: bytes in, a `ParsedFile` of `ParsedRun`s out, or
`UnreadableFile` with a sentence the runner can act on. Whatever the bytes, they do nothing
else: every run they return starts between 1990 and now and has a finite, plausible distance
and duration (`tests/checkins/test_import_fuzz.py` holds them to it). `import_activity_file`
is the one service that saves: each file imports atomically, and runs already in the log are
counted as duplicates, not added. It runs in the background, file by file, from an import job
(`checkins/import_jobs.py`), and says how far it has got through a `Progress` callback.
"""

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import logging
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import PurePath
from typing import Any, Protocol

import fitdecode
import gpxpy
import gpxpy.gpx
from django.conf import settings
from django.db import transaction

from athletes.models import Athlete
from checkins.models import Run
from checkins.runs import (
    MAX_RUN_DISTANCE_M,
    MAX_RUN_DURATION_S,
    MAX_RUNS_PER_ATHLETE,
    split_duplicates,
    starts_in_future,
)
from checkins.signals import log_changed

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILE_MB = MAX_FILE_BYTES // (1024 * 1024)
# What one request may carry in all, files included (coaching.middleware refuses more).
MAX_UPLOAD_MB = settings.MAX_REQUEST_BODY_SIZE // (1024 * 1024)
# One upload becomes one import job; a whole Strava export goes in as activities.csv.
MAX_FILES_PER_UPLOAD = 100
# Runs are saved this many to an INSERT, with a progress report after each.
INSERT_BATCH = 2_000
# An export is read in steps of this many rows, with a progress report after each.
PROGRESS_ROWS = 10_000
# Of one file's share of the progress bar, reading it takes this much; saving its runs the rest.
READ_SHARE = 0.4
TOO_MANY_FILES = (
    f"Import at most {MAX_FILES_PER_UPLOAD} files at a time; "
    "for a whole Strava export, upload its activities.csv instead."
)
ACCEPTED_SUFFIXES = (".gpx", ".tcx", ".fit", ".csv")
TCX_NS = {"tcx": "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"}
TCX_ROOT = f"{{{TCX_NS['tcx']}}}TrainingCenterDatabase"
# Strava's activity types that are runs; rides, hikes, walks and the rest are not imported.
STRAVA_RUN_TYPES = {"Run", "Trail Run", "Virtual Run"}
STRAVA_DATE_FORMAT = "%b %d, %Y, %I:%M:%S %p"  # "Oct 5, 2014, 4:15:21 PM", in UTC
STRAVA_ACTIVITY_ID = re.compile(r"[0-9]{1,30}")
MAX_NOTES_CHARS = 2000
# No GPS watch recorded a run before this; an earlier date is a clock that was never set.
EARLIEST_START = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)


class UnreadableFile(ValueError):
    """The file cannot be imported; the message says why, in the runner's words."""


class Progress(Protocol):
    """Told how far the import of one file has got: `share` of it (0 to 1) and, in words,
    what it is doing ("120,000 activities read")."""

    def __call__(self, *, share: float, stage: str) -> None: ...


def _no_progress(*, share: float, stage: str) -> None:
    pass


@dataclasses.dataclass(frozen=True)
class ParsedRun:
    started_at: dt.datetime  # aware, UTC
    distance_m: int
    duration_s: int
    source: str  # a Run.Source value
    fingerprint: str  # the same activity uploaded again has the same fingerprint
    notes: str = ""
    warning: str = ""  # what the runner should know about how the file was read


@dataclasses.dataclass(frozen=True)
class ParsedFile:
    runs: list[ParsedRun]
    skipped: str = ""  # the activities left out because they are not runs, in words


@dataclasses.dataclass(frozen=True)
class FileImportResult:
    file: str
    status: str  # "imported", "duplicate" or "error"
    imported: int = 0
    duplicates: int = 0
    error: str = ""
    note: str = ""
    skipped: str = ""
    # What was imported, for the page to say in the runner's zone and unit.
    first_started_at: dt.datetime | None = None
    last_started_at: dt.datetime | None = None
    distance_m: int = 0
    duration_s: int = 0

    MOMENTS = ("first_started_at", "last_started_at")

    def as_json(self) -> dict[str, Any]:
        """The result as a JSON object, as an import job keeps it."""
        data = dataclasses.asdict(self)
        for key in self.MOMENTS:
            data[key] = data[key] and data[key].isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "FileImportResult":
        known = {field.name for field in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        for key in cls.MOMENTS:
            values[key] = values.get(key) and dt.datetime.fromisoformat(values[key])
        return cls(**values)


def _fingerprint(data: bytes, part: int = 0) -> str:
    return hashlib.sha256(data + f"#{part}".encode()).hexdigest()


def _checked_start(started_at: object) -> dt.datetime:
    if not isinstance(started_at, dt.datetime):
        raise UnreadableFile("The activity's start is not a date and time.")
    if started_at.tzinfo is None:  # GPX, TCX and FIT times without a zone are UTC by spec
        started_at = started_at.replace(tzinfo=dt.UTC)
    day = started_at.date().isoformat()
    try:
        started_at = started_at.astimezone(dt.UTC)
    except (OverflowError, ValueError) as error:  # year 1 or 9999 with an offset
        raise UnreadableFile(f"The activity's start ({day}) is not a real date.") from error
    if started_at < EARLIEST_START:
        raise UnreadableFile(
            f"The activity starts on {day}, before 1990: the recording device's clock was "
            "not set. Add the run by hand instead."
        )
    if starts_in_future(started_at):
        raise UnreadableFile(
            f"The activity starts on {day}, in the future; log it once you have run it."
        )
    return started_at


def _checked_number(value: object, *, what: str, limit: float, unit: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UnreadableFile(f"The activity's {what} is not a number.")
    if not math.isfinite(value):
        raise UnreadableFile(f"The activity's {what} is not a number (“{value}”).")
    if value > limit:
        raise UnreadableFile(
            f"The activity's {what} is {value:,.0f} {unit}, more than any run "
            f"({limit:,.0f} {unit}); the file's numbers are wrong."
        )
    return value


def _parsed(
    *,
    started_at: object,
    distance_m: object,
    duration_s: object,
    source: Run.Source,
    fingerprint: str,
    notes: str = "",
    warning: str = "",
) -> ParsedRun:
    """A run that can be saved as it is, or `UnreadableFile` saying which value is wrong."""
    started_at = _checked_start(started_at)
    duration_s = _checked_number(
        duration_s, what="duration", limit=MAX_RUN_DURATION_S, unit="seconds"
    )
    distance_m = _checked_number(
        distance_m, what="distance", limit=MAX_RUN_DISTANCE_M, unit="metres"
    )
    if round(duration_s) <= 0:
        raise UnreadableFile("The activity has no duration, so there is no run to record.")
    if distance_m < 0:
        raise UnreadableFile("The activity has a negative distance.")
    return ParsedRun(
        started_at=started_at,
        distance_m=round(distance_m),
        duration_s=round(duration_s),
        source=source.value,
        fingerprint=fingerprint,
        notes=notes,
        warning=warning,
    )


def _require_utf8(data: bytes, kind: str) -> None:
    """Refuse a binary file (a photo, a zip) renamed to .gpx or .tcx before the XML reader
    meets it: only a file that is text can be the XML it claims to be."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"This is not a {kind} file: it is not text (a {kind} file is UTF-8 XML). "
            "Was another kind of file renamed?"
        ) from error


def _runs(count: int) -> str:
    return f"{count:,} run" if count == 1 else f"{count:,} runs"


def _skipped(kinds: Counter[str]) -> str:
    """“1,202 other activities skipped (947 Ride, 110 Hike, 145 more)”."""
    if not kinds:
        return ""
    total = sum(kinds.values())
    shown = kinds.most_common(3)
    listed = [f"{count:,} {kind}" for kind, count in shown]
    rest = total - sum(count for _, count in shown)
    if rest:
        listed.append(f"{rest:,} more")
    noun = "activity" if total == 1 else "activities"
    return f"{total:,} other {noun} skipped ({', '.join(listed)}): only runs are imported."


def parse_gpx(data: bytes) -> ParsedFile:
    """One run from all tracks of a GPX file, timed from its first to its last point."""
    _require_utf8(data, "GPX")
    try:
        gpx = gpxpy.parse(data)  # bytes are decoded as UTF-8, as a file's would be
    except (gpxpy.gpx.GPXException, ValueError, OverflowError) as error:
        raise UnreadableFile(f"This is not a readable GPX file ({error}).") from error
    points = [
        point for track in gpx.tracks for segment in track.segments for point in segment.points
    ]
    if not points:
        raise UnreadableFile("The GPX file has no track points.")
    first, last = points[0].time, points[-1].time
    if first is None or last is None:
        timed = sum(1 for point in points if point.time is not None)
        raise UnreadableFile(
            f"Only {timed} of {len(points)} track points have a time, and the track's first "
            "or last point has none, so its start time and duration are unknown. "
            "Add the run by hand instead."
        )
    try:
        # 2-D: recorded elevation is often pure GPS noise
        distance_m = gpx.length_2d()
        duration_s = (last - first).total_seconds()
    except (ValueError, OverflowError, TypeError) as error:  # coordinates off the globe
        raise UnreadableFile(f"The GPX track's points cannot be measured ({error}).") from error
    return ParsedFile(
        runs=[
            _parsed(
                started_at=first,
                distance_m=distance_m,
                duration_s=duration_s,
                source=Run.Source.GPX,
                fingerprint=_fingerprint(data),
            )
        ]
    )


def _tcx_float(element: ET.Element, path: str) -> float:
    text = element.findtext(path, namespaces=TCX_NS)
    try:
        return float(text) if text else 0.0
    except ValueError as error:
        raise UnreadableFile(f"A lap has “{text}” where a number belongs.") from error


def parse_tcx(data: bytes) -> ParsedFile:
    """Each running activity of a TCX file, with distance and time summed over its laps."""
    _require_utf8(data, "TCX")
    try:
        root = ET.fromstring(data)
    except (ET.ParseError, LookupError, ValueError) as error:  # LookupError: a made-up encoding
        raise UnreadableFile(f"This is not a readable TCX file ({error}).") from error
    if root.tag != TCX_ROOT:
        raise UnreadableFile("This XML file is not a TCX (Training Center) file.")
    activities = root.findall("tcx:Activities/tcx:Activity", TCX_NS)
    runs = []
    others: Counter[str] = Counter()
    for index, activity in enumerate(activities):
        if activity.get("Sport") != "Running":
            others[activity.get("Sport") or "unknown"] += 1
            continue
        laps = activity.findall("tcx:Lap", TCX_NS)
        start_text = laps[0].get("StartTime") if laps else activity.findtext("tcx:Id", "", TCX_NS)
        try:
            started_at = dt.datetime.fromisoformat(start_text or "")
        except ValueError as error:
            raise UnreadableFile(f"The activity's start “{start_text}” is not a time.") from error
        runs.append(
            _parsed(
                started_at=started_at,
                distance_m=sum(_tcx_float(lap, "tcx:DistanceMeters") for lap in laps),
                duration_s=sum(_tcx_float(lap, "tcx:TotalTimeSeconds") for lap in laps),
                source=Run.Source.TCX,
                fingerprint=_fingerprint(data, index),
            )
        )
    if not runs:
        found = f" (it holds: {', '.join(sorted(others))})" if others else ""
        raise UnreadableFile(f"The TCX file has no running activity{found}.")
    return ParsedFile(runs=runs, skipped=_skipped(others))


def parse_fit(data: bytes) -> ParsedFile:
    """The running sessions of a FIT file; in a multi-sport file, only the run legs.

    A FIT file that ends early is rejected even when a session summary was read before the
    cut: a truncated upload is an incomplete copy, and the complete file is one upload away.
    A file that is complete but has a record the decoder cannot read after its session
    summary (the Strava Android app writes such files) is recovered from that summary, which
    the device wrote itself, and the run's notes say so.
    """
    sessions: list[dict] = []
    damage = ""
    try:
        with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.ENABLED) as fit:
            for frame in fit:
                if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "session":
                    sessions.append({field.name: field.value for field in frame.fields})
    except fitdecode.FitHeaderError as error:
        raise UnreadableFile("This is not a FIT file (its header is not a FIT header).") from error
    except fitdecode.FitEOFError as error:
        raise UnreadableFile(
            "The FIT file is cut short: it ends before the data its header announces. "
            "Upload the complete file from your watch or its app."
        ) from error
    except fitdecode.FitCRCError as error:
        raise UnreadableFile("The FIT file is damaged: its checksum does not match.") from error
    # Past its header and CRC, fitdecode meets corrupt records not only with FitParseError but
    # with its own asserts, KeyErrors and struct or size errors (the fuzz test finds them);
    # all mean the same: the file is damaged from there on. Only the decoder runs in here.
    except Exception as error:
        if not sessions:
            raise UnreadableFile(
                f"The FIT file is damaged and has no readable summary ({error})."
            ) from error
        damage = (
            "Recovered from a damaged FIT file: distance and time come from the file's own "
            "summary; the track after the damage could not be read."
        )
    running = [
        (index, session)
        for index, session in enumerate(sessions)
        if session.get("sport") == "running"
    ]
    others = Counter(
        str(session.get("sport") or "unknown")
        for session in sessions
        if session.get("sport") != "running"
    )
    if not running:
        found = f" (it holds: {', '.join(sorted(others))})" if others else ""
        raise UnreadableFile(f"The FIT file has no running session{found}.")
    runs = []
    for index, session in running:
        if session.get("start_time") is None or session.get("total_elapsed_time") is None:
            raise UnreadableFile("The FIT file's running session has no start time or duration.")
        runs.append(
            _parsed(
                started_at=session["start_time"],
                distance_m=session.get("total_distance") or 0,
                duration_s=session["total_elapsed_time"],
                source=Run.Source.FIT,
                fingerprint=_fingerprint(data, index),
                warning=damage,
            )
        )
    return ParsedFile(runs=runs, skipped=_skipped(others))


def _strava_number(value: str, *, column: str) -> float:
    try:
        return float(value or 0)
    except ValueError as error:
        raise UnreadableFile(f"“{value}” in {column} is not a number.") from error


def parse_strava_csv(data: bytes, *, progress: Progress = _no_progress) -> ParsedFile:
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
        raise UnreadableFile("The Strava export has no runs (only other activity types).")
    return ParsedFile(runs=runs, skipped=_skipped(others))


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
    return _parsed(
        started_at=started_at,
        distance_m=distance_m,
        duration_s=_strava_number(row[position["Elapsed Time"]], column="Elapsed Time"),
        source=Run.Source.STRAVA_CSV,
        fingerprint=f"strava:{activity_id}",
        notes=name.replace("\x00", "")[:MAX_NOTES_CHARS],  # PostgreSQL text holds no NUL
    )


PARSERS: dict[str, Callable[[bytes], ParsedFile]] = {
    ".gpx": parse_gpx,
    ".tcx": parse_tcx,
    ".fit": parse_fit,
    ".csv": parse_strava_csv,
}


def parse_activity_file(name: str, data: bytes, *, progress: Progress = _no_progress) -> ParsedFile:
    suffix = PurePath(name).suffix.lower()
    if suffix not in PARSERS:
        raise UnreadableFile(
            "We import GPX, TCX and FIT files and Strava's activities.csv; "
            f"“{suffix or name}” is none of these."
        )
    if not data:
        raise UnreadableFile("The file is empty.")
    if suffix == ".csv":  # only an export holds enough activities to report on its reading
        return parse_strava_csv(data, progress=progress)
    return PARSERS[suffix](data)


def import_activity_file(
    *,
    athlete: Athlete,
    name: str,
    data: bytes,
    progress: Progress = _no_progress,
    announce: bool = True,
) -> FileImportResult:
    """Parse one file and add its new runs to the athlete's log, all or nothing.

    With `announce`, `log_changed` is sent when runs were added; an import job of many files
    says it once, at its end, instead.
    """
    try:
        parsed = parse_activity_file(name, data, progress=progress)
    except UnreadableFile as error:
        return FileImportResult(file=name, status="error", error=str(error))
    progress(share=READ_SHARE, stage=f"checking {_runs(len(parsed.runs))} against your log")
    with transaction.atomic():
        # Imports for one athlete take turns, so two uploads of the same run at once cannot
        # both find the log without it.
        Athlete.objects.select_for_update().filter(pk=athlete.pk).values_list("pk").get()
        new, duplicates = split_duplicates(athlete, parsed.runs)
        held = Run.objects.filter(athlete=athlete).count() if new else 0
        if held + len(new) > MAX_RUNS_PER_ATHLETE:
            return FileImportResult(
                file=name,
                status="error",
                error=(
                    f"Your log holds {held:,} runs and this file would add {len(new):,}; "
                    f"a log holds at most {MAX_RUNS_PER_ATHLETE:,}. Nothing was imported."
                ),
            )
        # Batch by batch, so only one batch of `Run`s is built at a time.
        for start in range(0, len(new), INSERT_BATCH):
            batch = new[start : start + INSERT_BATCH]
            Run.objects.bulk_create(
                [
                    Run(
                        athlete=athlete,
                        started_at=run.started_at,
                        distance_m=run.distance_m,
                        duration_s=run.duration_s,
                        source=run.source,
                        source_fingerprint=run.fingerprint,
                        notes="\n\n".join(part for part in (run.notes, run.warning) if part),
                    )
                    for run in batch
                ],
                batch_size=INSERT_BATCH,
            )
            saved = start + len(batch)
            progress(
                share=READ_SHARE + (1 - READ_SHARE) * saved / len(new),
                stage=f"{saved:,} of {_runs(len(new))} saved",
            )
    if new and announce:
        log_changed.send(sender=Run, athlete=athlete)
    return FileImportResult(
        file=name,
        status="imported" if new else "duplicate",
        imported=len(new),
        duplicates=len(duplicates),
        note=next((run.warning for run in parsed.runs if run.warning), ""),
        skipped=parsed.skipped,
        first_started_at=min((run.started_at for run in new), default=None),
        last_started_at=max((run.started_at for run in new), default=None),
        distance_m=sum(run.distance_m for run in new),
        duration_s=sum(run.duration_s for run in new),
    )


def too_big(*, name: str, size: int) -> FileImportResult | None:
    """The answer for a file over the size limit, which is refused without being read."""
    if size <= MAX_FILE_BYTES:
        return None
    return FileImportResult(
        file=name,
        status="error",
        error=f"The file is {size / 1024 / 1024:.1f} MB; the limit is {MAX_FILE_MB} MB.",
    )


def import_one_safely(
    *,
    athlete: Athlete,
    name: str,
    data: bytes,
    progress: Progress = _no_progress,
    announce: bool = True,
) -> FileImportResult:
    """`import_activity_file`, but a file that trips a bug is reported like any bad file.

    The parsers refuse bad input with `UnreadableFile` (and a fuzz test holds them to it);
    this is the last guard, so that a case nobody foresaw costs the runner one file of the
    upload, with the others' results still shown, and the team a logged traceback.
    """
    try:
        return import_activity_file(
            athlete=athlete, name=name, data=data, progress=progress, announce=announce
        )
    except Exception:
        logger.exception("import of %r for athlete %s failed", name, athlete.pk)
        return FileImportResult(
            file=name,
            status="error",
            error="This file could not be read, and nothing from it was imported. "
            "We have been told; if it came from a watch, its app may export it again.",
        )
