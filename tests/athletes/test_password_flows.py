import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.athletes.factories import PASSWORD, AthleteFactory

NEW_PASSWORD = "a-brand-new-pass-77"


def can_log_in(email: str, password: str) -> bool:
    response = Client().post(reverse("login"), {"username": email, "password": password})
    return response.status_code == 302


def test_runner_changes_their_password_and_stays_signed_in(db):
    user = AthleteFactory(user__email="nia@example.org").user
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Password changed" in response.content.decode()
    assert client.get(reverse("athletes:settings")).status_code == 200
    assert can_log_in("nia@example.org", NEW_PASSWORD)
    assert not can_log_in("nia@example.org", PASSWORD)


def test_a_wrong_old_password_is_refused_beside_its_field(db):
    user = AthleteFactory(user__email="nia@example.org").user
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "old_password" in response.context["form"].errors
    assert 'id="id_old_password-error"' in response.content.decode()
    assert can_log_in("nia@example.org", PASSWORD)


def test_password_reset_by_email_end_to_end(db, settings):
    AthleteFactory(user__email="nia@example.org", user__full_name="Nia Newbie")
    client = Client()
    response = client.post(reverse("password_reset"), {"email": "NIA@example.org"}, follow=True)
    assert "Check your e-mail" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["nia@example.org"]
    assert message.body.startswith("Hello Nia,")
    link = re.search(r"https?://\S+/reset/\S+/", message.body).group(0)
    assert link.startswith(settings.SITE_URL + "/accounts/reset/")
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="{link}"' in html

    form = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your password is set" in done.content.decode()
    assert can_log_in("nia@example.org", NEW_PASSWORD)

    again = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert "This link no longer works" in again.content.decode()


def test_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(db):
    response = Client().post(
        reverse("password_reset"), {"email": "nobody@example.org"}, follow=True
    )
    assert "Check your e-mail" in response.content.decode()
    assert mail.outbox == []
