"""The run log: the runner's own, editable, and a coach's read-only view."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athletes.access import athlete_in_scope, athlete_of, is_own_page
from athletes.http import AuthenticatedHttpRequest
from athletes.measures import WEEK, short_date
from athletes.models import Athlete
from checkins import runs
from checkins.forms.runs import RunForm
from checkins.models import Run
from checkins.runs import EARLIEST_START


def _top_week(request: HttpRequest) -> dt.date | None:
    """The week to start the log at, when it is one a run can be in (none before `EARLIEST_DAY` or ahead)."""
    try:
        day = dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        return None
    latest = timezone.localdate() + WEEK
    return day if EARLIEST_START.date() <= day <= latest else None


def _render_log(
    request: AuthenticatedHttpRequest, athlete: Athlete, *, can_edit: bool
) -> HttpResponse:
    context = {
        "athlete": athlete,
        "page": runs.run_log_page(athlete, top_week=_top_week(request)),
        "can_edit": can_edit,
    }
    template = "checkins/runs.html#run-weeks" if request.htmx else "checkins/runs.html"
    return render(request, template, context)


@login_required
@require_GET
def run_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _render_log(request, athlete_of(request), can_edit=True)


@login_required
@require_GET
def athlete_runs(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    athlete = athlete_in_scope(request, pk)
    if is_own_page(athlete, request.user):
        return redirect("checkins:run-log")
    return _render_log(request, athlete, can_edit=False)


@login_required
@require_http_methods(["GET", "POST"])
def run_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        run, athlete = None, athlete_of(request)
    else:
        run = get_object_or_404(
            Run.objects.editable_by(request.user).select_related("athlete"), pk=pk
        )
        athlete = run.athlete
    form = RunForm(request.POST or None, instance=run, athlete=athlete)
    if request.method == "POST" and form.is_valid():
        saved = runs.run_save(run=form.save(commit=False))
        messages.success(
            request,
            f"Run on {short_date(saved.started_at.astimezone(athlete.zone), with_weekday=True)} saved.",
        )
        return redirect("checkins:run-log")
    return render(
        request, "checkins/runs_form.html", {"form": form, "run": run, "athlete": athlete}
    )


@login_required
@require_POST
def run_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(Run.objects.editable_by(request.user).select_related("athlete"), pk=pk)
    runs.run_delete(run=run)
    messages.success(
        request,
        f"Run on {short_date(run.started_at.astimezone(run.athlete.zone), with_weekday=True)} deleted.",
    )
    return redirect("checkins:run-log")
