"""The season page and the predictions page, the runner's own or their coach's view of them.

They live here, above goals and races, because each composes both: the season page offers the
plan's milestones to the runner's outcome goal, and predictions start from the best effort of
the last 12 months, which goals measure (benchmarks are goals' data).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from athletes.access import athlete_in_scope, page_url
from athletes.http import AuthenticatedHttpRequest
from athletes.models import Athlete, User
from goals import season_milestones
from goals.race_predictions import race_predictions as predictions_for
from races import season_page
from races.services import NO_A_RACE_PROMPT


def page_urls(athlete: Athlete, user: User) -> dict[str, str]:
    """Links from the season pages: the runner's own pages, or their coach's view of them."""
    pages = (
        "season",
        "predictions",
        "races:race-new",
        "races:races",
        "goals:benchmarks",
        "goals:goals",
    )
    return {
        page.rpartition(":")[2].replace("-", "_"): page_url(page, athlete=athlete, user=user)
        for page in pages
    }


@login_required
def season(request: AuthenticatedHttpRequest, athlete_pk: int | None = None) -> HttpResponse:
    athlete = athlete_in_scope(request, athlete_pk)
    page = season_page.season_page(athlete)
    goal, offers = None, []
    if page is not None:
        goal = season_milestones.season_goal(athlete, a_race_pk=page.report.season.a_race.key)
        offers = season_milestones.milestone_offers(goal, page.milestones, today=page.report.today)
    context = {
        "athlete": athlete,
        "page": page,
        "no_a_race_prompt": NO_A_RACE_PROMPT,
        "goal": goal,
        "offers": offers,
        "urls": page_urls(athlete, request.user),
    }
    return render(request, "races/season.html", context)


@login_required
def race_predictions(
    request: AuthenticatedHttpRequest, athlete_pk: int | None = None
) -> HttpResponse:
    athlete = athlete_in_scope(request, athlete_pk)
    context = {
        "athlete": athlete,
        "found": predictions_for(athlete),
        "urls": page_urls(athlete, request.user),
    }
    return render(request, "races/predictions.html", context)
