"""Uploading files the way a runner does, and importing them the way a worker does."""

from django.core.files.uploadedfile import UploadedFile
from django.test import Client
from django.urls import resolve, reverse

from athletes.models import Athlete
from checkins import import_jobs
from checkins.imports import FileImportResult
from checkins.models import ImportJob


def upload_and_import(client: Client, files: list[UploadedFile], capture_on_commit):
    """Post `files` to the import page, run the job its commit hands to the worker (in
    process, as without Redis), and answer with the job's page the upload redirected to.

    `capture_on_commit` is pytest-django's `django_capture_on_commit_callbacks`: the test's
    transaction never commits, so the job runs when the block ends, after the upload answered.
    """
    with capture_on_commit(execute=True):
        response = client.post(reverse("checkins:run-import"), {"files": files})
        assert response.status_code == 302, response.content.decode()[:500]
        job = ImportJob.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
        assert job.state == ImportJob.State.QUEUED  # answered before any file was read
    return client.get(response["Location"])


def import_now(athlete: Athlete, uploads: list[UploadedFile]) -> list[FileImportResult | None]:
    """Store `uploads` as an import job and run it at once: each file's outcome, in order."""
    job = import_jobs.job_create(athlete=athlete, uploads=uploads)
    import_jobs.run_import_job(job_id=job.pk)
    return [file.result for file in import_jobs.job_files(job)]
