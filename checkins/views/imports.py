"""File imports: the upload form, and the import job's page that follows it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from athletes.access import athlete_of
from athletes.http import AuthenticatedHttpRequest
from checkins import import_jobs, tasks
from checkins.forms.imports import RunImportForm
from checkins.models import ImportJob
from checkins.views.decorators import login_required_or_401


@login_required
@require_http_methods(["GET", "POST"])
def run_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The upload form. A valid upload is stored as an import job and handed to a worker; the
    answer is the job's page at once, however long the files take to import."""
    athlete = athlete_of(request)
    if request.method == "POST":
        form = RunImportForm(request.POST, request.FILES, athlete=athlete)
        if form.is_valid():
            job = import_jobs.job_create(athlete=athlete, uploads=form.cleaned_data["files"])
            tasks.start_import(job)
            return redirect("checkins:run-import-job", pk=job.pk)
    else:
        form = RunImportForm(athlete=athlete)
    context = {"form": form, "athlete": athlete, "jobs": import_jobs.recent_jobs(athlete)}
    return render(request, "checkins/import.html", context)


# The panel polls every second: once the session has expired, it gets a 401 (and keeps what it
# shows) rather than the login page swapped in.
@login_required_or_401
@require_GET
def run_import_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An import job: its progress while it runs (HTMX polls the panel; the files unpacked
    from its zips are counted, not listed, until it is done), then every file's outcome. Only
    the runner who uploaded sees it."""
    job = get_object_or_404(
        ImportJob.objects.visible_to(request.user).select_related("athlete"), pk=pk
    )
    listing = import_jobs.job_listing(job)
    context = {
        "job": job,
        "athlete": job.athlete,
        "files": listing.files,
        "unpacked": listing.unpacked,
        "file_count": listing.file_count,
        "waiting_for_a_worker": import_jobs.waiting_for_a_worker(job),
        "poll_seconds": int(import_jobs.poll_interval(job).total_seconds()),
    }
    template = "checkins/import_job.html#job-panel" if request.htmx else "checkins/import_job.html"
    return render(request, template, context)
