"""Reading activity files: GPX, TCX, FIT and Strava's bulk-export `activities.csv`, one module
per format, and `parse_activity_file` choosing among them by the file's name.

Pure: bytes in, a `ParsedFile` of `ParsedRun`s out, or `UnreadableFile` with a sentence the
runner can act on; no database. Whatever the bytes, they do nothing else: every run they
return starts between `EARLIEST_DAY` and now and has a finite, plausible distance and duration
(`tests/checkins/test_import_fuzz.py` holds them to it). Saving is `checkins/imports.py`.
"""

from collections.abc import Callable
from pathlib import PurePath

from checkins.parsers.common import ParsedFile, Progress, UnreadableFile, no_progress
from checkins.parsers.fit import parse_fit
from checkins.parsers.gpx import parse_gpx
from checkins.parsers.strava import parse_strava_csv
from checkins.parsers.tcx import parse_tcx

PARSERS: dict[str, Callable[[bytes], ParsedFile]] = {
    ".gpx": parse_gpx,
    ".tcx": parse_tcx,
    ".fit": parse_fit,
    ".csv": parse_strava_csv,
}


def parse_activity_file(name: str, data: bytes, *, progress: Progress = no_progress) -> ParsedFile:
    suffix = PurePath(name).suffix.lower()
    if suffix not in PARSERS:
        raise UnreadableFile(
            "We import GPX, TCX and FIT files, zips of them and Strava's activities.csv; "
            f"“{suffix or name}” is none of these."
        )
    if not data:
        raise UnreadableFile("The file is empty.")
    if suffix == ".csv":  # only an export holds enough activities to report on its reading
        return parse_strava_csv(data, progress=progress)
    return PARSERS[suffix](data)
