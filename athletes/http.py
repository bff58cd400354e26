"""Typed requests, for views whose request the middleware has already shaped.

django-htmx's HtmxMiddleware gives every request `request.htmx`; inside a `login_required`
view, AuthenticationMiddleware's `request.user` is a signed-in `User`, never AnonymousUser.
Annotating such a view's request as `AuthenticatedHttpRequest` tells the type checker both
(the pattern of django-htmx's example project), instead of a cast or an assert in each view.
API views get the signed-in user from `api_user`, since every endpoint is IsAuthenticated.
Every view that returns to a page it was sent from reads that page with `safe_next`.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails
from rest_framework.exceptions import NotAuthenticated
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.settings import api_settings

from athletes.models import User

_T = TypeVar("_T")


class HtmxHttpRequest(HttpRequest):
    """Any request here: HtmxMiddleware is in MIDDLEWARE for every page."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """The request of a `login_required` view (or of a helper only such views call)."""

    user: User


def api_user(request: Request) -> User:
    """The signed-in user of an API request. DRF's IsAuthenticated (the default permission)
    has already turned anonymous requests away; this narrows the type, and answers 401 if a
    view ever relaxes its permissions without saying who may call it."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated()
    return user


def api_validation_error(error: ModelValidationError) -> ApiValidationError:
    """A rule's `ValidationError`, raised by a model or service, as the API's 400: messages
    keep their field names, and the form's non-field errors become `non_field_errors`."""
    if not hasattr(error, "error_dict"):
        return ApiValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})
    return ApiValidationError(
        {
            api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
            for field, messages in error.message_dict.items()
        }
    )


def saved_or_400(save: Callable[[], _T]) -> _T:
    """`save()`, a service's write, with the rule it breaks answered as the API's 400."""
    try:
        return save()
    except ModelValidationError as error:
        raise api_validation_error(error) from None


def safe_next(request: HttpRequest) -> str:
    """The `next` page a form was asked to return to, or "" when it would leave this site."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def posted_pk(request: HttpRequest, name: str) -> int:
    """An id from the posted form; anything but ASCII digits (or past 64 bits) finds nothing,
    a 404 rather than a 500 ("²" is a digit to `str.isdigit`, not to `int`)."""
    text = request.POST.get(name, "")
    return int(text) if text.isascii() and text.isdigit() and int(text) < 2**63 else 0
