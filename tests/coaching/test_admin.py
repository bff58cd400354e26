import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from athletes.models import Invitation, User
from tests.athletes.factories import BusyPeriodFactory

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model, page: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


@pytest.fixture
def staff_client(cast) -> Client:
    BusyPeriodFactory(athlete=cast.runner)
    Invitation.issue(coach=cast.coach, email="new@example.org", squad=cast.runner.squad)
    client = Client()
    client.force_login(cast.staff)
    return client


def test_every_model_of_ours_is_in_the_admin():
    ours = {
        model._meta.label
        for app in ("athletes", "checkins", "goals")
        for model in apps.get_app_config(app).get_models()
    }
    missing = ours - {model._meta.label for model in MODELS}
    assert not missing, f"register these in their app's admin.py: {sorted(missing)}"


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_changelist_search_filters_and_add_page_load(staff_client, model):
    changelist = staff_client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    model_admin = admin.site._registry[model]
    if model_admin.search_fields:
        assert staff_client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
    cl = changelist.context["cl"]
    for spec in cl.filter_specs:
        for choice in spec.choices(cl):
            response = staff_client.get(admin_url(model, "changelist") + choice["query_string"])
            assert response.status_code == 200, (spec.title, choice["query_string"])
    if model_admin.has_add_permission(changelist.wsgi_request):
        assert staff_client.get(admin_url(model, "add")).status_code == 200
    first = model_admin.get_queryset(changelist.wsgi_request).first()
    if first is not None:
        assert staff_client.get(admin_url(model, "change", first.pk)).status_code == 200


def test_admin_shows_useful_columns_for_athletes(staff_client, cast):
    page = staff_client.get(admin_url(type(cast.runner), "changelist")).content.decode()
    assert "Rita Runner" in page and "Maya Coach" in page and "Marathon group" in page


def test_admin_never_shows_an_invitation_token(staff_client):
    invitation = Invitation.objects.get()
    page = staff_client.get(admin_url(Invitation, "change", invitation.pk)).content.decode()
    assert invitation.token_hash in page
    assert 'name="token_hash"' not in page


def test_staff_adds_a_user_through_the_admin_with_a_lower_case_email(staff_client):
    response = staff_client.post(
        admin_url(User, "add"),
        {
            "email": "Added@Example.org",
            "full_name": "Added Person",
            "password1": "long-enough-pass-42",
            "password2": "long-enough-pass-42",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.filter(email="added@example.org").exists()
