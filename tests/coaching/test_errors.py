"""Error answers: branded pages in production, and a clear 503 while the database is down."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.test import Client, RequestFactory

from coaching.middleware import permission_denied, server_error
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    """Call it to make every later query fail the way Django reports a refused connection."""

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    def stop_the_database() -> None:
        monkeypatch.setattr(connection, "cursor", refuse)
        monkeypatch.setattr(connection, "chunked_cursor", refuse)

    return stop_the_database


def anonymous_client() -> Client:
    # The real answer a browser sees, not the exception the test client re-raises by default.
    return Client(raise_request_exception=False)


def test_a_signed_in_page_answers_a_branded_503_when_the_database_is_down(cast, database_down):
    client = client_for(cast.runner.user)
    client.raise_request_exception = False
    database_down()
    response = client.get("/home/")
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Runpath is briefly unavailable" in body
    assert "css/runpath.css" in body


def test_an_api_request_answers_json_503_when_the_database_is_down(cast, database_down):
    client = client_for(cast.runner.user)
    client.raise_request_exception = False
    database_down()
    response = client.get("/api/v1/me/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "database" in json.loads(response.content)["detail"]


def test_a_token_request_answers_json_503_when_the_database_is_down(database_down):
    database_down()
    response = anonymous_client().get("/api/v1/me/", HTTP_AUTHORIZATION="Token abc123")
    assert response.status_code == 503
    assert "database" in response.json()["detail"]


def test_a_view_losing_the_database_answers_503_even_with_debug_on(settings, database_down):
    settings.DEBUG = True
    database_down()
    response = anonymous_client().post(
        "/accounts/login/", {"username": "rita@example.com", "password": "whatever"}
    )
    assert response.status_code == 503
    assert "Runpath is briefly unavailable" in response.content.decode()


def test_the_500_page_renders_with_the_database_down(database_down):
    database_down()
    request = RequestFactory().get("/goals/")
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in body
    assert "Traceback" not in body


def test_an_unexpected_error_shows_the_branded_500_page_not_the_debug_page(cast, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("coaching.views.review_summaries", explode)
    client = client_for(cast.runner.user)
    client.raise_request_exception = False
    response = client.get("/home/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in body
    assert "Traceback" not in body and "a bug" not in body


def test_an_unexpected_api_error_answers_json_500():
    request = RequestFactory().get("/api/v1/me/")
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(request)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"


def test_an_unknown_address_shows_the_branded_404_page(client):
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "We can't find that page" in body
    assert "Using the URLconf" not in body


def test_a_bad_host_shows_the_branded_400_page():
    response = anonymous_client().get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "That request did not make sense" in response.content.decode()


def test_a_refusal_shows_the_branded_403_page():
    response = permission_denied(RequestFactory().get("/"), PermissionDenied())
    assert response.status_code == 403
    assert "You can't do that here" in response.content.decode()


def test_a_failed_csrf_check_shows_the_branded_403_page():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_favicon_ico_redirects_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)


def test_an_api_path_no_route_matches_answers_json_404(client):
    response = client.get("/api/v1/goals/0.5/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
