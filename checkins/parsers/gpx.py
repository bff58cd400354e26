"""GPX: one run from all tracks of the file."""

import gpxpy
import gpxpy.gpx

from checkins.models import Run
from checkins.parsers.common import (
    ParsedFile,
    UnreadableFile,
    checked_run,
    file_fingerprint,
    require_utf8,
)


def parse_gpx(data: bytes) -> ParsedFile:
    """One run from all tracks of a GPX file, timed from its first to its last point."""
    require_utf8(data, "GPX")
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
            checked_run(
                started_at=first,
                distance_m=distance_m,
                duration_s=duration_s,
                source=Run.Source.GPX,
                fingerprint=file_fingerprint(data),
            )
        ]
    )
