"""A review's conversation: the comment thread, posting a comment, and the coach's read marker."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from athletes.access import is_own_page
from athletes.http import AuthenticatedHttpRequest
from athletes.models import User
from checkins.forms.reviews import CommentForm
from checkins.models import Comment, WeeklyReview
from checkins.reviews import conversation
from checkins.views.decorators import login_required_or_401


def thread(review: WeeklyReview, viewer: User) -> list[Comment]:
    """The comments, each marked `is_new` if the viewer has not seen it before this visit."""
    if review._state.adding:
        return []
    comments = list(review.comments.select_related("author"))
    for comment in comments:
        comment.is_new = comment.read_at is None and comment.author_id != viewer.pk
    return comments


def review_url_for(review: WeeklyReview, user: User) -> str:
    """Where `user` reads this review: the runner's form, or the coach's reading view."""
    week = review.week_start.isoformat()
    if is_own_page(review.athlete, user):
        return reverse("checkins:review-edit", kwargs={"week": week})
    return reverse("checkins:review-detail", kwargs={"pk": review.athlete_id, "week": week})


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
        conversation.comment_post(
            review=review, author=request.user, body=form.cleaned_data["body"]
        )
        form = CommentForm()
    elif not request.htmx:
        messages.error(request, "The comment was empty, so nothing was posted.")
    if not request.htmx:
        return redirect(review_url_for(review, request.user) + "#comments")
    context = {
        "review": review,
        "comments": thread(review, request.user),
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
    conversation.review_mark_read(review=review)
    if request.htmx:
        return render(request, "checkins/partials/review_read.html", {"review": review})
    messages.success(request, "Marked as read.")
    return redirect(review_url_for(review, request.user))
