"""Security headers on every answer, and templates the Content-Security-Policy can serve."""

import re
from pathlib import Path

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def policy(response) -> dict[str, str]:
    return {
        directive.split()[0]: directive
        for directive in (part.strip() for part in response["Content-Security-Policy"].split(";"))
    }


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/no-such-page/", "/healthz"])
def test_every_answer_carries_a_strict_content_security_policy(client, path):
    csp = policy(client.get(path))
    assert csp["default-src"] == "default-src 'self'"
    assert csp["script-src"] == "script-src 'self'"
    assert csp["style-src"] == "style-src 'self'"
    assert csp["object-src"] == "object-src 'none'"
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe-inline" not in str(csp) and "unsafe-eval" not in str(csp)


def test_signed_in_pages_and_the_api_carry_the_same_policy(cast):
    client = client_for(cast.runner.user)
    for path in ["/home/", "/api/v1/me/"]:
        assert "unsafe-inline" not in client.get(path)["Content-Security-Policy"]


def test_every_answer_turns_off_device_features_it_never_uses(client):
    permissions = client.get("/")["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in permissions


def test_only_the_api_docs_may_run_swagger_uis_inline_start_up_script(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    csp = policy(response)
    assert csp["script-src"] == "script-src 'self' 'unsafe-inline'"
    assert csp["style-src"] == "style-src 'self' 'unsafe-inline'"
    assert csp["object-src"] == "object-src 'none'"


def page_templates():
    # E-mails are not served to a browser, and mail clients need their inline styles.
    return [
        path
        for path in TEMPLATES.rglob("*.html")
        if "email" not in path.parts[-2] and "email" not in path.name
    ]


@pytest.mark.parametrize(
    "path", page_templates(), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_page_templates_have_no_inline_script_handlers_or_styles(path):
    text = path.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler"
    assert not re.search(r"\sstyle\s*=", text), "style attribute"
    assert "<style" not in text, "inline <style>"
