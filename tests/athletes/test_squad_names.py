"""A coach's squads have different names: one rule (`Squad.clean_name_for`), page and API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from athletes.models import SQUAD_NAME_TAKEN, Squad
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_clashing_squad_name_is_refused_alike_on_the_page_and_in_the_api(cast):
    page = client_for(cast.coach.user).post(
        reverse("athletes:squads"), {"name": " marathon GROUP "}
    )
    client = APIClient()
    client.force_authenticate(cast.coach.user)
    answer = client.post("/api/v1/squads/", {"name": " marathon GROUP "}, format="json")
    assert page.context["form"].errors["name"] == [SQUAD_NAME_TAKEN]
    assert (answer.status_code, answer.json()["name"]) == (400, [SQUAD_NAME_TAKEN])
    assert Squad.objects.filter(coach=cast.coach).count() == 1


def test_renaming_a_squad_to_its_own_name_in_another_case_is_no_clash(cast):
    squad = cast.runner.squad
    assert Squad.clean_name_for(cast.coach, " MARATHON group ", squad=squad) == "MARATHON group"
