"""The invitation e-mail, sent through an outbox: the invitation row is its own outbox entry.

A coach's page (or the API) only marks the invitation as waiting for its e-mail (`send_due_at`)
and, after the commit, queues `athletes.tasks.send_invitation`; `sweep` (Celery beat every five
minutes, or `manage.py send_invitations` from cron) sends whatever still waits. So a mail server
that is down or refuses the message never reaches the coach's request: the failure is logged,
written on the row (`send_error`, shown on the invitations page) and tried again RETRY_DELAYS
later, MAX_ATTEMPTS times in all, after which the coach is told to check the address and resend.

- Every attempt claims the row first with a conditional UPDATE, and only the one that updated it
  sends: the task, a re-delivered task and the sweep never send one request twice at once. A
  claim older than CLAIM_EXPIRES (a worker that died mid-send) may be taken again, so after a
  crash the runner may get the e-mail twice, which beats never getting it.
- Only a hash of the link's token is stored, so each attempt makes a new token with its claim:
  the newest e-mail's link works and the earlier ones stop working. A resend is a new request
  for the e-mail, with a fresh INVITATION_LIFETIME.
- Attempts must not run inside a transaction: the claim (and its token) has to be committed
  before the e-mail with the link leaves.
"""

import datetime as dt
import logging
import secrets
import smtplib
from collections import Counter
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from athletes.models import INVITATION_LIFETIME, Invitation, InvitationQuerySet, hash_token

logger = logging.getLogger(__name__)

# After the n-th failed attempt the next one waits RETRY_DELAYS[n - 1]; then it gives up.
RETRY_DELAYS = (
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=15),
    dt.timedelta(hours=1),
    dt.timedelta(hours=4),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Far longer than an SMTP conversation takes (EMAIL_TIMEOUT): a claim this old was abandoned.
CLAIM_EXPIRES = dt.timedelta(minutes=10)
# A coach may ask for the e-mail again once a minute: a double click or an impatient second
# press must not send the runner a pile of links, each one voiding the last.
RESEND_AFTER = dt.timedelta(minutes=1)
SWEEP_BATCH = 100


class Outcome(StrEnum):
    SENT = "sent"
    FAILED = "failed"
    # Not waiting any more, not due yet, or being sent by another worker.
    NOT_CLAIMED = "not claimed"


def invitation_message(invitation: Invitation, *, token: str) -> EmailMultiAlternatives:
    link = settings.SITE_URL + reverse("athletes:invitation-accept", args=[token])
    context = {"coach": invitation.coach, "link": link, "invitation": invitation}
    message = EmailMultiAlternatives(
        # One line whatever the coach's name holds: a header with a line break is refused.
        subject=" ".join(f"{invitation.coach} invites you to train together on Runpath".split()),
        body=render_to_string("athletes/email/invitation.txt", context),
        to=[invitation.email],
    )
    message.attach_alternative(
        render_to_string("athletes/email/invitation.html", context), "text/html"
    )
    return message


def claimable(now: dt.datetime) -> InvitationQuerySet:
    """Pending invitations whose e-mail is due and that no live attempt holds."""
    return (
        Invitation.objects.pending(now)
        .filter(send_due_at__lte=now, send_attempts__lt=MAX_ATTEMPTS)
        .filter(
            Q(send_started_at=None)
            # Started before this request (a resend) or before the retry was scheduled.
            | Q(send_started_at__lt=F("send_due_at"))
            | Q(send_started_at__lt=now - CLAIM_EXPIRES)
        )
    )


def send(invitation_id: int) -> Outcome:
    """One attempt at the invitation's e-mail, if it is due and this call wins the claim."""
    started = timezone.now()
    token = secrets.token_urlsafe(32)
    claimed = (
        claimable(started)
        .filter(pk=invitation_id)
        .update(
            send_started_at=started,
            send_attempts=F("send_attempts") + 1,
            token_hash=hash_token(token),
        )
    )
    if claimed != 1:
        return Outcome.NOT_CLAIMED
    invitation = Invitation.objects.select_related("coach__user").get(pk=invitation_id)
    # Written only while this attempt still holds the claim: one that outlived CLAIM_EXPIRES
    # must not overwrite what its successor recorded.
    this_attempt = Invitation.objects.filter(pk=invitation_id, send_started_at=started)
    try:
        invitation_message(invitation, token=token).send()
    except Exception as error:
        # A mail server's refusal is expected; anything else is a bug worth a traceback, but
        # is recorded and retried the same way rather than leaving the invitation "sending".
        if not isinstance(error, (smtplib.SMTPException, OSError)):
            logger.exception("Invitation %s: the e-mail could not be built or sent", invitation.pk)
        attempts = invitation.send_attempts
        retry_at = started + RETRY_DELAYS[attempts - 1] if attempts < MAX_ATTEMPTS else None
        logger.warning(
            "Invitation %s to %s: attempt %d failed (%s): %r",
            invitation.pk,
            invitation.email,
            attempts,
            f"retry at {retry_at:%H:%M} UTC" if retry_at else "giving up",
            error,
        )
        error_text = f"{error.__class__.__name__}: {error}"
        max_length = Invitation._meta.get_field("send_error").max_length
        this_attempt.update(send_error=error_text[:max_length], send_due_at=retry_at)
        return Outcome.FAILED
    this_attempt.update(send_due_at=None, send_error="", last_sent_at=timezone.now())
    return Outcome.SENT


def sweep(*, now: dt.datetime | None = None) -> Counter[Outcome]:
    """Try every invitation e-mail that is due: new ones a lost task never sent, retries.
    Returns how many attempts ended which way."""
    now = now or timezone.now()
    due = list(claimable(now).order_by("send_due_at").values_list("pk", flat=True)[:SWEEP_BATCH])
    return Counter(send(invitation_id) for invitation_id in due)


def request_resend(invitation: Invitation, *, now: dt.datetime | None = None) -> bool:
    """Ask for the e-mail again, with a new link and a fresh 7 days; False when it was sent,
    tried or asked for less than RESEND_AFTER ago (or the invitation is no longer pending)."""
    now = now or timezone.now()
    recent = now - RESEND_AFTER
    requested = (
        Invitation.objects.pending(now)
        .filter(pk=invitation.pk)
        .exclude(send_started_at__gt=recent)
        # A request still waiting for its first attempt; a scheduled retry may be hurried.
        .exclude(send_due_at__gt=recent, send_error="")
        .update(
            send_due_at=now,
            send_attempts=0,
            send_error="",
            expires_at=now + INVITATION_LIFETIME,
        )
    )
    return requested == 1
