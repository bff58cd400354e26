"""Who a request is about: the helpers every page uses to find its coach or runner in scope.

Each answers 404 when the person asked for is outside the requester's scope (never 403), so a
page cannot tell someone else's data from data that does not exist.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from athletes.http import AuthenticatedHttpRequest
from athletes.models import Athlete, Coach


def coach_of(request: AuthenticatedHttpRequest) -> Coach:
    coach = request.user.coach_profile
    if coach is None:
        raise Http404("Only coaches have a roster.")
    return coach


def athlete_of(request: AuthenticatedHttpRequest) -> Athlete:
    athlete = request.user.athlete_profile
    if athlete is None:
        raise Http404("Only runners have these settings.")
    return athlete


def roster_athlete(request: AuthenticatedHttpRequest, pk: int) -> Athlete:
    """An athlete on the requesting coach's own roster, or 404 (the runner included)."""
    coach = coach_of(request)
    return get_object_or_404(Athlete.objects.visible_to(request.user).on_roster_of(coach), pk=pk)


def athlete_in_scope(request: AuthenticatedHttpRequest, athlete_pk: int | None) -> Athlete:
    """The runner a page is about: yourself (no `athlete_pk`), or an athlete in scope (coach,
    staff)."""
    if athlete_pk is None:
        return athlete_of(request)
    return get_object_or_404(
        Athlete.objects.visible_to(request.user).select_related("user"), pk=athlete_pk
    )
