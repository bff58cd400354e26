"""Deleting an account: the person and everything that is theirs, in one transaction.

Most of it follows from the models' `on_delete`: the user's athlete profile and with it every
run, review (and its comments), goal, race, setback and stat; their coach profile with its
squads and invitations; their token and calendar link. Rows that only mention them as the one
who did something (a goal's `created_by`, a handled flag's `handled_by`) keep the row and lose
the name. This module does the rest, which no foreign key can:

- a coach's runners become self-coached, and the coach's comments on their reviews stay,
  shown as by "former coach" (`Comment.author` is SET_NULL);
- invitations addressed to their e-mail, and django-axes' login records under it, go;
- their sessions on other devices go, so nothing signed in as them survives;
- a connected Strava account is disconnected first: the access is revoked at Strava, not only
  forgotten here.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset as axes_reset
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from athletes.models import Athlete, Invitation, User
from coaching.attention.standings import refresh_standings
from integrations.models import StravaConnection
from integrations.strava import auth as strava_auth


def sessions_of(user: User) -> list[str]:
    """Keys of the user's live database sessions, wherever they signed in.

    A session stores its user only inside its encoded data, so each live one is decoded; an
    account is deleted rarely enough for that to be fine.
    """
    user_id = str(user.pk)
    return [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    ]


def account_delete(*, user: User) -> None:
    """Remove `user` and everything that is theirs. Their coach, if any, loses access at once:
    the athlete row their access went through is gone when this returns."""
    email = user.email.lower()
    for connection in StravaConnection.objects.filter(athlete__user=user):
        strava_auth.disconnect(connection)  # asks Strava, so before the transaction
    with transaction.atomic():
        former_runners: list[int] = []
        if (coach := user.coach_profile) is not None:
            former_runners = list(Athlete.objects.filter(coach=coach).values_list("pk", flat=True))
            # As if the coach had taken each runner off the roster (athletes.services).
            Athlete.objects.filter(coach=coach).update(coach=None, squad=None, coached_since=None)
        Invitation.objects.filter(email__iexact=email).delete()
        axes_reset(username=email)
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username__iexact=email).delete()
        Session.objects.filter(session_key__in=sessions_of(user)).delete()
        user.delete()
        if former_runners:
            # Their standings spoke of a coach (comments unread by them): recompute them.
            transaction.on_commit(
                lambda: refresh_standings(
                    Athlete.objects.filter(pk__in=former_runners).select_related("user")
                )
            )
