"""Setback pages: a runner's setbacks (log one, change it, remove it, mark it over with "back
running" and see the suggested weeks back), and their coach's read-only view of them.

Whoever sees the runner may read their setbacks (`visible_to`); only the runner (or staff)
changes them (`editable_by`). Anything else is a 404.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athletes.access import athlete_in_scope, athlete_of
from athletes.http import AuthenticatedHttpRequest
from athletes.measures import WEEKLY_RAMP, monday_of, short_date
from athletes.models import Athlete, User
from athletes.views import safe_next
from checkins import setbacks
from checkins.forms.setbacks import SetbackForm
from checkins.models import Setback
from checkins.setbacks import (
    RETURN_LONG_SHARE,
    RETURN_SHORT_BREAK_WEEKS,
    RETURN_SHORT_SHARE,
    return_ramp,
)


def _percent(share: float) -> str:
    return f"{share * 100:.0f} %"


# The return rule of checkins/setbacks.py in one sentence, built from its constants.
RETURN_RULE = (
    f"Resume at {_percent(RETURN_SHORT_SHARE)} of your usual weekly distance after up to "
    f"{RETURN_SHORT_BREAK_WEEKS} weeks off, {_percent(RETURN_LONG_SHARE)} after longer, "
    f"then at most {_percent(WEEKLY_RAMP)} more a week."
)
# The longest ramp (from the lower share up to the full week) is shown this long after the
# setback ended; a ramp with nothing to start from is shown for RETURN_SHORT_BREAK_WEEKS.
LONGEST_RAMP_WEEKS = len(return_ramp(before_m=1.0, weeks_off=RETURN_SHORT_BREAK_WEEKS + 1))


@dataclass(frozen=True)
class ReturnWeek:
    week_start: dt.date
    distance_m: float
    share: str  # of the usual week, e.g. "75 %"


@dataclass(frozen=True)
class Comeback:
    """The weeks back after the setback that ended last, while they are still ahead."""

    setback: Setback
    usual_m: float
    weeks: list[ReturnWeek]


def comeback_after(setback_list: list[Setback], today: dt.date) -> Comeback | None:
    """The return ramp of the setback that ended last, if its ramp is not over yet. At most
    one ramp is worked out, so the page costs the same however many setbacks there are."""
    ended = [s for s in setback_list if s.end is not None and s.end <= today]
    if not ended:
        return None
    latest = max(ended, key=lambda s: (s.end, s.pk))
    assert latest.end is not None  # `ended` holds only setbacks with an end
    first_week = monday_of(latest.end)
    if first_week + dt.timedelta(weeks=LONGEST_RAMP_WEEKS) <= monday_of(today):
        return None
    ramp = setbacks.return_plan(latest)
    shown_weeks = len(ramp) or RETURN_SHORT_BREAK_WEEKS
    if first_week + dt.timedelta(weeks=shown_weeks) <= monday_of(today):
        return None
    # The ramp ends at the usual week itself.
    usual_m = ramp[-1] if ramp else 0.0
    return Comeback(
        setback=latest,
        usual_m=usual_m,
        weeks=[
            ReturnWeek(
                week_start=first_week + dt.timedelta(weeks=i),
                distance_m=metres,
                share=_percent(metres / usual_m),
            )
            for i, metres in enumerate(ramp)
        ],
    )


def open_setbacks_in_week(athlete: Athlete, week_start: dt.date) -> list[Setback]:
    """The setbacks still open that had begun by the end of that week (the review form shows
    them with a "back running" button)."""
    sunday = week_start + dt.timedelta(days=6)
    return list(Setback.objects.filter(athlete=athlete, end=None, start__lte=sunday))


def _list_url(athlete: Athlete, user: User) -> str:
    if athlete.user_id == user.pk:
        return reverse("checkins:setbacks")
    return reverse("checkins:athlete-setbacks", args=[athlete.pk])


def _editable(request: AuthenticatedHttpRequest, pk: int) -> Setback:
    return get_object_or_404(
        Setback.objects.editable_by(request.user).select_related("athlete__user"), pk=pk
    )


@login_required
@require_GET
def setback_list(request: AuthenticatedHttpRequest, athlete_pk: int | None = None) -> HttpResponse:
    """The runner's own setbacks, or (coach, staff) an athlete's, open ones first."""
    athlete = athlete_in_scope(request, athlete_pk)
    if athlete_pk is not None and athlete.user_id == request.user.pk:
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
        "comeback": comeback_after(found, today),
        "return_rule": RETURN_RULE,
        "can_edit": athlete.user_id == request.user.pk,
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
