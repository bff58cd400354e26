"""The weekly review: the runner's form (autosaved with HTMX, plain POST without JS), the list of
recent weeks, and the coach's reading view."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from athletes import units
from athletes.access import athlete_of, is_own_page
from athletes.http import AuthenticatedHttpRequest
from athletes.models import Athlete
from checkins import setbacks
from checkins.forms.reviews import CommentForm, WeeklyReviewForm
from checkins.models import WeeklyReview
from checkins.reminders import sending
from checkins.reviews import writes
from checkins.reviews.conversation import comments_mark_read
from checkins.reviews.standing import review_state, review_weeks
from checkins.reviews.weeks import (
    WeekNotReviewable,
    log_totals_if_changed,
    neighbour_weeks,
    review_for_week,
)
from checkins.views.comments import thread
from checkins.views.decorators import (
    TYPED_REVIEW_SALT,
    keep_typed_review,
    login_required_or_401,
    typed_before_log_in,
)

RECENT_WEEKS = 16


def _own_review(request: AuthenticatedHttpRequest, week: dt.date) -> WeeklyReview:
    """The runner's own review of `week`, unsaved until the first save; 404 for a future week."""
    try:
        return review_for_week(athlete=athlete_of(request), week_start=week)
    except WeekNotReviewable as error:
        raise Http404(str(error)) from error


def _shown(name: str, value: Any, units_name: str) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name.endswith("_m"):
        return units.format_distance(value, units_name, digits=2)
    return str(value)


def _differences(
    conflict: writes.StaleReview | None, form: WeeklyReviewForm
) -> list[dict[str, Any]]:
    """The fields where this tab differs from the saved version, shown in the runner's units."""
    if conflict is None:
        return []
    return [
        {
            **row,
            "saved": _shown(row["name"], row["saved"], form.units_name),
            "typed": _shown(row["name"], row["typed"], form.units_name),
        }
        for row in writes.review_differences(conflict.current, form.review_data())
    ]


def _review_page(
    request: AuthenticatedHttpRequest,
    review: WeeklyReview,
    form: WeeklyReviewForm,
    *,
    conflict: writes.StaleReview | None = None,
    status: int = 200,
) -> HttpResponse:
    athlete = review.athlete
    comments = thread(review, request.user)
    comments_mark_read(review=review, reader=request.user)
    context = {
        "athlete": athlete,
        "review": review,
        "form": form,
        "state": review_state(athlete=athlete, week_start=review.week_start, review=review),
        "due_day": WeeklyReview.due_day(athlete, review.week_start),
        "is_this_week": review.week_start == athlete.week_start(),
        "log_totals": log_totals_if_changed(review),
        "last_reminder": sending.last_reminder_for(athlete, review.week_start),
        "conflict": conflict,
        "differences": _differences(conflict, form),
        "comments": comments,
        "comment_form": CommentForm(),
        "owner_token": signing.dumps(request.user.pk, salt=TYPED_REVIEW_SALT),
        "open_setbacks": setbacks.open_setbacks_in_week(athlete, review.week_start),
    }
    return render(request, "checkins/review_form.html", context, status=status)


@login_required
@require_GET
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    athlete = athlete_of(request)
    weeks = review_weeks(athlete, count=RECENT_WEEKS, viewer=request.user)
    return render(request, "checkins/review_list.html", {"athlete": athlete, "weeks": weeks})


@login_required
@require_GET
def review_this_week(request: AuthenticatedHttpRequest) -> HttpResponse:
    athlete = athlete_of(request)
    return redirect("checkins:review-edit", week=athlete.week_start().isoformat())


@login_required
@require_GET
def review_edit(request: AuthenticatedHttpRequest, week: dt.date) -> HttpResponse:
    review = _own_review(request, week)
    typed = typed_before_log_in(request, week)
    if typed is not None:
        messages.warning(
            request,
            "Your session had expired, so nothing was saved. Here is what you typed: "
            "save or submit it now to keep it.",
        )
    form = WeeklyReviewForm(typed, instance=review, units_name=review.athlete.units)
    return _review_page(request, review, form)


def _save(
    request: AuthenticatedHttpRequest, week: dt.date, *, submitting: bool
) -> tuple[WeeklyReview, WeeklyReviewForm, writes.StaleReview | None]:
    """Validate the posted form and save (or submit) it; the caller decides how to answer."""
    review = _own_review(request, week)
    form = WeeklyReviewForm(
        request.POST, instance=review, units_name=review.athlete.units, submitting=submitting
    )
    if not form.is_valid():
        return review, form, None
    service = writes.review_submit if submitting else writes.review_save_draft
    try:
        service(review=review, data=form.review_data(), version=form.cleaned_data["version"])
    except writes.StaleReview as conflict:
        return review, _form_after_conflict(request, review, conflict, submitting), conflict
    return review, form, None


def _form_after_conflict(
    request: HttpRequest, review: WeeklyReview, conflict: writes.StaleReview, submitting: bool
) -> WeeklyReviewForm:
    """This tab's text, now based on the saved version: saving again keeps what it shows."""
    data = request.POST.copy()
    data["version"] = str(conflict.current.version)
    form = WeeklyReviewForm(
        data, instance=review, units_name=review.athlete.units, submitting=submitting
    )
    form.is_valid()
    return form


@keep_typed_review
@login_required_or_401
@require_POST
def review_save(request: AuthenticatedHttpRequest, week: dt.date) -> HttpResponse:
    """Autosave (HTMX answers with the save state) or the plain "Save draft" button."""
    review, form, conflict = _save(request, week, submitting=False)
    if request.htmx:
        return _save_state(request, review, form, conflict)
    if conflict or form.errors:
        return _review_page(
            request, review, form, conflict=conflict, status=409 if conflict else 400
        )
    messages.success(request, "Draft saved.")
    return redirect("checkins:review-edit", week=week)


@keep_typed_review
@login_required
@require_POST
def review_submit(request: AuthenticatedHttpRequest, week: dt.date) -> HttpResponse:
    review, form, conflict = _save(request, week, submitting=True)
    if conflict or form.errors:
        return _review_page(
            request, review, form, conflict=conflict, status=409 if conflict else 400
        )
    messages.success(
        request,
        "Review submitted, marked late. Thank you for catching up!"
        if review.submitted_late
        else "Review submitted. Thank you!",
    )
    return redirect("checkins:review-edit", week=week)


def _save_state(
    request: HttpRequest,
    review: WeeklyReview,
    form: WeeklyReviewForm,
    conflict: writes.StaleReview | None,
) -> HttpResponse:
    context = {
        "review": review,
        "form": form,
        "conflict": conflict,
        "differences": _differences(conflict, form),
        "saved_at": timezone.localtime(review.updated_at, review.athlete.zone),
    }
    status = 409 if conflict else 422 if form.errors else 200
    return render(request, "checkins/partials/review_save_state.html", context, status=status)


def _viewable_review(
    request: AuthenticatedHttpRequest, pk: int, week_start: dt.date
) -> WeeklyReview:
    """A review in scope, or an unsaved one for a week in scope the runner can still write."""
    athlete = get_object_or_404(
        Athlete.objects.visible_to(request.user).select_related("user", "coach"), pk=pk
    )
    review = WeeklyReview.objects.filter(athlete=athlete, week_start=week_start).first()
    if review is not None:
        review.athlete = athlete
        return review
    try:
        return review_for_week(athlete=athlete, week_start=week_start)
    except WeekNotReviewable as error:
        raise Http404(str(error)) from error


@login_required
@require_GET
def review_detail(request: AuthenticatedHttpRequest, pk: int, week: dt.date) -> HttpResponse:
    """The coach's reading view of one review (the runner is sent to their own form)."""
    review = _viewable_review(request, pk, week)
    athlete = review.athlete
    if is_own_page(athlete, request.user):
        return redirect("checkins:review-edit", week=week)
    comments = thread(review, request.user)
    comments_mark_read(review=review, reader=request.user)
    previous_week, next_week = neighbour_weeks(athlete, review.week_start)
    context = {
        "athlete": athlete,
        "review": review,
        "state": review_state(athlete=athlete, week_start=review.week_start, review=review),
        "is_coach": athlete.is_coached_by(request.user),
        "comments": comments,
        "comment_form": CommentForm(),
        "previous_week": previous_week,
        "next_week": next_week,
    }
    return render(request, "checkins/review_detail.html", context)
