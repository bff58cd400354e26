"""Import jobs: one upload of activity files, imported in the background.

The upload request only stores the files, in the database where a worker on any machine can
read them, and enqueues `checkins.tasks.import_runs` (`checkins.tasks.start_import`). The worker
imports the files one by one, each all or nothing: a file's runs, its outcome and the deletion
of its bytes commit in one transaction, so a job that is run again (a task redelivered after a
worker died) carries on with the files still waiting and never imports one twice. The runner
watches the job's page, which reads the progress the worker writes as it goes.

A zip of the upload (a Garmin export) is unpacked by the worker into more files of the job, in
one transaction with the zip's own outcome; they are then imported like the others.
"""

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    connections,
    router,
    transaction,
)
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, Max, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from athletes.models import Athlete
from checkins import archives, imports
from checkins.imports import FileImportResult
from checkins.models import ImportFile, ImportJob, Run
from checkins.parsers.common import UnreadableFile
from checkins.signals import log_changed

logger = logging.getLogger(__name__)

RECENT_JOBS = 5
# The files unpacked from the upload's zips take the positions from here on, after the upload's
# own files, in the order the zips hold them.
FIRST_UNPACKED = imports.MAX_FILES_PER_UPLOAD
UNPACK_REPORT_EVERY = 100
# A lost database is worth another try (the task retries it); anything else stops the job.
TRANSIENT = (OperationalError, InterfaceError)
STOPPED_FILE = "The import stopped before this file, so nothing from it was imported."
STOPPED_JOB = (
    "The import stopped because something went wrong on our side; we have been told. "
    "Files listed as imported are in your log. Upload the others again."
)


# A job still queued this long after its upload has no worker taking it (none running, or all
# busy): its page says so, and asks for news every POLL_PATIENTLY instead of every POLL_SOON.
PATIENT_AFTER = dt.timedelta(minutes=2)
POLL_SOON = dt.timedelta(seconds=1)
POLL_PATIENTLY = dt.timedelta(seconds=10)


def waiting_for_a_worker(job: ImportJob, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return job.state == ImportJob.State.QUEUED and now - job.created_at >= PATIENT_AFTER


def poll_interval(job: ImportJob, *, now: dt.datetime | None = None) -> dt.timedelta:
    return POLL_PATIENTLY if waiting_for_a_worker(job, now=now) else POLL_SOON


@dataclasses.dataclass(frozen=True)
class JobFile:
    name: str
    result: FileImportResult | None  # None while the file waits


def _file_name(upload: "UploadedFile[Any]") -> str:
    """The upload's own name, without a path, shortened to fit."""
    return _fitting(PurePath(upload.name or "unnamed").name or "unnamed")


def _fitting(name: str) -> str:
    """The name shortened to fit but keeping its suffix (the suffix says how to read it)."""
    if len(name) <= ImportFile.NAME_LENGTH:
        return name
    suffix = PurePath(name).suffix[:16]
    return name[: ImportFile.NAME_LENGTH - len(suffix)] + suffix


def job_create(*, athlete: Athlete, uploads: "Sequence[UploadedFile[Any]]") -> ImportJob:
    """A new job holding the uploads, waiting for a worker. A file over the size limit is
    refused at once, without being read or kept."""
    with transaction.atomic():
        job = ImportJob.objects.create(athlete=athlete)
        for position, upload in enumerate(uploads):
            name, size = _file_name(upload), upload.size or 0
            refused = imports.too_big(name=name, size=size)
            # One at a time, so the request holds one file's bytes, not the upload's.
            ImportFile.objects.create(
                job=job,
                position=position,
                name=name,
                size=size,
                data=None if refused else upload.read(),
                outcome=refused.as_json() if refused else None,
            )
    return job


class JobProgress:
    """Writes how far a job has got, as a percentage of the whole job and a sentence.

    On PostgreSQL it writes through a connection of its own, committed at once: the file being
    imported keeps its transaction open until its last run is saved, and the page must see the
    progress before then. A write that fails is logged and skipped; progress is never worth
    failing an import for.
    """

    def __init__(self, job: ImportJob) -> None:
        self.job_id = job.pk
        counts = job.files.aggregate(total=Count("pk"), done=Count("outcome"))
        self.files_total = counts["total"] or 1
        self.files_done = counts["done"]
        self.file_name = ""
        self.alias = router.db_for_write(ImportJob)
        self._own_connection: BaseDatabaseWrapper | None = None

    def __enter__(self) -> "JobProgress":
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._own_connection is not None:
            self._own_connection.close()

    def start_file(self, name: str) -> None:
        self.file_name = name
        self.report(share=0, stage="reading")

    def file_done(self) -> None:
        self.files_done += 1

    def files_added(self, count: int, *, done: int) -> None:
        """A zip of the upload was unpacked into `count` more files, `done` of them refused
        at once (the others wait to be imported)."""
        self.files_total += count
        self.files_done += done

    def report(self, *, share: float, stage: str) -> None:
        """`parsers.common.Progress`: `share` of the current file is done."""
        percent = int(100 * (self.files_done + share) / self.files_total)
        self.write(percent=min(percent, 99), stage=f"{self.file_name}: {stage}")

    def write(self, *, percent: int, stage: str) -> None:
        try:
            self._write(percent, stage[: ImportJob.STAGE_LENGTH])
        except DatabaseError:
            logger.warning("could not write the progress of import job %s", self.job_id)

    def _write(self, percent: int, stage: str) -> None:
        if connections[self.alias].vendor != "postgresql":
            # SQLite has one writer at a time: a second connection would wait for the file's
            # transaction. Written in it instead, the progress shows when the file is done.
            ImportJob.objects.filter(pk=self.job_id, state=ImportJob.State.RUNNING).update(
                progress=percent, stage=stage
            )
            return
        table = connections[self.alias].ops.quote_name(ImportJob._meta.db_table)
        with self._connection().cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET progress = %s, stage = %s WHERE id = %s AND state = %s",
                [percent, stage, self.job_id, ImportJob.State.RUNNING],
            )

    def _connection(self) -> BaseDatabaseWrapper:
        if self._own_connection is None:
            self._own_connection = connections.create_connection(self.alias)
            with self._own_connection.cursor() as cursor:
                # Nothing should hold the job's row while a file imports; if something ever
                # does, the progress waits a moment and gives up rather than hang the import.
                cursor.execute("SET lock_timeout = '2s'")
        return self._own_connection


def run_import_job(*, job_id: int) -> None:
    """Import the job's waiting files, one transaction each, then mark the job done.

    A lost database is raised for the task to retry (the files already imported stay
    imported); any other error stops the job, and the page says so.
    """
    claimed = ImportJob.objects.filter(
        pk=job_id, state__in=[ImportJob.State.QUEUED, ImportJob.State.RUNNING]
    ).update(
        state=ImportJob.State.RUNNING, started_at=Coalesce("started_at", Value(timezone.now()))
    )
    if not claimed:
        return  # done or stopped already, or gone with the runner's account
    job = ImportJob.objects.select_related("athlete").get(pk=job_id)
    with JobProgress(job) as progress:
        try:
            while _import_next_file(job, progress):
                pass
            _finish(job, progress)
        except TRANSIENT:
            raise
        except Exception:
            logger.exception("import job %s stopped", job_id)
            job_stopped(job_id=job_id, reason=STOPPED_JOB)


def _import_next_file(job: ImportJob, progress: JobProgress) -> bool:
    """Import the first waiting file; False when none is left."""
    with transaction.atomic():
        # SKIP LOCKED: another run of this job (a redelivered task) takes the next file.
        file = (
            ImportFile.objects.filter(job=job, outcome__isnull=True)
            .order_by("position")
            .select_for_update(skip_locked=True)
            .first()
        )
        if file is None:
            return False
        progress.start_file(file.name)
        data, file.data = bytes(file.data or b""), None  # one copy of the bytes, not two
        if archives.is_zip(file.name) and file.position < FIRST_UNPACKED:
            result = _unpack_safely(job=job, name=file.name, data=data, progress=progress)
        else:
            result = imports.import_one_safely(
                athlete=job.athlete,
                name=file.name,
                data=data,
                progress=progress.report,
                announce=False,
            )
        file.outcome = result.as_json()
        file.save(update_fields=["outcome", "data"])
    progress.file_done()
    return True


def _unpack_safely(
    *, job: ImportJob, name: str, data: bytes, progress: JobProgress
) -> FileImportResult:
    """`_unpack`, but a zip that trips a bug is reported like any bad file (as
    `imports.import_one_safely` does for the files themselves)."""
    try:
        return _unpack(job=job, name=name, data=data, progress=progress)
    except TRANSIENT:
        raise
    except Exception:
        logger.exception("unpacking %r of import job %s failed", name, job.pk)
        return FileImportResult(
            file=name,
            status="error",
            error="This zip could not be read, and nothing from it was imported. "
            "We have been told; unzip it and upload the files it holds instead.",
        )


def _unpack(*, job: ImportJob, name: str, data: bytes, progress: JobProgress) -> FileImportResult:
    """Add the activity files of the zip to the job, after the upload's own files, each to be
    imported on its own like an uploaded file; a file that cannot be read gets its outcome at
    once. Over one of the caps the job's zips share (`checkins.archives`), none is added."""
    earlier = job.files.filter(position__gte=FIRST_UNPACKED).aggregate(
        count=Count("pk"), size=Sum("size"), last=Max("position")
    )
    unpacking = archives.Unpacking(
        max_file_bytes=imports.MAX_FILE_BYTES,
        files_left=archives.MAX_UNPACKED_FILES - earlier["count"],
        bytes_left=archives.MAX_UNPACKED_BYTES - (earlier["size"] or 0),
    )
    position = FIRST_UNPACKED if earlier["last"] is None else earlier["last"] + 1
    refused_count = 0
    try:
        with transaction.atomic():  # over a cap half-way, the files added so far go too
            for member in archives.unpack(name=name, data=data, unpacking=unpacking):
                label = _fitting(member.name)
                refused = (
                    FileImportResult(file=label, status="error", error=member.refused)
                    if member.refused
                    else imports.too_big(name=label, size=member.size)
                )
                ImportFile.objects.create(
                    job=job,
                    position=position,
                    name=label,
                    size=len(member.data or b""),
                    data=None if refused else member.data,
                    outcome=refused.as_json() if refused else None,
                )
                position += 1
                if refused:
                    refused_count += 1
                if unpacking.found % UNPACK_REPORT_EVERY == 0:
                    progress.report(share=0, stage=f"{unpacking.found:,} files unpacked")
    except UnreadableFile as error:
        return FileImportResult(file=name, status="error", error=str(error))
    progress.files_added(unpacking.found, done=refused_count)
    return FileImportResult(
        file=name, status="unpacked", unpacked=unpacking.found, skipped=unpacking.skipped()
    )


def _finish(job: ImportJob, progress: JobProgress) -> None:
    if job.files.filter(outcome__isnull=True).exists():
        return  # another run of this job is importing a file, and finishes the job
    if job.files.filter(outcome__imported__gt=0).exists():
        progress.write(percent=99, stage="Updating your weekly totals, records and goals")
        log_changed.send(sender=Run, athlete=job.athlete)
    ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.RUNNING).update(
        state=ImportJob.State.DONE, progress=100, stage="", finished_at=timezone.now()
    )


def job_stopped(*, job_id: int, reason: str) -> None:
    """The job cannot go on: its waiting files are refused and their bytes deleted, and the
    page stops waiting and says why."""
    with transaction.atomic():
        waiting = ImportFile.objects.filter(job_id=job_id, outcome__isnull=True).defer("data")
        for file in waiting.select_for_update():
            file.outcome = FileImportResult(
                file=file.name, status="error", error=STOPPED_FILE
            ).as_json()
            file.data = None
            file.save(update_fields=["outcome", "data"])
        ImportJob.objects.filter(pk=job_id).exclude(state=ImportJob.State.DONE).update(
            state=ImportJob.State.FAILED,
            stage=reason[: ImportJob.STAGE_LENGTH],
            finished_at=timezone.now(),
        )


def job_files(job: ImportJob, *, uploaded_only: bool = False) -> list[JobFile]:
    """The job's files in upload order, each with its outcome once it has one; with
    `uploaded_only`, not the files unpacked from its zips."""
    files = job.files.defer("data").order_by("position")
    if uploaded_only:
        files = files.filter(position__lt=FIRST_UNPACKED)
    return [
        JobFile(
            name=file.name,
            result=FileImportResult.from_json(file.outcome) if file.outcome else None,
        )
        for file in files
    ]


@dataclasses.dataclass(frozen=True)
class UnpackedTally:
    """How far the files unpacked from a job's zips have got, by outcome. While the job runs,
    its page counts them rather than listing them: an export holds thousands, and the page is
    asked for every second. Once it is done, the count sums up the list."""

    total: int = 0
    imported: int = 0
    duplicate: int = 0
    skipped: int = 0
    error: int = 0

    @property
    def done(self) -> int:
        return self.imported + self.duplicate + self.skipped + self.error


@dataclasses.dataclass(frozen=True)
class JobListing:
    """What a job's page shows of its files: all of them once it is done; while it runs, the
    upload's own, and the files unpacked from its zips counted in `unpacked`."""

    files: list[JobFile]
    unpacked: UnpackedTally | None  # None when no zip of the upload was unpacked
    file_count: int


def job_listing(job: ImportJob) -> JobListing:
    files = job_files(job, uploaded_only=not job.is_finished)
    unpacked = (
        unpacked_tally(job)
        if any(file.result and file.result.status == "unpacked" for file in files)
        else None
    )
    listed_apart = unpacked.total if unpacked and not job.is_finished else 0
    return JobListing(files=files, unpacked=unpacked, file_count=len(files) + listed_apart)


def unpacked_tally(job: ImportJob) -> UnpackedTally:
    rows = (
        job.files.filter(position__gte=FIRST_UNPACKED)
        .order_by()
        .values("outcome__status")
        .annotate(count=Count("pk"))
    )
    counts = {row["outcome__status"]: row["count"] for row in rows}
    return UnpackedTally(
        total=sum(counts.values()),
        **{
            field.name: counts.get(field.name, 0)
            for field in dataclasses.fields(UnpackedTally)
            if field.name != "total"
        },
    )


def recent_jobs(athlete: Athlete) -> list[ImportJob]:
    return list(
        ImportJob.objects.filter(athlete=athlete).annotate(file_count=Count("files"))[:RECENT_JOBS]
    )
