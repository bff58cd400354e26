"""Setback pages: a runner's setbacks (log one, change it, remove it, mark it over with "back
running" and see the suggested weeks back), and their coach's read-only view of them.

Whoever sees the runner may read their setbacks (`visible_to`); only the runner (or staff)
changes them (`editable_by`). Anything else is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athletes.access import athlete_in_scope, athlete_of, is_own_page, page_url
from athletes.http import AuthenticatedHttpRequest, safe_next
from athletes.measures import short_date
from athletes.models import Athlete, User
from checkins import setbacks
from checkins.forms.setbacks import SetbackForm
from checkins.models import Setback


def _list_url(athlete: Athlete, user: User) -> str:
    return page_url("checkins:setbacks", athlete=athlete, user=user)


def _editable(request: AuthenticatedHttpRequest, pk: int) -> Setback:
    return get_object_or_404(
        Setback.objects.editable_by(request.user).select_related("athlete__user"), pk=pk
    )


@login_required
@require_GET
def setback_list(request: AuthenticatedHttpRequest, athlete_pk: int | None = None) -> HttpResponse:
    """The runner's own setbacks, or (coach, staff) an athlete's, open ones first."""
    athlete = athlete_in_scope(request, athlete_pk)
    if athlete_pk is not None and is_own_page(athlete, request.user):
        return redirect("checkins:setbacks")
    found = list(
        Setback.objects.visible_to(request.user)
        .filter(athlete=athlete)
        .annotate(review_week=F("review__week_start"))
        .order_by(F("end").desc(nulls_first=True), "-start", "-pk")
    )
    for setback in found:
        setback.athlete = athlete  # loaded already: the return plan reads their zone and weeks
    today = athlete.local_today()
    context = {
        "athlete": athlete,
        "open_setbacks": [s for s in found if s.end is None or s.end > today],
        "past_setbacks": [s for s in found if s.end is not None and s.end <= today],
        "comeback": setbacks.comeback_after(found, today),
        "return_rule": setbacks.RETURN_RULE,
        "can_edit": is_own_page(athlete, request.user),
        "today": today,
    }
    return render(request, "checkins/setbacks.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def setback_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        setback, athlete = None, athlete_of(request)
    else:
        setback = _editable(request, pk)
        athlete = setback.athlete
    form = SetbackForm(request.POST or None, instance=setback, athlete=athlete)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if saved.pk is None:
            saved.created_by = request.user
        setbacks.setback_save(setback=saved)
        messages.success(
            request, f"{saved.get_kind_display()} from {short_date(saved.start)} saved."
        )
        return redirect(safe_next(request) or _list_url(athlete, request.user))
    context = {
        "form": form,
        "setback": setback,
        "athlete": athlete,
        "list_url": _list_url(athlete, request.user),
        "next": safe_next(request),
    }
    return render(request, "checkins/setback_form.html", context)


@login_required
@require_POST
def setback_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    setback = _editable(request, pk)
    setbacks.setback_delete(setback=setback)
    messages.success(
        request, f"{setback.get_kind_display()} from {short_date(setback.start)} removed."
    )
    return redirect(_list_url(setback.athlete, request.user))


@login_required
@require_POST
def setback_over(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "Back running": the setback ends today, the runner's today; the list then shows the
    suggested weeks back."""
    setback = _editable(request, pk)
    today = setback.athlete.local_today()
    if setback.end is not None and setback.end <= today:
        messages.info(request, f"That setback was already over on {short_date(setback.end)}.")
    else:
        try:
            setbacks.setback_close(setback=setback, on=today)
        except ValidationError as error:
            # It begins after today: only its dates can say when it is over.
            messages.error(request, " ".join(error.messages))
            return redirect(_list_url(setback.athlete, request.user))
        messages.success(request, "Welcome back! Here is how to build up again.")
    return redirect(_list_url(setback.athlete, request.user) + "#comeback")
