"""FIT (the binary format of Garmin and most watches): the running sessions of the file."""

import io
from collections import Counter
from typing import Any

import fitdecode

from checkins.models import Run
from checkins.parsers.common import (
    NoRuns,
    ParsedFile,
    UnreadableFile,
    checked_run,
    file_fingerprint,
    skipped_activities,
)


def parse_fit(data: bytes) -> ParsedFile:
    """The running sessions of a FIT file; in a multi-sport file, only the run legs.

    A FIT file that ends early is rejected even when a session summary was read before the
    cut: a truncated upload is an incomplete copy, and the complete file is one upload away.
    A file that is complete but has a record the decoder cannot read after its session
    summary (the Strava Android app writes such files) is recovered from that summary, which
    the device wrote itself, and the run's notes say so.
    """
    sessions: list[dict[str, Any]] = []
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
        raise NoRuns(f"The FIT file has no running session{found}.")
    runs = []
    for index, session in running:
        if session.get("start_time") is None or session.get("total_elapsed_time") is None:
            raise UnreadableFile("The FIT file's running session has no start time or duration.")
        runs.append(
            checked_run(
                started_at=session["start_time"],
                distance_m=session.get("total_distance") or 0,
                duration_s=session["total_elapsed_time"],
                source=Run.Source.FIT,
                fingerprint=file_fingerprint(data, index),
                warning=damage,
            )
        )
    return ParsedFile(runs=runs, skipped=skipped_activities(others))
