"""Pages that compose every app: the runner's home, the coach's roster, one athlete's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from athletes.access import coach_of, roster_athlete
from athletes.forms import MoveToSquadForm
from athletes.http import AuthenticatedHttpRequest, safe_next
from athletes.models import Athlete, Squad
from checkins import charts
from checkins.reminders import sending
from checkins.reviews.standing import review_summaries, review_weeks
from checkins.sessions import week_reports
from coaching.attention.handling import FlagNotFound, detail_context, mark_handled
from coaching.celery import broker_state
from coaching.forms import HandledForm
from coaching.models import Standing
from coaching.roster import (
    Order,
    RosterFilters,
    roster_page,
    roster_row,
    strava_connection_of,
)
from goals import board
from integrations.status import sync_status
from races import records, season_page

# The athlete page's reviews and charts cover this many weeks.
CHART_WEEKS = 16


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "coaching/landing.html")
    if request.user.coach_profile is not None:
        return redirect("roster")
    if request.user.athlete_profile is not None:
        return redirect("athlete-home")
    if request.user.is_staff:
        return redirect("admin:index")
    raise Http404("This account has neither a coach nor a runner profile.")


@login_required
def athlete_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    athlete = request.user.athlete_profile
    if athlete is None:
        return redirect("home")
    review_summary = review_summaries([athlete], viewer=request.user)[athlete.pk]
    goal_home = board.goal_home(athlete)
    context = {
        "athlete": athlete,
        "review_summary": review_summary,
        # The card's week, which on Monday is still last week until its review is in.
        "last_reminder": sending.last_reminder_for(athlete, review_summary.week_start),
        "goal_visions": goal_home.visions,
        "goal_destinations": goal_home.destinations,
        "goal_wins": goal_home.wins,
        **season_page.home_context(athlete),
        **charts.load_context(athlete, count=CHART_WEEKS),
    }
    return render(request, "coaching/athlete_home.html", context)


@login_required
@vary_on_headers("HX-Request")
def roster(request: AuthenticatedHttpRequest) -> HttpResponse:
    coach = coach_of(request)
    filters = RosterFilters(
        query=request.GET.get("q", ""),
        squad=request.GET.get("squad", ""),
        flag=request.GET.get("flag", ""),
        order=request.GET.get("order", Order.ATTENTION),
        page=request.GET.get("page", 1),
    )
    context = {
        "roster": roster_page(user=request.user, coach=coach, filters=filters),
        "squads": Squad.objects.visible_to(request.user).filter(coach=coach),
        "filters": filters,
    }
    # The Back button's history restore is an HTMX request that needs the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "coaching/roster.html#roster-list" if partial else "coaching/roster.html"
    return render(request, template, context)


@login_required
@require_POST
def attention_handled(request: AuthenticatedHttpRequest, pk: int, flag: str) -> HttpResponse:
    """The coach marks one of an athlete's flags handled, with an optional note."""
    athlete = roster_athlete(request, pk)
    form = HandledForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(str(error) for error in form.errors["note"]))
    try:
        mark_handled(athlete=athlete, flag=flag, by=request.user, note=form.cleaned_data["note"])
    except FlagNotFound:
        raise Http404("That flag is not open for this athlete.") from None
    if request.htmx:
        athlete.standing = Standing.objects.get(athlete=athlete)
        return render(request, "coaching/roster.html#roster-row", {"row": roster_row(athlete)})
    messages.success(request, f"Marked handled for {athlete.name}.")
    return redirect(safe_next(request) or reverse("roster"))


@login_required
def athlete_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    athlete = get_object_or_404(
        Athlete.objects.visible_to(request.user).select_related("user", "coach__user", "squad"),
        pk=pk,
    )
    weeks = review_weeks(athlete, count=CHART_WEEKS, viewer=request.user)
    context = {
        "athlete": athlete,
        "review_weeks": weeks,
        **charts.athlete_charts(athlete, weeks, count=CHART_WEEKS),
        "goal_process_nodes": board.goal_board(athlete).process_nodes(),
        **detail_context(athlete),
        "season_page": season_page.season_page(athlete),
        "week_sessions": week_reports(athlete, athlete.week_start()),
        "personal_bests": records.current_bests(athlete),
        "strava_sync": sync_status(strava_connection_of(athlete), now=timezone.now()),
        "move_form": MoveToSquadForm(
            initial={"squad": athlete.squad}, user=request.user, athlete=athlete
        )
        if athlete.coach_id
        else None,
    }
    return render(request, "coaching/athlete_detail.html", context)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as error:  # any failure to reach the database means unhealthy
        database = f"error: {error.__class__.__name__}"
    broker = broker_state()
    healthy = database == "ok"
    # Without a broker pages still serve; only reminders and imports wait. So a configured but
    # unreachable broker is "degraded" and stays 200: a load balancer must not pull the app.
    if not healthy:
        status = "unavailable"
    elif broker.startswith("error"):
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "database": database, "broker": broker},
        status=200 if healthy else 503,
    )
