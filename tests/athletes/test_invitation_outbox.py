"""The invitation e-mail goes out after the commit through the outbox: a mail server failure is
recorded and retried, never a 500; a coach can resend and sees when it was last sent."""

import datetime as dt
import html
import io
import re
import threading

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.test import Client, TestCase
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerError
from rest_framework.test import APIClient

from athletes import invitation_outbox, tasks
from athletes.invitation_outbox import MAX_ATTEMPTS, RETRY_DELAYS, Outcome
from athletes.models import INVITATION_LIFETIME, Invitation, hash_token
from tests.athletes.factories import CoachFactory
from tests.mail_servers import REFUSING, SLOW, WORKING

MOMENT = dt.datetime(2027, 11, 27, 10, 14, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _around_the_moment():
    """The module's tests step from MOMENT (frozen where they travel); their other steps run
    at it too, not at the suite's instant, which may be after the invitations expire."""
    with time_machine.travel(MOMENT, tick=True):
        yield


@pytest.fixture
def refusing_mail_server(settings):
    settings.EMAIL_BACKEND = REFUSING


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def invite(coach, email="newbie@example.org"):
    """Post the coach's invitation form; the e-mail's task runs after the commit."""
    client = signed_in(coach.user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("athletes:invitations"), {"email": email, "squad": ""})
    return response, Invitation.objects.get(email=email)


def resend(client: Client, invitation: Invitation):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("athletes:invitation-resend", args=[invitation.pk]), follow=True)


def token_in(message) -> str:
    link = re.search(r"/invite/([^/\s]+)/", str(message.body))
    assert link, "the e-mail has no invitation link"
    return link.group(1)


def delivery_line(client: Client, invitation: Invitation) -> str:
    """The status line under the invitation on the coach's page."""
    page = client.get(reverse("athletes:invitations")).content.decode()
    item = re.search(
        rf"<strong>{re.escape(invitation.email)}</strong>.*?</li>", page, flags=re.DOTALL
    )
    assert item, f"{invitation.email} is not in the pending list"
    line = re.search(r'class="small delivery [a-z]+">(.*?)</span>', item.group(0), re.DOTALL)
    assert line, "the invitation has no delivery line"
    return " ".join(html.unescape(line.group(1)).split())


def test_a_mail_server_failure_answers_the_page_and_is_recorded(cast, refusing_mail_server):
    with time_machine.travel(MOMENT, tick=False):
        response, invitation = invite(cast.coach)

    assert response.status_code == 302
    assert mail.outbox == []
    invitation.refresh_from_db()
    assert invitation.delivery == "retrying"
    assert invitation.send_attempts == 1
    assert invitation.send_error.startswith("SMTPRecipientsRefused")
    assert invitation.send_due_at == MOMENT + RETRY_DELAYS[0]
    assert invitation.last_sent_at is None
    page = signed_in(cast.coach.user).get(reverse("athletes:invitations"))
    assert page.status_code == 200
    assert delivery_line(signed_in(cast.coach.user), invitation) == "Could not send: will retry"


def test_the_sweep_retries_when_due_and_the_retried_link_works(cast, settings):
    settings.EMAIL_BACKEND = REFUSING
    with time_machine.travel(MOMENT, tick=False):
        _, invitation = invite(cast.coach)
    settings.EMAIL_BACKEND = WORKING

    with time_machine.travel(MOMENT + RETRY_DELAYS[0] - dt.timedelta(seconds=1), tick=False):
        assert invitation_outbox.sweep() == {}
    assert mail.outbox == []

    retry_moment = MOMENT + RETRY_DELAYS[0]
    with time_machine.travel(retry_moment, tick=False):
        assert invitation_outbox.sweep() == {Outcome.SENT: 1}
    [message] = mail.outbox
    assert message.to == ["newbie@example.org"]
    invitation.refresh_from_db()
    assert (invitation.delivery, invitation.last_sent_at, invitation.send_error) == (
        "sent",
        retry_moment,
        "",
    )
    assert invitation.token_hash == hash_token(token_in(message))
    assert (
        Client().get(reverse("athletes:invitation-accept", args=[token_in(message)])).status_code
        == 200
    )
    # Sent is sent: later sweeps leave it alone.
    with time_machine.travel(retry_moment + dt.timedelta(hours=1), tick=False):
        assert invitation_outbox.sweep() == {}
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_the_coach_is_told_to_check_and_resend(
    cast, refusing_mail_server, settings
):
    with time_machine.travel(MOMENT, tick=False):
        _, invitation = invite(cast.coach)
    moment = MOMENT
    for delay in RETRY_DELAYS:
        moment += delay
        with time_machine.travel(moment, tick=False):
            assert invitation_outbox.sweep() == {Outcome.FAILED: 1}
    invitation.refresh_from_db()
    assert invitation.send_attempts == MAX_ATTEMPTS
    assert (invitation.delivery, invitation.send_due_at) == ("failed", None)
    with time_machine.travel(moment + dt.timedelta(days=1), tick=False):
        assert invitation_outbox.sweep() == {}
        client = signed_in(cast.coach.user)
        assert delivery_line(client, invitation) == (
            "Could not send (SMTPRecipientsRefused: {'x@example.org': (451, b'4.3.0 Try again "
            "later')}). Check the address, then resend."
        )

        settings.EMAIL_BACKEND = WORKING
        response = resend(client, invitation)
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert invitation.delivery == "sent"


def test_the_coach_sees_when_it_was_sent_in_their_own_time_zone(cast):
    cast.coach.time_zone = "America/New_York"
    cast.coach.save()
    with time_machine.travel(MOMENT, tick=False):
        _, invitation = invite(cast.coach)
    assert delivery_line(signed_in(cast.coach.user), invitation) == "Sent 27 Nov, 05:14"


def test_resending_sends_a_new_link_and_the_old_one_stops_working(cast):
    with time_machine.travel(MOMENT, tick=False):
        _, invitation = invite(cast.coach)
    later = MOMENT + dt.timedelta(days=3)
    with time_machine.travel(later, tick=False):
        response = resend(signed_in(cast.coach.user), invitation)

    assert "Sending the invitation to newbie@example.org again" in response.content.decode()
    first, second = mail.outbox
    assert token_in(first) != token_in(second)
    invitation.refresh_from_db()
    assert invitation.last_sent_at == later
    # A fresh week from the resend, as the new e-mail says.
    assert invitation.expires_at == later + INVITATION_LIFETIME
    assert invitation.expires_at.strftime("%-d %B %Y") in second.body
    with time_machine.travel(later + dt.timedelta(minutes=5), tick=False):
        old = Client().get(reverse("athletes:invitation-accept", args=[token_in(first)]))
        new = Client().get(reverse("athletes:invitation-accept", args=[token_in(second)]))
    assert old.status_code == 410
    assert "This invitation link is not valid." in old.content.decode()
    assert new.status_code == 200


def test_resending_within_a_minute_is_refused_with_a_reason(cast):
    with time_machine.travel(MOMENT, tick=False):
        _, invitation = invite(cast.coach)
    with time_machine.travel(MOMENT + dt.timedelta(seconds=59), tick=False):
        refused = resend(signed_in(cast.coach.user), invitation)
    assert refused.status_code == 200
    assert "was sent less than a minute ago" in refused.content.decode()
    assert len(mail.outbox) == 1
    with time_machine.travel(MOMENT + dt.timedelta(seconds=61), tick=False):
        resend(signed_in(cast.coach.user), invitation)
    assert len(mail.outbox) == 2


def test_a_double_click_on_resend_sends_once(cast):
    with time_machine.travel(MOMENT, tick=False):
        _, invitation = invite(cast.coach)
    url = reverse("athletes:invitation-resend", args=[invitation.pk])
    with (
        time_machine.travel(MOMENT + dt.timedelta(hours=1), tick=False),
        TestCase.captureOnCommitCallbacks() as queued,
    ):
        client = signed_in(cast.coach.user)
        client.post(url)
        client.post(url)
    assert len(queued) == 1


def test_resending_hurries_a_scheduled_retry(cast, settings):
    settings.EMAIL_BACKEND = REFUSING
    with time_machine.travel(MOMENT, tick=False):
        _, invitation = invite(cast.coach)
    settings.EMAIL_BACKEND = WORKING
    with time_machine.travel(MOMENT + dt.timedelta(minutes=2), tick=False):
        resend(signed_in(cast.coach.user), invitation)
    assert len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert (invitation.delivery, invitation.send_attempts) == ("sent", 1)


@pytest.mark.parametrize("who", ["other_coach", "runner", "other_runner"])
def test_nobody_else_can_resend_a_coachs_invitation(cast, who):
    with time_machine.travel(MOMENT, tick=False):
        _, invitation = invite(cast.coach)
    person = getattr(cast, who).user
    with time_machine.travel(MOMENT + dt.timedelta(hours=1), tick=False):
        response = signed_in(person).post(
            reverse("athletes:invitation-resend", args=[invitation.pk])
        )
    assert response.status_code == 404
    assert len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert invitation.last_sent_at == MOMENT


def test_a_revoked_or_used_invitation_cannot_be_resent_or_swept(cast):
    with time_machine.travel(MOMENT, tick=False):
        _, revoked = invite(cast.coach, email="one@example.org")
        _, accepted = invite(cast.coach, email="two@example.org")
    an_hour_later = MOMENT + dt.timedelta(hours=1)
    with time_machine.travel(an_hour_later, tick=False):
        client = signed_in(cast.coach.user)
        client.post(reverse("athletes:invitation-revoke", args=[revoked.pk]))
        Invitation.objects.filter(pk=accepted.pk).update(accepted_at=an_hour_later)
        for invitation in (revoked, accepted):
            resent = client.post(reverse("athletes:invitation-resend", args=[invitation.pk]))
            assert resent.status_code == 404
        # Not even one whose e-mail was still waiting when it was withdrawn or used.
        Invitation.objects.update(send_due_at=MOMENT)
        assert invitation_outbox.sweep() == {}
    assert len(mail.outbox) == 2


def test_a_broker_that_is_down_still_saves_the_invitation_for_the_sweep(cast, monkeypatch):
    def broker_down(*args, **kwargs):
        raise BrokerError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_invitation, "delay", broker_down)
    response, invitation = invite(cast.coach)
    assert response.status_code == 302
    assert mail.outbox == []
    client = signed_in(cast.coach.user)
    assert delivery_line(client, invitation) == "Sending…"
    # Meanwhile the list asks for itself again, and stops once the e-mail is out.
    assert 'hx-trigger="every 3s"' in client.get(reverse("athletes:invitations")).content.decode()

    assert invitation_outbox.sweep() == {Outcome.SENT: 1}
    assert len(mail.outbox) == 1
    assert (
        'hx-trigger="every 3s"' not in client.get(reverse("athletes:invitations")).content.decode()
    )


def test_an_attempt_abandoned_mid_send_is_taken_again_after_a_while(cast, monkeypatch):
    monkeypatch.setattr(tasks.send_invitation, "delay", lambda invitation_id: None)
    with time_machine.travel(MOMENT, tick=False):
        _, invitation = invite(cast.coach)
    # A worker claimed it and died before sending.
    Invitation.objects.filter(pk=invitation.pk).update(send_started_at=MOMENT, send_attempts=1)
    with time_machine.travel(MOMENT + dt.timedelta(minutes=5), tick=False):
        assert invitation_outbox.sweep() == {}
    with time_machine.travel(MOMENT + dt.timedelta(minutes=11), tick=False):
        assert invitation_outbox.sweep() == {Outcome.SENT: 1}
    assert len(mail.outbox) == 1


def test_inviting_by_api_while_the_mail_server_refuses_still_answers_201(
    cast, refusing_mail_server
):
    client = APIClient()
    client.force_authenticate(cast.coach.user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/api/v1/invitations/", {"email": "a@example.org"}, format="json")
    assert response.status_code == 201
    assert Invitation.objects.get(email="a@example.org").delivery == "retrying"


def test_the_sweep_runs_on_celery_beat(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["invitation-sweep"]
    assert schedule["task"] == tasks.send_due_invitations.name


def test_without_celery_the_sweep_runs_from_a_command(cast, refusing_mail_server, settings):
    with time_machine.travel(MOMENT, tick=False):
        invite(cast.coach)
    settings.EMAIL_BACKEND = WORKING
    out = io.StringIO()
    with time_machine.travel(MOMENT + RETRY_DELAYS[0], tick=False):
        call_command("send_invitations", stdout=out)
    assert out.getvalue() == "invitations: sent=1 failed=0\n"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_the_same_moment_send_one_email(settings):
    settings.EMAIL_BACKEND = SLOW
    coach = CoachFactory()
    invitation, _ = Invitation.issue(coach=coach, email="shared@example.org", queue_email=True)
    start = threading.Barrier(2)
    outcomes = []

    def attempt() -> None:
        start.wait()
        try:
            outcomes.append(invitation_outbox.send(invitation.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [Outcome.NOT_CLAIMED, Outcome.SENT]
    assert len(mail.outbox) == 1


def api_resend(user, invitation: Invitation):
    client = APIClient()
    client.force_authenticate(user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"/api/v1/invitations/{invitation.pk}/resend/")


def test_resending_by_api_sends_a_new_link_for_a_fresh_week(cast):
    with time_machine.travel(MOMENT, tick=False):
        _, invitation = invite(cast.coach)
    later = MOMENT + dt.timedelta(days=3)
    with time_machine.travel(later, tick=False):
        response = api_resend(cast.coach.user, invitation)
    assert response.status_code == 202
    assert response.json()["expires_at"] == (later + INVITATION_LIFETIME).isoformat().replace(
        "+00:00", "Z"
    )
    first, second = mail.outbox
    assert token_in(first) != token_in(second)
    assert Invitation.objects.get(token_hash=hash_token(token_in(second))) == invitation


def test_resending_by_api_within_a_minute_answers_429_with_the_reason(cast):
    with time_machine.travel(MOMENT, tick=False):
        _, invitation = invite(cast.coach)
    with time_machine.travel(MOMENT + dt.timedelta(seconds=59), tick=False):
        refused = api_resend(cast.coach.user, invitation)
    assert refused.status_code == 429
    assert "newbie@example.org was sent less than a minute ago" in refused.json()["detail"]
    assert refused["Retry-After"] == "60"
    assert len(mail.outbox) == 1


def test_a_revoked_invitation_cannot_be_resent_by_api(cast):
    with time_machine.travel(MOMENT, tick=False):
        _, invitation = invite(cast.coach)
    with time_machine.travel(MOMENT + dt.timedelta(hours=1), tick=False):
        signed_in(cast.coach.user).post(reverse("athletes:invitation-revoke", args=[invitation.pk]))
        assert api_resend(cast.coach.user, invitation).status_code == 404
        assert api_resend(cast.other_coach.user, invitation).status_code == 404
    assert len(mail.outbox) == 1


def test_a_coach_name_saved_with_a_line_break_still_sends_a_one_line_subject(cast):
    """Names are one line now, but one saved before that rule is still e-mailed, not a 500."""
    type(cast.coach.user).objects.filter(pk=cast.coach.user.pk).update(full_name="Maya\nCoach")
    response, invitation = invite(cast.coach)
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == "Maya Coach invites you to train together on Runpath"
    invitation.refresh_from_db()
    assert invitation.delivery == "sent"


def test_an_unforeseen_failure_is_recorded_and_retried_not_left_sending(cast, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug in building the e-mail")

    monkeypatch.setattr(invitation_outbox, "invitation_message", broken)
    with time_machine.travel(MOMENT, tick=False):
        response, invitation = invite(cast.coach)
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.delivery, invitation.send_attempts) == ("retrying", 1)
    assert invitation.send_error == "ValueError: a bug in building the e-mail"
