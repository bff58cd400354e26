import datetime as dt
import re
import threading
from urllib.parse import quote

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from athletes import services
from athletes.models import Athlete, Invitation, User, hash_token
from tests.athletes.factories import AthleteFactory, CoachFactory, SquadFactory

# session, user, coach, athlete (navigation), squads (form), pending, recent invitations
INVITATIONS_PAGE_QUERIES = 7


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def invite_link(token: str) -> str:
    return reverse("athletes:invitation-accept", args=[token])


def send_invitation(coach, email="newbie@example.org", squad=None) -> str:
    """Send through the coach's page and return the plain token taken from the e-mail."""
    client = signed_in(coach.user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            reverse("athletes:invitations"), {"email": email, "squad": squad.pk if squad else ""}
        )
    link = re.search(r"/invite/([^/\s]+)/", str(mail.outbox[-1].body))
    assert link, "the e-mail has no invitation link"
    return link.group(1)


def test_invitation_email_has_text_and_html_parts_with_an_absolute_link(cast, settings):
    token = send_invitation(cast.coach)
    message = mail.outbox[-1]
    link = settings.SITE_URL + invite_link(token)
    assert message.to == ["newbie@example.org"]
    assert "Maya Coach" in message.subject
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert link.startswith("http://testserver/invite/")


def test_token_is_random_and_only_its_hash_is_stored(cast):
    first = send_invitation(cast.coach, email="one@example.org")
    second = send_invitation(cast.coach, email="two@example.org")
    assert first != second and len(first) >= 40
    stored = Invitation.objects.get(email="one@example.org")
    assert stored.token_hash == hash_token(first)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM athletes_invitation")
        rows = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert first not in rows and second not in rows


def test_new_person_signs_up_through_the_link_and_joins_the_coach(cast):
    squad = SquadFactory(coach=cast.coach, name="5K to 10K")
    token = send_invitation(cast.coach, squad=squad)
    client = Client()
    welcome = client.get(invite_link(token))
    assert "Maya Coach invites you" in welcome.content.decode()
    signup_url = f"{reverse('athletes:signup')}?invite={token}"
    form = client.get(signup_url)
    assert form.context["form"]["email"].value() == "newbie@example.org"
    response = client.post(
        signup_url,
        {
            "full_name": "Nia Newbie",
            "email": "newbie@example.org",
            "password1": "long-enough-pass-42",
            "password2": "long-enough-pass-42",
            "role": "coach",  # ignored: an invitation makes a runner
            "time_zone": "Europe/Paris",
        },
        follow=True,
    )
    athlete = Athlete.objects.get(user__email="newbie@example.org")
    assert (athlete.coach, athlete.squad, athlete.time_zone) == (cast.coach, squad, "Europe/Paris")
    assert athlete.coached_since is not None
    assert not hasattr(athlete.user, "coach")
    assert "You now train with Maya Coach." in response.content.decode()
    assert Invitation.objects.get(email="newbie@example.org").status == "accepted"


def test_existing_runner_logs_in_from_the_link_and_confirms(cast):
    runner = AthleteFactory(user__email="newbie@example.org")
    token = send_invitation(cast.coach)
    client = Client()
    login_url = reverse("login") + "?next=" + invite_link(token)
    assert login_url in client.get(invite_link(token)).content.decode()
    response = client.post(
        login_url,
        {"username": "newbie@example.org", "password": "correct-horse-battery"},
        follow=True,
    )
    assert "Train with Maya Coach?" in response.content.decode()
    runner.refresh_from_db()
    assert runner.coach is None  # nothing happens before they confirm
    client.post(invite_link(token))
    runner.refresh_from_db()
    assert runner.coach == cast.coach


def test_signing_up_from_the_login_page_keeps_the_invitation(cast):
    token = send_invitation(cast.coach)
    client = Client()
    response = client.post(
        f"{reverse('athletes:signup')}?next={invite_link(token)}",
        {
            "full_name": "Nia Newbie",
            "email": "newbie@example.org",
            "password1": "long-enough-pass-42",
            "password2": "long-enough-pass-42",
            "role": "runner",
            "time_zone": "Europe/London",
        },
    )
    # The new runner's questions come first, and then the invitation waits for them.
    assert (
        response["Location"]
        == f"{reverse('athletes:onboarding')}?next={quote(invite_link(token), safe='')}"
    )
    onboarding = client.get(response["Location"])
    assert f'name="next" value="{invite_link(token)}"' in onboarding.content.decode()
    skipped = client.post(reverse("athletes:onboarding-skip"), {"next": invite_link(token)})
    assert skipped["Location"] == invite_link(token)


def test_signup_never_redirects_off_the_site(db):
    response = Client().post(
        f"{reverse('athletes:signup')}?next=https://evil.example.com/",
        {
            "full_name": "Nia Newbie",
            "email": "newbie@example.org",
            "password1": "long-enough-pass-42",
            "password2": "long-enough-pass-42",
            "role": "runner",
            "time_zone": "Europe/London",
        },
    )
    assert response["Location"] == reverse("athletes:onboarding")


def test_switching_from_another_coach_asks_to_confirm(cast):
    token = send_invitation(cast.other_coach, email=cast.runner.user.email)
    client = signed_in(cast.runner.user)
    page = client.get(invite_link(token)).content.decode()
    assert "You are coached by <strong>Maya Coach</strong> now" in page
    assert "Switch to Otto Coach" in page
    cast.runner.refresh_from_db()
    assert cast.runner.coach == cast.coach
    client.post(invite_link(token))
    cast.runner.refresh_from_db()
    assert cast.runner.coach == cast.other_coach
    assert cast.runner.squad is None  # the old coach's squad does not follow them


def test_expired_link_says_so(cast):
    token = send_invitation(cast.coach)
    # From the moment it was sent: the clock ticked while the coach sent it.
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, seconds=1)):
        response = Client().get(invite_link(token))
    assert response.status_code == 410
    assert "This invitation expired on" in response.content.decode()
    assert "Ask Maya Coach to send a new one" in response.content.decode()


def test_link_still_works_just_before_seven_days(cast):
    token = send_invitation(cast.coach)
    # From the moment it was sent: the clock ticked while the coach sent it.
    with time_machine.travel(timezone.now() + dt.timedelta(days=6, hours=23)):
        response = Client().get(invite_link(token))
    assert response.status_code == 200


def test_used_link_says_so(cast):
    token = send_invitation(cast.coach, email=cast.self_coached.user.email)
    signed_in(cast.self_coached.user).post(invite_link(token))
    response = signed_in(cast.other_runner.user).get(invite_link(token))
    assert response.status_code == 410
    assert "This invitation has already been used." in response.content.decode()


def test_revoked_link_says_so(cast, now):
    token = send_invitation(cast.coach)
    Invitation.objects.update(revoked_at=now)
    response = Client().get(invite_link(token))
    assert response.status_code == 410
    assert "Maya Coach has withdrawn this invitation." in response.content.decode()


def test_mistyped_link_says_so(cast):
    token = send_invitation(cast.coach)
    response = Client().get(invite_link(token[:-3]))
    assert response.status_code == 410
    assert "Check that you copied the whole link" in response.content.decode()


def test_invitation_withdrawn_while_signing_up_still_creates_the_account_and_says_why(cast, now):
    token = send_invitation(cast.coach)
    client = Client()
    client.get(f"{reverse('athletes:signup')}?invite={token}")
    Invitation.objects.update(revoked_at=now)
    page = client.post(
        f"{reverse('athletes:signup')}?invite={token}",
        {
            "full_name": "Nia Newbie",
            "email": "newbie@example.org",
            "password1": "long-enough-pass-42",
            "password2": "long-enough-pass-42",
            "role": "runner",
            "time_zone": "Europe/London",
        },
        follow=True,
    )
    assert "Maya Coach has withdrawn this invitation." in page.content.decode()
    athlete = Athlete.objects.get(user__email="newbie@example.org")
    assert athlete.coach is None


def test_double_submit_uses_the_invitation_once(cast):
    token = send_invitation(cast.coach, email=cast.self_coached.user.email)
    client = signed_in(cast.self_coached.user)
    first = client.post(invite_link(token))
    second = client.post(invite_link(token))
    assert first.status_code == 302
    assert second.status_code == 410
    assert Invitation.objects.get().accepted_by == cast.self_coached.user


@pytest.mark.django_db(transaction=True)
def test_two_people_accepting_at_the_same_moment_cannot_both_join():
    coach = CoachFactory()
    _, token = Invitation.issue(coach=coach, email="shared@example.org")
    people = [AthleteFactory().user, AthleteFactory().user]
    start = threading.Barrier(2)
    outcomes = []

    def accept(user: User) -> None:
        start.wait()
        try:
            services.invitation_accept(token=token, user=user)
            outcomes.append("joined")
        except services.InvitationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=[person]) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["joined", "refused"]
    assert Athlete.objects.filter(coach=coach).count() == 1


def test_a_revoke_landing_between_check_and_claim_still_wins(cast, monkeypatch):
    invitation, token = Invitation.issue(coach=cast.coach, email="x@example.org")
    checked_before_the_revoke = services.invitation_for_token(token)
    services.invitation_revoke(invitation=invitation)
    monkeypatch.setattr(services, "invitation_for_token", lambda token: checked_before_the_revoke)
    with pytest.raises(services.InvitationError, match="used or withdrawn"):
        services.invitation_accept(token=token, user=cast.self_coached.user)
    cast.self_coached.refresh_from_db()
    assert cast.self_coached.coach is None


def test_coach_cannot_join_their_own_roster(cast):
    token = send_invitation(cast.coach, email=cast.coach.user.email)
    response = signed_in(cast.coach.user).post(invite_link(token))
    assert response.status_code == 410
    assert "You cannot join your own roster" in response.content.decode()
    assert Invitation.objects.get().status == "pending"


def test_coach_sees_pending_invitations_and_revokes_one(cast):
    send_invitation(cast.coach, email="one@example.org")
    send_invitation(cast.coach, email="two@example.org")
    client = signed_in(cast.coach.user)
    page = client.get(reverse("athletes:invitations"))
    assert [i.email for i in page.context["pending"]] == ["two@example.org", "one@example.org"]
    one = Invitation.objects.get(email="one@example.org")
    response = client.post(reverse("athletes:invitation-revoke", args=[one.pk]), follow=True)
    assert "Invitation to one@example.org revoked." in response.content.decode()
    assert [i.email for i in response.context["pending"]] == ["two@example.org"]
    one.refresh_from_db()
    assert one.status == "revoked"


def test_pending_expiry_is_shown_in_the_coachs_own_time_zone(cast):
    cast.coach.time_zone = "America/New_York"
    cast.coach.save()
    sent = dt.datetime(2027, 6, 1, 14, 30, tzinfo=dt.UTC)
    with time_machine.travel(sent, tick=False):
        send_invitation(cast.coach, email="one@example.org")

    with time_machine.travel(sent + dt.timedelta(days=1), tick=False):  # still pending
        page = signed_in(cast.coach.user).get(reverse("athletes:invitations")).content.decode()

    assert "expires 8 Jun, 10:30 (America/New_York)" in page


def test_a_coach_who_never_invited_sees_a_sentence_not_an_empty_table(cast):
    page = signed_in(cast.coach.user).get(reverse("athletes:invitations")).content.decode()

    assert '<p class="empty">You have not invited anyone yet.</p>' in page
    assert "<th>E-mail</th>" not in page


def test_inviting_the_same_address_twice_is_refused_beside_the_field(cast):
    send_invitation(cast.coach, email="one@example.org")
    response = signed_in(cast.coach.user).post(
        reverse("athletes:invitations"), {"email": "ONE@example.org", "squad": ""}
    )
    assert response.context["form"].errors["email"] == [
        "You have already invited this address; revoke that invitation to send a new one."
    ]
    assert 'value="ONE@example.org"' in response.content.decode()
    assert len(mail.outbox) == 1


def test_inviting_someone_already_on_the_roster_is_refused(cast):
    response = signed_in(cast.coach.user).post(
        reverse("athletes:invitations"), {"email": cast.runner.user.email, "squad": ""}
    )
    assert response.context["form"].errors["email"] == ["This runner is already on your roster."]
    assert mail.outbox == []


def test_coach_cannot_invite_into_another_coaches_squad(cast):
    foreign = SquadFactory(coach=cast.other_coach)
    response = signed_in(cast.coach.user).post(
        reverse("athletes:invitations"), {"email": "x@example.org", "squad": foreign.pk}
    )
    assert "squad" in response.context["form"].errors
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("size", [1, 40])
def test_invitations_page_query_count_does_not_grow(cast, django_assert_max_num_queries, size):
    for number in range(size):
        Invitation.issue(coach=cast.coach, email=f"p{number}@example.org")
    client = signed_in(cast.coach.user)
    with django_assert_max_num_queries(INVITATIONS_PAGE_QUERIES):
        response = client.get(reverse("athletes:invitations"))
    assert len(response.context["pending"]) == size
