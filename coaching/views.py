"""Pages that compose every app: the runner's home, the coach's roster, one athlete's page."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from athletes.forms import MoveToSquadForm
from athletes.models import Athlete, Squad
from athletes.views import coach_of
from checkins import charts, reminders, reviews
from coaching.celery import broker_state
from goals import services as goals

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
def athlete_home(request: HttpRequest) -> HttpResponse:
    athlete = request.user.athlete_profile
    if athlete is None:
        return redirect("home")
    review_summary = reviews.review_summaries([athlete], viewer=request.user)[athlete.pk]
    context = {
        "athlete": athlete,
        "review_summary": review_summary,
        # The card's week, which on Monday is still last week until its review is in.
        "last_reminder": reminders.last_reminder_for(athlete, review_summary.week_start),
        **goals.home_context(athlete),
    }
    return render(request, "coaching/athlete_home.html", context)


@login_required
@vary_on_headers("HX-Request")
def roster(request: HttpRequest) -> HttpResponse:
    coach = coach_of(request)
    squads = Squad.objects.visible_to(request.user).filter(coach=coach)
    athletes = (
        Athlete.objects.visible_to(request.user).on_roster_of(coach).select_related("user", "squad")
    )
    query = request.GET.get("q", "").strip()
    if query:
        athletes = athletes.filter(user__full_name__icontains=query)
    squad_id = request.GET.get("squad", "")
    if squad_id.isdigit():
        athletes = athletes.filter(squad_id=int(squad_id))
    elif squad_id == "none":
        athletes = athletes.filter(squad=None)
    athletes = list(athletes)
    summaries = reviews.review_summaries(athletes, viewer=request.user)
    for athlete in athletes:
        athlete.review_summary = summaries[athlete.pk]
    context = {
        "athletes": athletes,
        "squads": squads,
        "query": query,
        "squad_id": squad_id,
    }
    # The Back button's history restore is an HTMX request that needs the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "coaching/roster.html#roster-list" if partial else "coaching/roster.html"
    return render(request, template, context)


@login_required
def athlete_detail(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_object_or_404(
        Athlete.objects.visible_to(request.user).select_related("user", "coach__user", "squad"),
        pk=pk,
    )
    weeks = reviews.review_weeks(athlete, count=CHART_WEEKS, viewer=request.user)
    context = {
        "athlete": athlete,
        "review_weeks": weeks,
        **charts.athlete_charts(athlete, weeks, count=CHART_WEEKS),
        **goals.detail_context(athlete),
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
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )
