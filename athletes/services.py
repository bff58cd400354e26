"""Behaviour of accounts, rosters and invitations."""

import logging
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from athletes import invitation_outbox, tasks
from athletes.models import Athlete, Coach, Invitation, Squad, User, hash_token

logger = logging.getLogger(__name__)


class InvitationError(Exception):
    """An invitation link that cannot be used; the message is shown to the person."""


@transaction.atomic
def user_sign_up(*, email: str, password: str, full_name: str, role: str, time_zone: str) -> User:
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    if role == "coach":
        Coach.objects.create(user=user, time_zone=time_zone)
    else:
        Athlete.objects.create(user=user, time_zone=time_zone)
    return user


def onboarding_finish(*, athlete: Athlete, fields: Iterable[str] = ()) -> None:
    """Record that the runner answered (saving `fields` of `athlete`) or skipped the questions
    asked after signing up, so they are not asked again."""
    athlete.onboarded_at = timezone.now()
    athlete.save(update_fields=[*fields, "onboarded_at"])


def invitation_email_problem(*, coach: Coach, email: str) -> str:
    """Why `coach` should not invite `email` now, or "" when they may."""
    if Athlete.objects.on_roster_of(coach).filter(user__email__iexact=email).exists():
        return "This runner is already on your roster."
    if coach.invitations.pending().filter(email__iexact=email).exists():
        return "You have already invited this address; revoke that invitation to send a new one."
    return ""


def _queue_invitation_email(invitation_id: int) -> None:
    try:
        tasks.send_invitation.delay(invitation_id)
    except BrokerError:
        # The invitation waits in the outbox all the same: the next sweep sends it.
        logger.warning("Could not queue invitation %s; the sweep will send it.", invitation_id)


def invitation_send(*, coach: Coach, email: str, squad: Squad | None = None) -> Invitation:
    """Invite `email`; the e-mail goes out after the commit, through the outbox
    (athletes/invitation_outbox.py), so a mail server failure never fails this."""
    invitation, _ = Invitation.issue(coach=coach, email=email, squad=squad, queue_email=True)
    transaction.on_commit(partial(_queue_invitation_email, invitation.pk))
    return invitation


def resend_too_soon_message(invitation: Invitation) -> str:
    return (
        f"The invitation to {invitation.email} was sent less than a minute ago. "
        "Give it a minute to arrive (and a look in the spam folder) before resending."
    )


def invitation_resend(*, invitation: Invitation) -> bool:
    """E-mail the invitation again, with a new link (the old one stops working) valid for a
    fresh 7 days; False when it was sent or asked for under a minute ago."""
    requested = invitation_outbox.request_resend(invitation)
    if requested:
        transaction.on_commit(partial(_queue_invitation_email, invitation.pk))
    return requested


def invitation_for_token(token: str) -> Invitation:
    """The usable invitation behind a link, or InvitationError saying plainly why not."""
    invitation = (
        Invitation.objects.select_related("coach__user")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationError(
            "This invitation link is not valid. Check that you copied the whole link from the e-mail."
        )
    if invitation.status == "accepted":
        raise InvitationError("This invitation has already been used.")
    if invitation.status == "revoked":
        raise InvitationError(f"{invitation.coach} has withdrawn this invitation.")
    if invitation.status == "expired":
        raise InvitationError(
            f"This invitation expired on {invitation.expires_at:%d %B %Y}. Ask {invitation.coach} to send a new one."
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Athlete:
    invitation = invitation_for_token(token)
    # Claim with a conditional UPDATE so a double click, or a revoke racing the click, cannot
    # let the invitation be used twice or after it was withdrawn.
    claimed = (
        Invitation.objects.filter(pk=invitation.pk)
        .pending()
        .update(accepted_at=timezone.now(), accepted_by=user)
    )
    if claimed != 1:
        raise InvitationError("This invitation has just been used or withdrawn.")
    if user.coach_profile is not None and user.coach_profile == invitation.coach:
        raise InvitationError("You cannot join your own roster as a runner.")
    athlete, _ = Athlete.objects.get_or_create(user=user)
    athlete.coach = invitation.coach
    athlete.squad = invitation.squad
    athlete.coached_since = timezone.now()
    athlete.save(update_fields=["coach", "squad", "coached_since"])
    return athlete


def invitation_revoke(*, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, accepted_at=None).update(
        revoked_at=timezone.now(), send_due_at=None
    )


def roster_remove(*, athlete: Athlete) -> None:
    """Take an athlete off their coach's roster; the runner keeps their account and data."""
    athlete.coach = None
    athlete.squad = None
    athlete.coached_since = None
    athlete.save(update_fields=["coach", "squad", "coached_since"])
