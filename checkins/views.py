"""Pages of the runner's week: the run log (the runner's own, editable; a coach's read-only
view; file imports), the weekly review (autosaved with HTMX, plain POST without JS), the coach's
reading view with comments and read marker, and the one-click unsubscribe link in e-mails."""

import datetime as dt
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athletes import units
from athletes.access import athlete_of
from athletes.http import AuthenticatedHttpRequest, HtmxHttpRequest
from athletes.models import Athlete, User
from checkins import emails, import_jobs, reminders, reviews, runs, setback_views, tasks
from checkins.forms import CommentForm, RunForm, RunImportForm, WeeklyReviewForm
from checkins.models import Comment, ImportJob, Run, WeeklyReview


def _top_week(request: HttpRequest) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        return None


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
    athlete = get_object_or_404(
        Athlete.objects.visible_to(request.user).select_related("user"), pk=pk
    )
    if athlete.user_id == request.user.pk:
        return redirect("run-log")
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
            request, f"Run on {saved.started_at.astimezone(athlete.zone):%a %d %b} saved."
        )
        return redirect("run-log")
    return render(
        request, "checkins/runs_form.html", {"form": form, "run": run, "athlete": athlete}
    )


@login_required
@require_POST
def run_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(Run.objects.editable_by(request.user).select_related("athlete"), pk=pk)
    runs.run_delete(run=run)
    messages.success(
        request, f"Run on {run.started_at.astimezone(run.athlete.zone):%a %d %b} deleted."
    )
    return redirect("run-log")


@login_required
@require_http_methods(["GET", "POST"])
def run_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The upload form. A valid upload is stored as an import job and handed to a worker; the
    answer is the job's page at once, however long the files take to import."""
    athlete = athlete_of(request)
    if request.method == "POST":
        form = RunImportForm(request.POST, request.FILES, athlete=athlete)
        if form.is_valid():
            job = import_jobs.job_create(athlete=athlete, uploads=form.cleaned_data["files"])
            tasks.start_import(job)
            return redirect("run-import-job", pk=job.pk)
    else:
        form = RunImportForm(athlete=athlete)
    context = {"form": form, "athlete": athlete, "jobs": import_jobs.recent_jobs(athlete)}
    return render(request, "checkins/import.html", context)


RECENT_WEEKS = 16


def login_required_or_401(view: Callable) -> Callable:
    """Like `login_required`, but an HTMX request from an expired session gets a 401 instead
    of the login page swapped into the form, so the page keeps what the runner typed."""
    guarded = login_required(view)

    @wraps(view)
    def wrapper(request: HtmxHttpRequest, *args, **kwargs) -> HttpResponse:
        if request.htmx and not request.user.is_authenticated:
            return HttpResponse("Log in again to save.", status=401, headers={"HX-Reswap": "none"})
        return guarded(request, *args, **kwargs)

    return wrapper


# The panel polls every second: once the session has expired, it gets a 401 (and keeps what it
# shows) rather than the login page swapped in.
@login_required_or_401
@require_GET
def run_import_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An import job: its progress while it runs (HTMX polls the panel), then every file's
    outcome. Only the runner who uploaded sees it."""
    job = get_object_or_404(
        ImportJob.objects.visible_to(request.user).select_related("athlete"), pk=pk
    )
    context = {"job": job, "athlete": job.athlete, "files": import_jobs.job_files(job)}
    template = "checkins/import_job.html#job-panel" if request.htmx else "checkins/import_job.html"
    return render(request, template, context)


# A review posted from an expired session without JavaScript is kept in the (new, anonymous)
# session across the log-in, and offered back only to the runner whose form it came from: the
# form carries their id, signed, so somebody else logging in on that browser never sees it.
TYPED_REVIEW_SALT = "checkins.typed-review"
TYPED_REVIEW_MAX_AGE = 60 * 60 * 24


def _typed_review_key(week: str) -> str:
    return f"typed-review:{week}"


def keep_typed_review(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HtmxHttpRequest, week: str) -> HttpResponse:
        if request.user.is_authenticated or request.htmx or request.method != "POST":
            return view(request, week)
        typed = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        request.session[_typed_review_key(week)] = typed
        return redirect_to_login(reverse("review-edit", kwargs={"week": week}))

    return wrapper


def _typed_before_log_in(request: AuthenticatedHttpRequest, week: str) -> dict | None:
    typed = request.session.pop(_typed_review_key(week), None)
    if not typed:
        return None
    try:
        owner = signing.loads(
            typed.get("owner", ""), salt=TYPED_REVIEW_SALT, max_age=TYPED_REVIEW_MAX_AGE
        )
    except signing.BadSignature:
        return None
    return typed if owner == request.user.pk else None


def _week_start(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise Http404("Weeks are written as YYYY-MM-DD.") from error


def _own_review(request: AuthenticatedHttpRequest, week: str) -> WeeklyReview:
    """The runner's own review of `week`, unsaved until the first save; 404 for a future week."""
    try:
        return reviews.review_for_week(athlete=athlete_of(request), week_start=_week_start(week))
    except reviews.WeekNotReviewable as error:
        raise Http404(str(error)) from error


def _thread(review: WeeklyReview, viewer) -> list[Comment]:
    """The comments, each marked `is_new` if the viewer has not seen it before this visit."""
    if review.pk is None:
        return []
    comments = list(review.comments.select_related("author"))
    for comment in comments:
        comment.is_new = comment.read_at is None and comment.author_id != viewer.pk
    return comments


def _shown(name: str, value, units_name: str) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name.endswith("_m"):
        return units.format_distance(value, units_name, digits=2)
    return str(value)


def _differences(conflict: reviews.StaleReview | None, form: WeeklyReviewForm) -> list[dict]:
    """The fields where this tab differs from the saved version, shown in the runner's units."""
    if conflict is None:
        return []
    return [
        {
            **row,
            "saved": _shown(row["name"], row["saved"], form.units_name),
            "typed": _shown(row["name"], row["typed"], form.units_name),
        }
        for row in reviews.review_differences(conflict.current, form.review_data())
    ]


def _review_page(
    request: AuthenticatedHttpRequest,
    review: WeeklyReview,
    form: WeeklyReviewForm,
    *,
    conflict: reviews.StaleReview | None = None,
    status: int = 200,
) -> HttpResponse:
    athlete = review.athlete
    comments = _thread(review, request.user)
    reviews.comments_mark_read(review=review, reader=request.user)
    context = {
        "athlete": athlete,
        "review": review,
        "form": form,
        "state": reviews.review_state(athlete=athlete, week_start=review.week_start, review=review),
        # The due moment is Tuesday 00:00, which people read as "the end of Monday".
        "due_day": review.week_start + dt.timedelta(days=7),
        "is_this_week": review.week_start == athlete.week_start(),
        "log_totals": reviews.log_totals_if_changed(review),
        "last_reminder": reminders.last_reminder_for(athlete, review.week_start),
        "conflict": conflict,
        "differences": _differences(conflict, form),
        "comments": comments,
        "comment_form": CommentForm(),
        "owner_token": signing.dumps(request.user.pk, salt=TYPED_REVIEW_SALT),
        "open_setbacks": setback_views.open_setbacks_in_week(athlete, review.week_start),
    }
    return render(request, "checkins/review_form.html", context, status=status)


@login_required
@require_GET
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    athlete = athlete_of(request)
    weeks = reviews.review_weeks(athlete, count=RECENT_WEEKS, viewer=request.user)
    return render(request, "checkins/review_list.html", {"athlete": athlete, "weeks": weeks})


@login_required
@require_GET
def review_this_week(request: AuthenticatedHttpRequest) -> HttpResponse:
    athlete = athlete_of(request)
    return redirect("review-edit", week=athlete.week_start().isoformat())


@login_required
@require_GET
def review_edit(request: AuthenticatedHttpRequest, week: str) -> HttpResponse:
    review = _own_review(request, week)
    typed = _typed_before_log_in(request, week)
    if typed is not None:
        messages.warning(
            request,
            "Your session had expired, so nothing was saved. Here is what you typed: "
            "save or submit it now to keep it.",
        )
    form = WeeklyReviewForm(typed, instance=review, units_name=review.athlete.units)
    return _review_page(request, review, form)


def _save(
    request: AuthenticatedHttpRequest, week: str, *, submitting: bool
) -> tuple[WeeklyReview, WeeklyReviewForm, reviews.StaleReview | None]:
    """Validate the posted form and save (or submit) it; the caller decides how to answer."""
    review = _own_review(request, week)
    form = WeeklyReviewForm(
        request.POST, instance=review, units_name=review.athlete.units, submitting=submitting
    )
    if not form.is_valid():
        return review, form, None
    service = reviews.review_submit if submitting else reviews.review_save_draft
    try:
        service(review=review, data=form.review_data(), version=form.cleaned_data["version"])
    except reviews.StaleReview as conflict:
        return review, _form_after_conflict(request, review, conflict, submitting), conflict
    return review, form, None


def _form_after_conflict(
    request: HttpRequest, review: WeeklyReview, conflict: reviews.StaleReview, submitting: bool
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
def review_save(request: AuthenticatedHttpRequest, week: str) -> HttpResponse:
    """Autosave (HTMX answers with the save state) or the plain "Save draft" button."""
    review, form, conflict = _save(request, week, submitting=False)
    if request.htmx:
        return _save_state(request, review, form, conflict)
    if conflict or form.errors:
        return _review_page(
            request, review, form, conflict=conflict, status=409 if conflict else 400
        )
    messages.success(request, "Draft saved.")
    return redirect("review-edit", week=week)


@keep_typed_review
@login_required
@require_POST
def review_submit(request: AuthenticatedHttpRequest, week: str) -> HttpResponse:
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
    return redirect("review-edit", week=week)


def _save_state(
    request: HttpRequest,
    review: WeeklyReview,
    form: WeeklyReviewForm,
    conflict: reviews.StaleReview | None,
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


def _viewable_review(request: AuthenticatedHttpRequest, pk: int, week: str) -> WeeklyReview:
    """A review in scope, or an unsaved one for a week in scope the runner can still write."""
    athlete = get_object_or_404(
        Athlete.objects.visible_to(request.user).select_related("user", "coach"), pk=pk
    )
    week_start = _week_start(week)
    review = WeeklyReview.objects.filter(athlete=athlete, week_start=week_start).first()
    if review is not None:
        review.athlete = athlete
        return review
    try:
        return reviews.review_for_week(athlete=athlete, week_start=week_start)
    except reviews.WeekNotReviewable as error:
        raise Http404(str(error)) from error


@login_required
@require_GET
def review_detail(request: AuthenticatedHttpRequest, pk: int, week: str) -> HttpResponse:
    """The coach's reading view of one review (the runner is sent to their own form)."""
    review = _viewable_review(request, pk, week)
    athlete = review.athlete
    if athlete.user_id == request.user.pk:
        return redirect("review-edit", week=week)
    comments = _thread(review, request.user)
    reviews.comments_mark_read(review=review, reader=request.user)
    previous_week, next_week = reviews.neighbour_weeks(athlete, review.week_start)
    context = {
        "athlete": athlete,
        "review": review,
        "state": reviews.review_state(athlete=athlete, week_start=review.week_start, review=review),
        "is_coach": athlete.is_coached_by(request.user),
        "comments": comments,
        "comment_form": CommentForm(),
        "previous_week": previous_week,
        "next_week": next_week,
    }
    return render(request, "checkins/review_detail.html", context)


def review_url_for(review: WeeklyReview, user) -> str:
    """Where `user` reads this review: the runner's form, or the coach's reading view."""
    week = review.week_start.isoformat()
    if review.athlete.user_id == user.pk:
        return reverse("review-edit", kwargs={"week": week})
    return reverse("review-detail", kwargs={"pk": review.athlete_id, "week": week})


@login_required_or_401
@require_POST
def review_comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(
        WeeklyReview.objects.visible_to(request.user).select_related("athlete__coach"), pk=pk
    )
    if not review.may_discuss(request.user):
        raise PermissionDenied("Only the runner and their coach take part in the conversation.")
    form = CommentForm(request.POST)
    if form.is_valid():
        reviews.comment_post(review=review, author=request.user, body=form.cleaned_data["body"])
        form = CommentForm()
    elif not request.htmx:
        messages.error(request, "The comment was empty, so nothing was posted.")
    if not request.htmx:
        return redirect(review_url_for(review, request.user) + "#comments")
    context = {
        "review": review,
        "comments": _thread(review, request.user),
        "comment_form": form,
    }
    return render(
        request,
        "checkins/partials/comment_thread.html",
        context,
        status=422 if form.errors else 200,
    )


@login_required_or_401
@require_POST
def review_mark_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(
        WeeklyReview.objects.coached_by(request.user).select_related("athlete"), pk=pk
    )
    reviews.review_mark_read(review=review)
    if request.htmx:
        return render(request, "checkins/partials/review_read.html", {"review": review})
    messages.success(request, "Marked as read.")
    return redirect(review_url_for(review, request.user))


# Mail clients send the RFC 8058 one-click POST straight from the inbox, with no session and
# no CSRF token. The signed token is the authority instead: it names one person and one list,
# and the only thing it can do is stop e-mails, which settings undo.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, mailing_list = emails.read_unsubscribe_token(token)
    except signing.BadSignature as error:
        raise Http404("This unsubscribe link is not valid.") from error
    user = get_object_or_404(User, pk=user_id, is_active=True)
    if request.method == "POST":
        emails.unsubscribe(user=user, mailing_list=mailing_list)
    context = {"mailing_list": mailing_list, "done": request.method == "POST"}
    return render(request, "checkins/unsubscribe.html", context)
