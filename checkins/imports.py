"""Saving imported runs: `save_parsed_runs` is the one service that saves them, for activity
files (`import_activity_file`) and for activities read from Strava.
Each file imports atomically, and runs already in the log are counted as duplicates, not
added. It runs in the background, file by file, from an import job (`checkins/import_jobs.py`),
and says how far it has got through a `Progress` callback. Reading the files is
`checkins/parsers/`, which is pure.
"""

import dataclasses
import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction

from athletes.models import Athlete
from checkins import archives
from checkins.models import Run
from checkins.parsers import parse_activity_file
from checkins.parsers.common import (
    READ_SHARE,
    NoRuns,
    ParsedFile,
    Progress,
    UnreadableFile,
    no_progress,
)
from checkins.runs import MAX_RUNS_PER_ATHLETE, split_duplicates
from checkins.signals import log_changed

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILE_MB = MAX_FILE_BYTES // (1024 * 1024)
# What one request may carry in all, files included (coaching.middleware refuses more).
MAX_UPLOAD_MB = settings.MAX_REQUEST_BODY_SIZE // (1024 * 1024)
# One upload becomes one import job; a whole Strava export goes in as activities.csv.
MAX_FILES_PER_UPLOAD = 100
# A zip (a Garmin export) may be as big as a request; what it unpacks to has caps of its own
# (`checkins.archives`), and each file in it the same cap as an uploaded one.
MAX_ZIP_MB = MAX_UPLOAD_MB
# Runs are saved this many to an INSERT, with a progress report after each.
INSERT_BATCH = 2_000
TOO_MANY_FILES = (
    f"Import at most {MAX_FILES_PER_UPLOAD} files at a time; "
    "for a whole Strava export, upload its activities.csv instead."
)
ACCEPTED_SUFFIXES = (".gpx", ".tcx", ".fit", ".csv", archives.ZIP_SUFFIX)


@dataclasses.dataclass(frozen=True)
class FileImportResult:
    file: str
    # "imported", "duplicate", "skipped" (a file holding no run), "error", or "unpacked" (a zip,
    # whose `unpacked` files follow it in the job, each with its own result)
    status: str
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
    unpacked: int = 0

    MOMENTS = ("first_started_at", "last_started_at")

    def as_json(self) -> dict[str, Any]:
        """The result as a JSON object, as an import job keeps it."""
        # Messages may quote the file, and PostgreSQL's jsonb takes no NUL character. Every
        # value is a string, a number or a moment, so a shallow copy does (asdict deep-copies,
        # which is most of an API answer listing an export's thousands of files).
        data = {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}
        for key in self.MOMENTS:
            data[key] = data[key] and data[key].isoformat()
        return {
            key: value.replace("\x00", "") if isinstance(value, str) else value
            for key, value in data.items()
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "FileImportResult":
        known = {field.name for field in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        for key in cls.MOMENTS:
            values[key] = values.get(key) and dt.datetime.fromisoformat(values[key])
        return cls(**values)


def _runs(count: int) -> str:
    return f"{count:,} run" if count == 1 else f"{count:,} runs"


def import_activity_file(
    *,
    athlete: Athlete,
    name: str,
    data: bytes,
    progress: Progress = no_progress,
    announce: bool = True,
) -> FileImportResult:
    """Parse one file and add its new runs to the athlete's log, all or nothing.

    With `announce`, `log_changed` is sent when runs were added; an import job of many files
    says it once, at its end, instead.
    """
    try:
        parsed = parse_activity_file(name, data, progress=progress)
    except NoRuns as nothing:
        return FileImportResult(file=name, status="skipped", skipped=str(nothing))
    except UnreadableFile as error:
        return FileImportResult(file=name, status="error", error=str(error))
    return save_parsed_runs(
        athlete=athlete, name=name, parsed=parsed, progress=progress, announce=announce
    )


def save_parsed_runs(
    *,
    athlete: Athlete,
    name: str,
    parsed: ParsedFile,
    progress: Progress = no_progress,
    announce: bool = True,
) -> FileImportResult:
    """Add the parsed runs that are not in the log yet, all or nothing, within the log's cap.

    Every import saves through here: activity files, and activities read from Strava's API
    (`integrations/strava/`), whose `name` says where they came from.
    """
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
    limit_mb = MAX_ZIP_MB if archives.is_zip(name) else MAX_FILE_MB
    if size <= limit_mb * 1024 * 1024:
        return None
    return FileImportResult(
        file=name,
        status="error",
        error=f"The file is {size / 1024 / 1024:.1f} MB; the limit is {limit_mb} MB.",
    )


def import_one_safely(
    *,
    athlete: Athlete,
    name: str,
    data: bytes,
    progress: Progress = no_progress,
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
    except (OperationalError, InterfaceError):
        # A lost or busy database is not the file's fault: the job's task retries it.
        raise
    except Exception:
        logger.exception("import of %r for athlete %s failed", name, athlete.pk)
        return FileImportResult(
            file=name,
            status="error",
            error="This file could not be read, and nothing from it was imported. "
            "We have been told; if it came from a watch, its app may export it again.",
        )
