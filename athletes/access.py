"""Who a request is about: the helpers every page uses to find its coach or runner in scope.

Each answers 404 when the person asked for is outside the requester's scope (never 403), so a
page cannot tell someone else's data from data that does not exist.
"""

from collections.abc import Sequence

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from athletes.http import AuthenticatedHttpRequest
from athletes.models import Athlete, Coach, User


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


def is_own_page(athlete: Athlete, user: User) -> bool:
    """Whose page is this: the runner's own (True), or their coach's (or staff's) view of it."""
    return athlete.user_id == user.pk


def page_url(name: str, *, athlete: Athlete, user: User, args: Sequence[object] = ()) -> str:
    """A page about `athlete` as `user` reaches it: the runner's own `name` ("goals:goals"), or
    for their coach or staff its view `athlete-<name>` in the same namespace
    ("goals:athlete-goals"), which takes the athlete first."""
    if is_own_page(athlete, user):
        return reverse(name, args=list(args))
    namespace, _, page = name.rpartition(":")
    coach_view = f"{namespace}:athlete-{page}" if namespace else f"athlete-{page}"
    return reverse(coach_view, args=[athlete.pk, *args])
