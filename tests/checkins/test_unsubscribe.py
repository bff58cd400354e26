"""The signed one-click unsubscribe link: no login, only for its person, undone in settings."""

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from athletes.forms import AthleteSettingsForm
from checkins.emails import MailingList, unsubscribe_url
from tests.checkins.reminder_helpers import at, runner, sweep_at
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    assert url.startswith("http://testserver/")
    return url.removeprefix("http://testserver")


@pytest.fixture
def anonymous() -> Client:
    # The one-click POST comes from a mail client: no session, no CSRF cookie or token.
    return Client(enforce_csrf_checks=True)


def reload(obj):
    obj.refresh_from_db()
    return obj


def test_the_link_in_the_reminder_email_unsubscribes_without_logging_in(anonymous):
    rita = runner(user__email="rita@example.org")
    sweep_at(at("2027-06-13T18:00+01:00"))
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    assert link in mail.outbox[0].body

    confirm = anonymous.get(path_of(link))
    assert confirm.status_code == 200
    assert "Stop weekly review reminders?" in confirm.content.decode()
    assert reload(rita).email_reminders is True

    done = anonymous.post(path_of(link))

    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    assert reload(rita).email_reminders is False


def test_one_click_post_from_a_mail_client_works_without_csrf_token(anonymous, cast):
    link = unsubscribe_url(cast.runner.user_id, MailingList.REMINDERS)

    response = anonymous.post(
        path_of(link),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert reload(cast.runner).email_reminders is False


def test_the_digest_link_stops_only_the_coachs_digest(anonymous, cast):
    link = unsubscribe_url(cast.coach.user_id, MailingList.DIGEST)

    anonymous.post(path_of(link))

    assert reload(cast.coach).email_digest is False
    assert reload(cast.other_coach).email_digest is True
    assert reload(cast.runner).email_reminders is True


def test_a_link_only_ever_unsubscribes_its_own_person(cast):
    link = unsubscribe_url(cast.runner.user_id, MailingList.REMINDERS)

    # Even when someone else who is logged in follows it.
    client_for(cast.other_runner.user).post(path_of(link))

    assert reload(cast.runner).email_reminders is False
    assert reload(cast.other_runner).email_reminders is True
    assert reload(cast.self_coached).email_reminders is True


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: "x" + token,  # payload changed
        lambda token: token.split(":")[0],  # signature removed
        lambda token: "not-a-token",
    ],
    ids=["signature", "payload", "unsigned", "garbage"],
)
def test_a_tampered_link_is_not_found_and_changes_nothing(anonymous, cast, tamper):
    token = path_of(unsubscribe_url(cast.runner.user_id, MailingList.REMINDERS)).split("/")[2]
    url = reverse("checkins:unsubscribe", args=[tamper(token)])

    assert anonymous.get(url).status_code == 404
    assert anonymous.post(url).status_code == 404
    assert reload(cast.runner).email_reminders is True


def test_a_link_signed_for_another_purpose_is_refused(anonymous, cast):
    token = signing.Signer(salt="some.other.feature").sign_object(
        {"user": cast.runner.user_id, "list": "reminders"}
    )

    assert anonymous.post(reverse("checkins:unsubscribe", args=[token])).status_code == 404
    assert reload(cast.runner).email_reminders is True


def test_a_link_for_a_deactivated_account_is_not_found(anonymous, cast):
    link = unsubscribe_url(cast.runner.user_id, MailingList.REMINDERS)
    cast.runner.user.is_active = False
    cast.runner.user.save()

    assert anonymous.get(path_of(link)).status_code == 404


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(anonymous, cast, method):
    link = unsubscribe_url(cast.runner.user_id, MailingList.REMINDERS)

    assert getattr(anonymous, method)(path_of(link)).status_code == 405
    assert reload(cast.runner).email_reminders is True


def test_unsubscribing_is_undone_in_settings(anonymous, cast):
    anonymous.post(path_of(unsubscribe_url(cast.runner.user_id, MailingList.REMINDERS)))
    athlete = reload(cast.runner)
    form = AthleteSettingsForm(instance=athlete, prefix="profile")
    data = {
        form.add_prefix(name): value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and value is not False
    }
    data.update({"account-full_name": athlete.user.full_name, "profile-email_reminders": "on"})
    client = client_for(athlete.user)
    assert (
        'name="profile-email_reminders"'
        in client.get(reverse("athletes:settings")).content.decode()
    )

    response = client.post(reverse("athletes:settings"), data)

    assert response.status_code == 302
    assert reload(athlete).email_reminders is True
