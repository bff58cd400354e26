"""E-mails only tell each person about their own runners, and only the runner hears about
their review; unsubscribe links act for one person and one list."""

import datetime as dt
import json

import pytest
from django.core import mail, signing
from django.test import Client

from athletes import services
from athletes.models import Athlete, Coach, Invitation
from checkins.emails import MailingList, unsubscribe_token
from checkins.models import WeeklyReview
from tests.checkins.factories import CommentFactory, WeeklyReviewFactory
from tests.checkins.reminder_helpers import coach, local, runner, sweep_at

pytestmark = pytest.mark.django_db

WEEK = dt.date(2027, 6, 7)
MONDAY_0800 = local("Europe/London", "2027-06-14T08:00")


def body_of(message) -> tuple[str, str]:
    return message.body, message.alternatives[0][0]


def digest_to(address: str):
    return [m for m in mail.outbox if m.to == [address] and "Your runners" in m.subject]


def test_an_athlete_who_moved_coach_mid_week_is_only_in_the_new_coachs_digest():
    old = coach(user__full_name="Olive Old", user__email="old@example.org")
    new = coach(user__full_name="Nina New", user__email="new@example.org")
    mover = runner(coach=old, user__full_name="Milo Mover", email_reminders=False)
    review = WeeklyReviewFactory(
        athlete=mover,
        week_start=WEEK,
        status=WeeklyReview.Status.SUBMITTED,
        injured=True,
        injury_note="Private knee trouble",
    )
    CommentFactory(review=review, author=mover.user, body="Private note")
    runner(coach=old, user__full_name="Stella Stays", email_reminders=False)
    invitation, token = Invitation.issue(coach=new, email=mover.user.email)
    services.invitation_accept(token=token, user=mover.user)

    sweep_at(MONDAY_0800)

    (old_digest,) = digest_to("old@example.org")
    for part in body_of(old_digest):
        assert "Stella Stays" in part
        assert "Milo Mover" not in part
        assert "knee" not in part
    (new_digest,) = digest_to("new@example.org")
    assert all("Milo Mover" in part for part in body_of(new_digest))


def test_an_athlete_removed_from_the_roster_leaves_the_coachs_digest():
    old = coach(user__email="old@example.org")
    gone = runner(coach=old, user__full_name="Gina Gone", email_reminders=False)
    runner(coach=old, user__full_name="Stella Stays", email_reminders=False)
    services.roster_remove(athlete=gone)

    sweep_at(MONDAY_0800)

    (digest,) = digest_to("old@example.org")
    assert all("Gina Gone" not in part for part in body_of(digest))


def test_the_review_reminder_goes_to_the_runner_alone():
    maya = coach(user__email="maya@example.org")
    rita = runner(coach=maya, user__email="rita@example.org", reminder_weekday=6)

    sweep_at(local("Europe/London", "2027-06-13T18:00"))

    reminders = [m for m in mail.outbox if "weekly review" in m.subject]
    assert [m.to for m in reminders] == [["rita@example.org"]]
    assert all(not m.cc and not m.bcc for m in reminders)
    assert rita.user.email in reminders[0].to


def test_an_unsubscribe_link_is_bound_to_one_person_and_one_list(cast):
    token = unsubscribe_token(cast.runner.user.pk, MailingList.REMINDERS)
    payload, signature = token.split(":")
    other = signing.b64_encode(
        json.dumps({"user": cast.other_runner.user.pk, "list": "reminders"}).encode()
    ).decode()
    forged = f"{other}:{signature}"
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"/unsubscribe/{forged}/").status_code == 404
    assert client.post(f"/unsubscribe/{token}/").status_code == 200
    assert not Athlete.objects.get(pk=cast.runner.pk).email_reminders
    assert Athlete.objects.get(pk=cast.other_runner.pk).email_reminders
    # The same person's other list is untouched by a reminders link.
    assert Coach.objects.get(pk=cast.coach.pk).email_digest


def test_opening_an_unsubscribe_link_changes_nothing_until_confirmed(cast):
    token = unsubscribe_token(cast.runner.user.pk, MailingList.REMINDERS)
    assert Client().get(f"/unsubscribe/{token}/").status_code == 200
    assert Athlete.objects.get(pk=cast.runner.pk).email_reminders
