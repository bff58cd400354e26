"""django-axes' callables (see `AXES_*` in settings): whom a failed login counts against, and
the page a locked-out login gets."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def login_attempt_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The e-mail a login attempt counts against, lower-cased so "Maya@" and "maya@" share
    one lockout (logins are case-insensitive, so must the throttle be)."""
    source = credentials or getattr(request, "data", None) or request.POST
    return (source.get("username") or "").strip().lower()


def login_locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None,
    credentials: dict[str, Any] | None,
) -> HttpResponse:
    return render(
        request,
        "registration/locked_out.html",
        {"username": (credentials or {}).get("username", "")},
        status=429,
    )
