"""The review reminder, the nudge and the coach digest, and the signed unsubscribe link in each.

Every link is absolute, built from SITE_URL, never from a request's Host header. The unsubscribe
link carries a signature over the user id and the list, so it works without logging in and only
ever for the person it was sent to; settings turn the e-mails back on.
"""

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from athletes.models import Athlete, Coach, User

UNSUBSCRIBE_SALT = "checkins.emails.unsubscribe"


class MailingList(enum.StrEnum):
    """The settings tick box an unsubscribe link turns off."""

    REMINDERS = "reminders"
    DIGEST = "digest"

    @property
    def description(self) -> str:
        if self is MailingList.REMINDERS:
            return "weekly review reminders"
        return "the Monday digest about your runners"


# The digest names the most urgent runners; the rest are a count and a link to the roster, so a
# big group's e-mail stays readable (and under mail servers' size limits).
DIGEST_LISTED = 25


@dataclass(frozen=True)
class FlaggedAthlete:
    """A runner who needs the coach, with the reasons: their open (unhandled) attention flags
    as coaching.attention words them, most severe first."""

    athlete: Athlete
    reasons: list[str]


@dataclass
class Digest:
    """What a coach hears on Monday morning: every runner with an open attention flag, most
    urgent first. Nothing to say (and no e-mail) when no runner has one."""

    coach: Coach
    week_start: dt.date
    flagged: list[FlaggedAthlete] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.flagged)


def unsubscribe_token(user_id: int, mailing_list: MailingList) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(
        {"user": user_id, "list": str(mailing_list)}
    )


def unsubscribe_url(user_id: int, mailing_list: MailingList) -> str:
    return settings.SITE_URL + reverse(
        "checkins:unsubscribe", args=[unsubscribe_token(user_id, mailing_list)]
    )


def read_unsubscribe_token(token: str) -> tuple[int, MailingList]:
    """The user id and list a link was signed for; BadSignature for anything else."""
    try:
        payload = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
        return int(payload["user"]), MailingList(payload["list"])
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("Unreadable unsubscribe token.") from error


def unsubscribe(*, user: User, mailing_list: MailingList) -> None:
    if mailing_list is MailingList.REMINDERS:
        Athlete.objects.filter(user=user).update(email_reminders=False)
    else:
        Coach.objects.filter(user=user).update(email_digest=False)


def review_url(week_start: dt.date) -> str:
    return settings.SITE_URL + reverse("checkins:review-edit", args=[week_start.isoformat()])


def _message(
    *, template: str, subject: str, context: dict[str, Any], to: User, mailing_list: MailingList
) -> EmailMultiAlternatives:
    unsubscribe = unsubscribe_url(to.pk, mailing_list)
    context = {
        **context,
        "unsubscribe_url": unsubscribe,
        "settings_url": settings.SITE_URL + reverse("athletes:settings"),
        "mailing_list": mailing_list,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"checkins/email/{template}.txt", context),
        to=[to.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string(f"checkins/email/{template}.html", context), "text/html"
    )
    return message


def review_reminder(
    *, athlete: Athlete, week_start: dt.date, nudge: bool
) -> EmailMultiAlternatives:
    week = f"{week_start:%A} {week_start.day} {week_start:%B}"
    subject = (
        f"Still to do: your weekly review for the week of {week}"
        if nudge
        else f"Time for your weekly review: the week of {week}"
    )
    context = {
        "name": athlete.user.get_short_name(),
        "week_start": week_start,
        "review_url": review_url(week_start),
        "nudge": nudge,
    }
    return _message(
        template="review_reminder",
        subject=subject,
        context=context,
        to=athlete.user,
        mailing_list=MailingList.REMINDERS,
    )


def _athlete_url(athlete: Athlete) -> str:
    return settings.SITE_URL + reverse("athlete-detail", args=[athlete.pk])


def coach_digest(digest: Digest) -> EmailMultiAlternatives:
    listed = digest.flagged[:DIGEST_LISTED]
    context = {
        "name": digest.coach.user.get_short_name(),
        "week_start": digest.week_start,
        "roster_url": settings.SITE_URL + reverse("roster"),
        "total": len(digest.flagged),
        "flagged": [(item.athlete, item.reasons, _athlete_url(item.athlete)) for item in listed],
        "more": len(digest.flagged) - len(listed),
    }
    return _message(
        template="coach_digest",
        subject=f"Your runners, week of {digest.week_start.day} {digest.week_start:%B}",
        context=context,
        to=digest.coach.user,
        mailing_list=MailingList.DIGEST,
    )
