"""The session and HTMX decorators of the checkins pages.

`login_required_or_401` answers an HTMX request from an expired session with a 401, so the
page keeps what it shows; `keep_typed_review` keeps a review posted without JavaScript from an
expired session across the log-in, and `typed_before_log_in` offers it back.
"""

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import HttpResponse
from django.urls import reverse

from athletes.http import AuthenticatedHttpRequest, HtmxHttpRequest


def login_required_or_401(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like `login_required`, but an HTMX request from an expired session gets a 401 instead
    of the login page swapped into the form, so the page keeps what the runner typed."""
    guarded = login_required(view)

    @wraps(view)
    def wrapper(request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.htmx and not request.user.is_authenticated:
            return HttpResponse("Log in again to save.", status=401, headers={"HX-Reswap": "none"})
        return guarded(request, *args, **kwargs)

    return wrapper


# A review posted from an expired session without JavaScript is kept in the (new, anonymous)
# session across the log-in, and offered back only to the runner whose form it came from: the
# form carries their id, signed, so somebody else logging in on that browser never sees it.
TYPED_REVIEW_SALT = "checkins.typed-review"
TYPED_REVIEW_MAX_AGE = 60 * 60 * 24


def _typed_review_key(week: dt.date) -> str:
    return f"typed-review:{week}"


def keep_typed_review(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HtmxHttpRequest, week: dt.date) -> HttpResponse:
        if request.user.is_authenticated or request.htmx or request.method != "POST":
            return view(request, week)
        typed = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        request.session[_typed_review_key(week)] = typed
        return redirect_to_login(reverse("checkins:review-edit", kwargs={"week": week}))

    return wrapper


def typed_before_log_in(request: AuthenticatedHttpRequest, week: dt.date) -> dict[str, str] | None:
    typed: dict[str, str] | None = request.session.pop(_typed_review_key(week), None)
    if not typed:
        return None
    try:
        owner = signing.loads(
            typed.get("owner", ""), salt=TYPED_REVIEW_SALT, max_age=TYPED_REVIEW_MAX_AGE
        )
    except signing.BadSignature:
        return None
    return typed if owner == request.user.pk else None
