"""The week page of planned sessions, the runner's own or their coach's view of it: move a
session to another day, swap it for a maintenance run, rebuild the week from the plan, and
download a session as a FIT workout for a watch.

The runner and their coach plan together: whoever sees the runner may change their sessions
(`PlannedSession.objects.editable_by`); anyone else gets a 404. Each change answers an HTMX
request with the week's days (the `week-days` partial) and a plain form with the page again.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athletes.access import athlete_in_scope, is_own_page, page_url
from athletes.http import AuthenticatedHttpRequest
from athletes.measures import is_plausible_day, monday_of
from athletes.models import Athlete, User
from checkins import sessions
from checkins.forms.sessions import SessionForm
from checkins.models import PlannedSession
from checkins.views.decorators import login_required_or_401
from checkins.workout_fit import workout_file
from races.week_page import week_page
from races.week_sessions import plan_week


def week_url(athlete: Athlete, user: User, day: dt.date) -> str:
    """The page of the week `day` falls in: the runner's own, or their coach's view of it."""
    return page_url("races:week", athlete=athlete, user=user, args=[monday_of(day)])


def _plausible(week: dt.date) -> dt.date:
    """A week in the URL within the dates a log holds (measures.EARLIEST_DAY to LATEST_DAY);
    any other is no page (and would overflow the week arithmetic)."""
    if not is_plausible_day(week):
        raise Http404("No such week.")
    return week


def _render(request: AuthenticatedHttpRequest, athlete: Athlete, week: dt.date) -> HttpResponse:
    page = week_page(athlete, week)
    context = {
        "athlete": athlete,
        "page": page,
        "urls": _urls(athlete, request.user, page.week_start),
    }
    template = "races/week.html#week-days" if request.htmx else "races/week.html"
    return render(request, template, context)


def _urls(athlete: Athlete, user: User, week: dt.date) -> dict[str, str]:
    return {
        "previous": week_url(athlete, user, week - dt.timedelta(weeks=1)),
        "next": week_url(athlete, user, week + dt.timedelta(weeks=1)),
        "this": week_url(athlete, user, athlete.week_start()),
        "rebuild": reverse("races:week-rebuild", args=[athlete.pk, week]),
        "add": reverse("races:session-new", args=[athlete.pk, week]),
    }


@login_required
@require_GET
def week_this(request: AuthenticatedHttpRequest) -> HttpResponse:
    athlete = athlete_in_scope(request, None)
    return redirect("races:week", athlete.week_start())


@login_required
@require_GET
def week(
    request: AuthenticatedHttpRequest, week: dt.date, athlete_pk: int | None = None
) -> HttpResponse:
    athlete = athlete_in_scope(request, athlete_pk)
    week = _plausible(week)
    if athlete_pk is not None and is_own_page(athlete, request.user):
        return redirect("races:week", week)
    return _render(request, athlete, week)


def _editable(request: AuthenticatedHttpRequest, pk: int) -> PlannedSession:
    return get_object_or_404(
        PlannedSession.objects.editable_by(request.user).select_related("athlete__user"), pk=pk
    )


def _after_change(request: AuthenticatedHttpRequest, session: PlannedSession) -> HttpResponse:
    if request.htmx:
        return _render(request, session.athlete, session.day)
    return redirect(week_url(session.athlete, request.user, session.day))


def _refused(request: AuthenticatedHttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required_or_401
@require_POST
def session_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _editable(request, pk)
    try:
        day = dt.date.fromisoformat(request.POST.get("day", ""))
        sessions.session_move(session=session, day=day, by=request.user)
    except ValueError:
        messages.error(request, "Pick a day of the week to move it to.")
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, f"{session.get_kind_display()} moved to {day:%A}.")
    return _after_change(request, session)


@login_required_or_401
@require_POST
def session_swap(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _editable(request, pk)
    try:
        sessions.session_swap(session=session, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, f"Swapped for a maintenance run on {session.day:%A}: not a miss.")
    return _after_change(request, session)


def _session_form(
    request: AuthenticatedHttpRequest, session: PlannedSession, athlete: Athlete
) -> HttpResponse:
    form = SessionForm(request.POST or None, instance=session, athlete=athlete)
    if request.method == "POST" and form.is_valid():
        try:
            saved = sessions.session_save(session=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{saved.get_kind_display()} on {saved.day:%A %-d %b} saved.")
            return redirect(week_url(athlete, request.user, saved.day))
    context = {
        "form": form,
        "session": session,
        "athlete": athlete,
        "back_url": week_url(athlete, request.user, session.day),
    }
    return render(request, "races/session_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: AuthenticatedHttpRequest, athlete_pk: int, week: dt.date) -> HttpResponse:
    """Add a session to a week, the runner's or (their coach) their athlete's."""
    athlete = athlete_in_scope(request, athlete_pk)
    session = PlannedSession(athlete=athlete, day=_plausible(week))
    return _session_form(request, session, athlete)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _editable(request, pk)
    return _session_form(request, session, session.athlete)


@login_required
@require_POST
def session_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _editable(request, pk)
    sessions.session_delete(session=session)
    messages.success(request, f"{session.get_kind_display()} on {session.day:%A} removed.")
    return redirect(week_url(session.athlete, request.user, session.day))


@login_required
@require_POST
def week_rebuild(request: AuthenticatedHttpRequest, athlete_pk: int, week: dt.date) -> HttpResponse:
    """Plan the week again from the season plan, keeping the coach's sessions and what is done."""
    athlete = athlete_in_scope(request, athlete_pk)
    added = plan_week(athlete, _plausible(week), rebuild=True)
    messages.success(request, f"Planned again from the plan: {added} sessions.")
    return redirect(week_url(athlete, request.user, week))


@login_required
@require_GET
def session_fit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The session as a FIT workout file for a watch."""
    session = get_object_or_404(PlannedSession.objects.visible_to(request.user), pk=pk)
    if session.kind == PlannedSession.Kind.REST:
        return HttpResponse("A rest day has no workout.", status=404, content_type="text/plain")
    data = workout_file(session, created=timezone.now())
    name = f"runpath-{session.kind}-{session.day:%Y-%m-%d}.fit"
    return HttpResponse(
        data,
        content_type="application/vnd.ant.fit",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
