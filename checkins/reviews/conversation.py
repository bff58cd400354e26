"""A review's conversation: comments, which of them are unread, and the coach's read marker.
Who takes part is `WeeklyReview.may_discuss`."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from athletes.models import User
from checkins.models import Comment, WeeklyReview
from checkins.signals import log_changed


def review_mark_read(*, review: WeeklyReview, now: dt.datetime | None = None) -> WeeklyReview:
    """The coach has read the review; the first reading's time stays."""
    now = now or timezone.now()
    WeeklyReview.objects.filter(pk=review.pk, coach_read_at=None).update(coach_read_at=now)
    review.refresh_from_db(fields=["coach_read_at"])
    return review


def comment_post(*, review: WeeklyReview, author: User, body: str) -> Comment:
    comment = Comment.objects.create(review=review, author=author, body=body.strip())
    log_changed.send(sender=Comment, athlete=review.athlete)
    return comment


def comments_mark_read(
    *, review: WeeklyReview, reader: User, now: dt.datetime | None = None
) -> int:
    """The other side's comments are read once the runner or their coach opens the review.
    Staff looking on read nothing on anyone's behalf."""
    if review._state.adding or not review.may_discuss(reader):
        return 0
    read = (
        Comment.objects.filter(review=review, read_at=None)
        .exclude(author=reader)
        .update(read_at=now or timezone.now())
    )
    if read:
        log_changed.send(sender=Comment, athlete=review.athlete)
    return read


def unread_comments_for(user: User) -> Q:
    """Condition on Comment: written by someone else, not yet read."""
    return Q(read_at=None) & ~Q(author=user)
