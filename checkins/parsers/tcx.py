"""TCX (Garmin's Training Center XML): each running activity of the file."""

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter

from checkins.models import Run
from checkins.parsers.common import (
    NoRuns,
    ParsedFile,
    UnreadableFile,
    checked_run,
    file_fingerprint,
    require_utf8,
    skipped_activities,
)

TCX_NS = {"tcx": "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"}
TCX_ROOT = f"{{{TCX_NS['tcx']}}}TrainingCenterDatabase"


def _tcx_float(element: ET.Element, path: str) -> float:
    text = element.findtext(path, namespaces=TCX_NS)
    try:
        return float(text) if text else 0.0
    except ValueError as error:
        raise UnreadableFile(f"A lap has “{text}” where a number belongs.") from error


def parse_tcx(data: bytes) -> ParsedFile:
    """Each running activity of a TCX file, with distance and time summed over its laps."""
    require_utf8(data, "TCX")
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
            checked_run(
                started_at=started_at,
                distance_m=sum(_tcx_float(lap, "tcx:DistanceMeters") for lap in laps),
                duration_s=sum(_tcx_float(lap, "tcx:TotalTimeSeconds") for lap in laps),
                source=Run.Source.TCX,
                fingerprint=file_fingerprint(data, index),
            )
        )
    if not runs:
        found = f" (it holds: {', '.join(sorted(others))})" if others else ""
        raise NoRuns(f"The TCX file has no running activity{found}.")
    return ParsedFile(runs=runs, skipped=skipped_activities(others))
