"""What every activity-file parser shares: the `ParsedRun`s it returns, the `UnreadableFile` it
refuses bytes with, and the checks that make a parsed run one that can be saved as it is.

Pure: bytes and values in, runs or a sentence the runner can act on out; no database.
"""

import dataclasses
import datetime as dt
import hashlib
import math
from collections import Counter
from typing import Protocol

from checkins.models import Run
from checkins.runs import EARLIEST_START, MAX_RUN_DISTANCE_M, MAX_RUN_DURATION_S, starts_in_future

# Of one file's share of the progress bar, reading it takes this much; saving its runs the rest.
READ_SHARE = 0.4
MAX_NOTES_CHARS = 2000


class UnreadableFile(ValueError):
    """The file cannot be imported; the message says why, in the runner's words."""


class NoRuns(UnreadableFile):
    """The file is readable but holds no run (a ride, a swim): it is skipped, not an error,
    since a watch's export or a Garmin export holds every sport; the message says what it
    holds."""


class Progress(Protocol):
    """Told how far the import of one file has got: `share` of it (0 to 1) and, in words,
    what it is doing ("120,000 activities read")."""

    def __call__(self, *, share: float, stage: str) -> None: ...


def no_progress(*, share: float, stage: str) -> None:
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


def file_fingerprint(data: bytes, part: int = 0) -> str:
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
            f"The activity starts on {day}, before {EARLIEST_START.year}: the recording device's "
            "clock was not set. Add the run by hand instead."
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


def checked_run(
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


def require_utf8(data: bytes, kind: str) -> None:
    """Refuse a binary file (a photo, a zip) renamed to .gpx or .tcx before the XML reader
    meets it: only a file that is text can be the XML it claims to be."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"This is not a {kind} file: it is not text (a {kind} file is UTF-8 XML). "
            "Was another kind of file renamed?"
        ) from error


def skipped_activities(kinds: Counter[str]) -> str:
    """“1,202 other activities skipped (947 Ride, 110 Hike, 145 more)”."""
    if not kinds:
        return ""
    total = sum(kinds.values())
    noun = "activity" if total == 1 else "activities"
    return f"{total:,} other {noun} skipped ({listed_counts(kinds)}): only runs are imported."


def listed_counts(kinds: Counter[str]) -> str:
    """“947 Ride, 110 Hike, 145 more”: the three most counted kinds, then the rest."""
    shown = kinds.most_common(3)
    listed = [f"{count:,} {kind}" for kind, count in shown]
    rest = sum(kinds.values()) - sum(count for _, count in shown)
    if rest:
        listed.append(f"{rest:,} more")
    return ", ".join(listed)
